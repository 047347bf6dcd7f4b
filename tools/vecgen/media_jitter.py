"""vectors/media/jitter.json (spec/06-media.md 6.4): push/pop traces with
arrival times and what the jitter buffer must answer."""
import model_media
from vectorfile import build_files

GEN = "tools/vecgen/media_jitter.py"
NOTES = {
    "UpstreamDefect": "Upstream's buffer gets this wrong (upstream facts, wire.md 10); "
                      "the case pins wzp/1's behaviour (D-0042).",
    "Wrap": "Timestamps cross 2^32.",
    "BadParam": "A precondition is broken: the buffer refuses with bad_param.",
}
BASE = {"min_delay_ms": 40, "max_delay_ms": 200, "capacity": 16}


def push(ts, arrival, duration=20, cn=False, recovered=False):
    return {"op": "push", "ts": ts & 0xFFFFFFFF, "duration": duration, "arrival": arrival,
            "cn": cn, "recovered": recovered}


POP = {"op": "pop"}


def paced(n, start_ts=0, duration=20, lose=(), late=(), jitter=lambda i: 0, pops=True):
    """A sender's frames i = 0..n-1, one pop per frame interval after each
    arrival; frames in `lose` never arrive, frames in `late` arrive 5 frames late."""
    ev, delayed = [], []
    for i in range(n):
        t = i * duration
        if i in late:
            delayed.append((i + 5, push(start_ts + t, t + 5 * duration, duration)))
        elif i not in lose:
            ev.append(push(start_ts + t, t + jitter(i), duration))
        ev += [e for (k, e) in delayed if k == i]
        if pops:
            ev.append(POP)
    return ev


