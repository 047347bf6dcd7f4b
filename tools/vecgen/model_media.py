"""An independent model of spec/06-media.md sections 6.4-6.6 (jitter
buffer, quality tiers, bandwidth estimator), written from the spec text,
not from libwzp. Errors are raised as WireError(code)."""
import math
import struct

from binary32 import f32
from model import V1, WireError, loss_percent

MASK32 = 0xFFFFFFFF
TIERS = ("good", "degraded", "catastrophic")


def serial_before(a, b):
    """a precedes b in serial-number order over 32 bits."""
    d = (b - a) & MASK32
    return 0 < d < 0x80000000


def signed32(x):
    x &= MASK32
    return x - (1 << 32) if x & 0x80000000 else x


TICK_MS = 20  # a caller's playout tick: while buffering it pops this often


class JitterBuffer:
    """6.4: frames keyed by media timestamp."""

    def __init__(self, min_delay_ms, max_delay_ms, capacity):
        if not (1 <= capacity <= 64) or min_delay_ms > max_delay_ms:
            raise WireError("bad_param")
        self.min, self.max, self.capacity = min_delay_ms, max_delay_ms, capacity
        self.frames = {}  # ts -> (duration, cn, recovered)
        self.next_ts = None
        self.playing = self.played_any = self.comfort = False
        self.last_duration = 0
        self.waited = 0  # buffering with frames held: TICK_MS per pop
        self.prev = None
        self.jitter16 = 0
        self.stats = dict(played=0, concealed=0, lost=0, late=0, duplicates=0, recovered=0,
                          underruns=0, overruns=0)

    def target(self):
        return min(self.min + math.ceil(3 * self.jitter16 / 16), self.max)

    def span(self):
        ends = [signed32(ts + d - self.next_ts) for ts, (d, _, _) in self.frames.items()]
        return max([0] + ends)

    def push(self, ts, duration, arrival, cn=False, recovered=False):
        if not 1 <= duration <= 1000:
            raise WireError("bad_param")
        if ts in self.frames:
            self.stats["duplicates"] += 1
            return "duplicate"
        if self.prev is not None:
            d = signed32(arrival - self.prev[1]) - signed32(ts - self.prev[0])
            self.jitter16 += min(abs(d), 10000) - ((self.jitter16 + 8) >> 4)
        self.prev = (ts, arrival)
        if self.next_ts is not None and self.played_any and serial_before(ts, self.next_ts):
            self.stats["late"] += 1
            return "late"
        drained = self.next_ts is not None and not self.playing and not self.frames
        if (drained and self.played_any and not self.comfort
                and serial_before(self.next_ts, ts)):
            self.stats["lost"] += ((ts - self.next_ts) & MASK32) // self.last_duration
        if (self.next_ts is None or (not self.played_any and serial_before(ts, self.next_ts))
                or drained):
            self.next_ts = ts
        if not self.last_duration:
            self.last_duration = duration
        if len(self.frames) >= self.capacity:
            old = min(self.frames, key=lambda t: signed32(t - self.next_ts))
            end = (old + self.frames.pop(old)[0]) & MASK32
            self.stats["overruns"] += 1
            if serial_before(self.next_ts, end):
                self.next_ts = end
            if serial_before(ts, self.next_ts):
                self.stats["late"] += 1
                return "late"
        self.frames[ts] = (duration, cn, recovered)
        return "accepted"

    def pop(self):
        if self.next_ts is None:
            return {"pop": "empty", "duration_ms": self.last_duration}
        for ts in [t for t in self.frames if serial_before(t, self.next_ts)]:
            del self.frames[ts]
            self.stats["late"] += 1
        if not self.playing:
            due = self.frames.get(self.next_ts)
            kind = "comfort" if self.comfort else "empty"
            if not self.frames:
                return {"pop": kind, "duration_ms": self.last_duration}
            if (self.span() < self.target() and self.waited < self.target()
                    and not (due and due[1])):
                self.waited += TICK_MS
                return {"pop": kind, "duration_ms": self.last_duration}
            self.playing, self.waited = True, 0
        elif not self.frames:
            self.playing = False
            if self.comfort:
                return {"pop": "comfort", "duration_ms": self.last_duration}
            self.stats["underruns"] += 1
            self.stats["concealed"] += 1
            return {"pop": "empty", "duration_ms": self.last_duration}
        head = self.frames.get(self.next_ts)
        d = head[0] if head else self.last_duration
        if len(self.frames) >= 2 and self.span() > self.target() + 3 * d:
            if head:
                del self.frames[self.next_ts]
                self.stats["overruns"] += 1
            self.next_ts = (self.next_ts + d) & MASK32
        return self.play()

    def play(self):
        ts = self.next_ts
        if ts in self.frames:
            duration, cn, recovered = self.frames.pop(ts)
            self.stats["played"] += 1
            self.stats["recovered"] += recovered
            self.comfort, self.played_any, self.last_duration = cn, True, duration
            self.next_ts = (ts + duration) & MASK32
            return {"pop": "frame", "duration_ms": duration, "ts": ts}
        gaps = [(t - ts) & MASK32 for t in self.frames]
        duration = min([self.last_duration] + [g for g in gaps if 0 < g < self.last_duration])
        self.next_ts = (ts + duration) & MASK32
        if self.comfort:
            return {"pop": "comfort", "duration_ms": duration}
        self.stats["lost"] += 1
        self.stats["concealed"] += 1
        return {"pop": "conceal", "duration_ms": duration}

    def final_stats(self):
        return {"depth": len(self.frames), "depth_ms": self.span() if self.next_ts is not None
                else 0, "target_ms": self.target(), "jitter_q4": self.jitter16, **self.stats}


