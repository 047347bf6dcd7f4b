"""wzp-relay (ref/relay) live on 127.0.0.1: rooms, the join of spec/08-relay.md
8.2 (auth, the relay-hop handshake, RoomUpdate, routed member signals),
pinning (8.3), metrics, config. The relay runs from the ASan build and must
end with exit status 0 on SIGTERM and no sanitizer report (a leak fails
too). Helpers: relay_live.py. Hostile inputs: test_relay_hostile.py.
"""
import json
import os
import socket
import subprocess
import threading
import time

import pytest

from relay_live import (CLIENT, RAW, RELAY, Proc, ROOM_A, ROOM_B, WAIT, AuthServer, Relay, dgram, scrape,
                        values)


@pytest.fixture
def relay():
    r = Relay()
    yield r
    if r.proc.poll() is None:
        r.stop()


@pytest.fixture
def auth():
    a = AuthServer()
    a.alias = "from-auth"
    yield a
    a.close()


def signal_body(c, variant):
    return c.expect("signal", variant=variant)["body"]


def test_datagram_goes_to_the_others_in_the_room_unchanged_and_nowhere_else(relay):
    """WZP-RELAY-002, -010: three members of room A, one of room B."""
    a1, a2, a3 = (relay.client("--room", ROOM_A) for _ in range(3))
    b1 = relay.client("--room", ROOM_B)
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


@pytest.mark.parametrize("profile,ts", [([], "1234"), ([], "9223372036854775807"),
                                         (["--upstream"], "1700000000123")])
def test_ping_gets_pong_with_the_same_timestamp(relay, profile, ts):
    """WZP-RELAY-016, in both profiles, after the relay-hop handshake."""
    c = relay.client("--room", ROOM_A, *profile)
    c.send('signal {"Ping":{"timestamp_ms":%s}}' % ts)
    assert signal_body(c, "Pong") == '{"Pong":{"timestamp_ms":%s}}' % ts
    relay.expect("signal", variant="Ping")
    assert relay.stop()["pongs"] == "1"


def test_refused_datagrams_are_counted_and_the_session_stays(relay):
    """WZP-RELAY-003, WZP-WIRE-040, WZP-TRANS-004: a reserved first byte,
    a TRUNK frame."""
    a1, a2 = relay.client("--room", ROOM_A), relay.client("--room", ROOM_A)
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
    c = relay.client("--room", ROOM_A)
    for bad, error in [("garbage", "bad_json"), ('{"NoSuchVariant":{}}', "unknown_variant"),
                       ('{"Ping":{}}', "missing_field"),
                       ('{"Ping":{"timestamp_ms":"x"}}', "field_type"), ("[]", "bad_envelope"),
                       ('{"Ping":{"timestamp_ms":18446744073709551615}}', "field_range")]:
        c.send("signal " + bad)
        relay.expect("bad-signal", error=error)
    c.send('signal {"Ping":{"timestamp_ms":7}}')
    assert signal_body(c, "Pong") == '{"Pong":{"timestamp_ms":7}}'
    stats = relay.stop()
    # the CallOffer and the Ping
    assert (stats["bad_signals"], stats["signals"], stats["pongs"]) == ("6", "2", "1")


@pytest.mark.parametrize("offer", [["--alpn", "h3"], ["--alpn", "wzp/2"], ["--no-alpn"]])
def test_other_alpn_is_refused_and_the_relay_goes_on(relay, offer):
    """WZP-PROF-002 at the relay: no_application_protocol (0x178)."""
    bad = relay.raw(*offer)
    bad.expect("closed", kind="peer", code="0x178")
    assert bad.finish() == 1
    relay.nothing("join")
    relay.client("--room", ROOM_A)
    assert relay.stop()["connections"] == "1"


