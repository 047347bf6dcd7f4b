"""conformance/live's runner without the network: event lines, command
templates, known deviations, and which broken builds a bite uses."""
import dataclasses
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "conformance"))

from runner import live_bites, live_checks, live_client, live_relay  # noqa: E402,F401
from runner.live_proc import Failed, Skipped, event_of, expand  # noqa: E402


def test_event_lines_unquote_and_keep_the_text():
    name, kv = event_of('closed kind=peer code=0x102 reason="not \\x22served\\x22"\n')
    assert (name, kv["code"], kv["reason"]) == ("closed", "0x102", 'not "served"')
    assert event_of("datagram 00ab")[1][""] == "00ab"


def test_templates_fill_placeholders_and_skip_unknown_ones():
    assert expand("relay --listen {host}:{port} 'a b'", {"host": "h", "port": 1}) == \
        ["relay", "--listen", "h:1", "a b"]
    with pytest.raises(Skipped):
        expand("relay {nope}", {})


class Harness:
    def __init__(self):
        self.cleaned = 0

    def after_check(self):
        self.cleaned += 1
        return None


def fake(outcome):
    def run(h):
        if outcome is not None:
            raise outcome
    run.__name__ = f"fake_{id(outcome)}"
    return live_checks.Check("relay", "g", "t", ["WZP-RELAY-010"], run)


def test_a_known_deviation_is_skipped_while_it_fails_and_fails_once_it_passes():
    failing, passing = fake(Failed("broken")), fake(None)
    h = Harness()
    got = live_checks.run_all([failing, passing], h, known=(failing.ident, passing.ident))
    assert [o.status for o in got] == ["skip", "fail"]
    assert "broken" in got[0].detail and "take it off the list" in got[1].detail
    assert h.cleaned == 2


def test_a_dead_harness_fails_a_passing_check():
    class Dead(Harness):
        def after_check(self):
            return "the relay-under-test exited (status -11)"
    assert live_checks.run_all([fake(None)], Dead())[0].status == "fail"


@dataclasses.dataclass
class Defaults:
    relay_cmd: str = "/b/wzp-relay --listen {host}:{port}"
    relay_auth_cmd: str = "/b/wzp-relay --listen {host}:{port} --auth-url {auth_url}"
    client_cmd: str = "/c/live-ref-client --seconds {seconds}"
    relay_bin: str = "/b/wzp-relay"
    requirement: list = None
    known_titles: tuple = ()


def ways(req):
    return live_bites.ways(req, Defaults(), "/m", live_bites.mutant_sites(),
                           live_bites.client_breaks())


def test_a_relay_requirement_with_a_site_bites_through_the_mutant_relay_only():
    found = ways("WZP-RELAY-002")
    assert [(mode, how) for mode, how, _ in found] == \
        [("relay", "mutant wzp-relay, WZP_MUTANT=WZP-RELAY-002")]
    assert found[0][2].relay_cmd == \
        "env WZP_MUTANT=WZP-RELAY-002 /m/wzp-relay --listen {host}:{port}"


def test_a_client_duty_bites_through_the_client_break_and_a_crypto_one_through_the_mutants():
    assert [how for _, how, _ in ways("WZP-RELAY-034")] == ["live-ref-client --break WZP-RELAY-034"]
    client = [o.client_cmd for mode, _, o in ways("WZP-CRYPTO-021") if mode == "client"]
    assert client == [Defaults().client_cmd + " --client-bin /m/wzp-relay-client --mutant "
                      "WZP-CRYPTO-021",
                      "env WZP_MUTANT=WZP-CRYPTO-021 /m/wzp-client " + live_client.WZP_CLIENT_ARGS]


class SealedSession:
    """What client.media_sealed reads of a session: the member's 5.7 events."""

    def __init__(self, paired=1, room_keys=1, opened=0, got=40):
        self.member_keys = {"paired": [{}] * paired, "room-key": [{}] * room_keys,
                            "opened": [{}] * opened}
        self.member_got = [{}] * got


def sealed_verdict(**session):
    class H:
        def session(self):
            return SealedSession(**session)
    try:
        live_client.media_sealed(H())
    except (Failed, Skipped) as err:
        return type(err).__name__
    return "pass"


def test_sealing_is_judged_only_for_a_client_that_pairs_and_needs_its_media_to_open():
    assert sealed_verdict(paired=0, room_keys=0) == "Skipped"
    assert sealed_verdict(room_keys=0, opened=40) == "Failed"
    assert sealed_verdict(opened=live_client.MIN_RATE * live_client.SECONDS - 1) == "Failed"
    assert sealed_verdict(opened=live_client.MIN_RATE * live_client.SECONDS) == "pass"


def test_a_requirement_without_a_broken_build_fails_unless_its_reason_is_listed(
        tmp_path, monkeypatch):
    def run(*reqs):
        got = live_bites.run(list(reqs), Defaults(), "/m", lambda *a: [], tmp_path)
        return [(o.status, o.detail.split(":")[0]) for o in got]
    assert run("WZP-TRANS-003", "WZP-RELAY-999") == [
        ("skip", "cannot bite"), ("fail", "no broken build")]
    monkeypatch.setitem(live_bites.CANNOT_BITE, "WZP-RELAY-002", "a stale reason")
    assert run("WZP-RELAY-002") == [("fail", "listed in CANNOT_BITE but it has a broken build")]


def test_every_live_check_cites_requirements_and_has_a_unique_id():
    ids = [c.ident for c in live_checks.REGISTRY]
    assert len(ids) == len(set(ids))
    assert all(c.requirements and all(r.startswith("WZP-") for r in c.requirements)
               for c in live_checks.REGISTRY)
