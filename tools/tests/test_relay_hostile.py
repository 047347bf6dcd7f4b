"""Hostile inputs against a live wzp-relay (spec/08-relay.md WZP-RELAY-036):
one test per class of hostile input. Each runs its attack while an honest
pair in room A streams datagrams both ways, then checks that the pair got
every datagram and a routed RoomKey, that neither session ended, and that
the relay counted the attack (its /metrics). One relay (ASan, auth on, a
1 s join timeout) serves the whole module; every attack is bounded in
count and time, on 127.0.0.1 only. Helpers: relay_live.py.
"""
import functools
import os
import socket
import subprocess
import time

import pytest

from relay_live import (CLIENT, ROOM_A, ROOM_B, WAIT, AuthServer, Relay, dgram, scrape,
                        values)

N = 120  # datagrams each honest member sends per test, one a millisecond
SEED_A, SEED_B = "a1" * 32, "b2" * 32


@functools.lru_cache(maxsize=None)
def fingerprint_of(seed):
    """A seed's fingerprint, as wzp-relay-client prints it before connecting."""
    run = subprocess.run([CLIENT, "--port", "9", "--seed", seed, "--timeout", "0.01"],
                         capture_output=True, text=True, timeout=WAIT)
    return run.stdout.split("fingerprint=")[1].split()[0]


def token(seed):
    return "fp:" + fingerprint_of(seed)


class Auth(AuthServer):
    """Tokens "fp:FINGERPRINT" are valid for that fingerprint; "slow:..."
    answers after 1 s; anything else is refused."""

    def verdict(self, req):
        body = req.decode()
        if '"slow:' in body:
            time.sleep(1.0)
        if '"fp:' in body:
            fp = body.split('"fp:')[1].split('"')[0]
            return 200, ('{"valid":true,"fingerprint":"%s"}' % fp).encode()
        return 200, b'{"valid":false}'


class World:
    def __init__(self):
        self.auth = Auth()
        self.relay = Relay("--auth-url", self.auth.url, "--auth-timeout-ms", "300",
                           "--join-timeout-ms", "1000", "--metrics-port", "0")
        self.metrics_port = self.relay.expect("metrics")["port"]
        self.a = self.member(SEED_A, "--quiet")
        self.b = self.member(SEED_B, "--quiet")
        self.got = {"a": 0, "b": 0}

    def member(self, seed=None, *args, room=ROOM_A):
        seed = seed or os.urandom(32).hex()
        return self.relay.client("--seed", seed, "--token", token(seed), "--room", room, *args)

    def metrics(self):
        return values(scrape(self.metrics_port)[1])

    def close(self):
        self.relay.stop()
        self.auth.close()


@pytest.fixture(scope="module")
def world():
    w = World()
    yield w
    w.close()


@pytest.fixture(autouse=True)
def attackers_leave(world):
    """Each test's attackers are gone before the next test."""
    known = list(world.relay.clients)
    yield
    for c in world.relay.clients:
        if c not in known:
            c.finish()
            err = c.stderr()
            assert "Sanitizer" not in err and "runtime error" not in err, err
    world.relay.clients = known


def intact(world, extra_a=0, extra_b=0):
    """The honest pair's streams arrived whole and both sessions live on."""
    a, b = world.a, world.b
    deadline = time.monotonic() + WAIT
    while True:
        sa, sb = a.stats(), b.stats()
        if (sa["datagrams"] - world.got["a"] >= N + extra_a and
                sb["datagrams"] - world.got["b"] >= N + extra_b) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert (sa["datagrams"] - world.got["a"], sb["datagrams"] - world.got["b"]) == (
        N + extra_a, N + extra_b)
    world.got = {"a": sa["datagrams"], "b": sb["datagrams"]}
    key = ('{"RoomKey":{"sender_fingerprint":"%s","recipient_fingerprint":"%s",'
           '"message":[%s]}}' % (a.fingerprint, b.fingerprint, ",".join(["9"] * 56)))
    a.send("signal " + key)
    assert b.expect("signal", variant="RoomKey")["body"] == key
    for c in (a, b):
        assert not [e for e, _ in c.seen if e.startswith("closed")], c.seen


