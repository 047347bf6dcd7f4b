"""wzp-relay (ref/relay) live on 127.0.0.1: a relay on a free port the
kernel picks and wzp-relay-client processes driven line by line, all from
the ASan build (`make build-asan`). Every wait is bounded; the relay must
end with exit status 0 on SIGTERM and no sanitizer report (a leak fails
too). Spec: spec/08-relay.md 8.1 (WZP-RELAY-010..-017) and 8.4.
"""
import os
import pathlib
import queue
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from test_quic_spike import events

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "asan"
RELAY = BUILD / "wzp-relay"
CLIENT = BUILD / "wzp-relay-client"
WAIT = 10  # seconds, for any one expected line
QUIET = 0.5  # seconds of silence that count as "never arrived"
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
        threading.Thread(target=lambda: self.err.extend(self.proc.stderr), daemon=True).start()

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

    def stderr(self):
        time.sleep(0.05)
        return "".join(self.err)


class Relay(Proc):
    def __init__(self, *args):
        super().__init__([RELAY, "--listen", "127.0.0.1:0", *args])
        self.port = self.expect("listening")["port"]
        self.clients = []

    def client(self, *args, join=True):
        """A client that finished its handshake (and joined, when join)."""
        c = Proc([CLIENT, "--port", self.port, "--timeout", "30", *args])
        self.clients.append(c)
        if join:
            c.cert = c.expect("handshake")["cert"]
            c.member = self.expect("join")["member"]
        return c

    def stop(self):
        """SIGTERM: every client is closed, the relay exits 0, its counters."""
        self.proc.send_signal(signal.SIGTERM)
        stats = self.expect("stopped")
        rc = self.finish()
        for c in self.clients:
            c.finish()
        err = self.stderr()
        assert "Sanitizer" not in err and "runtime error" not in err, err
        assert rc == 0, err
        return stats


@pytest.fixture
def relay():
    r = Relay()
    yield r
    if r.proc.poll() is None:
        r.stop()


def dgram(tag):
    """A FULL wzp/1 frame's first byte (codec 0), then opaque bytes."""
    return "00" + os.urandom(40).hex() + tag.encode().hex()


def test_datagram_goes_to_the_others_in_the_room_unchanged_and_nowhere_else(relay):
    """WZP-RELAY-002, -010: three members of room A, one of room B."""
    a1, a2, a3 = (relay.client("--sni", ROOM_A) for _ in range(3))
    b1 = relay.client("--sni", ROOM_B)
    sent = dgram("a1")
    a1.send("datagram " + sent)
    assert a2.expect("datagram")["hex"] == sent
    assert a3.expect("datagram")["hex"] == sent
    b1.nothing("datagram")
    a1.nothing("datagram", timeout=0.1)  # no echo to the sender
    other = dgram("b1")
    b1.send("datagram " + other)  # alone in room B: goes nowhere
    a2.send("datagram " + dgram("a2"))
    assert a1.expect("datagram")["hex"] != other
    a3.expect("datagram")
    b1.nothing("datagram")
    stats = relay.stop()
    assert (stats["connections"], stats["forwarded"], stats["dropped"]) == ("4", "4", "0")


@pytest.mark.parametrize("alpn,ts", [("wzp/1", "1234"), ("wzp/1", "9223372036854775807"),
                                      ("wzp", "1700000000123")])
def test_ping_gets_pong_with_the_same_timestamp(relay, alpn, ts):
    """WZP-RELAY-016, in both profiles."""
    c = relay.client("--alpn", alpn, "--sni", ROOM_A)
    c.send('message {"Ping":{"timestamp_ms":%s}}' % ts)
    assert c.expect("message")["body"] == '{"Pong":{"timestamp_ms":%s}}' % ts
    relay.expect("signal", variant="Ping")
    assert relay.stop()["pongs"] == "1"


