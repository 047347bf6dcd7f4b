"""netsim/run --real: a scenario applied to real processes (spec/09-netsim.md 9.6).

A wzp-relay, the impairment proxy (wzp-netsim-proxy, the simulator's own
parser and channel) and two wzp-clients on 127.0.0.1: B joins and
records, A sends tone pips (one every 2 s) through the proxy for the
scenario's duration. The session is judged from what the processes
report: B's metrics lines, B's recording against A's source, the proxy's
counts. Real timing is not exact, so each assertion has a stated margin
(MARGINS); the exact assertions stay in the simulator.
"""
import json
import math
import pathlib
import signal
import struct
import subprocess
import threading
import time
import wave

ROOT = pathlib.Path(__file__).resolve().parents[1]
RATE = 48000
PIP_EVERY_S, PIP_S, PIP_AMPLITUDE = 2.0, 0.3, 12000
ONSET_LEVEL = 3000   # a 1 ms block whose peak passes this starts a heard pip
TIER_BUDGET_MS = {"good": 200, "degraded": 600, "catastrophic": 800}  # WZP-FEC-012
TIER_ORDER = ["good", "degraded", "catastrophic"]
JOIN_WAIT_S = 15

MARGINS = {
    # residual loss: the FEC table's residual at the measured channel loss
    # (docs/fec-recovery.csv, interpolated) plus this many points of %:
    # concealment counts frames the jitter buffer dropped late, and real
    # scheduling adds a few
    "recovery_pct": 5.0,
    # latency: the simulator's budget plus this: the relay hop, two event
    # loops and the 20 ms ticks of both clients
    "latency_ms": 100,
    # drift: the deepest jitter buffer B reported plus a 40 ms frame (the
    # simulator's bound) plus this for onset detection on a lossy path
    "drift_ms": 40,
}


def tail_lines(proc_stream, sink, stamps, marks):
    """Copies a process's stderr into sink, stamping lines that carry a mark."""
    for line in proc_stream:
        sink.write(line)
        sink.flush()
        for m in marks:
            if m in line:
                stamps.setdefault(m, []).append(time.monotonic())


class Proc:
    """A child process with its output in a log file; stamps the monotonic
    time of the lines that hold one of `marks`."""

    def __init__(self, args, log, marks=(), stdout=None):
        self.args, self.stamps = [str(a) for a in args], {}
        self.log = open(log, "w")
        merged = stdout is None  # stdout and stderr into the log
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE if merged else stdout,
                                     stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                                     text=True, bufsize=1)
        self.reader = threading.Thread(target=tail_lines,
                                       args=(self.proc.stdout if merged else self.proc.stderr,
                                             self.log, self.stamps, marks),
                                       daemon=True)
        self.reader.start()

    def wait_mark(self, mark, timeout, count=1):
        deadline = time.monotonic() + timeout
        while len(self.stamps.get(mark, [])) < count:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"{self.args[0]}: no '{mark}' within {timeout} s "
                                   f"(see {self.log.name})")
            time.sleep(0.02)
        return self.stamps[mark][count - 1]

    def stop(self, timeout=10):
        """SIGTERM, then SIGKILL after timeout; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.reader.join(timeout=2)
        self.log.close()
        return rc


def describe(build, scenario):
    out = subprocess.run([build / "wzp-netsim-proxy", "--describe", scenario],
                         capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return json.loads(out.stdout)


def tiers_of(desc):
    """The client's --tier and optional --switch-tier from the scenario's
    steps: the first forced tier, and the first change after it (the
    client switches once; `auto` counts as good: the client has no tier
    controller yet)."""
    tiers = [(s["at_us"] / 1e6, s["tier"] if s["tier"] != "auto" else "good")
             for s in desc["steps"]]
    first = tiers[0][1]
    switch = next(((t, tier) for t, tier in tiers if tier != first), None)
    return first, switch


def pips(seconds):
    """Start times (s) and pitches of A's pips."""
    out, t, k = [], 1.0, 0
    while t + PIP_S <= seconds - 1.0:
        out.append((t, 400 + 150 * (k % 7)))
        t, k = t + PIP_EVERY_S, k + 1
    return out


def write_source(path, seconds):
    n = int(seconds * RATE)
    pcm = [0] * n
    for start, hz in pips(seconds):
        s0, ln = int(start * RATE), int(PIP_S * RATE)
        for i in range(ln):
            ramp = min(1.0, i / 240, (ln - i) / 240)
            pcm[s0 + i] = int(PIP_AMPLITUDE * ramp * math.sin(2 * math.pi * hz * i / RATE))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{n}h", *pcm))