def test_a_member_leaving_leaves_the_others_working(relay):
    """WZP-RELAY-014, -026: a clean close and a killed client; RoomUpdates."""
    a1, a2, a3, a4 = (relay.client("--room", ROOM_A) for _ in range(4))
    a3.send("close")
    a3.expect("closed", kind="local")
    relay.expect("leave", member=a3.member)
    a1.expect("room", count="3", members=",".join(c.fingerprint for c in (a1, a2, a4)))
    a4.proc.kill()  # leaves only at its idle timeout: nothing said
    sent = dgram("x")
    a1.send("datagram " + sent)
    assert a2.expect("datagram")["hex"] == sent
    a2.send("datagram " + sent)
    assert a1.expect("datagram")["hex"] == sent
    relay.stop()


def test_room_update_lists_members_in_join_order_with_aliases(relay):
    """WZP-RELAY-026: every join sends every member the list."""
    a = relay.client("--room", ROOM_A, "--alias", "alice")
    assert a.seen[-1][1] == {"count": "1", "members": a.fingerprint, "aliases": "alice"}
    b = relay.client("--room", ROOM_A)
    both = {"count": "2", "members": f"{a.fingerprint},{b.fingerprint}", "aliases": "alice,"}
    assert a.expect("room") == both and b.seen[-1][1] == both
    relay.client("--room", ROOM_B)
    a.nothing("room")
    relay.stop()


def test_an_empty_room_is_freed(relay):
    """WZP-RELAY-014: member ids restart at 1 in a room made again."""
    a1 = relay.client("--room", ROOM_A)
    assert a1.member == "1"
    a1.send("close")
    relay.expect("leave", member="1")
    assert relay.client("--room", ROOM_A).member == "1"
    b = [relay.client("--room", ROOM_B) for _ in range(2)]
    assert [c.member for c in b] == ["1", "2"]
    relay.stop()


def test_rooms_are_kept_apart_by_profile(relay):
    """WZP-RELAY-010: the same room key under wzp/1 and wzp is two rooms."""
    v1 = relay.client("--room", ROOM_A)
    up = relay.client("--room", ROOM_A, "--upstream")
    assert (v1.member, up.member) == ("1", "1")
    v1.send("datagram " + dgram("v1"))
    up.nothing("datagram")
    relay.stop()


def test_the_relay_reports_its_socket_buffers(relay):
    """WZP-TRANS-006: 1 MiB asked for, what the kernel granted printed
    (Linux doubles a request within net.core.rmem_max / wmem_max)."""
    listening = next(kv for ev, kv in relay.seen if ev == "listening")
    rmem = int(open("/proc/sys/net/core/rmem_max").read())
    wmem = int(open("/proc/sys/net/core/wmem_max").read())
    assert int(listening["rcvbuf"]) == 2 * min(1 << 20, rmem)
    assert int(listening["sndbuf"]) == 2 * min(1 << 20, wmem)
    relay.stop()


def test_default_is_the_default_room_and_so_is_no_sni(relay):
    """WZP-RELAY-010."""
    relay.client("--room", "default")
    assert relay.seen[-1][1]["room"] == "default"
    raw = relay.raw("--no-sni")
    raw.expect("handshake")
    relay.stop()


def test_probe_answers_ping_and_joins_no_room(relay):
    """WZP-RELAY-011: the reserved name probe (decision 0060)."""
    p = relay.raw("--sni", "probe")
    p.expect("handshake")
    relay.expect("probe")
    p.send('message {"Ping":{"timestamp_ms":42}}')
    assert p.expect("message")["body"] == '{"Pong":{"timestamp_ms":42}}'
    p.send("datagram " + dgram("p"))
    relay.expect("drop", error="not_joined")
    stats = relay.stop()
    assert (stats["pongs"], stats["dropped"]) == ("1", "1")


@pytest.mark.parametrize("sni,code", [
    ("relay", "0x102"), ("signal", "0x102"), ("federation", "0x102"),
    ("localhost", "0x101"), ("5D61FADDBB77F2A92F815BBAAC9DBC91", "0x101"),
    (ROOM_A[:-1], "0x101"), (ROOM_A + "0", "0x101"), ("defaults", "0x101"),
])
def test_other_names_are_closed_with_a_code(relay, sni, code):
    """WZP-RELAY-012, -013: reserved names not served yet, unknown names."""
    c = relay.raw("--sni", sni)
    c.expect("closed", kind="peer", application="1", code=code)
    assert c.finish() == 1
    relay.expect("refused", sni=sni, code=code)
    assert relay.stop()["connections"] == "0"


