"""netsim/run --real: a scenario applied to real processes (spec/09-netsim.md 9.6).

A wzp-relay, the impairment proxy (wzp-netsim-proxy, the simulator's own
parser and channel) and two wzp-clients on 127.0.0.1: B joins and
records, A sends vowel pips (real_audio.py) through the proxy for the
scenario's duration; real_judge.py judges what they report. Every
process is started here and stopped here, every wait bounded.
"""
import json
import pathlib
import signal
import subprocess
import threading
import time

import real_audio
import real_judge

ROOT = pathlib.Path(__file__).resolve().parents[1]
JOIN_WAIT_S = 15


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

def run_processes(s, desc, seconds, restart_at):
    """Relay, proxy, B then A; waits out the call (restarting the relay
    at restart_at when asked). Returns the timings the judge needs."""
    source = s.out / "a-source.wav"
    real_audio.write_source(source, seconds)
    targs, _tier, _sw = real_judge.tier_args(desc)
    s.start_relay()
    port = s.start_proxy()
    b = s.start_client("b", port, ["--record", s.out / "b.wav", "--duration", seconds + 4,
                                   *targs])
    b_join = b.wait_mark("joined", JOIN_WAIT_S)
    a = s.start_client("a", port, ["--send-file", source, "--no-denoise", "--no-suppress",
                                   *targs])
    a_join = a.wait_mark("joined", JOIN_WAIT_S)
    s.say(f"joined: B at {b_join - s.t0:.2f} s, A at {a_join - s.t0:.2f} s of scenario time")
    timing = {"t0": s.t0, "a_join": a_join, "b_join": b_join, "restart": None,
              "restart_at": restart_at}
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
            m = real_judge.metrics(s.out / "b.jsonl")
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
    if timing["restart"] is not None:
        timing["rejoins"] = {n: [round(t - timing["restart"], 2)
                                 for t in s.procs[n].stamps.get("rejoined", [])]
                             for n in ("a", "b")}
    return timing

def fidelity(build, out, tier, switch):
    """wzp-client --compare of A's source and B's recording (the echo
    test's analysis, WZP-CLIENT-009), over the 5 s windows A sent before
    its tier switch: reported, not asserted, since the pips are not
    speech. The echo test scores the waveform, which Codec2 does not
    keep, so a CATASTROPHIC call, and windows after a switch, would score
    0 whatever was heard: they are not scored."""
    if tier == "catastrophic":
        return None
    p = subprocess.run([build / "wzp-client", "--compare", out / "a-source.wav", out / "b.wav",
                        "--tier", tier], capture_output=True, text=True, timeout=60)
    try:
        lines = [json.loads(line) for line in p.stdout.splitlines()]
        echo, cmp = lines[0]["echo_test"], lines[1]["compare"]
    except (ValueError, IndexError, KeyError):
        return None
    until = switch[0] if switch else None
    scored = [w["correlation"] for w in echo["windows"] if not w["silent"] and
              (until is None or w["start_s"] + 5 <= until)]
    if not scored:
        return None
    mean = sum(scored) / len(scored)
    return {"mean_correlation": round(mean, 4), "min_correlation": min(scored),
            "windows": len(scored), "until_s": until, "floor": cmp["floor"],
            "passes": mean >= cmp["floor"], "delay_ms": echo["delay_ms"]}

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
    summary, rows = real_judge.judge(out, desc, seed, seconds, timing)
    summary["exits"] = exits
    summary["fidelity"] = fidelity(build, out, summary["tier"], summary["switch"])
    write_series(out / "series.csv", rows)
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    return summary
