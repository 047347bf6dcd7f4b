"""Client mode of conformance/live: a client under test, started by the
runner from a command template (conformance/LIVE.md), joins a room on the
reference relay where a reference client is the other member. That member
runs 5.7 (wzp-relay-client --room-keys): it answers the client's pairwise
handshake, sends it a RoomKey, opens the client's RoomKey and tries the
client's media under its sender key. A client that offers no handshake
(conformance/live-ref-client) meets a member that waits.

One full session (join, media both ways, forged member signals, leave) is
run once and judged by several checks; the pin and auth refusals are runs
of their own.
"""
import hashlib
import os
import time

from .live_checks import check
from .live_proc import (HOST, AuthServer, Failed, Program, Skipped, expand, fingerprint_of)

SECONDS = 2  # the client's {seconds}
TO_CLIENT = 50  # tagged datagrams the reference member sends it
MIN_RATE = 5  # datagrams per second the client must send, at least
TOKEN = "live-token"


# Our full client, wzp-client (ref/client), as a client under test: the
# arguments after its path (tools/tests/test_client.py; the bites' mutant
# wzp-client).
WZP_CLIENT_ARGS = ("{host}:{port} --room {room_name} --seed {seed} --token {token} "
                   "--pin-cert {pin_cert} --pin-fingerprint {pin_fingerprint} "
                   "--duration {seconds} --tone 440 --no-suppress --print-wire --no-status")


def new_room_name():
    return "live-" + os.urandom(6).hex()


def room_key(name):
    """The room key of a room name: the SNI (WZP-CRYPTO-012)."""
    return hashlib.sha256(b"featherchat-group:" + name.encode()).hexdigest()[:32]


def tagged(i):
    return "00" + "ab" * 20 + f"{i:08x}"


class ClientHarness:
    """The reference relay (auth required), its auth server, the client
    command, and the results of the session."""

    def __init__(self, options, tools, workdir):
        self.template, self.tools, self.workdir = options.client_cmd, tools, workdir
        self.auth = AuthServer()
        workdir.mkdir(parents=True, exist_ok=True)
        self.relay = Program([str(tools.relay), "--listen", f"{HOST}:0", "--state-dir",
                              str(workdir / "relay-state"), "--auth-url", self.auth.url],
                             workdir / "relay.log")
        self.cert = self.relay.expect("identity")["fingerprint"]
        self.relay_fp = self.relay.expect("relay-identity")["fingerprint"]
        self.port = self.relay.expect("listening")["port"]
        self.seed = os.urandom(32).hex()
        self.fingerprint = fingerprint_of(tools.client, self.seed, workdir / "clients.log")
        self.seed_file = workdir / "client-seed"
        self.seed_file.write_text(self.seed + "\n")
        self.auth.tokens[TOKEN] = self.fingerprint
        self.member_seed = os.urandom(32).hex()
        self.auth.tokens["member"] = fingerprint_of(tools.client, self.member_seed,
                                                    workdir / "clients.log")
        self.programs, self._session = [], None

    def start(self, argv, log="clients.log"):
        prog = Program([str(a) for a in argv], self.workdir / log)
        self.programs.append(prog)
        return prog

    def client_under_test(self, name, **override):
        """The client under test, told to join the room called name."""
        values = dict(host=HOST, port=self.port, room=room_key(name), room_name=name,
                      seed=self.seed, seed_file=self.seed_file, token=TOKEN,
                      pin_cert=self.cert, pin_fingerprint=self.relay_fp, seconds=SECONDS)
        values.update(override)
        return self.start(expand(self.template, values), "client-under-test.log")

    def member(self, room):
        m = self.start([self.tools.client, "--port", self.port, "--room", room, "--seed",
                        self.member_seed, "--token", "member", "--timeout", "60",
                        "--room-keys"])
        m.fingerprint, m.room_key = m.expect("identity")["fingerprint"], room
        m.expect("room", what="the reference member did not join")
        return m

    def session(self):
        """The full session, run once: its Session record, or Failed."""
        if self._session is None:
            self._session = Session(self)
        if self._session.error:
            raise Failed(self._session.error)
        return self._session

    def refused_run(self, **override):
        """A run that must not join: (client's lines, exit status, relay events)."""
        mark = self.relay.drain()
        cut = self.client_under_test(new_room_name(), **override)
        status = cut.wait(timeout=SECONDS + 15)
        self.relay.collect("leave", timeout=0.5, count=1)
        self.relay.drain()
        return cut.collect("joined", timeout=0.1), status, self.relay.seen[mark:]

    def after_check(self):
        for p in self.programs:
            if p.proc.poll() is None:
                p.kill()
        self.programs = []
        if self.relay.proc.poll() is not None:
            return f"the reference relay exited ({self.relay.proc.returncode})"
        return None

    def close(self):
        self.after_check()
        self.relay.terminate(timeout=3)
        self.auth.close()


