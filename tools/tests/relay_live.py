"""Helpers for the live relay tests (test_relay.py, test_relay_hostile.py):
a wzp-relay on a free port the kernel picks, clients driven line by line
(wzp-relay-client, which joins through the client library, and
wzp-relay-rawclient, which runs no step of spec/08-relay.md 8.2 by itself),
and the featherChat-style auth server of the live conformance runner
(conformance/runner/live_proc.py). Everything from the
ASan build (`make build-asan`), on 127.0.0.1, every wait bounded.
"""
import os
import pathlib
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from test_quic_spike import events

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from conformance.runner.live_proc import AuthServer  # noqa: E402,F401  (re-exported)

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "asan"
RELAY = BUILD / "wzp-relay"
CLIENT = BUILD / "wzp-relay-client"
RAW = BUILD / "wzp-relay-rawclient"
WAIT = 10  # seconds, for any one expected line
QUIET = 0.3  # seconds of silence that count as "never arrived" (loopback)
ROOM_A = "5d61faddbb77f2a92f815bbaac9dbc91"
ROOM_B = "0123456789abcdef0123456789abcdef"


def parse(line):
    """(event, {key: value}) of one line, in the echo tools' format."""
    return events(line)[0]


class Proc:
    """A program whose stdout lines are read as events while it runs."""

    def __init__(self, args):
        assert args[0].exists(), f"{args[0]} missing: run `make build-asan`"
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.lines, self.seen = queue.Queue(), []
        threading.Thread(target=self._read, daemon=True).start()
        self.err = []
        self.err_reader = threading.Thread(target=lambda: self.err.extend(self.proc.stderr),
                                           daemon=True)
        self.err_reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(parse(line.rstrip("\n")))
        self.lines.put(None)

    def expect(self, event, timeout=WAIT, **match):
        """The next `event` line whose keys equal match; earlier others are kept."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no {event} {match} within {timeout} s; saw {self.seen}"
            try:
                item = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            assert item is not None, f"ended before {event} {match}; saw {self.seen}"
            self.seen.append(item)
            name, kv = item
            if name == event and all(kv.get(k) == v for k, v in match.items()):
                return kv

    def nothing(self, event, timeout=QUIET):
        """No `event` line arrives within timeout."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                item = self.lines.get(timeout=left)
            except queue.Empty:
                return
            if item is None:
                return
            self.seen.append(item)
            assert item[0] != event, f"unexpected {item}"

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def stats(self):
        """The client's counters (wzp-relay-client's `stats` command)."""
        self.send("stats")
        return {k: int(v) for k, v in self.expect("stats").items()}

    def finish(self, timeout=WAIT):
        if self.proc.stdin and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.err_reader.join(timeout=WAIT)

    def stderr(self):
        """All it wrote to stderr (complete once finish() has returned)."""
        return "".join(self.err)


class Relay(Proc):
    def __init__(self, *args):
        super().__init__([RELAY, "--listen", "127.0.0.1:0", *args])
        self.port = self.expect("listening")["port"]
        self.identity = next(kv for ev, kv in self.seen if ev == "relay-identity")
        self.clients = []

    def client(self, *args, join=True):
        """A wzp-relay-client; when join, it has joined and seen its RoomUpdate."""
        c = Proc([CLIENT, "--port", self.port, "--timeout", "30", *args])
        self.clients.append(c)
        c.fingerprint = c.expect("identity")["fingerprint"]
        if join:
            c.joined = c.expect("joined")
            c.member = self.expect("join", fingerprint=c.fingerprint)["member"]
            if "--upstream" not in args:  # RoomUpdate is wzp/1's
                c.expect("room")
        return c

    def raw(self, *args):
        """A wzp-relay-rawclient: QUIC only."""
        c = Proc([RAW, "--port", self.port, "--timeout", "30", *args])
        self.clients.append(c)
        return c

    def stop(self):
        """SIGTERM: every client is closed, the relay exits 0, its counters."""
        self.proc.send_signal(signal.SIGTERM)
        stats = self.expect("stopped")
        rc = self.finish()
        for c in self.clients:
            c.finish()
        err = self.stderr() + "".join(c.stderr() for c in self.clients)
        assert "Sanitizer" not in err and "runtime error" not in err, err
        assert rc == 0, err
        return stats


def dgram(tag):
    """A FULL wzp/1 frame's first byte (codec 0), then opaque bytes."""
    return "00" + os.urandom(40).hex() + tag.encode().hex()


def scrape(port, path="/metrics", method="GET"):
    """(status, body, content type) of one HTTP request to the metrics port."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    try:
        with urllib.request.urlopen(req, timeout=WAIT) as resp:
            return resp.status, resp.read().decode(), resp.headers["Content-Type"]
    except urllib.error.HTTPError as e:
        return e.code, "", None


def values(text):
    """{name or name{labels}: value} of a Prometheus text."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name, value = line.rsplit(" ", 1)
        out[name] = float(value) if "." in value else int(value)
    return out
