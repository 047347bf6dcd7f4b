"""Bites: every live requirement's checks must fail against a build broken
in that requirement (conformance/LIVE.md, "Bites").

Two ways to break the reference: a mutant build (decision 0001: built with
-DWZP_MUTANT, WZP_MUTANT=<ID> disables that ID's sites in libwzp) of the
relay, of the test client or of wzp-client (what the minimal reference
client under test never does, such as sealing its media, only a full
client can get wrong); and the test-only `--break ID` of the reference
client under test (conformance/live-ref-client). A requirement
with neither fails, unless CANNOT_BITE gives the reason no broken build can
show it (then it is skipped with that reason).
"""
import dataclasses
import importlib.machinery
import importlib.util
import pathlib
import re

from . import live_checks, live_client
from .execute import Outcome

ROOT = pathlib.Path(__file__).resolve().parents[2]
# A mutant site: libwzp's macros (trace.h), or WZP_SITE(ID, cond), the
# shell's (ref/relay, ref/quic; decision 0102).
SITE = re.compile(r'WZP_(?:REJECT|VALUE|VALUE_F32|SITE)\("(WZP-[A-Z]+-\d+)"')

# Requirements a live check cites that no broken build can show failing
# on loopback, each with the reason (decision 0102). A requirement listed
# here that gains a site or a break fails until it is taken off.
CANNOT_BITE = {
    "WZP-TRANS-003": "the shell's part (refuse a datagram over the peer's maximum, never "
                     "fragment it; a queue of 64 that drops the oldest) cannot change what a "
                     "loopback check sees: ngtcp2 itself refuses a DATAGRAM frame over the "
                     "peer's max_datagram_frame_size, every loopback path has the same MTU, "
                     "and a queue that drops more delivers less, which no check can tell from "
                     "loss; one packet per DATAGRAM frame is ngtcp2's framing. "
                     "tools/tests/test_quic_spike.py tests the refusal directly",
}


def mutant_sites():
    """The requirement IDs that have a mutant site in the reference."""
    found = set()
    for path in (ROOT / "ref").rglob("*.c"):
        found |= set(SITE.findall(path.read_text(errors="replace")))
    return found


def client_breaks():
    """The IDs the reference client under test can break (its BREAKS)."""
    loader = importlib.machinery.SourceFileLoader(
        "live_ref_client", str(ROOT / "conformance" / "live-ref-client"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return set(module.BREAKS)


def ways(req, defaults, mutant_dir, sites, breaks):
    """[(mode, how, options)] that break the reference in req."""
    out = []
    cited = {c.mode for c in live_checks.REGISTRY if req in c.requirements}
    if "client" in cited and req in breaks:
        out.append(("client", f"live-ref-client --break {req}",
                    dataclasses.replace(defaults, client_cmd=f"{defaults.client_cmd} "
                                                             f"--break {req}")))
    if req not in sites:
        return out
    if "relay" in cited:
        relay = f"env WZP_MUTANT={req} {mutant_dir}/wzp-relay"
        out.append(("relay", f"mutant wzp-relay, WZP_MUTANT={req}", dataclasses.replace(
            defaults, relay_cmd=defaults.relay_cmd.replace(defaults.relay_bin, relay, 1),
            relay_auth_cmd=defaults.relay_auth_cmd.replace(defaults.relay_bin, relay, 1))))
    if "client" in cited and not req.startswith("WZP-RELAY-"):  # the client's own code
        out.append(("client", f"mutant wzp-relay-client, WZP_MUTANT={req}", dataclasses.replace(
            defaults, client_cmd=f"{defaults.client_cmd} --client-bin "
                                 f"{mutant_dir}/wzp-relay-client --mutant {req}")))
        out.append(("client", f"mutant wzp-client, WZP_MUTANT={req}", dataclasses.replace(
            defaults, client_cmd=f"env WZP_MUTANT={req} {mutant_dir}/wzp-client "
                                 f"{live_client.WZP_CLIENT_ARGS}")))
    return out


def run(requirements, defaults, mutant_dir, run_mode, workdir, say=None):
    """One Outcome per requirement: passed when, for some way of breaking
    it, a check citing it failed; failed when every way survived, or when
    there is no way and CANNOT_BITE gives no reason (skipped when it does)."""
    sites, breaks = mutant_sites(), client_breaks()
    outcomes = []
    for n, req in enumerate(requirements, 1):
        found = ways(req, defaults, mutant_dir, sites, breaks)
        results = [bite(req, way, defaults, run_mode, workdir, say) for way in found]
        if found and req in CANNOT_BITE:
            status, detail = "fail", ("listed in CANNOT_BITE but it has a broken build: "
                                      "take it off the list")
        elif not found:
            status, detail = (("skip", f"cannot bite: {CANNOT_BITE[req]}") if req in CANNOT_BITE
                              else ("fail", "no broken build: add a WZP_SITE at its decision "
                                            "(trace.h), a client break, or its reason to "
                                            "CANNOT_BITE (runner/live_bites.py)"))
        else:
            status = "pass" if any(bitten for bitten, _ in results) else "fail"
            detail = "; ".join(text for _, text in results)
        outcomes.append(Outcome("live/bites", n, live_checks.PROFILE,
                                f"{req} broken: a check citing it fails", [req], status,
                                detail))
    return outcomes


def bite(req, way, defaults, run_mode, workdir, say):
    """(bitten, what happened) for one way of breaking req."""
    mode, how, options = way
    got = run_mode(mode, dataclasses.replace(options, requirement=[req]),
                   workdir / f"{req}-{mode}", None)
    judged = [o for o in got if o.comment not in defaults.known_titles]
    failed = [f"{o.comment}: {o.detail}" for o in judged if o.status == "fail"]
    text = (f"{how}: bit ({'; '.join(failed)})" if failed else
            f"{how}: survived ({len(judged)} checks passed)")
    if say:
        say(f"  {'bit ' if failed else 'surv'} {req} by {text}")
    return bool(failed), text