def under_attack(world, attack, extra_a=0, extra_b=0):
    """Runs attack while the pair streams; the metrics' changes."""
    before = world.metrics()
    world.a.send(f"burst {N} 00a1")
    world.b.send(f"burst {N} 00b2")
    attack()
    intact(world, extra_a, extra_b)
    after = world.metrics()
    return {k: after[k] - before.get(k, 0) for k in after}


def raw(world, *args):
    return world.relay.raw(*args)


def raw_in_room(world):
    """A raw connection to room A, past its QUIC handshake."""
    c = raw(world, "--sni", ROOM_A)
    c.expect("handshake")
    return c


def raw_authed(world):
    """A raw connection past the AuthToken step, for attacks on the next one."""
    c = raw_in_room(world)
    c.send('message {"AuthToken":{"token":"%s"}}' % token(os.urandom(32).hex()))
    return c


def test_garbage_datagrams_from_a_member(world):
    """WZP-RELAY-036, -013: reserved first bytes, random bytes."""
    m = world.member()
    delta = under_attack(world, lambda: [m.send("datagram ff" + os.urandom(20).hex())
                                         for _ in range(40)])
    assert delta["wzp_relay_datagrams_dropped_total"] == 40


def test_trunk_frames_from_a_client(world):
    """WZP-RELAY-036, -003: TRUNK frames run between relays only."""
    m = world.member()
    delta = under_attack(world, lambda: [m.send("datagram 3c0001000a") for _ in range(20)])
    assert delta["wzp_relay_datagrams_dropped_total"] == 20


def test_datagrams_before_the_join(world):
    """WZP-RELAY-036, -021: a connection that never joined sends media."""
    c = raw_in_room(world)
    delta = under_attack(world, lambda: [c.send("datagram " + dgram("x")) for _ in range(30)])
    assert delta["wzp_relay_datagrams_dropped_total"] == 30


def test_datagrams_from_a_probe(world):
    """WZP-RELAY-036, -011: a probe joins no room."""
    c = raw(world, "--sni", "probe")
    c.expect("handshake")
    delta = under_attack(world, lambda: [c.send("datagram " + dgram("p")) for _ in range(30)])
    assert delta["wzp_relay_datagrams_dropped_total"] == 30


def test_bad_json_signals_from_a_member(world):
    """WZP-RELAY-036, -015: text that is not JSON, NUL, duplicate keys."""
    m = world.member()
    bad = ["garbage", "{", '{"Ping":{"timestamp_ms":1,"timestamp_ms":2}}', '"\\u0000"', "[]"]
    delta = under_attack(world, lambda: [m.send("signal " + t) for t in bad * 4])
    assert delta["wzp_relay_bad_signals_total"] == 20


def test_unknown_variants_and_bad_fields(world):
    """WZP-RELAY-036, -015: unknown variants, wrong types, out of range."""
    m = world.member()
    bad = ['{"Nope":{}}', '{"Ping":{"timestamp_ms":"1"}}', '{"Ping":{"timestamp_ms":-1}}',
           '{"RoomKey":{"sender_fingerprint":"x","recipient_fingerprint":"y","message":[1]}}']
    delta = under_attack(world, lambda: [m.send("signal " + t) for t in bad * 5])
    assert delta["wzp_relay_bad_signals_total"] == 20


def test_oversize_signal_streams(world):
    """WZP-RELAY-036, WZP-WIRE-061, WZP-TRANS-005: a length over 1 MiB,
    refused at once."""
    c = raw_authed(world)
    delta = under_attack(world, lambda: [c.send("stream 00100001" + "7b" * 64)
                                         for _ in range(10)])
    assert delta["wzp_relay_bad_signals_total"] == 10