@pytest.mark.parametrize("sni", ["_probe", "_relay", "_signal", "_federation"])
def test_upstream_reserved_names_fail_in_the_tls_handshake(relay, sni):
    """Decision 0060: GnuTLS refuses underscores (illegal_parameter, 0x12f)."""
    c = relay.raw("--sni", sni)
    c.expect("closed", kind="peer", application="0", code="0x12f")
    assert c.finish() == 1
    relay.stop()


@pytest.mark.parametrize("sni", ["probe", "relay", "signal", "federation"])
def test_every_reserved_name_completes_the_tls_handshake(relay, sni):
    """WZP-RELAY-011, decision 0060: GnuTLS accepts each reserved name."""
    c = relay.raw("--sni", sni)
    c.expect("handshake")
    relay.stop()


def test_sigterm_closes_every_client_and_exits_zero(relay):
    """WZP-RELAY-017."""
    a1, a2 = relay.client("--room", ROOM_A), relay.client()
    relay.stop()
    for c in (a1, a2):
        c.expect("closed", kind="peer", application="1", code="0x0",
                 reason="relay shutting down")


def test_help_and_bad_arguments():
    """WZP-RELAY-017: --help exits 0, a bad argument 64."""
    ok = subprocess.run([RELAY, "--help"], capture_output=True, text=True, timeout=WAIT)
    assert ok.returncode == 0 and "--listen" in ok.stdout and "--auth-url" in ok.stdout
    for bad in (["--bogus"], ["--listen"], ["--listen", "127.0.0.1"], ["--listen", ":1"],
                ["--listen", "[::1:4433"], ["--max-sessions", "0"],
                ["--join-timeout-ms", "x"], ["--acl", "/nonexistent"]):
        run = subprocess.run([RELAY, *bad], capture_output=True, text=True, timeout=WAIT)
        assert run.returncode == 64, (bad, run)


def test_state_dir_keeps_both_identities_across_restarts(tmp_path):
    """WZP-RELAY-018, -025: certificate and Ed25519 seed, made once."""
    state = tmp_path / "state"
    seen = []
    for created in ("1", "0"):
        relay = Relay("--state-dir", str(state))
        cert = relay.seen[0][1]
        assert relay.seen[0][0] == "identity" and cert["created"] == created
        assert relay.identity["created"] == created
        c = relay.client()
        assert c.joined["cert"] == cert["fingerprint"]
        assert c.joined["relay"] == relay.identity["fingerprint"]
        seen.append((cert["fingerprint"], relay.identity["fingerprint"]))
        relay.stop()
    assert seen[0] == seen[1] and len(seen[0][0]) == 64 and len(seen[0][1]) == 32
    assert (state / "relay-key.pem").stat().st_mode & 0o777 == 0o600
    assert (state / "relay-seed").stat().st_mode & 0o777 == 0o600
    assert state.stat().st_mode & 0o777 == 0o700


def test_without_state_dir_each_start_has_new_identities():
    """WZP-RELAY-018, -025: the control for the test above."""
    got = []
    for _ in range(2):
        relay = Relay()
        assert not [ev for ev, _ in relay.seen if ev == "identity"]
        c = relay.client()
        got.append((c.joined["cert"], c.joined["relay"]))
        relay.stop()
    assert got[0][0] != got[1][0] and got[0][1] != got[1][1]