def test_refused_datagrams_are_counted_and_the_session_stays(relay):
    """WZP-RELAY-003, WZP-WIRE-040: a reserved first byte, a TRUNK frame."""
    a1, a2 = relay.client("--sni", ROOM_A), relay.client("--sni", ROOM_A)
    for bad, error in [("ff0102", "unknown_frame_type"),
                       ("3c00010203", "unknown_frame_type")]:
        a1.send("datagram " + bad)
        relay.expect("drop", member=a1.member, error=error)
    a2.nothing("datagram")
    good = dgram("after")
    a1.send("datagram " + good)
    assert a2.expect("datagram")["hex"] == good
    stats = relay.stop()
    assert (stats["dropped"], stats["forwarded"]) == ("2", "1")
    a1.expect("closed", kind="peer", code="0x0", reason="relay shutting down")


def test_bad_signal_messages_are_counted_and_the_session_stays(relay):
    """WZP-RELAY-015: bad JSON, unknown variant, missing field, wrong type."""
    c = relay.client("--sni", ROOM_A)
    for bad, error in [("garbage", "bad_json"), ('{"NoSuchVariant":{}}', "unknown_variant"),
                       ('{"Ping":{}}', "missing_field"),
                       ('{"Ping":{"timestamp_ms":"x"}}', "field_type"), ("[]", "bad_envelope"),
                       ('{"Ping":{"timestamp_ms":18446744073709551615}}', "field_range")]:
        c.send("message " + bad)
        relay.expect("bad-signal", error=error)
    c.send('message {"Ping":{"timestamp_ms":7}}')
    assert c.expect("message")["body"] == '{"Pong":{"timestamp_ms":7}}'
    c.send('message {"Hangup":{"reason":"Normal"}}')
    relay.expect("signal", variant="Hangup")
    stats = relay.stop()
    assert (stats["bad_signals"], stats["signals"], stats["pongs"]) == ("6", "2", "1")


@pytest.mark.parametrize("offer", [["--alpn", "h3"], ["--alpn", "wzp/2"], ["--no-alpn"]])
def test_other_alpn_is_refused_and_the_relay_goes_on(relay, offer):
    """WZP-PROF-002 at the relay: no_application_protocol (0x178)."""
    bad = relay.client(*offer, join=False)
    bad.expect("closed", kind="peer", code="0x178")
    assert bad.finish() == 1
    relay.nothing("join")
    relay.client("--sni", ROOM_A).send('message {"Ping":{"timestamp_ms":1}}')
    relay.expect("signal", variant="Ping")
    assert relay.stop()["connections"] == "1"


def test_a_member_leaving_leaves_the_others_working(relay):
    """WZP-RELAY-014: a clean close and a killed client."""
    a1, a2, a3, a4 = (relay.client("--sni", ROOM_A) for _ in range(4))
    a3.send("close")
    a3.expect("closed", kind="local")
    relay.expect("leave", member=a3.member)
    a4.proc.kill()
    sent = dgram("x")
    a1.send("datagram " + sent)
    assert a2.expect("datagram")["hex"] == sent
    a2.send("datagram " + sent)
    assert a1.expect("datagram")["hex"] == sent
    relay.stop()


def test_an_empty_room_is_freed(relay):
    """WZP-RELAY-014: member ids restart at 1 in a room made again."""
    a1 = relay.client("--sni", ROOM_A)
    assert a1.member == "1"
    a1.send("close")
    relay.expect("leave", member="1")
    assert relay.client("--sni", ROOM_A).member == "1"
    b = [relay.client("--sni", ROOM_B) for _ in range(2)]
    assert [c.member for c in b] == ["1", "2"]
    relay.stop()


def test_rooms_are_kept_apart_by_profile(relay):
    """WZP-RELAY-010: the same room key under wzp/1 and wzp is two rooms."""
    v1 = relay.client("--sni", ROOM_A)
    up = relay.client("--sni", ROOM_A, "--alpn", "wzp")
    assert (v1.member, up.member) == ("1", "1")
    v1.send("datagram " + dgram("v1"))
    up.nothing("datagram")
    relay.stop()