def run_jitter(config, events):
    jb = JitterBuffer(config["min_delay_ms"], config["max_delay_ms"], config["capacity"])
    outputs = []
    for ev in events:
        if ev["op"] == "pop":
            outputs.append(jb.pop())
        else:
            res = jb.push(ev["ts"], ev["duration"], ev["arrival"], ev["cn"], ev["recovered"])
            outputs.append({"push": res, "target_ms": jb.target()})
    return {"outputs": outputs, "stats": jb.final_stats()}


def rtt_ms(report):
    return report["rtt_4ms"] * 4


def classify(report):
    """6.5: loss as WZP-WIRE-022's binary32, strict >."""
    loss, rtt = loss_percent(report["loss_pct"]), rtt_ms(report)
    if loss > f32(40.0) or rtt > 600:
        return 2
    if loss > f32(10.0) or rtt > 400:
        return 1
    return 0


def run_tiers(reports):
    tier, worse, better, steps = 0, 0, 0, []
    for r in reports:
        seen, changed = classify(r), False
        if seen == tier:
            worse = better = 0
        elif seen > tier:
            better, worse = 0, worse + 1
            if worse >= 3:
                tier, worse, changed = seen, 0, True
        else:
            worse, better = 0, better + 1
            if better >= 10:
                tier, better, changed = tier - 1, 0, True
        steps.append({"classified": TIERS[seen], "tier": TIERS[tier], "changed": changed})
    return {"steps": steps}


def f64_hex(x):
    return struct.pack(">d", x).hex()


def bwe_thresholds(profile):
    """6.5: wzp/1 from the FEC layer's measured on-wire rates (69.71 and
    23.27 kbps) with 25 % headroom, rounded up."""
    return (float(math.ceil(69.71 * 1.25)), float(math.ceil(23.27 * 1.25))) \
        if profile == V1 else (25.0, 8.0)


def run_bwe(args, profile):
    lo, hi, bw = float(args["min_kbps"]), float(args["max_kbps"]), float(args["initial_kbps"])
    if lo > hi:
        raise WireError("bad_param")
    base = ema = None
    state, losses, steps = "normal", [], []
    good, degraded = bwe_thresholds(profile)
    for r in args["reports"]:
        rtt, loss = float(rtt_ms(r)), float(loss_percent(r["loss_pct"]))
        if base is None:
            base = ema = rtt
            state = "normal"
        else:
            base = rtt if rtt < base else base + 0.001 * (rtt - base)
            ema = 0.3 * rtt + 0.7 * ema
            state = ("overuse" if ema > 1.5 * base else
                     "underuse" if ema < 1.1 * base else "normal")
        losses = (losses + [loss])[-10:]
        total = 0.0
        for x in losses:
            total += x
        congested = total / len(losses) > 5.0
        if state == "overuse" or congested:
            bw = bw * 0.85
        elif state == "underuse":
            bw = bw + bw * 0.05
        bw = min(max(bw, lo), hi)
        tier = 0 if bw >= good else 1 if bw >= degraded else 2
        steps.append({"estimate_kbps": f64_hex(bw), "state": state, "tier": TIERS[tier],
                      "_kbps": bw})
    return steps
