"""Relay mode of conformance/live: a relay-under-test, started by the runner
from a command template (conformance/LIVE.md), checked by the reference
test clients: wzp-relay-client (joins through the client library) and
wzp-relay-rawclient (plain QUIC, sends what it is told).
"""
import json
import os
import socket
import time

from .live_checks import check
from .live_proc import (HOST, AuthServer, Failed, Program, Skipped, expand,
                        fingerprint_of, free_port, metrics, udp_bound)

START_WAIT = 10.0  # seconds for the relay to bind its port

# A quality profile list the relay accepts (vectors/wire/signal_decode.json).
PROFILES = ('[{"codec":"Opus24k","fec_ratio":0.2,"frame_duration_ms":20,'
            '"frames_per_block":5}]')


def new_room():
    return os.urandom(16).hex()


def media(tag):
    """Hex of a FULL wzp/1 frame's first byte (codec 0) and opaque bytes."""
    return "00" + os.urandom(24).hex() + tag.encode().hex()


def ping(ts):
    return '{"Ping":{"timestamp_ms":%d}}' % ts


def framed(text, extra=b""):
    """Hex of a signal stream: BE32 length, the message, extra bytes."""
    body = text.encode()
    return (len(body).to_bytes(4, "big") + body + extra).hex()


def direct_offer(caller, target, call_id):
    key = ",".join(["1"] * 32)
    return ('{"DirectCallOffer":{"caller_fingerprint":"%s","caller_alias":null,'
            '"target_fingerprint":"%s","call_id":"%s","identity_pub":[%s],'
            '"ephemeral_pub":[%s],"signature":[%s],"supported_profiles":[]}}'
            % (caller, target, call_id, key, key, ",".join(["2"] * 64)))


class RelayUnderTest:
    """One run of the relay command, on a free port, with its own log."""

    def __init__(self, template, workdir, state_dir, auth_url=""):
        self.port, metrics_port = free_port(), free_port(socket.SOCK_STREAM)
        values = dict(host=HOST, port=self.port, state_dir=state_dir,
                      metrics_port=metrics_port, auth_url=auth_url)
        self.metrics_port = metrics_port if "{metrics_port}" in template else None
        self.prog = Program(expand(template, values), workdir / "relay-under-test.log")
        deadline = time.monotonic() + START_WAIT
        while not udp_bound(self.port):
            if self.prog.proc.poll() is not None or time.monotonic() > deadline:
                self.prog.kill()
                raise Failed(f"the relay did not bind 127.0.0.1:{self.port} "
                             f"(status {self.prog.proc.poll()})")
            time.sleep(0.02)

    def alive(self):
        return self.prog.proc.poll() is None

    def metrics(self):
        return metrics(self.metrics_port)