class Session:
    """One session of the client under test with a reference member."""

    def __init__(self, h):
        self.error, name = None, new_room_name()
        self.member = h.member(room_key(name))
        mark = h.relay.drain()
        self.cut = h.client_under_test(name)
        try:
            self.run(h)
        except Failed as err:
            self.error = str(err)
        h.relay.drain()
        self.relay_events = h.relay.seen[mark:]

    def run(self, h):
        joined = h.relay.expect("join", timeout=10, fingerprint=h.fingerprint,
                                what="the relay never joined the client under test")
        self.room_ok = joined["room"] == self.member.room_key
        self.member_id = joined["member"]
        self.cut.expect("joined", what="the client under test did not print `joined`")
        self.sent = [tagged(i) for i in range(TO_CLIENT)]
        for i, d in enumerate(self.sent):
            self.member.send("datagram " + d)
            if i == TO_CLIENT // 2:
                self.forge(h)
            time.sleep(0.01)
        self.status = self.cut.wait(timeout=SECONDS + 15)
        self.cut.collect("datagram", timeout=0.2)
        self.received = {kv[""] for name, kv in self.cut.seen if name == "datagram"}
        h.relay.collect("leave", timeout=1.0, count=1)
        self.member.collect("room", timeout=0.5)
        self.member_room = [kv for name, kv in self.member.seen if name == "room"]
        self.member_got = [kv for name, kv in self.member.seen if name == "datagram"]
        self.member_keys = {name: [kv for n, kv in self.member.seen if n == name and
                                   h.fingerprint in (kv.get("with"), kv.get("from"))]
                            for name in ("paired", "room-key", "opened")}

    def forge(self, h):
        """Member signals to the client under test that it must survive:
        a DirectCallOffer whose signature cannot verify, a RoomKey of junk."""
        key = ",".join(["9"] * 32)
        self.member.send(
            'signal {"DirectCallOffer":{"caller_fingerprint":"%s","caller_alias":null,'
            '"target_fingerprint":"%s","call_id":"forged","identity_pub":[%s],'
            '"ephemeral_pub":[%s],"signature":[%s],"supported_profiles":[]}}'
            % (self.member.fingerprint, h.fingerprint, key, key, ",".join(["3"] * 64)))
        self.member.send('signal {"RoomKey":{"sender_fingerprint":"%s","recipient_fingerprint":'
                         '"%s","message":[%s]}}' % (self.member.fingerprint, h.fingerprint,
                                                    ",".join(["7"] * 56)))


@check("client", "join", "joins its room by 8.2: SNI the room key, AuthToken first, a "
       "CallOffer the relay verifies; prints `joined`", "WZP-RELAY-010", "WZP-RELAY-021",
       "WZP-RELAY-022", "WZP-RELAY-024", "WZP-CRYPTO-021")
def join(h):
    if not h.session().room_ok:
        raise Failed("the client under test joined another room than its room key")
    asked = [r for r in h.auth.requests if TOKEN.encode() in r.body]
    if not asked:
        raise Failed(f"the auth server was never asked about the token {TOKEN!r}")


@check("client", "media", "receives every datagram sent to the room byte for byte (at most 10% "
       "lost on loopback)", "WZP-RELAY-002")
def media_in(h):
    s = h.session()
    got = s.received & set(s.sent)
    if len(got) < 0.9 * len(s.sent):
        raise Failed(f"the client under test printed {len(got)} of {len(s.sent)} datagrams")