def test_truncated_signal_streams(world):
    """WZP-RELAY-036, WZP-WIRE-062, WZP-TRANS-005: FIN before the
    announced length."""
    c = raw_authed(world)
    delta = under_attack(world, lambda: [c.send("stream 00000040" + "7b22" * 4)
                                         for _ in range(10)])
    assert delta["wzp_relay_bad_signals_total"] == 10


def test_streams_past_the_connection_budget_are_reset(world):
    """WZP-RELAY-036, WZP-TRANS-005: 100 open streams of 30 kB each
    (3 MB) pass the 2 MiB a connection may hold in incomplete messages;
    the streams beyond it are reset and counted."""
    c = raw_authed(world)
    chunk = "000fffff" + "20" * 30000
    delta = under_attack(world, lambda: [c.send("openstream " + chunk) for _ in range(100)])
    assert 20 <= delta["wzp_relay_bad_signals_total"] <= 40


def test_bytes_after_a_signal_message(world):
    """WZP-RELAY-036, WZP-WIRE-062: in wzp/1 a byte after the message makes
    it bad; the same message without it is taken."""
    c = raw_authed(world)
    hold = '"Hold"'.encode().hex()
    delta = under_attack(world, lambda: [c.send("stream 00000006" + hold + "20")
                                         for _ in range(10)])
    assert delta["wzp_relay_bad_signals_total"] == 10
    world.relay.expect("bad-signal", error="trailing_bytes")
    c.send("stream 00000006" + hold)  # whole: read (and, before the join, refused)
    world.relay.expect("signal", variant="Hold")
    c.expect("closed", code="0x109")


def test_empty_signal_messages(world):
    """WZP-RELAY-036: a zero length is an empty text, not JSON."""
    c = raw_authed(world)
    delta = under_attack(world, lambda: [c.send("stream 00000000") for _ in range(10)])
    assert delta["wzp_relay_bad_signals_total"] == 10


def test_slow_signal_streams_end_at_the_join_timeout(world):
    """WZP-RELAY-036, -030, WZP-TRANS-005: streams left open hold nothing up; the
    connection that never joins is closed at the join timeout."""
    c = raw_authed(world)
    delta = under_attack(world, lambda: [c.send("openstream 000000ff7b") for _ in range(20)])
    c.expect("closed", kind="peer", code="0x108")
    assert world.metrics()['wzp_relay_refused_total{reason="join_timeout"}'] >= 1
    assert delta["wzp_relay_bad_signals_total"] == 0


def test_bad_tokens(world):
    """WZP-RELAY-036, -022: refused tokens end only their own connections."""
    def attack():
        cs = [world.relay.client("--token", "stolen", "--room", ROOM_A, join=False)
              for _ in range(5)]
        for c in cs:
            c.expect("closed", code="0x104")
    delta = under_attack(world, attack)
    assert delta['wzp_relay_auth_attempts_total{result="fail"}'] == 5
    assert delta['wzp_relay_refused_total{reason="auth_failed"}'] == 5


def test_a_slow_auth_answer_stalls_no_one(world):
    """WZP-RELAY-036, -023, D-0062: the relay waits for no auth server."""
    def attack():
        for _ in range(3):
            c = raw_in_room(world)
            c.send('message {"AuthToken":{"token":"slow:1"}}')
    under_attack(world, attack)
    time.sleep(0.5)
    assert world.metrics()['wzp_relay_refused_total{reason="auth_unavailable"}'] >= 3


def test_messages_out_of_order(world):
    """WZP-RELAY-036, -021: a Hangup instead of the AuthToken."""
    def attack():
        for _ in range(5):
            c = raw_in_room(world)
            c.send('message {"Hangup":{"reason":"Normal"}}')
            c.expect("closed", code="0x109")
    delta = under_attack(world, attack)
    assert delta['wzp_relay_refused_total{reason="protocol"}'] == 5