class RelayHarness:
    """What the relay checks use: the relay-under-test (started on first
    use, again after a check ended it), an auth-requiring second instance,
    and the clients of the current check."""

    def __init__(self, options, tools, workdir):
        self.template, self.auth_template = options.relay_cmd, options.relay_auth_cmd
        self.tools, self.workdir = tools, workdir
        self.state_dir = str(workdir / "relay-state")
        self.programs, self._relay, self._auth_relay, self.auth = [], None, None, None
        self._fingerprints = {}

    @property
    def relay(self):
        if self._relay is None:
            self._relay = RelayUnderTest(self.template, self.workdir, self.state_dir)
        return self._relay

    def auth_relay(self):
        """An instance that validates tokens with this run's auth server."""
        if not self.auth_template:
            raise Skipped("no --relay-auth-cmd: auth checks need a relay told an auth URL")
        if self._auth_relay is None:
            self.auth = AuthServer()
            self._auth_relay = RelayUnderTest(self.auth_template, self.workdir,
                                              self.state_dir + "-auth", self.auth.url)
        return self._auth_relay

    def restart(self):
        """SIGTERM the relay-under-test and start it again, same state dir."""
        self.stop_relay()
        return self.relay

    def stop_relay(self):
        """SIGTERM; the relay's exit status (None if it had to be killed)."""
        relay, self._relay = self.relay, None
        return relay.prog.terminate()

    def start(self, argv):
        prog = Program([str(a) for a in argv], self.workdir / "clients.log")
        self.programs.append(prog)
        return prog

    def member(self, room, *args, relay=None, joined=True):
        """A wzp-relay-client in room; when joined, it has seen its join
        and its first RoomUpdate."""
        relay = relay or self.relay
        c = self.start([self.tools.client, "--port", relay.port, "--room", room,
                         "--timeout", "30", *args])
        c.fingerprint = c.expect("identity")["fingerprint"]
        if joined:
            c.joined = c.expect("joined", what="the reference client did not join")
            c.room = c.expect("room", what="no RoomUpdate after the CallAnswer")
        return c

    def raw(self, sni, *args, relay=None):
        """A wzp-relay-rawclient after its QUIC handshake."""
        relay = relay or self.relay
        name = ["--sni", sni] if sni is not None else ["--no-sni"]
        c = self.start([self.tools.raw, "--port", relay.port, *name, "--timeout", "30", *args])
        c.handshake = c.expect("handshake", what=f"no QUIC handshake with SNI {sni!r}")
        return c

    def fingerprint_of(self, seed):
        if seed not in self._fingerprints:
            self._fingerprints[seed] = fingerprint_of(self.tools.client, seed,
                                                      self.workdir / "clients.log")
        return self._fingerprints[seed]

    def after_check(self):
        """End the check's clients; a relay that died fails the check."""
        for p in self.programs:
            try:
                p.proc.stdin.close()
            except OSError:
                pass
        for p in self.programs:
            p.wait(timeout=3)
        self.programs = []
        for attr in ("_relay", "_auth_relay"):
            relay = getattr(self, attr)
            if relay is not None and not relay.alive():
                setattr(self, attr, None)
                return f"the relay-under-test exited (status {relay.prog.proc.returncode})"
        return None

    def close(self):
        self.after_check()
        for relay in (self._relay, self._auth_relay):
            if relay is not None:
                relay.prog.terminate(timeout=3)
        if self.auth is not None:
            self.auth.close()


def closed_with(prog, code, reason=None, what=""):
    """The program's connection ends with application error `code`."""
    end = prog.expect("closed", what=f"{what}: the connection did not close")
    if end.get("code") != code or (reason is not None and end.get("reason") != reason):
        raise Failed(f"{what}: closed with {end.get('code')} {end.get('reason')!r}, "
                     f"expected {code} {reason or ''}".rstrip())


def pong_for(prog, ts, what):
    body = prog.expect("message", what=f"{what}: no Pong")["body"]
    if json.loads(body) != {"Pong": {"timestamp_ms": ts}}:
        raise Failed(f"{what}: answered {body!r}, expected the Pong of timestamp {ts}")


def counter_delta(before, after, name):
    """How much a metric grew, or None without metrics."""
    if before is None or after is None:
        return None
    return after.get(name, 0) - before.get(name, 0)


# A signal of wzp/1 that upstream-aa09275 does not have (vectors/wire/signal_decode.json).
V1_ONLY = '{"CallRinging":{"call_id":"1"}}'


@check("relay", "handshake", "ALPN wzp/1 and wzp complete the handshake, wzp/1 preferred, "
       "and select the profile signals are read by; wzp/2 or no ALPN is refused with "
       "no_application_protocol (0x178)", "WZP-PROF-001", "WZP-PROF-002", "WZP-TRANS-001")
def alpn(h):
    for offered, want in ((["wzp/1"], "wzp/1"), (["wzp"], "wzp"), (["wzp", "wzp/1"], "wzp/1")):
        args = [a for o in offered for a in ("--alpn", o)]
        got = h.raw("default", *args).handshake["alpn"]
        if got != want:
            raise Failed(f"offered {offered}, negotiated {got!r}, expected {want}")
    for offered, bad in (("wzp/1", 0), ("wzp", 1)):
        c = h.raw("probe", "--alpn", offered)
        before = h.relay.metrics()
        c.send("message " + V1_ONLY)
        c.send("message " + ping(11))
        pong_for(c, 11, f"probe over {offered}")
        grew = counter_delta(before, h.relay.metrics(), "wzp_relay_bad_signals_total")
        if grew is not None and grew != bad:
            raise Failed(f"over ALPN {offered} a CallRinging counted {grew:g} bad signals, "
                         f"expected {bad}: the profile is not the one its ALPN selects")
    for args in (["--alpn", "wzp/2"], ["--no-alpn"]):
        c = h.start([h.tools.raw, "--port", h.relay.port, *args, "--timeout", "10"])
        end = c.expect("closed", what=f"{' '.join(args)}: the connection did not end")
        if any(name == "handshake" for name, _ in c.seen) or end.get("code") != "0x178":
            raise Failed(f"{' '.join(args)}: ended with {end.get('kind')} {end.get('code')} "
                         "after the handshake, not refused with 0x178")