def block_peaks(path):
    """Peak of each 1 ms block of a 48 kHz mono WAV file."""
    with wave.open(str(path)) as w:
        samples = memoryview(w.readframes(w.getnframes())).cast("h")
    return [max(abs(v) for v in samples[i:i + 48]) for i in range(0, len(samples) - 47, 48)]


def heard_pips(peaks, sent, offset_ms):
    """Mouth-to-ear delay (ms) of each pip B heard. A pip A sent at
    t (A's call time) is looked for in B's recording from t + offset_ms
    on: the first 1 ms block above ONSET_LEVEL before the next pip could
    arrive. Pips not found (lost, or sent before anyone held A's key)
    are None."""
    out = []
    for start, _hz in sent:
        lo = int(start * 1000 + offset_ms)
        hi = lo + int(PIP_EVERY_S * 1000) - int(PIP_S * 1000)
        lo = max(lo, 0)
        found = next((i for i in range(lo, min(hi, len(peaks))) if peaks[i] > ONSET_LEVEL), None)
        out.append(None if found is None else found - offset_ms - start * 1000)
    return out


def metrics(path):
    try:
        return [json.loads(line) for line in pathlib.Path(path).read_text().splitlines()]
    except FileNotFoundError:
        return []


def fec_table():
    """{tier: [(loss, residual)]} of the i.i.d. depth-1 rows of docs/fec-recovery.csv."""
    rows = (ROOT / "docs" / "fec-recovery.csv").read_text().splitlines()
    cols = rows[0].split(",")
    table = {}
    for line in rows[1:]:
        r = dict(zip(cols, line.split(",")))
        if r["channel"] == "iid" and r["depth"] == "1":
            table.setdefault(r["tier"].lower(), []).append(
                (float(r["loss"]), int(r["lost"]) / int(r["frames"])))
    return table


def table_residual(table, tier, loss):
    """The table's residual at `loss`, linear between rows, 0 below them."""
    pts = [(0.0, 0.0)] + sorted(table[tier])
    for (l0, r0), (l1, r1) in zip(pts, pts[1:]):
        if loss <= l1:
            return r0 + (r1 - r0) * (loss - l0) / (l1 - l0)
    return pts[-1][1]


def scheduled_residual(desc, seconds):
    """What the FEC table says the scenario should leave: each step's
    tier's residual at the step's scheduled loss, weighted by the step's
    share of the session (a stepped scenario is not one loss level)."""
    table, total = fec_table(), 0.0
    steps = desc["steps"]
    for st, nxt in zip(steps, steps[1:] + [{"at_us": seconds * 1e6}]):
        span = max(0.0, min(nxt["at_us"], seconds * 1e6) - st["at_us"]) / (seconds * 1e6)
        keep = (1 - st["up"]["loss_stationary_ppm"] / 1e6) * \
            (1 - st["down"]["loss_stationary_ppm"] / 1e6)
        tier = st["tier"] if st["tier"] != "auto" else "good"
        total += span * table_residual(table, tier, 1 - keep)
    return total


def percentile(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, max(0, math.ceil(p * len(v)) - 1))]


def latency_budget_ms(desc, tier):
    """WZP-NETSIM-006's budget: the tier's stack budget plus, per
    direction, the largest delay + jitter reach + reordering gap + full
    queue over the steps."""
    reach = {"uniform": 2, "normal": 4, "exponential": 4}
    hops = 0
    for d in ("up", "down"):
        worst = 0
        for s in desc["steps"]:
            c = s[d]
            q = 0
            if c["rate_bps"]:
                q = c["queue_bytes"] * 8e6 / c["rate_bps"] if c["queue_bytes"] else \
                    (c["queue_us"] or 250000)
            worst = max(worst, c["delay_us"] + reach[c["jitter"]] * c["jitter_us"] +
                        (c["reorder_gap_us"] if c["reorder_ppm"] else 0) + q)
        hops += worst
    return TIER_BUDGET_MS[tier] + hops / 1000


def channel_loss(proxy_stats):
    """End-to-end loss of A's stream: A's uplink then B's downlink (the
    proxy counts each direction over both clients; i.i.d. rates are the
    same per flow)."""
    rate = {}
    for d in ("up", "down"):
        s = proxy_stats[d]
        rate[d] = s["dropped"] / s["sent"] if s["sent"] else 0.0
    return 1 - (1 - rate["up"]) * (1 - rate["down"]), rate