def test_an_unusable_state_dir_exits_one(tmp_path):
    """WZP-RELAY-017, -018, -025: a file in the way; a damaged seed."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    run = subprocess.run([RELAY, "--listen", "127.0.0.1:0", "--state-dir", str(blocker / "s")],
                         capture_output=True, text=True, timeout=WAIT)
    assert run.returncode == 1 and "identity" in run.stderr, run
    state = tmp_path / "state"
    Relay("--state-dir", str(state)).stop()
    (state / "relay-seed").write_text("00" * 31 + "\n")
    run = subprocess.run([RELAY, "--listen", "127.0.0.1:0", "--state-dir", str(state)],
                         capture_output=True, text=True, timeout=WAIT)
    assert run.returncode == 1 and "relay-seed" in run.stderr, run
    assert (state / "relay-seed").read_text() == "00" * 31 + "\n"  # never replaced


def test_pins_are_learned_then_enforced(tmp_path):
    """WZP-RELAY-034: trust on first use, then a changed relay is refused."""
    pins, state = tmp_path / "pins", tmp_path / "state"
    relay = Relay("--state-dir", str(state))
    first = relay.client("--pin-file", str(pins))
    assert (first.joined["pinned"], first.joined["learned"]) == ("0", "1")
    line = f"127.0.0.1:{relay.port} {first.joined['cert']} {first.joined['relay']}\n"
    assert pins.read_text() == line
    again = relay.client("--pin-file", str(pins))
    assert (again.joined["pinned"], again.joined["learned"]) == ("1", "0")
    relay.stop()
    # The same port, another relay: a new certificate and identity.
    other = Relay("--listen", f"127.0.0.1:{relay.port}")
    c = other.client("--pin-file", str(pins), join=False)
    c.expect("closed", kind="local", code="0x110", reason="pin mismatch")
    c.expect("closed-joined", joined="0")
    other.nothing("join")
    assert pins.read_text() == line
    other.stop()


def test_configured_pins_are_enforced(relay):
    """WZP-RELAY-034: the certificate before anything is sent, the identity
    at the CallAnswer; the right pins join."""
    good = relay.client()
    cert, fp = good.joined["cert"], good.joined["relay"]
    ok = relay.client("--pin-cert", cert, "--pin-fingerprint", fp)
    assert ok.joined["pinned"] == "1"
    bad_cert = relay.client("--pin-cert", "00" * 32, "--token", "secret", join=False)
    bad_cert.expect("closed", kind="local", code="0x110")
    relay.nothing("signal", timeout=0.3)  # nothing was sent: not even the token
    bad_fp = relay.client("--pin-fingerprint", "ff" * 16, join=False)
    bad_fp.expect("closed", kind="local", code="0x110")
    bad_fp.expect("closed-joined", joined="0")
    relay.stop()


def test_auth_accepts_a_valid_token_and_sends_what_featherchat_expects(auth):
    """WZP-RELAY-022: POST {"token"} as JSON; the auth alias fills in."""
    relay = Relay("--auth-url", auth.url, "--metrics-port", "0")
    port = relay.expect("metrics")["port"]
    seed = "11" * 32
    probe = relay.client("--seed", seed, join=False)  # only to learn the fingerprint
    probe.finish()
    auth.tokens["good-token"] = probe.fingerprint
    c = relay.client("--seed", seed, "--token", "good-token")
    assert c.seen[-1][1]["aliases"] == "from-auth"
    path, ctype, body = auth.requests[-1]
    assert (path, ctype, json.loads(body)) == ("/v1/auth/validate", "application/json",
                                                {"token": "good-token"})
    assert values(scrape(port)[1])['wzp_relay_auth_attempts_total{result="ok"}'] == 1
    relay.stop()


@pytest.mark.parametrize("why", ["unknown", "other-identity", "bad-json", "no-fingerprint"])
def test_auth_refuses_bad_tokens_with_0x104(auth, why):
    """WZP-RELAY-022, D-0061: refused, mismatched or malformed answers."""
    relay = Relay("--auth-url", auth.url, "--metrics-port", "0")
    port = relay.expect("metrics")["port"]
    auth.tokens["t"] = "ab" * 16  # not the client's fingerprint
    auth.body = {"bad-json": b"{not json", "no-fingerprint": b'{"valid":true}'}.get(why)
    c = relay.client("--token", "t" if why != "unknown" else "nope", join=False)
    c.expect("closed", kind="peer", code="0x104", reason="auth failed")
    relay.nothing("join")
    m = values(scrape(port)[1])
    assert m['wzp_relay_auth_attempts_total{result="fail"}'] == 1
    assert m['wzp_relay_refused_total{reason="auth_failed"}'] == 1
    relay.stop()


@pytest.mark.parametrize("mode", ["error", "slow", "down"])
def test_auth_server_down_or_slow_refuses_with_0x10a(auth, mode):
    """WZP-RELAY-023, D-0062: 5xx, no answer in time, nothing listening."""
    url = auth.url
    if mode == "down":
        auth.close()
    auth.down, auth.delay = mode == "error", 2.0 * (mode == "slow")
    relay = Relay("--auth-url", url, "--auth-timeout-ms", "300")
    c = relay.client("--token", "t", join=False)
    c.expect("closed", kind="peer", code="0x10a", reason="auth unavailable")
    relay.stop()
    if mode == "down":
        auth.server = type("Closed", (), {"shutdown": lambda s: None,
                                          "server_close": lambda s: None})()


def test_with_auth_the_first_message_must_be_the_token(auth):
    """WZP-RELAY-021: a CallOffer first is a protocol error (0x109)."""
    relay = Relay("--auth-url", auth.url)
    c = relay.client(join=False)
    c.expect("closed", kind="peer", code="0x109", reason="protocol")
    relay.stop()


def test_without_auth_a_token_is_ignored(relay):
    """WZP-RELAY-021: an AuthToken to a relay without auth does no harm."""
    relay.client("--token", "whatever")
    assert ("ignored", {"variant": "AuthToken", "reason": "no_auth"}) in relay.seen
    relay.stop()


def direct_offer(caller, target, call_id="c1"):
    key = ",".join(["1"] * 32)
    return ('{"DirectCallOffer":{"caller_fingerprint":"%s","caller_alias":null,'
            '"target_fingerprint":"%s","call_id":"%s","identity_pub":[%s],'
            '"ephemeral_pub":[%s],"signature":[%s],"supported_profiles":[]}}'
            % (caller, target, call_id, key, key, ",".join(["2"] * 64)))


def direct_answer(call_id="c1"):
    return '{"DirectCallAnswer":{"call_id":"%s","accept_mode":"AcceptGeneric"}}' % call_id


def room_key(sender, recipient):
    return ('{"RoomKey":{"sender_fingerprint":"%s","recipient_fingerprint":"%s",'
            '"message":[%s]}}' % (sender, recipient, ",".join(["7"] * 56)))


def test_member_signals_go_unread_to_the_named_member_only(relay):
    """WZP-RELAY-027: DirectCallOffer by target, DirectCallAnswer by call_id,
    RoomKey by recipient; byte for byte, to that member and no other."""
    a, b, c = (relay.client("--room", ROOM_A) for _ in range(3))
    offer = direct_offer(a.fingerprint, b.fingerprint)
    a.send("signal " + offer)
    assert signal_body(b, "DirectCallOffer") == offer
    b.send("signal " + direct_answer())
    assert signal_body(a, "DirectCallAnswer") == direct_answer()
    key = room_key(c.fingerprint, a.fingerprint)
    c.send("signal " + key)
    assert signal_body(a, "RoomKey") == key
    for other in (b, c):
        other.nothing("signal", timeout=0.2)
    c.nothing("signal", timeout=0.2)
    stats = relay.stop()
    assert stats["signals"] == "6"  # three offers to the relay and three routed


def test_member_signals_with_bad_routes_are_dropped_and_counted():
    """WZP-RELAY-028: unknown target, self, another room, a forged sender, an
    unknown or spent call_id; the sender stays and the next one goes."""
    relay = Relay("--metrics-port", "0")
    port = relay.expect("metrics")["port"]
    a, b = relay.client("--room", ROOM_A), relay.client("--room", ROOM_A)
    x = relay.client("--room", ROOM_B)
    bad = [direct_offer(a.fingerprint, "cd" * 16), direct_offer(a.fingerprint, a.fingerprint),
           direct_offer(a.fingerprint, x.fingerprint), direct_offer(b.fingerprint, b.fingerprint),
           direct_answer("never-offered"), room_key(b.fingerprint, b.fingerprint),
           room_key(a.fingerprint, x.fingerprint)]
    for text in bad:
        a.send("signal " + text)
        relay.expect("route-drop")
    b.nothing("signal", timeout=0.2)
    x.nothing("signal", timeout=0.1)
    a.send("signal " + direct_offer(a.fingerprint, b.fingerprint, "c9"))
    b.expect("signal", variant="DirectCallOffer")
    b.send("signal " + direct_answer("c9"))
    a.expect("signal", variant="DirectCallAnswer")
    b.send("signal " + direct_answer("c9"))  # spent
    relay.expect("route-drop")
    m = values(scrape(port)[1])
    assert (m["wzp_relay_signals_dropped_total"], m["wzp_relay_signals_forwarded_total"]) == (8, 2)
    relay.stop()


def test_a_member_keeps_the_latest_64_call_ids(relay):
    """WZP-RELAY-027: of 65 offers to one member, the first call_id is
    forgotten and the others are answered (the memory grows from 4 entries
    and wraps at 64)."""
    a, b = relay.client("--room", ROOM_A), relay.client("--room", ROOM_A)
    for i in range(65):
        a.send("signal " + direct_offer(a.fingerprint, b.fingerprint, f"c{i}"))
        b.expect("signal", variant="DirectCallOffer")
    b.send("signal " + direct_answer("c0"))
    relay.expect("route-drop")
    for i in (1, 4, 5, 63, 64):
        b.send("signal " + direct_answer(f"c{i}"))
        assert signal_body(a, "DirectCallAnswer") == direct_answer(f"c{i}")
    relay.stop()


def test_a_second_connection_with_a_members_identity_is_refused(relay):
    """WZP-RELAY-029: 0x10b, and the member stays."""
    seed = "22" * 32
    a = relay.client("--seed", seed, "--room", ROOM_A)
    b = relay.client("--room", ROOM_A)
    twin = relay.client("--seed", seed, "--room", ROOM_A, join=False)
    twin.expect("closed", kind="peer", code="0x10b", reason="already joined")
    relay.client("--seed", seed, "--room", ROOM_B)  # another room is fine
    a.send("datagram " + dgram("still"))
    b.expect("datagram")
    relay.stop()


def test_join_timeout_closes_a_silent_connection(relay_args=("--join-timeout-ms", "300")):
    """WZP-RELAY-030: 0x108 when no CallOffer comes."""
    relay = Relay(*relay_args)
    raw = relay.raw("--sni", ROOM_A)
    raw.expect("handshake")
    raw.expect("closed", kind="peer", code="0x108", reason="join timeout")
    relay.stop()


def test_max_sessions_limits_members_over_all_rooms():
    """WZP-RELAY-031: the third member is refused with 0x106."""
    relay = Relay("--max-sessions", "2")
    relay.client("--room", ROOM_A)
    relay.client("--room", ROOM_B)
    c = relay.client("--room", ROOM_A, join=False)
    c.expect("closed", kind="peer", code="0x106", reason="relay full")
    relay.stop()


def test_acl_admits_only_listed_fingerprints_in_listed_rooms(tmp_path):
    """WZP-RELAY-032: a listed room admits its list; other rooms anyone."""
    seed = "33" * 32
    probe = subprocess.run([RAW.parent / "wzp-relay-client", "--port", "1", "--seed", seed,
                            "--timeout", "0.01"], capture_output=True, text=True, timeout=WAIT)
    fp = probe.stdout.split("fingerprint=")[1].split()[0]
    acl = tmp_path / "acl"
    acl.write_text(f"# rooms\n{ROOM_A} {fp} {'ab' * 16}\n")
    relay = Relay("--acl", str(acl))
    relay.client("--seed", seed, "--room", ROOM_A)
    stranger = relay.client("--room", ROOM_A, join=False)
    stranger.expect("closed", kind="peer", code="0x105", reason="not allowed")
    relay.client("--room", ROOM_B)
    relay.stop()
    acl.write_text(f"{ROOM_A} not-a-fingerprint\n")
    run = subprocess.run([RELAY, "--acl", str(acl)], capture_output=True, text=True,
                         timeout=WAIT)
    assert run.returncode == 64 and ":1:" in run.stderr


def test_hangup_closes_normally_and_the_room_hears_of_it(relay):
    """WZP-RELAY-033."""
    a, b = relay.client("--room", ROOM_A), relay.client("--room", ROOM_A)
    b.send('signal {"Hangup":{"reason":"Normal"}}')
    b.expect("closed", kind="peer", code="0x0", reason="normal close")
    assert a.expect("room", count="1")["members"] == a.fingerprint
    relay.stop()


def test_metrics_count_what_the_relay_did():
    """WZP-RELAY-019, -035: Prometheus text on --metrics-port."""
    relay = Relay("--metrics-port", "0")
    port = relay.expect("metrics")["port"]
    a1, a2, a3 = (relay.client("--room", ROOM_A) for _ in range(3))
    relay.client("--room", ROOM_B)
    sent = dgram("m")
    a1.send("datagram " + sent)
    a2.expect("datagram")
    a3.expect("datagram")
    a1.send("datagram ff")
    relay.expect("drop")
    a1.send('signal {"Ping":{"timestamp_ms":3}}')
    a1.expect("signal", variant="Pong")
    relay.raw("--sni", "localhost").expect("closed")
    status, text, ctype = scrape(port)
    assert status == 200 and ctype == "text/plain; version=0.0.4"
    assert "# TYPE wzp_relay_packets_forwarded_total counter" in text
    assert "# TYPE wzp_relay_handshake_duration_seconds histogram" in text
    m = values(text)
    assert {k: m[k] for k in (
        "wzp_relay_active_sessions", "wzp_relay_active_rooms",
        "wzp_relay_packets_forwarded_total", "wzp_relay_bytes_forwarded_total",
        "wzp_relay_connections_total", "wzp_relay_joins_total",
        "wzp_relay_datagrams_dropped_total", "wzp_relay_signals_total",
        "wzp_relay_bad_signals_total", "wzp_relay_pongs_total",
        'wzp_relay_refused_total{reason="unknown_server_name"}',
        "wzp_relay_handshake_duration_seconds_count",
        'wzp_relay_handshake_duration_seconds_bucket{le="+Inf"}')} == {
        "wzp_relay_active_sessions": 4, "wzp_relay_active_rooms": 2,
        "wzp_relay_packets_forwarded_total": 2,
        "wzp_relay_bytes_forwarded_total": 2 * len(sent) // 2,
        "wzp_relay_connections_total": 4, "wzp_relay_joins_total": 4,
        "wzp_relay_datagrams_dropped_total": 1, "wzp_relay_signals_total": 5,
        "wzp_relay_bad_signals_total": 0, "wzp_relay_pongs_total": 1,
        'wzp_relay_refused_total{reason="unknown_server_name"}': 1,
        "wzp_relay_handshake_duration_seconds_count": 4,
        'wzp_relay_handshake_duration_seconds_bucket{le="+Inf"}': 4}
    a3.send("close")
    relay.expect("leave")
    assert values(scrape(port)[1])["wzp_relay_active_sessions"] == 3
    assert scrape(port, "/")[0] == 404
    assert scrape(port, "/metrics", "POST")[0] == 405
    relay.stop()


def test_metrics_count_udp_packets_read_and_sent():
    """WZP-RELAY-035, D-0065: every UDP packet read counts, a stranger's too
    (and as ignored); a packet counts as sent once the kernel took it."""
    relay = Relay("--metrics-port", "0")
    port = relay.expect("metrics")["port"]
    names = ("wzp_relay_udp_packets_received_total", "wzp_relay_udp_packets_sent_total",
             "wzp_relay_quic_packets_ignored_total")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(25):  # short headers naming no connection
            s.sendto(bytes([0x40]) + os.urandom(40), ("127.0.0.1", int(relay.port)))
    deadline = time.monotonic() + WAIT
    while values(scrape(port)[1])[names[0]] < 25 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [values(scrape(port)[1])[n] for n in names] == [25, 0, 25]
    relay.client("--room", ROOM_A)
    m = values(scrape(port)[1])
    assert m[names[0]] > 25 and m[names[1]] > 0 and m[names[2]] == 25
    relay.stop()


def test_config_file_sets_what_the_flags_set_and_flags_win(tmp_path):
    """WZP-RELAY-020: key = value lines; a flag given too wins."""
    config = tmp_path / "relay.conf"
    config.write_text("# wzp-relay\n\n  listen = [::1:broken\nstate-dir=%s\n"
                      "metrics-port = 0  \nmax-sessions = 1\njoin-timeout-ms = 5000\n"
                      % (tmp_path / "state"))
    relay = Relay("--config", str(config))  # Relay's own --listen 127.0.0.1:0 wins
    assert relay.seen[0][0] == "identity"
    port = relay.expect("metrics")["port"]
    relay.client()
    assert values(scrape(port)[1])["wzp_relay_active_sessions"] == 1
    relay.client(join=False).expect("closed", code="0x106")
    relay.stop()
    assert (tmp_path / "state" / "relay-cert.pem").exists()


@pytest.mark.parametrize("text", ["colour = blue\n", "listen\n", "listen =\n", "= 1\n",
                                  "listen = nowhere\n", "max-sessions = -1\n"])
def test_a_bad_config_file_exits_64(tmp_path, text):
    """WZP-RELAY-020: an unknown key, a line without a value, a bad value."""
    config = tmp_path / "relay.conf"
    config.write_text("metrics-port = 0\n" + text)
    run = subprocess.run([RELAY, "--config", str(config)], capture_output=True, text=True,
                         timeout=WAIT)
    assert run.returncode == 64, run
    missing = subprocess.run([RELAY, "--config", str(tmp_path / "none")], capture_output=True,
                             text=True, timeout=WAIT)
    assert missing.returncode == 64 and "cannot read" in missing.stderr


class CountingForwarder:
    """A UDP hop between one client and the relay that records the size of
    every packet the client sends (a thread; 127.0.0.1)."""

    def __init__(self, relay_port):
        self.relay = ("127.0.0.1", int(relay_port))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port, self.client, self.sizes, self.running = self.sock.getsockname()[1], None, [], True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        while self.running:
            try:
                data, addr = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            if addr == self.relay:
                self.sock.sendto(data, self.client)
            else:
                self.client = addr
                self.sizes.append(len(data))
                self.sock.sendto(data, self.relay)

    def close(self):
        self.running = False


def test_each_media_datagram_leaves_in_its_own_udp_packet(relay):
    """WZP-TRANS-003, D-0064: 20 datagrams queued at once still leave as 20
    UDP packets; coalesced, one lost packet would take several media packets
    and their FEC block with it."""
    fwd = CountingForwarder(relay.port)
    a = Proc([CLIENT, "--port", str(fwd.port), "--timeout", "30", "--room", ROOM_A])
    relay.clients.append(a)
    a.expect("joined")
    b = relay.client("--room", ROOM_A)
    sent = [dgram(f"d{i:02d}" + "x" * 150) for i in range(20)]
    before = len(fwd.sizes)
    a.proc.stdin.write("".join(f"datagram {d}\n" for d in sent))  # one write: one loop turn
    a.proc.stdin.flush()
    got = {b.expect("datagram")["hex"] for _ in sent}
    fwd.close()
    assert got == set(sent)
    big = [n for n in fwd.sizes[before:] if n >= len(sent[0]) // 2]
    assert len(big) == len(sent), fwd.sizes[before:]
    assert max(big) < 2 * (len(sent[0]) // 2), fwd.sizes[before:]