@check("relay", "server-name", "SNI probe joins no room and answers a Ping with its Pong",
       "WZP-RELAY-011", "WZP-RELAY-016")
def probe(h):
    c = h.raw("probe")
    c.send("message " + ping(424242))
    pong_for(c, 424242, "probe")


@check("relay", "server-name", "SNI relay, signal, federation close with 0x102 'not served'",
       "WZP-RELAY-011", "WZP-RELAY-012")
def reserved(h):
    for name in ("relay", "signal", "federation"):
        closed_with(h.raw(name), "0x102", "not served", f"SNI {name}")


@check("relay", "server-name", "other names close with 0x101 'unknown server name'",
       "WZP-RELAY-012")
def unknown_name(h):
    for name in ("localhost", new_room().upper(), new_room()[:31]):
        closed_with(h.raw(name), "0x101", "unknown server name", f"SNI {name}")


@check("relay", "join", "join: the client verifies the CallAnswer, then every member gets a "
       "RoomUpdate in join order", "WZP-RELAY-024", "WZP-RELAY-026", "WZP-CRYPTO-022")
def join(h):
    room = new_room()
    a = h.member(room)
    if (a.room["count"], a.room["members"]) != ("1", a.fingerprint):
        raise Failed(f"first RoomUpdate {a.room}, expected only {a.fingerprint}")
    b = h.member(room)
    both = f"{a.fingerprint},{b.fingerprint}"
    if (b.room["count"], b.room["members"]) != ("2", both):
        raise Failed(f"the second member's first RoomUpdate is {b.room}, expected [{both}]")
    a.expect("room", count="2", members=both, what=f"no RoomUpdate [{both}] to the first")


@check("relay", "join", "a CallOffer whose signature does not verify closes with 0x107",
       "WZP-RELAY-024", "WZP-CRYPTO-024")
def forged_offer(h):
    key = ",".join(["5"] * 32)
    c = h.raw(new_room())
    c.send('message {"CallOffer":{"identity_pub":[%s],"ephemeral_pub":[%s],"signature":[%s],'
           '"supported_profiles":%s,"alias":null}}' % (key, key, ",".join(["1"] * 64), PROFILES))
    closed_with(c, "0x107", "handshake failed", "forged CallOffer")


@check("relay", "join", "before the join a Ping is answered and any other signal but the "
       "CallOffer closes with 0x109", "WZP-RELAY-021", "WZP-RELAY-016")
def join_order(h):
    c = h.raw(new_room())
    c.send("message " + ping(7))
    pong_for(c, 7, "Ping before the join")
    c.send('message {"Hangup":{"reason":"Normal"}}')
    closed_with(c, "0x109", "protocol", "Hangup before the CallOffer")


@check("relay", "auth", "a token the auth server validates joins; a refused token closes "
       "with 0x104", "WZP-RELAY-021", "WZP-RELAY-022")
def auth(h):
    relay = h.auth_relay()
    seed, room = os.urandom(32).hex(), new_room()
    h.auth.tokens["good-token"] = h.fingerprint_of(seed)
    h.member(room, "--seed", seed, "--token", "good-token", relay=relay)
    if b'{"token":"good-token"}' not in [r.body for r in h.auth.requests]:
        raise Failed(f"the auth server was asked {h.auth.requests}, not POST {{\"token\":...}}")
    bad = h.member(room, "--token", "bad-token", relay=relay, joined=False)
    closed_with(bad, "0x104", "auth failed", "refused token")


@check("relay", "auth", "an auth server answering 500 closes with 0x10a 'auth unavailable'",
       "WZP-RELAY-023")