class Session:
    """The processes of one real session; every one is stopped by stop()."""

    def __init__(self, build, out, scenario, seed, quiet):
        self.build, self.out, self.scenario, self.seed = build, out, scenario, seed
        self.quiet = quiet
        self.procs = {}
        self.relay_port = None

    def say(self, text):
        if not self.quiet:
            print(f"[real] {text}", flush=True)

    def start_relay(self):
        n = sum(1 for k in self.procs if k.startswith("relay"))
        listen = f"127.0.0.1:{self.relay_port or 0}"
        p = Proc([self.build / "wzp-relay", "--listen", listen, "--state-dir",
                  self.out / "relay-state"], self.out / f"relay{n}.log", marks=("listening",))
        self.procs[f"relay{n}"] = p
        p.wait_mark("listening", 10)
        if self.relay_port is None:
            line = next(ln for ln in (self.out / "relay0.log").read_text().splitlines()
                        if "listening" in ln)
            self.relay_port = int(line.split("port=")[1].split()[0])
        return p

    def start_proxy(self):
        p = Proc([self.build / "wzp-netsim-proxy", "--relay", f"127.0.0.1:{self.relay_port}",
                  "--scenario", self.scenario, "--seed", self.seed, "--stats",
                  self.out / "proxy.json", "--quiet"], self.out / "proxy.log",
                 stdout=open(self.out / "proxy.out", "w"))
        self.procs["proxy"] = p
        deadline = time.monotonic() + 10
        while "listening" not in (self.out / "proxy.out").read_text():
            if time.monotonic() > deadline or p.proc.poll() is not None:
                raise RuntimeError("the proxy did not start (see proxy.log)")
            time.sleep(0.02)
        self.t0 = time.monotonic()  # the scenario's time 0, within a few ms
        return int((self.out / "proxy.out").read_text().split(":")[1].split()[0])

    def start_client(self, name, port, args):
        p = Proc([self.build / "wzp-client", f"127.0.0.1:{port}", "--room", "netsim-real",
                  "--no-status", "--pin-file", self.out / "pins", "--reconnect", 30,
                  "--metrics-file", self.out / f"{name}.jsonl", *args],
                 self.out / f"{name}.log", marks=("joined", "rejoined"))
        self.procs[name] = p
        return p

    def stop(self):
        """Everything still running, in reverse order; exit statuses."""
        return {k: p.stop() for k, p in reversed(list(self.procs.items()))}


def tier_args(desc):
    tier, switch = tiers_of(desc)
    args = ["--tier", tier]
    if switch is not None:
        args += ["--switch-tier", f"{switch[0]:g}:{switch[1]}"]
    return args, tier, switch


def run_processes(s, desc, seconds, restart_at):
    """Relay, proxy, B then A; waits out the call (restarting the relay
    at restart_at when asked). Returns the timings the judge needs."""
    source = s.out / "a-source.wav"
    write_source(source, seconds)
    targs, _tier, _sw = tier_args(desc)
    s.start_relay()
    port = s.start_proxy()
    b = s.start_client("b", port, ["--record", s.out / "b.wav", "--duration", seconds + 4,
                                   *targs])
    b_join = b.wait_mark("joined", JOIN_WAIT_S)
    a = s.start_client("a", port, ["--send-file", source, "--no-denoise", "--no-suppress",
                                   *targs])
    a_join = a.wait_mark("joined", JOIN_WAIT_S)
    s.say(f"joined: B at {b_join - s.t0:.2f} s, A at {a_join - s.t0:.2f} s of scenario time")
    timing = {"t0": s.t0, "a_join": a_join, "b_join": b_join, "restart": None}
    end = a_join + seconds + 6
    next_note = time.monotonic() + 5
    while time.monotonic() < end and a.proc.poll() is None:
        now = time.monotonic()
        if restart_at is not None and timing["restart"] is None and now - a_join >= restart_at:
            s.say(f"restarting the relay at {now - a_join:.1f} s of the call")
            s.procs["relay0"].stop()
            timing["restart"] = time.monotonic()
            s.start_relay()
        if now >= next_note:
            m = metrics(s.out / "b.jsonl")
            if m:
                x = m[-1]
                s.say(f"{now - a_join:5.1f} s  B heard {x['played']} frames, recovered "
                      f"{x['frames_recovered']}, concealed {x['concealed']}, loss after FEC "
                      f"{x['loss_pct']:.1f} %, buffer {x['buffer_depth']} ms, "
                      f"tier {x['quality_profile']}")
            next_note = now + 5
        time.sleep(0.1)
    timing["a_exit"] = a.proc.wait(timeout=15)
    timing["b_exit"] = b.proc.wait(timeout=15)
    timing["rejoins"] = {n: [round(t - timing["restart"], 2) for t in s.procs[n].stamps.get("rejoined", [])]
                         for n in ("a", "b")} if timing["restart"] else {}
    return timing


