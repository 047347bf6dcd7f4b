"""Processes of the load runs: a forwarder (wzp-relay or udp-floor) and
wzp-loadgen, read line by line, every wait bounded, and what /proc says
about a process's CPU time and memory. Used by tools/loadgen/bench-relay
and tools/tests/test_loadgen.py."""
import json
import os
import pathlib
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
WAIT = 15  # seconds, for any one expected line
JOIN_S = 30  # seconds for every bot to join


class Lines:
    """A process whose stdout lines arrive on a queue while it runs."""

    def __init__(self, args, cpu=None):
        if cpu is not None:
            args = ["taskset", "-c", str(cpu)] + [str(a) for a in args]
        self.proc = subprocess.Popen([str(a) for a in args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lines, self.err = queue.Queue(), []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.err.extend(self.proc.stderr), daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def expect(self, prefix, timeout=WAIT):
        """The next line starting with prefix (earlier lines are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no '{prefix}' line within {timeout} s; "
                                   f"stderr: {''.join(self.err)[-2000:]}")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise RuntimeError(f"ended (status {self.proc.wait()}) before '{prefix}'; "
                                   f"stderr: {''.join(self.err)[-2000:]}")
            if line.startswith(prefix):
                return line

    def stop(self, timeout=WAIT):
        """SIGTERM, then the exit status (SIGKILL if it does not end)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def field(line, key):
    return re.search(rf"\b{key}=(\S+)", line).group(1)


def cpu_seconds(pid):
    """The CPU time of every thread of pid: /proc/PID/task/*/schedstat in
    nanoseconds where the kernel keeps it, else utime + stime in ticks."""
    tasks = pathlib.Path(f"/proc/{pid}/task")
    try:
        return sum(int((t / "schedstat").read_text().split()[0]) for t in tasks.iterdir()) / 1e9
    except (FileNotFoundError, IndexError, ValueError):
        stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wakes(pid):
    """Times pid's threads went to sleep and were woken: their voluntary
    context switches (an event loop's wake-ups)."""
    total = 0
    for t in pathlib.Path(f"/proc/{pid}/task").iterdir():
        for line in (t / "status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total


def rss_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Relay:
    """wzp-relay on a free loopback port, with /metrics for its counters."""

    def __init__(self, variant="release", cpu=None, max_sessions=2000):
        build = ROOT / "build" / variant
        self.p = Lines([build / "wzp-relay", "--listen", "127.0.0.1:0", "--metrics-port", "0",
                        "--max-sessions", str(max_sessions)],
                       cpu)
        self.port = field(self.p.expect("listening"), "port")
        self.metrics = field(self.p.expect("metrics"), "port")
        self.pid = self.p.proc.pid

    def counts(self):
        """Packets forwarded, UDP packets read and UDP packets sent so far."""
        url = f"http://127.0.0.1:{self.metrics}/metrics"
        with urllib.request.urlopen(url, timeout=WAIT) as r:
            text = r.read().decode()
        return tuple(int(re.search(rf"^{name} (\d+)", text, re.M).group(1)) for name in
                     ("wzp_relay_packets_forwarded_total", "wzp_relay_udp_packets_received_total",
                      "wzp_relay_udp_packets_sent_total"))

    def forwarded(self):
        return self.counts()[0]


class Floor:
    """udp-floor on a free loopback port; its counters by SIGUSR1."""

    def __init__(self, variant="release", cpu=None):
        self.p = Lines([ROOT / "build" / variant / "udp-floor"], cpu)
        self.port = field(self.p.expect("listening"), "port")
        self.pid = self.p.proc.pid

    def counts(self):
        """Packets forwarded, UDP packets read and UDP packets sent so far
        (it sends only what it forwards)."""
        self.p.proc.send_signal(signal.SIGUSR1)
        stats = self.p.expect("stats")
        forwarded = int(field(stats, "forwarded"))
        return forwarded, int(field(stats, "received")), forwarded

    def forwarded(self):
        return self.counts()[0]


def loadgen(port, bots, seconds, udp=False, variant="release", cpu=None, on_phase=None):
    """Runs wzp-loadgen to its end; on_phase(name) is called at `start`,
    `stop` and `drained`. Returns (its result dict, its exit status)."""
    args = [ROOT / "build" / variant / "wzp-loadgen", "--port", port, "--bots", bots,
            "--seconds", seconds, "--connect-timeout", JOIN_S] + (["--udp"] if udp else [])
    lg = Lines(args, cpu)
    for phase in ("ready", "start", "stop", "drained"):
        lg.expect(phase, timeout=WAIT + JOIN_S + float(seconds))
        if on_phase is not None and phase != "ready":
            on_phase(phase)
    result = json.loads(lg.expect("result")[len("result "):])
    status = lg.proc.wait(timeout=WAIT)
    return result, status