def auth_down(h):
    relay = h.auth_relay()
    h.auth.down = True
    try:
        c = h.member(new_room(), "--token", "any", relay=relay, joined=False)
        closed_with(c, "0x10a", "auth unavailable", "auth server down")
    finally:
        h.auth.down = False


@check("relay", "framing", "a BE32 length, the JSON and FIN make one signal: its Ping is "
       "answered", "WZP-WIRE-060", "WZP-RELAY-016")
def framing(h):
    c = h.raw("probe")
    c.send("stream " + framed(ping(99)))
    pong_for(c, 99, "framed Ping")


@check("relay", "framing", "stream credit is granted again as streams close: 150 Pings on "
       "one connection are all answered", "WZP-TRANS-002", "WZP-RELAY-016")
def many_streams(h):
    c = h.raw("probe")
    for ts in range(150):
        c.send("message " + ping(ts))
    got = c.collect("message", timeout=10.0, count=150)
    if len(got) != 150:
        raise Failed(f"{len(got)} of 150 Pings answered: stream credit ran out")


@check("relay", "framing", "a length over 1 MiB is refused when its 4 bytes arrive; the "
       "connection stays", "WZP-WIRE-061", "WZP-RELAY-015", "WZP-TRANS-005")
def oversize(h):
    c = h.raw("probe")
    before = h.relay.metrics()
    c.send("openstream " + (1048577).to_bytes(4, "big").hex() + "7b")
    c.send("message " + ping(5))
    pong_for(c, 5, "Ping after an oversize length")
    grew = counter_delta(before, h.relay.metrics(), "wzp_relay_bad_signals_total")
    if grew is not None and grew < 1:
        raise Failed("the oversize length was not refused (bad signal count unchanged) "
                     "while its stream stayed open")


def dropped_stream(h, stream_hex, what):
    """A probe sends a bad stream (its Ping numbered 1), then a good Ping:
    only the good one is answered, so the bad one was dropped, not the
    connection."""
    c = h.raw("probe")
    c.send("stream " + stream_hex)
    c.send("message " + ping(2))
    pong_for(c, 2, f"Ping after {what}")
    c.absent("message", what=f"{what} was answered")


@check("relay", "framing", "a stream that ends before its announced length is dropped; the "
       "connection stays", "WZP-WIRE-062", "WZP-RELAY-015", "WZP-TRANS-005")
def truncated(h):
    dropped_stream(h, (100).to_bytes(4, "big").hex() + ping(1).encode().hex(),
                   "a truncated stream")


@check("relay", "framing", "(wzp/1) a stream with bytes after its message is dropped; the "
       "connection stays", "WZP-WIRE-062", "WZP-RELAY-015")
def trailing(h):
    dropped_stream(h, framed(ping(1), b"xx"), "a stream with trailing bytes")


@check("relay", "media", "a datagram goes byte for byte to every other member of its room, "
       "never back, never to another room", "WZP-RELAY-002", "WZP-RELAY-010", "WZP-TRANS-003")
def fan_out(h):
    room = new_room()
    a, b, c = h.member(room), h.member(room), h.member(room)
    x = h.member(new_room())
    sent = [media(f"m{i}") for i in range(5)]
    for d in sent:
        a.send("datagram " + d)
    for who in (b, c):
        got = [kv["hex"] for kv in who.collect("datagram", timeout=2.0, count=len(sent))]
        if sorted(got) != sorted(sent):
            raise Failed(f"a member got {len(got)} of {len(sent)} datagrams, or altered bytes")
    b.absent("datagram", what="a member got a datagram twice")
    for who, name in ((a, "the sender"), (x, "a member of another room")):
        who.absent("datagram", timeout=0.05, what=f"{name} got a datagram")


@check("relay", "signals", "member signals go byte for byte to the member named by "
       "fingerprint; a forged sender is dropped", "WZP-RELAY-027", "WZP-RELAY-028")