def fidelity(build, out, tier):
    """wzp-client --compare of A's source and B's recording (the echo
    test's analysis, WZP-CLIENT-009): reported, not asserted, since the
    pips are not speech and a tier switch changes the codec mid-file."""
    p = subprocess.run([build / "wzp-client", "--compare", out / "a-source.wav", out / "b.wav",
                        "--tier", tier], capture_output=True, text=True, timeout=60)
    try:
        lines = [json.loads(line) for line in p.stdout.splitlines()]
        echo, cmp = lines[0]["echo_test"], lines[1]["compare"]
    except (ValueError, IndexError, KeyError):
        return None
    return {"mean_correlation": echo["mean_correlation"], "min_correlation":
            echo["min_correlation"], "floor": cmp["floor"], "passes": cmp["passes"],
            "delay_ms": echo["delay_ms"]}


def resumed_after(bm, timing, t):
    """Seconds from t (monotonic) until B's metrics show frames arriving
    again: the end of the first one-second line after t whose
    frames_received grew (so to within a second, from above); None when
    they never did."""
    prev = None
    for m in bm:
        at = timing["b_join"] + m["t_ms"] / 1000
        if prev is not None and at - 1 > t and m["frames_received"] > prev:
            return round(at - t, 1)
        prev = m["frames_received"]
    return None


def check(name, asked, ok, detail):
    return {"name": name, "asked": asked, "pass": bool(ok) if asked else None, "detail": detail}


