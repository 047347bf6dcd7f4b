"""The QUIC spike (ref/quic): quic-echo-server and quic-echo-client from the
ASan build (`make build-asan`), talking over 127.0.0.1 only.

Each test starts a server with --once on a free port the kernel picks (the
server prints it), runs one client against it, and checks both programs'
event lines (`event key=value ...`, see ref/quic/tools/echo_common.h). Every
process is bounded by a timeout; a sanitizer report or leak makes the
program exit non-zero, which fails the test.
"""
import os
import pathlib
import re
import subprocess
import tempfile
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "asan"
SERVER = BUILD / "quic-echo-server"
CLIENT = BUILD / "quic-echo-client"
TIMEOUT = 20  # seconds, for any one process
ROOM = "5d61faddbb77f2a92f815bbaac9dbc91"  # hash_room_name("default"), upstream facts 1.14

TOKEN = re.compile(r'(\w+)=("(?:[^"\\]|\\x[0-9a-f]{2})*"|\S*)')


def unquote(value):
    if not value.startswith('"'):
        return value
    return re.sub(r"\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), value[1:-1])


def events(text):
    """[(event, {key: value})] from a program's stdout."""
    out = []
    for line in text.splitlines():
        name, _, rest = line.partition(" ")
        out.append((name, {k: unquote(v) for k, v in TOKEN.findall(rest)}))
    return out


def only(evs, name):
    found = [kv for ev, kv in evs if ev == name]
    assert len(found) == 1, f"expected one {name!r} event in {evs}"
    return found[0]


def read_all(file):
    return os.pread(file.fileno(), 1 << 24, 0).decode(errors="replace")


def first_line(proc, out):
    """The server's first line, from the file its stdout goes to (a file, not a
    pipe, so that a long line never blocks the server while no one reads)."""
    deadline = time.monotonic() + TIMEOUT
    while "\n" not in read_all(out):
        assert proc.poll() is None, f"server exited {proc.returncode} before listening"
        assert time.monotonic() < deadline, "server printed no line"
        time.sleep(0.01)
    return read_all(out).splitlines()[0]


class Run:
    """One server and one client; their exit codes, events and stderr."""

    def __init__(self, client_args, server_args=()):
        for binary in (SERVER, CLIENT):
            assert binary.exists(), f"{binary} missing: run `make build-asan`"
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            server = subprocess.Popen([SERVER, "--once", *server_args], stdout=out, stderr=err)
            try:
                ev, kv = events(first_line(server, out))[0]
                assert ev == "listening", ev
                client = subprocess.run([CLIENT, "--port", kv["port"], "--timeout", "10",
                                         *client_args], capture_output=True, timeout=TIMEOUT)
                server.wait(timeout=TIMEOUT)
            finally:
                if server.poll() is None:
                    server.kill()
                    server.wait()
            self.server, server_err = events(read_all(out)), read_all(err)
        self.client_rc, self.server_rc = client.returncode, server.returncode
        self.client = events(client.stdout.decode(errors="replace"))
        self.stderr = client.stderr.decode(errors="replace") + server_err

    def clean(self):
        """Both programs exited 0 and no sanitizer spoke."""
        assert "Sanitizer" not in self.stderr and "runtime error" not in self.stderr, self.stderr
        assert self.client_rc == 0, (self.client, self.stderr)
        assert self.server_rc == 0, (self.server, self.stderr)


def test_wzp1_handshake_datagram_message_and_normal_close():
    """verifies: WZP-TRANS-003 (one packet, one DATAGRAM frame)"""
    datagram, message = "media packet 1", '{"Hangup":{"reason":"Normal"}}'
    run = Run(["--sni", ROOM, "--datagram", datagram, "--message", message])
    run.clean()
    assert only(run.client, "handshake")["alpn"] == "wzp/1"
    assert only(run.client, "datagram-echo")["data"] == datagram
    assert only(run.client, "message-echo")["body"] == message
    assert only(run.client, "closed") == {
        "kind": "local", "application": "1", "code": "0x0", "reason": "normal close",
        "alert": "0", "gnutls": "-", "ngtcp2": "-"}
    hs = only(run.server, "handshake")
    assert (hs["alpn"], hs["profile"], hs["sni"]) == ("wzp/1", "wzp/1", ROOM)
    assert only(run.server, "datagram")["data"] == datagram
    assert only(run.server, "message") == {"len": str(len(message)), "body": message,
                                            "echo": "0"}
    closed = only(run.server, "closed")
    assert (closed["kind"], closed["application"], closed["code"], closed["reason"]) == (
        "peer", "1", "0x0", "normal close")


def test_a_key_update_after_the_server_freed_its_tls_session():
    """D-0066: the server frees its TLS session after the handshake; the 1-RTT
    keys that follow a key update (RFC 9001 6, which ngtcp2 also starts by
    itself before a key's packet limit, hours into a call) still derive,
    and the next round of echoes crosses under them both ways."""
    datagram, message = "after the update", '{"Ping":{"timestamp_ms":2}}'
    run = Run(["--key-update", "--datagram", datagram, "--message", message])
    run.clean()
    assert only(run.client, "key-update")["rv"] == "0"
    assert [kv["data"] for ev, kv in run.client if ev == "datagram-echo"] == [datagram] * 2
    assert [kv["body"] for ev, kv in run.client if ev == "message-echo"] == [message] * 2
    assert only(run.client, "closed")["code"] == "0x0"


def test_message_larger_than_the_stream_window_arrives_whole():
    message = '{"AuthToken":{"token":"' + "t" * 120000 + '"}}'  # 64 KiB window, 1 MiB limit
    run = Run(["--message", message])
    run.clean()
    assert only(run.server, "message")["body"] == message
    assert only(run.client, "message-echo")["body"] == message


def test_datagram_too_large_for_a_packet_is_refused_by_the_sender():
    """verifies: WZP-TRANS-003 (refused, not fragmented)"""
    run = Run(["--datagram", "x" * 1400])
    assert run.client_rc == 1
    max_datagram = int(only(run.client, "handshake")["max_datagram"])
    assert 1100 < max_datagram < 1400
    closed = only(run.server, "closed")
    assert (closed["kind"], closed["code"], closed["reason"]) == ("peer", "0x1", "cannot send")
    assert not [ev for ev, _ in run.server if ev == "datagram"]


def test_keep_alive_holds_an_idle_connection_past_the_idle_timeout():
    """The client idles 2.5 s with a 1 s idle timeout (the smaller side's wins)
    and PINGs after 300 ms idle: the connection is still there to close.
    verifies: WZP-TRANS-002"""
    run = Run(["--idle-ms", "1000", "--keep-alive-ms", "300", "--hold", "2.5"])
    run.clean()
    assert only(run.client, "closed")["kind"] == "local"
    closed = only(run.server, "closed")
    assert (closed["kind"], closed["reason"]) == ("peer", "normal close")


def test_without_keep_alive_the_idle_timeout_ends_the_connection():
    """The control for the test above: keep-alive stays at upstream's 5 s."""
    run = Run(["--idle-ms", "1000", "--hold", "2.5"])
    assert run.client_rc == 1 and run.server_rc == 0
    assert only(run.client, "closed")["kind"] == "idle"
    assert only(run.server, "closed")["kind"] == "idle"


@pytest.mark.parametrize("offer,alpn,profile", [
    (["--alpn", "wzp"], "wzp", "upstream-aa09275"),
    (["--alpn", "h3", "--alpn", "wzp"], "wzp", "upstream-aa09275"),
    (["--alpn", "wzp", "--alpn", "wzp/1"], "wzp/1", "wzp/1"),  # the server's preference wins
])
def test_alpn_selects_the_profile(offer, alpn, profile):
    """verifies: WZP-TRANS-001 (the server's preference wins)"""
    run = Run(offer)
    run.clean()
    hs = only(run.server, "handshake")
    assert (hs["alpn"], hs["profile"]) == (alpn, profile)
    assert only(run.client, "handshake")["alpn"] == alpn


@pytest.mark.parametrize("offer", [
    ["--alpn", "wzp/2"], ["--alpn", "WZP/1"], ["--alpn", "wzp/"], ["--alpn", "wzp/10"],
    ["--alpn", "h3"], ["--no-alpn"],
])
def test_other_alpn_is_refused_with_no_application_protocol(offer):
    """WZP-PROF-002, WZP-TRANS-001: byte-exact ids; the TLS alert no_application_protocol (120),
    which QUIC carries as transport error CRYPTO_ERROR + 120 = 0x178."""
    run = Run(offer)
    assert run.client_rc == 1 and run.server_rc == 0
    assert not [ev for ev, _ in run.server + run.client if ev == "handshake"]
    closed = only(run.server, "closed")
    assert (closed["kind"], closed["alert"], closed["gnutls"], closed["code"]) == (
        "handshake", "120", "GNUTLS_E_NO_APPLICATION_PROTOCOL", "0x178")
    closed = only(run.client, "closed")
    assert (closed["kind"], closed["application"], closed["code"]) == ("peer", "0", "0x178")


@pytest.mark.parametrize("sni", [ROOM, "default", "localhost"])
def test_sni_reaches_the_server(sni):
    run = Run(["--sni", sni])
    run.clean()
    assert only(run.server, "handshake")["sni"] == sni


def test_no_sni_reaches_the_server_as_none():
    run = Run(["--no-sni"])
    run.clean()
    assert only(run.server, "handshake")["sni"] == ""


@pytest.mark.parametrize("sni", ["_probe", "_relay", "room_1"])
def test_sni_with_underscore_is_refused_by_the_gnutls_server(sni):
    """GnuTLS 3.7.9 accepts such a name on the client but its server refuses
    it while parsing the ClientHello (_gnutls_server_name_recv_params: only
    letters, digits, '-' and '.'), with GNUTLS_E_RECEIVED_DISALLOWED_NAME and
    the alert illegal_parameter (47): QUIC transport error 0x12f."""
    run = Run(["--sni", sni])
    assert run.client_rc == 1 and run.server_rc == 0
    assert not [ev for ev, _ in run.server if ev == "handshake"]
    closed = only(run.server, "closed")
    assert (closed["kind"], closed["alert"], closed["gnutls"], closed["code"]) == (
        "handshake", "47", "GNUTLS_E_RECEIVED_DISALLOWED_NAME", "0x12f")
    closed = only(run.client, "closed")
    assert (closed["kind"], closed["application"], closed["code"]) == ("peer", "0", "0x12f")