@check("client", "media", f"sends media the relay forwards: valid wzp/1 first bytes, at least "
       f"{MIN_RATE} datagrams a second", "WZP-WIRE-040")
def media_out(h):
    s = h.session()
    drops = [kv for name, kv in s.relay_events if name == "drop" and
             kv.get("member") == s.member_id]
    if drops:
        raise Failed(f"the relay refused {len(drops)} of its datagrams ({drops[0]['error']})")
    if len(s.member_got) < MIN_RATE * SECONDS:
        raise Failed(f"the other member got {len(s.member_got)} datagrams in {SECONDS} s")


@check("client", "media", "seals its media so the other member opens it: the member's pairwise "
       "handshake with it, its RoomKey, its datagrams under that sender key (skipped for a "
       "client that offers no handshake)", "WZP-CRYPTO-050", "WZP-CRYPTO-051", "WZP-CRYPTO-053",
       "WZP-CRYPTO-080")
def media_sealed(h):
    s = h.session()
    keys = s.member_keys
    if not keys["paired"]:
        raise Skipped("the client under test offered the member no pairwise handshake "
                      "(5.7): whether its media is sealed cannot be seen")
    if not keys["room-key"]:
        raise Failed("paired with the member, the client sent it no RoomKey that opens")
    if len(keys["opened"]) < MIN_RATE * SECONDS:
        raise Failed(f"the member opened {len(keys['opened'])} of the "
                     f"{len(s.member_got)} datagrams it got under the client's sender key")


@check("client", "hostile", "a forged DirectCallOffer and a junk RoomKey do not end its session",
       "WZP-CRYPTO-024")
def hostile(h):
    s = h.session()
    late = set(s.sent[TO_CLIENT // 2 + 5:])
    if not late & s.received:
        raise Failed("the client printed no datagram sent after the forged signals")


@check("client", "leave", "leaves after its time with Hangup or close code 0, exit status 0; "
       "the room is told", "WZP-RELAY-033", "WZP-RELAY-014")
def leave(h):
    s = h.session()
    left = [kv for name, kv in s.relay_events if name == "leave" and
            kv.get("member") == s.member_id]
    if not left:
        raise Failed("the relay saw the client under test stay for 1 s after it exited")
    if left[0].get("code") != "0x0":
        raise Failed(f"the client left with {left[0].get('code')}, not Hangup or code 0")
    if s.status != 0:
        raise Failed(f"the client under test exited with status {s.status}")
    counts = [kv.get("count") for kv in s.member_room]
    if "2" not in counts or "1" not in counts[len(counts) - counts[::-1].index("2"):]:
        raise Failed(f"the other member's RoomUpdate counts were {counts}: none without "
                     "the client after it")


def must_not_join(h, what, code, **override):
    lines, status, events = h.refused_run(**override)
    if lines:
        raise Failed(f"with {what} the client printed `joined`")
    if status == 0:
        raise Failed(f"with {what} the client exited with status 0")
    joins = [kv for name, kv in events if name == "join"]
    codes = [kv.get("code") for name, kv in events if name == "leave"]
    if code is not None and code not in codes:
        raise Failed(f"with {what} the client closed with {codes}, not {code}")
    return joins


@check("client", "pin", "a relay certificate other than the pinned one: closes with 0x110 "
       "before it sends anything", "WZP-RELAY-034")
def pin_cert(h):
    asked = len(h.auth.requests)
    if must_not_join(h, "a wrong certificate pin", "0x110", pin_cert="ab" * 32):
        raise Failed("with a wrong certificate pin the client joined")
    if len(h.auth.requests) != asked:
        raise Failed("with a wrong certificate pin the client still sent its AuthToken")


@check("client", "pin", "a relay identity other than the pinned one: closes with 0x110, never "
       "joined", "WZP-RELAY-034")
def pin_identity(h):
    must_not_join(h, "a wrong identity pin", "0x110", pin_fingerprint="cd" * 16)


@check("client", "auth", "a refused token: the relay closes with 0x104; the client does not "
       "claim to have joined", "WZP-RELAY-022")
def auth_refused(h):
    must_not_join(h, "a refused token", "0x104", token="not-a-valid-token")