def test_forged_call_offers(world):
    """WZP-RELAY-036, -024: a CallOffer whose signature does not verify."""
    key = ",".join(["5"] * 32)
    offer = ('{"CallOffer":{"identity_pub":[%s],"ephemeral_pub":[%s],"signature":[%s],'
             '"supported_profiles":[],"alias":null}}' % (key, key, ",".join(["1"] * 64)))

    def attack():
        for _ in range(5):
            c = raw_authed(world)
            c.send("message " + offer)
            c.expect("closed", code="0x107")
    delta = under_attack(world, attack)
    assert delta['wzp_relay_refused_total{reason="handshake_failed"}'] == 5


def test_replayed_media(world):
    """WZP-RELAY-036: a member replaying what it received; the relay
    forwards opaque bytes (replays are for receivers' keys to reject)."""
    m = world.member()
    replay = "00a1" + "00000001"
    delta = under_attack(world, lambda: [m.send("datagram " + replay) for _ in range(10)],
                         extra_a=10, extra_b=10)
    assert delta["wzp_relay_packets_forwarded_total"] >= 2 * N + 20


def test_tampered_media(world):
    """WZP-RELAY-036: flipped bytes go on unchanged, reaching both members."""
    m = world.member()
    tampered = "00a1" + "ffffffff" + os.urandom(16).hex()
    delta = under_attack(world, lambda: [m.send("datagram " + tampered) for _ in range(10)],
                         extra_a=10, extra_b=10)
    assert delta["wzp_relay_bytes_forwarded_total"] >= 20 * (len(tampered) // 2)


def test_traffic_for_other_rooms(world):
    """WZP-RELAY-036, -010, -028: media and member signals from room B
    never reach room A."""
    x = world.member(room=ROOM_B)
    key = ('{"RoomKey":{"sender_fingerprint":"%s","recipient_fingerprint":"%s",'
           '"message":[%s]}}' % (x.fingerprint, world.a.fingerprint, ",".join(["1"] * 56)))

    def attack():
        for _ in range(10):
            x.send("datagram " + dgram("b"))
            x.send("signal " + key)
    delta = under_attack(world, attack)
    assert delta["wzp_relay_signals_dropped_total"] == 10
    world.a.nothing("signal", timeout=0.2)


def test_forged_sender_fingerprints(world):
    """WZP-RELAY-036, -027: a RoomKey claiming to come from a."""
    m = world.member()
    key = ('{"RoomKey":{"sender_fingerprint":"%s","recipient_fingerprint":"%s",'
           '"message":[%s]}}' % (world.a.fingerprint, world.b.fingerprint,
                                 ",".join(["3"] * 56)))
    delta = under_attack(world, lambda: [m.send("signal " + key) for _ in range(10)])
    assert delta["wzp_relay_signals_dropped_total"] == 10
    world.b.nothing("signal", timeout=0.2)


def test_answers_to_calls_never_offered(world):
    """WZP-RELAY-036, -028: DirectCallAnswer with unknown call_ids."""
    m = world.member()
    ans = '{"DirectCallAnswer":{"call_id":"%s","accept_mode":"AcceptGeneric"}}'
    delta = under_attack(world, lambda: [m.send("signal " + ans % i) for i in range(10)])
    assert delta["wzp_relay_signals_dropped_total"] == 10


def test_forged_room_updates_and_answers_are_not_forwarded(world):
    """WZP-RELAY-036, -028: only routed variants go between members."""
    m = world.member()
    forged = ['{"RoomUpdate":{"count":0,"participants":[]}}',
              '{"Pong":{"timestamp_ms":1}}', '"Hold"']
    delta = under_attack(world, lambda: [m.send("signal " + t) for t in forged * 3])
    assert delta["wzp_relay_signals_total"] >= 9
    world.b.nothing("room", timeout=0.2)


def test_a_twin_of_a_member(world):
    """WZP-RELAY-036, -029: a's identity again is refused; a stays."""
    def attack():
        twin = world.relay.client("--seed", SEED_A, "--token", token(SEED_A), "--room",
                                  ROOM_A, join=False)
        twin.expect("closed", code="0x10b")
    delta = under_attack(world, attack)
    assert delta['wzp_relay_refused_total{reason="already_joined"}'] == 1


def test_a_flood_of_bad_server_names(world):
    """WZP-RELAY-036, -012: 15 handshakes with names that are no room."""
    def attack():
        cs = [raw(world, "--sni", f"x{i}.example") for i in range(15)]
        for c in cs:
            c.expect("closed", code="0x101")
    delta = under_attack(world, attack)
    assert delta['wzp_relay_refused_total{reason="unknown_server_name"}'] == 15


def test_a_flood_of_silent_handshakes(world):
    """WZP-RELAY-036, -030: 10 connections that never say a word."""
    def attack():
        cs = [raw(world, "--sni", ROOM_A) for _ in range(10)]
        for c in cs:
            c.expect("handshake")
        world.silent = cs
    under_attack(world, attack)
    for c in world.silent:
        c.expect("closed", code="0x108")
    assert world.metrics()['wzp_relay_refused_total{reason="join_timeout"}'] >= 10


def test_a_flood_of_pings(world):
    """WZP-RELAY-036, -016: 200 Pings from one member, each answered."""
    m = world.member()
    delta = under_attack(world, lambda: [m.send('signal {"Ping":{"timestamp_ms":%d}}' % i)
                                         for i in range(200)])
    deadline = time.monotonic() + WAIT
    while m.stats()["signals"] < 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert m.stats()["signals"] == 200
    assert delta["wzp_relay_pongs_total"] >= 150


def test_a_second_call_offer_changes_nothing(world):
    """WZP-RELAY-036: a joined member offering again stays one member."""
    m = world.member()
    key = ",".join(["5"] * 32)
    offer = ('{"CallOffer":{"identity_pub":[%s],"ephemeral_pub":[%s],"signature":[%s],'
             '"supported_profiles":[],"alias":null}}' % (key, key, ",".join(["1"] * 64)))
    delta = under_attack(world, lambda: [m.send("signal " + offer) for _ in range(5)])
    assert delta["wzp_relay_joins_total"] == 0
    assert delta["wzp_relay_active_sessions"] == 0


def test_udp_garbage_at_the_quic_port(world):
    """WZP-RELAY-036: packets that are not QUIC at all, counted and dropped."""
    before = world.metrics()["wzp_relay_connections_total"]
    ignored = world.metrics()["wzp_relay_quic_packets_ignored_total"]

    def attack():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for i in range(200):
                s.sendto(os.urandom(1 + i * 7 % 1300), ("127.0.0.1", int(world.relay.port)))
    under_attack(world, attack)
    assert world.metrics()["wzp_relay_connections_total"] == before
    assert world.metrics()["wzp_relay_quic_packets_ignored_total"] - ignored >= 150


def test_datagrams_longer_than_a_read_slot_are_dropped_and_counted(world):
    """WZP-TRANS-007, WZP-RELAY-036, D-0065: the relay reads datagrams in batches into
    2048-byte slots and advertises max_udp_payload_size 2048; a longer one
    arrives cut short and is dropped whole (each one counted), never parsed
    as the prefix that fit, and an empty one likewise. The members' stream
    goes on meanwhile."""
    before = world.metrics()["wzp_relay_connections_total"]
    ignored = world.metrics()["wzp_relay_quic_packets_ignored_total"]
    sizes = [2049, 2050, 4096, 9000, 65000, 0]
    # A client Initial's first bytes, so a parsed prefix would start a connection.
    initial = bytes([0xc3, 0, 0, 0, 1, 8]) + os.urandom(8) + bytes([8]) + os.urandom(8)

    def attack():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for n in sizes:
                s.sendto((initial + os.urandom(n))[:n], ("127.0.0.1", int(world.relay.port)))
    under_attack(world, attack)
    assert world.metrics()["wzp_relay_connections_total"] == before
    assert world.metrics()["wzp_relay_quic_packets_ignored_total"] - ignored == len(sizes)
