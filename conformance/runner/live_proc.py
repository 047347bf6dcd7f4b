"""Processes of a live conformance run (conformance/LIVE.md): programs whose
stdout lines are events, free loopback ports, a featherChat-style auth
server and the relay's /metrics.

Everything is on 127.0.0.1. Every wait has a deadline. The runner ends only
the processes it started, by their own Popen handle.
"""
import collections
import http.server
import json
import queue
import re
import shlex
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

HOST = "127.0.0.1"
WAIT = 8.0  # seconds for any one expected event
QUIET = 0.4  # seconds of silence that count as "never arrived"

# `event key=value key="quoted \x22 text"` (ref/quic/tools/echo_common.h)
_PAIR = re.compile(r'([\w-]+)=("(?:[^"\\]|\\x[0-9a-f]{2})*"|\S*)')


class Failed(Exception):
    """A check saw something the spec forbids, or not what it requires."""


class Skipped(Exception):
    """A check cannot run against this implementation (say why)."""


def event_of(line):
    """(name, {key: value}) of one output line; quoted values unescaped.
    The text after the name is also kept, under the key "" ."""
    name, _, rest = line.strip().partition(" ")
    values = {"": rest}
    for key, value in _PAIR.findall(rest):
        if value.startswith('"'):
            value = re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), value[1:-1])
        values[key] = value
    return name, values


def free_port(kind=socket.SOCK_DGRAM):
    """A loopback port nobody holds right now (UDP for QUIC, TCP for HTTP)."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def udp_bound(port):
    """Whether some socket is bound to this UDP port (Linux /proc/net/udp)."""
    want = f":{port:04X}"
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                if any(line.split()[1].endswith(want) for line in list(f)[1:]):
                    return True
        except OSError:
            continue
    return False


def expand(template, values):
    """A command template's argv with {name} placeholders filled in."""
    try:
        return [arg.format(**values) for arg in shlex.split(template)]
    except KeyError as err:
        raise Skipped(f"unknown placeholder {err} in {template!r}") from None


class Program:
    """A started program: stdin lines in, stdout lines out as events (all
    kept in `seen` and in its log file)."""

    def __init__(self, argv, log, env=None):
        self.argv = argv
        self.log = open(log, "a")
        self.log.write(f"$ {shlex.join(argv)}\n")
        self.log.flush()
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self.log, text=True, bufsize=1, env=env)
        except OSError as err:
            raise Failed(f"cannot start {argv[0]}: {err}") from None
        self.events, self.seen = queue.Queue(), []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.log.write(line)
            self.events.put(event_of(line))
        self.events.put(None)

    def _next(self, deadline):
        """The next event, None at end of output, or "timeout"."""
        left = deadline - time.monotonic()
        if left <= 0:
            return "timeout"
        try:
            item = self.events.get(timeout=left)
        except queue.Empty:
            return "timeout"
        if item is not None:
            self.seen.append(item)
        return item

    def expect(self, name, timeout=WAIT, what=None, **match):
        """The next `name` event whose values include match; events before it
        are kept in `seen`. Fails with `what` (or a description) otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            item = self._next(deadline)
            if item is None or item == "timeout":
                why = "ended" if item is None else f"nothing within {timeout:g} s"
                raise Failed(f"{what or f'{self.name()}: no {name} {match}'} ({why})")
            if item[0] == name and all(item[1].get(k) == v for k, v in match.items()):
                return item[1]

    def collect(self, name, timeout=QUIET, count=None):
        """Every `name` event within timeout (until output ends, or until
        there are `count` of them)."""
        got, deadline = [], time.monotonic() + timeout
        while len(got) != count and (item := self._next(deadline)) not in (None, "timeout"):
            if item[0] == name:
                got.append(item[1])
        return got

    def drain(self):
        """Everything printed so far, moved into `seen`; its length."""
        while self._next(time.monotonic() + 0.001) not in (None, "timeout"):
            pass
        return len(self.seen)

    def absent(self, name, timeout=QUIET, what=None, **match):
        """No `name` event matching within timeout."""
        for kv in self.collect(name, timeout):
            if all(kv.get(k) == v for k, v in match.items()):
                raise Failed(what or f"{self.name()}: unexpected {name} {kv}")

    def send(self, line):
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise Failed(f"{self.name()} has ended; cannot send {line[:40]}") from None

    def name(self):
        return self.argv[0].rsplit("/", 1)[-1]

    def wait(self, timeout=WAIT):
        """Exit status within timeout, or None (the program is then killed)."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def finish(self, timeout=WAIT):
        """End of input, then the exit status (None when it had to be killed)."""
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        return self.wait(timeout)

    def terminate(self, timeout=WAIT):
        """SIGTERM, then the exit status (None when it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


AuthRequest = collections.namedtuple("AuthRequest", "path content_type body")


class AuthServer:
    """featherChat's POST /v1/auth/validate on 127.0.0.1 (spec 8.2,
    WZP-RELAY-022). `tokens` maps a token to the fingerprint it stands for;
    a valid answer carries `alias` when it is set. `down` makes every answer
    a 500, `delay` answers that many seconds late, `body` (bytes) replaces
    every answer. Requests land in `requests` as AuthRequest tuples."""

    def __init__(self):
        self.tokens, self.requests = {}, []
        self.down, self.delay, self.body, self.alias = False, 0.0, None, None
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                owner.requests.append(AuthRequest(self.path, self.headers.get("Content-Type"),
                                                  body))
                time.sleep(owner.delay)
                status, answer = owner.verdict(body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{HOST}:{self.server.server_address[1]}/v1/auth/validate"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def verdict(self, body):
        if self.down:
            return 500, b'{"error":"down"}'
        if self.body is not None:
            return 200, self.body
        try:
            token = json.loads(body).get("token")
        except (ValueError, AttributeError):
            token = None
        if token in self.tokens:
            answer = {"valid": True, "fingerprint": self.tokens[token]}
            if self.alias is not None:
                answer["alias"] = self.alias
            return 200, json.dumps(answer).encode()
        return 200, b'{"valid":false,"error":"invalid token"}'

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def metrics(port):
    """{name or name{labels}: number} from GET /metrics, or None."""
    if port is None:
        return None
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/metrics", timeout=WAIT) as r:
            text = r.read().decode()
    except (OSError, urllib.error.URLError):
        return None
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            out[key] = float(value)
    return out


def fingerprint_of(client, seed, log):
    """The identity fingerprint (hex form) of a 64-hex seed, as the reference
    client prints it before it connects (to a port where nothing listens)."""
    prog = Program([str(client), "--port", "9", "--seed", seed, "--timeout", "0.01"], log)
    try:
        return prog.expect("identity")["fingerprint"]
    finally:
        prog.wait()