def cases(f):
    def add(comment, reqs, events, config=BASE, flags=()):
        args = {"config": config, "events": events}
        f.add(comment, reqs, args, lambda p: model_media.run_jitter(config, events), flags)

    add("in order, no jitter: buffers the 40 ms floor, then one frame per pop",
        ["WZP-MEDIA-023", "WZP-MEDIA-022"], paced(12))
    add("arrivals alternating 0 and +15 ms late: the target grows by 3 J",
        ["WZP-MEDIA-021"], paced(40, jitter=lambda i: 15 * (i % 2)))
    add("arrivals +-30 ms: target at the 200 ms ceiling is not exceeded",
        ["WZP-MEDIA-021"], paced(60, jitter=lambda i: 60 * (i % 2)),
        {**BASE, "max_delay_ms": 100})
    add("a lost frame is concealed for one frame and counted lost", ["WZP-MEDIA-026"],
        paced(12, lose={6}))
    add("three lost in a row", ["WZP-MEDIA-026"], paced(14, lose={5, 6, 7}))
    add("a frame 5 frames late is refused as late, after its slot was concealed",
        ["WZP-MEDIA-024", "WZP-MEDIA-026"], paced(14, late={5}))
    add("reordered pair before playout: the playout point moves back to the earlier",
        ["WZP-MEDIA-023"], [push(40, 0), push(20, 1), push(60, 2), push(0, 3)] + [POP] * 5)
    add("duplicate timestamp", ["WZP-MEDIA-027"], [push(0, 0), push(0, 1), push(20, 20), push(40, 40)] +
        [POP] * 4)
    add("upstream's verified trace: frames 0 and 2 of 5 (ts 0, 40)",
        ["WZP-MEDIA-023", "WZP-MEDIA-024", "WZP-MEDIA-026"],
        [push(0, 0), push(40, 0)] + [POP] * 5 + [push(20, 100)], flags=["UpstreamDefect"])
    add("the sender stops: one underrun, then buffering again, not 'missing' forever",
        ["WZP-MEDIA-024"], paced(8) + [POP] * 6 + [push(400, 400), POP, push(420, 420), POP,
                                                  push(440, 440), POP, POP, POP],
        flags=["UpstreamDefect"])
    add("after a drain, one frame held below the target: played once it has waited "
        "the target, not when more media piles up", ["WZP-MEDIA-023"],
        paced(8) + [POP] * 3 + [push(400, 400)] + [POP] * 4 + [push(420, 480)] + [POP] * 3)
    add("a lone frame at the start waits the 40 ms target, then plays", ["WZP-MEDIA-023"],
        [push(0, 0)] + [POP] * 4)
    add("a lone 40 ms frame under a 100 ms target waits five 20 ms ticks, then plays",
        ["WZP-MEDIA-023"], [push(0, 0, 40)] + [POP] * 7, {**BASE, "min_delay_ms": 100})
    add("buffering: frames held, then all stale; the wait does not restart", ["WZP-MEDIA-023",
        "WZP-MEDIA-024"], paced(4) + [POP] * 3 + [push(200, 200), POP, push(100, 210)] + [POP] * 4)
    add("after draining, a frame older than the playout point is late", ["WZP-MEDIA-024"],
        paced(6) + [POP] * 3 + [push(60, 200), push(200, 210), POP])
    add("timestamps cross 2^32", ["WZP-MEDIA-022", "WZP-MEDIA-023"],
        paced(10, start_ts=(1 << 32) - 100), flags=["Wrap"])
    add("capacity 3 across 2^32: the oldest in serial order is evicted, not the "
        "numerically smallest", ["WZP-MEDIA-025"],
        [push(-40, 0), push(-20, 1), push(0, 2), push(20, 3)] + [POP] * 5,
        {**BASE, "capacity": 3}, ["Wrap", "UpstreamDefect"])
    add("a burst of 20 into capacity 8: overruns, the playout point skips what was dropped",
        ["WZP-MEDIA-025"], [push(20 * i, 500) for i in range(20)] + [POP] * 10,
        {**BASE, "capacity": 8})
    add("a late burst: more than target + 3 frames held, one frame skipped per pop",
        ["WZP-MEDIA-025", "WZP-MEDIA-022"],
        paced(4) + [push(20 * i, 300) for i in range(4, 14)] + [POP] * 10)
    add("comfort noise, then silence: gaps are comfort, not loss", ["WZP-MEDIA-026"],
        paced(4) + [push(80, 80, cn=True), POP] + [POP] * 3 + [push(280, 280, cn=True)] +
        [POP] * 12 + [push(520, 520), push(540, 540), POP, POP, POP])
    add("40 ms frames (DEGRADED) and a switch from 20 ms", ["WZP-MEDIA-022", "WZP-MEDIA-026"],
        paced(4) + [push(80 + 40 * i, 80 + 40 * i, 40) for i in range(5)] + [POP] * 6)
    add("a lost 20 ms frame before 40 ms frames: the gap is cut to the next frame",
        ["WZP-MEDIA-026"],
        [push(0, 0, 40), push(40, 40, 40), POP, POP, push(100, 100, 20), push(120, 120, 40),
         push(160, 160, 40), POP, POP, POP, POP])
    add("frames rebuilt by FEC count as recovered", ["WZP-MEDIA-027"],
        paced(3) + [push(60, 60, recovered=True), POP, push(80, 80), POP, POP])
    add("pop before any push", ["WZP-MEDIA-023"], [POP, POP])
    for comment, cfg in (("capacity 0", {**BASE, "capacity": 0}),
                         ("capacity 65", {**BASE, "capacity": 65}),
                         ("min delay above max", {**BASE, "min_delay_ms": 201})):
        add(comment, ["WZP-MEDIA-020"], [POP], cfg, ["BadParam"])
    add("the limits: capacity 64, min delay = max delay, durations 1 and 1000 ms",
        ["WZP-MEDIA-020"], [push(0, 0, 1), push(1, 1, 1000), POP, POP, POP],
        {"min_delay_ms": 20, "max_delay_ms": 20, "capacity": 64})
    add("capacity 1: every push after the first evicts", ["WZP-MEDIA-020", "WZP-MEDIA-025"],
        [push(0, 0), push(20, 20), POP, push(40, 40), POP, POP],
        {"min_delay_ms": 0, "max_delay_ms": 0, "capacity": 1})
    add("duration 0", ["WZP-MEDIA-020"], [push(0, 0, 0)], flags=["BadParam"])
    add("duration 1001", ["WZP-MEDIA-020"], [push(0, 0, 1001)], flags=["BadParam"])


def files():
    return build_files(GEN, NOTES, [
        ("media/jitter.json", "Jitter buffer traces", "media.jitter.run",
         "Run `events` (pushes with arrival times, pops) through a fresh jitter buffer "
         "configured by `config`; one output per event and the final statistics.", cases),
    ])