@pytest.mark.parametrize("args,room", [(["--no-sni"], "default"), (["--sni", "default"], "default")])
def test_no_sni_and_default_are_the_default_room(relay, args, room):
    """WZP-RELAY-010."""
    relay.client(*args)
    assert relay.seen[-1][1]["room"] == room
    relay.stop()


def test_probe_answers_ping_and_joins_no_room(relay):
    """WZP-RELAY-011: the reserved name probe (decision 0060)."""
    p = relay.client("--sni", "probe", join=False)
    p.expect("handshake")
    relay.expect("probe")
    p.send('message {"Ping":{"timestamp_ms":42}}')
    assert p.expect("message")["body"] == '{"Pong":{"timestamp_ms":42}}'
    p.send("datagram " + dgram("p"))
    relay.expect("drop", error="no_room")
    stats = relay.stop()
    assert (stats["pongs"], stats["dropped"]) == ("1", "1")


@pytest.mark.parametrize("sni,code", [
    ("relay", "0x102"), ("signal", "0x102"), ("federation", "0x102"),
    ("localhost", "0x101"), ("5D61FADDBB77F2A92F815BBAAC9DBC91", "0x101"),
    (ROOM_A[:-1], "0x101"), (ROOM_A + "0", "0x101"), ("defaults", "0x101"),
])
def test_other_names_are_closed_with_a_code(relay, sni, code):
    """WZP-RELAY-012, -013: reserved names not served yet, unknown names."""
    c = relay.client("--sni", sni, join=False)
    c.expect("closed", kind="peer", application="1", code=code)
    assert c.finish() == 1
    relay.expect("refused", sni=sni, code=code)
    assert relay.stop()["connections"] == "0"


@pytest.mark.parametrize("sni", ["_probe", "_relay"])
def test_upstream_reserved_names_fail_in_the_tls_handshake(relay, sni):
    """Decision 0060: GnuTLS refuses underscores (illegal_parameter, 0x12f)."""
    c = relay.client("--sni", sni, join=False)
    c.expect("closed", kind="peer", application="0", code="0x12f")
    assert c.finish() == 1
    relay.stop()


def test_sigterm_closes_every_client_and_exits_zero(relay):
    """WZP-RELAY-017."""
    a1, a2 = relay.client("--sni", ROOM_A), relay.client()
    relay.stop()
    for c in (a1, a2):
        c.expect("closed", kind="peer", application="1", code="0x0",
                 reason="relay shutting down")


def test_help_and_bad_arguments():
    """WZP-RELAY-017: --help exits 0, a bad argument 64."""
    ok = subprocess.run([RELAY, "--help"], capture_output=True, text=True, timeout=WAIT)
    assert ok.returncode == 0 and "--listen" in ok.stdout
    for bad in (["--bogus"], ["--listen"], ["--listen", "127.0.0.1"], ["--listen", ":1"],
                ["--listen", "[::1:4433"]):
        run = subprocess.run([RELAY, *bad], capture_output=True, text=True, timeout=WAIT)
        assert run.returncode == 64, (bad, run)


def test_state_dir_keeps_the_identity_across_restarts(tmp_path):
    """WZP-RELAY-018: made on first start, the same certificate after."""
    state = tmp_path / "state"
    seen = []
    for created in ("1", "0"):
        relay = Relay("--state-dir", str(state))
        identity = relay.seen[0][1]
        assert relay.seen[0][0] == "identity" and identity["created"] == created
        assert relay.client().cert == identity["fingerprint"]
        seen.append(identity["fingerprint"])
        relay.stop()
    assert seen[0] == seen[1] and len(seen[0]) == 64
    assert (state / "relay-key.pem").stat().st_mode & 0o777 == 0o600
    assert state.stat().st_mode & 0o777 == 0o700


def test_without_state_dir_each_start_has_a_new_certificate():
    """WZP-RELAY-018: the control for the test above."""
    certs = []
    for _ in range(2):
        relay = Relay()
        assert not [ev for ev, _ in relay.seen if ev == "identity"]
        certs.append(relay.client().cert)
        relay.stop()
    assert certs[0] != certs[1] and len(certs[0]) == 64