def judge(s, desc, timing, seconds, expect):
    """The assertions of 9.6 from B's metrics, B's recording and the
    proxy's counts; returns (summary, series rows)."""
    proxy = json.loads((s.out / "proxy.json").read_text())
    bm, am = metrics(s.out / "b.jsonl"), metrics(s.out / "a.jsonl")
    last = bm[-1] if bm else {}
    _targs, tier, switch = tier_args(desc)
    worst = max([tier] + ([switch[1]] if switch else []), key=TIER_ORDER.index)
    loss, rates = channel_loss(proxy)
    sent = pips(seconds)
    offset = (timing["a_join"] - timing["b_join"]) * 1000 - 20
    delays = heard_pips(block_peaks(s.out / "b.wav"), sent, offset)
    heard = [d for d in delays if d is not None]
    residual = last.get("loss_pct", 100.0) / 100
    allowed = scheduled_residual(desc, seconds) + MARGINS["recovery_pct"] / 100
    budget = latency_budget_ms(desc, worst) + MARGINS["latency_ms"]
    p95 = percentile(heard, 0.95) if heard else None
    early = [d for (t, _), d in zip(sent, delays) if d is not None and t >= 2.0][:3]
    late = [d for d in delays if d is not None][-3:]
    drift = (sorted(late)[len(late) // 2] - sorted(early)[len(early) // 2]) \
        if early and late else None
    deepest = max((m["buffer_depth"] for m in bm), default=0)
    drift_bound = deepest + 40 + MARGINS["drift_ms"]
    checks = [
        check("recovery", "recovery" in expect,
              last.get("frames_recovered", 0) > 0 and residual <= allowed if loss > 0.001
              else residual <= allowed,
              f"channel loss {100 * loss:.1f} %, after FEC {100 * residual:.1f} % "
              f"(allowed {100 * allowed:.1f} %: the FEC table's residual for the scenario's steps + "
              f"{MARGINS['recovery_pct']} points), recovered {last.get('frames_recovered', 0)}"),
        check("drift", "drift" in expect, drift is not None and abs(drift) <= drift_bound,
              f"pip delay moved {drift if drift is None else round(drift)} ms from the first "
              f"to the last pips (bound {drift_bound} ms: deepest buffer {deepest} + 40 + "
              f"{MARGINS['drift_ms']})"),
        check("latency", "latency" in expect, p95 is not None and p95 <= budget,
              f"p95 mouth-to-ear {p95 if p95 is None else round(p95)} ms over "
              f"{len(heard)} pips (budget {budget:.0f} ms: {worst} + hops + "
              f"{MARGINS['latency_ms']})"),
        check("heard", True, len(heard) >= max(1, len(sent) // 2),
              f"B heard {len(heard)} of the {len(sent)} pips A sent"),
        check("exits", True, timing["a_exit"] == 0 and timing["b_exit"] == 0,
              f"A exit {timing['a_exit']}, B exit {timing['b_exit']}"),
    ]
    summary = {
        "scenario": desc["name"], "seed": s.seed, "real": True, "seconds": seconds,
        "tier": tier, "switch": switch, "margins": MARGINS,
        "assertions": checks, "pass": all(c["pass"] is not False for c in checks),
        "numbers": {
            "channel_loss_pct": round(100 * loss, 2),
            "up_loss_pct": round(100 * rates["up"], 2),
            "down_loss_pct": round(100 * rates["down"], 2),
            "frames_received": last.get("frames_received"),
            "frames_recovered": last.get("frames_recovered"),
            "concealed": last.get("concealed"), "played": last.get("played"),
            "loss_after_fec_pct": last.get("loss_pct"),
            "undecryptable": last.get("undecryptable"),
            "latency_p50_ms": round(percentile(heard, 0.5)) if heard else None,
            "latency_p95_ms": round(p95) if p95 is not None else None,
            "latency_budget_ms": round(budget), "drift_ms": drift,
            "deepest_buffer_ms": deepest, "pips_sent": len(sent), "pips_heard": len(heard),
            "a_kbps_sent": round(8 * am[-1]["bytes_sent"] / max(1, am[-1]["t_ms"]), 1)
            if am else None,
        },
        "proxy": proxy,
        "pip_delays_ms": [None if d is None else round(d) for d in delays],
    }
    return summary, series_rows(desc, bm, am, sent, delays, timing)


def scheduled_loss_pct(desc, t_us):
    """The scenario's end-to-end loss of A's stream at t (100 in a blackout)."""
    step = [st for st in desc["steps"] if st["at_us"] <= t_us][-1]
    for b in desc["blackouts"]:
        if b["from_us"] <= t_us < b["until_us"]:
            return 100.0
    keep = 1.0
    for d in ("up", "down"):
        keep *= 1 - step[d]["loss_stationary_ppm"] / 1e6
    return round(100 * (1 - keep), 2)


def series_rows(desc, bm, am, sent, delays, timing):
    """One row a second of B's call time: what the plot shows."""
    rows, prev, prev_a = [], {}, {}
    a_by_t = {round(m["t_ms"] / 1000): m for m in am}
    shift = timing["a_join"] - timing["b_join"]
    for m in bm:
        t = m["t_ms"] / 1000
        a = a_by_t.get(round(t - shift), {})
        d = [dl for (st, _), dl in zip(sent, delays) if dl is not None and
             t - 1 <= st + shift < t]
        rows.append({
            "t_s": round(t, 1),
            "loss_pct": scheduled_loss_pct(desc, int((timing["b_join"] + t - timing["t0"]) * 1e6)),
            "recovered": m["frames_recovered"] - prev.get("frames_recovered", 0),
            "concealed": m["concealed"] - prev.get("concealed", 0),
            "played": m["played"] - prev.get("played", 0),
            "buffer_ms": m["buffer_depth"],
            "tier": TIER_ORDER.index(a.get("quality_profile", m["quality_profile"])),
            "up_kbps": round(8 * (a.get("bytes_sent", 0) - prev_a.get("bytes_sent", 0)) / 1000, 1)
            if a else 0,
            "delay_ms": round(d[0]) if d else "",
            "rtt_ms": m["rtt_ms"],
        })
        prev, prev_a = m, a or prev_a
    return rows


PANELS = [  # (column, title, y label) of series.csv, for netsim/run's plot
    ("loss_pct", "channel loss A to B (scenario)", "%"),
    ("recovered", "B: frames recovered by FEC", "frames / s"),
    ("concealed", "B: frames concealed", "frames / s"),
    ("buffer_ms", "B: jitter buffer depth", "ms"),
    ("tier", "A: sending tier (0 GOOD, 1 DEGRADED, 2 CATASTROPHIC)", "tier"),
    ("delay_ms", "mouth-to-ear delay of the pips A sent, at B", "ms"),
    ("up_kbps", "A: on-wire bit rate up", "kbit/s"),
]


def write_series(path, rows):
    cols = list(rows[0].keys()) if rows else ["t_s"]
    with open(path, "w") as f:
        f.write(",".join(cols) + "\n")
        for r in rows:
            f.write(",".join(str(r[c]) for c in cols) + "\n")


def run(build, scenario, seed, out, cap_s=None, restart_at=None, quiet=False):
    """One real session; writes summary.json and series.csv into out and
    returns the summary."""
    out.mkdir(parents=True, exist_ok=True)
    desc = describe(build, scenario)
    seed = desc["seed"] if seed is None else seed
    seconds = desc["duration_us"] / 1e6
    if cap_s is not None:
        seconds = min(seconds, cap_s)
    s = Session(build, out, scenario, seed, quiet)
    s.say(f"{desc['name']}: relay, proxy (seed {seed}) and two clients for {seconds:g} s "
          f"({out})")
    try:
        timing = run_processes(s, desc, seconds, restart_at)
    finally:
        exits = s.stop()
    expect = ("recovery", "drift", "latency")
    summary, rows = judge(s, desc, timing, seconds, expect)
    summary["exits"] = exits
    summary["fidelity"] = fidelity(build, out, summary["tier"])
    bm = metrics(out / "b.jsonl")
    if restart_at is not None:
        summary["restart"] = {"at_s": restart_at, "rejoined_after_s": timing["rejoins"],
                              "audio_after_s": resumed_after(bm, timing, timing["restart"])}
    summary["blackouts"] = [
        {"from_s": b["from_us"] / 1e6, "until_s": b["until_us"] / 1e6,
         "audio_after_s": resumed_after(bm, timing, timing["t0"] + b["until_us"] / 1e6)}
        for b in desc["blackouts"] if b["from_us"] < seconds * 1e6]
    write_series(out / "series.csv", rows)
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    return summary


def report(summary):
    """The session report, as text."""
    n = summary["numbers"]
    lines = [f"session {summary['scenario']} (seed {summary['seed']}, {summary['seconds']:g} s, "
             f"tier {summary['tier']}" + (f", then {summary['switch'][1]} at "
                                          f"{summary['switch'][0]:g} s" if summary["switch"] else "")
             + ")",
             f"  channel loss A->B   {n['channel_loss_pct']:.1f} %  (uplink {n['up_loss_pct']:.1f} %, "
             f"downlink {n['down_loss_pct']:.1f} %)",
             f"  B received          {n['frames_received']} frames, recovered by FEC "
             f"{n['frames_recovered']}, concealed {n['concealed']}, played {n['played']}",
             f"  loss after FEC      {n['loss_after_fec_pct']:.1f} %",
             f"  mouth-to-ear        p50 {n['latency_p50_ms']} ms, p95 {n['latency_p95_ms']} ms "
             f"(budget {n['latency_budget_ms']} ms)",
             f"  A's bit rate        {n['a_kbps_sent']} kbit/s on the wire",
             f"  pips heard          {n['pips_heard']} of {n['pips_sent']}"]
    if summary.get("fidelity"):
        f = summary["fidelity"]
        lines.append(f"  fidelity            mean {f['mean_correlation']:.3f}, min "
                     f"{f['min_correlation']:.3f} (the {summary['tier']} floor {f['floor']:.2f}: "
                     f"{'passes' if f['passes'] else 'below'})")
    if "restart" in summary:
        r = summary["restart"]
        lines.append(f"  relay restart       at {r['at_s']:g} s of A's call; A rejoined after "
                     f"{r['rejoined_after_s']['a'][0] if r['rejoined_after_s']['a'] else '-'} s, B "
                     f"after {r['rejoined_after_s']['b'][0] if r['rejoined_after_s']['b'] else '-'}"
                     f" s; B hears A again after {r['audio_after_s']} s (within 1 s)")
    for b in summary["blackouts"]:
        lines.append(f"  blackout            {b['from_s']:g}-{b['until_s']:g} s; B hears A again "
                     f"{b['audio_after_s']} s after its end (within 1 s)")
    for c in summary["assertions"]:
        mark = "skip" if c["pass"] is None else "PASS" if c["pass"] else "FAIL"
        lines.append(f"  [{mark}] {c['name']}: {c['detail']}")
    return "\n".join(lines)