def routed(h):
    room = new_room()
    a, b, c = h.member(room), h.member(room), h.member(room)
    offer = direct_offer(a.fingerprint, b.fingerprint, "live-1")
    a.send("signal " + offer)
    got = b.expect("signal", variant="DirectCallOffer", what="DirectCallOffer not routed")
    if got["body"] != offer:
        raise Failed("the routed DirectCallOffer is not byte for byte the one sent")
    answer = '{"DirectCallAnswer":{"call_id":"live-1","accept_mode":"AcceptGeneric"}}'
    b.send("signal " + answer)
    if a.expect("signal", variant="DirectCallAnswer", what="answer not routed")["body"] != answer:
        raise Failed("the routed DirectCallAnswer is not byte for byte the one sent")
    c.send("signal " + direct_offer(a.fingerprint, b.fingerprint, "forged"))
    b.absent("signal", what="a DirectCallOffer with a forged caller was forwarded")
    c.absent("signal", timeout=0.05, what="a member not named got a signal")


@check("relay", "hostile", "garbage datagrams and bad signals from a member and a stranger are "
       "dropped and counted; the honest members and the offender's session are intact",
       "WZP-RELAY-003", "WZP-RELAY-013", "WZP-RELAY-015", "WZP-RELAY-036", "WZP-TRANS-004")
def hostile(h):
    room = new_room()
    bad, b, c = h.member(room), h.member(room), h.member(room)
    stranger = h.raw(room)
    before = h.relay.metrics()
    for _ in range(10):
        bad.send("datagram ff" + os.urandom(20).hex())
        bad.send("datagram 3c0001000a")
        stranger.send("datagram " + media("early"))
    for text in ('{"Ping":', '{"NoSuchVariant":{}}', '{"Ping":{"timestamp_ms":"x"}}'):
        bad.send("signal " + text)
    stranger.send("openstream " + (1 << 24).to_bytes(4, "big").hex())
    honest = [media(f"h{i}") for i in range(5)]
    for d in honest:
        b.send("datagram " + d)
    bad.send("datagram " + media("after"))
    got = [kv["hex"] for kv in c.collect("datagram", timeout=2.0, count=len(honest) + 1)]
    got += [kv["hex"] for kv in c.collect("datagram")]
    if any(not d.startswith("00") for d in got):
        raise Failed("a garbage datagram was forwarded")
    if not set(honest) <= set(got) or len(got) != len(honest) + 1:
        raise Failed(f"an honest member got {len(got)} datagrams, expected "
                     f"{len(honest)} + 1 from the offender after its garbage")
    after = h.relay.metrics()
    for name, least in (("wzp_relay_datagrams_dropped_total", 30),
                        ("wzp_relay_bad_signals_total", 4)):
        grew = counter_delta(before, after, name)
        if grew is not None and grew < least:
            raise Failed(f"{name} grew by {grew:g}, expected at least {least}")


@check("relay", "leave", "a Hangup closes with 0 'normal close'; the others get a RoomUpdate "
       "without that member", "WZP-RELAY-033", "WZP-RELAY-014", "WZP-RELAY-026")
def hangup(h):
    room = new_room()
    a, b = h.member(room), h.member(room)
    a.expect("room", count="2")
    b.send('signal {"Hangup":{"reason":"Normal"}}')
    closed_with(b, "0x0", "normal close", "Hangup")
    a.expect("room", count="1", members=a.fingerprint, what="no RoomUpdate after the Hangup")
    c = h.member(room)
    c.send("datagram " + media("x"))
    a.expect("datagram", what="the room did not carry media after a member left")


@check("relay", "identity", "a restart with the same state directory presents the same "
       "certificate and identity", "WZP-RELAY-018", "WZP-RELAY-025")
def persistent(h):
    if "{state_dir}" not in h.template:
        raise Skipped("the relay command has no {state_dir}")
    first = h.member(new_room()).joined
    h.after_check()
    h.restart()
    again = h.member(new_room()).joined
    for key, what in (("cert", "certificate"), ("relay", "identity fingerprint")):
        if first[key] != again[key]:
            raise Failed(f"the {what} changed across a restart: {first[key]} -> {again[key]}")


@check("relay", "shutdown", "SIGTERM closes every connection with 0 'relay shutting down' "
       "and the relay exits 0", "WZP-RELAY-017")
def sigterm(h):
    room = new_room()
    a, b = h.member(room), h.member(room)
    status = h.stop_relay()
    for who in (a, b):
        closed_with(who, "0x0", "relay shutting down", "SIGTERM")
    if status != 0:
        raise Failed(f"the relay exited with status {status} on SIGTERM")