def test_an_unusable_state_dir_exits_one(tmp_path):
    """WZP-RELAY-017, -018: a file where the directory should be."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    run = subprocess.run([RELAY, "--listen", "127.0.0.1:0", "--state-dir", str(blocker / "s")],
                         capture_output=True, text=True, timeout=WAIT)
    assert run.returncode == 1 and "identity" in run.stderr, run


def scrape(port, path="/metrics", method="GET"):
    """(status, body) of one HTTP request to the relay's metrics port."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    try:
        with urllib.request.urlopen(req, timeout=WAIT) as resp:
            return resp.status, resp.read().decode(), resp.headers["Content-Type"]
    except urllib.error.HTTPError as e:
        return e.code, "", None


def values(text):
    return {name: int(v) for name, v in
            (line.split(" ") for line in text.splitlines() if not line.startswith("#"))}


def test_metrics_count_what_the_relay_did():
    """WZP-RELAY-019: Prometheus text on --metrics-port, on the --listen host."""
    relay = Relay("--metrics-port", "0")
    port = relay.expect("metrics")["port"]
    a1, a2, a3 = (relay.client("--sni", ROOM_A) for _ in range(3))
    relay.client("--sni", ROOM_B)
    sent = dgram("m")
    a1.send("datagram " + sent)
    a2.expect("datagram")
    a3.expect("datagram")
    a1.send("datagram ff")
    relay.expect("drop")
    a1.send('message {"Ping":{"timestamp_ms":3}}')
    a1.expect("message")
    status, text, ctype = scrape(port)
    assert status == 200 and ctype == "text/plain; version=0.0.4"
    assert "# TYPE wzp_relay_packets_forwarded_total counter" in text
    assert values(text) == {
        "wzp_relay_active_sessions": 4, "wzp_relay_active_rooms": 2,
        "wzp_relay_packets_forwarded_total": 2,
        "wzp_relay_bytes_forwarded_total": 2 * len(sent) // 2,
        "wzp_relay_connections_total": 4, "wzp_relay_datagrams_dropped_total": 1,
        "wzp_relay_signals_total": 1, "wzp_relay_bad_signals_total": 0,
        "wzp_relay_pongs_total": 1}
    a3.send("close")
    relay.expect("leave")
    assert values(scrape(port)[1])["wzp_relay_active_sessions"] == 3
    assert scrape(port, "/")[0] == 404
    assert scrape(port, "/metrics", "POST")[0] == 405
    relay.stop()


def test_config_file_sets_what_the_flags_set_and_flags_win(tmp_path):
    """WZP-RELAY-020: key = value lines; a flag given too wins."""
    config = tmp_path / "relay.conf"
    config.write_text("# wzp-relay\n\n  listen = [::1:broken\nstate-dir=%s\n"
                      "metrics-port = 0  \n" % (tmp_path / "state"))
    relay = Relay("--config", str(config))  # Relay's own --listen 127.0.0.1:0 wins
    assert relay.seen[0][0] == "identity"
    port = relay.expect("metrics")["port"]
    relay.client()
    assert values(scrape(port)[1])["wzp_relay_active_sessions"] == 1
    relay.stop()
    assert (tmp_path / "state" / "relay-cert.pem").exists()


@pytest.mark.parametrize("text", ["colour = blue\n", "listen\n", "listen =\n", "= 1\n",
                                  "listen = nowhere\n"])
def test_a_bad_config_file_exits_64(tmp_path, text):
    """WZP-RELAY-020: an unknown key, a line without a value, a bad address."""
    config = tmp_path / "relay.conf"
    config.write_text("metrics-port = 0\n" + text)
    run = subprocess.run([RELAY, "--config", str(config)], capture_output=True, text=True,
                         timeout=WAIT)
    assert run.returncode == 64, run
    missing = subprocess.run([RELAY, "--config", str(tmp_path / "none")], capture_output=True,
                             text=True, timeout=WAIT)
    assert missing.returncode == 64 and "cannot read" in missing.stderr
