"""Bites: every live requirement's checks must fail against a build broken
in that requirement (conformance/LIVE.md, "Bites").

Two ways to break the reference: a mutant build (decision 0001: built with
-DWZP_MUTANT, WZP_MUTANT=<ID> disables that ID's sites in libwzp) of the
relay or of the test client; and the test-only `--break ID` of the
reference client under test (conformance/live-ref-client). A requirement
with neither is reported as skipped, naming the missing hook.
"""
import dataclasses
import importlib.machinery
import pathlib
import re

from . import live_checks
from .execute import Outcome

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITE = re.compile(r'WZP_(?:REJECT|VALUE|VALUE_F32)\("(WZP-[A-Z]+-\d+)"')


def mutant_sites():
    """The requirement IDs that have a mutant site in libwzp."""
    found = set()
    for path in (ROOT / "ref" / "lib" / "src").rglob("*.c"):
        found |= set(SITE.findall(path.read_text(errors="replace")))
    return found


def client_breaks():
    """The IDs the reference client under test can break (its BREAKS)."""
    path = str(ROOT / "conformance" / "live-ref-client")
    module = importlib.machinery.SourceFileLoader("live_ref_client", path).load_module()
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
    if "client" in cited:
        out.append(("client", f"mutant wzp-relay-client, WZP_MUTANT={req}", dataclasses.replace(
            defaults, client_cmd=f"{defaults.client_cmd} --client-bin "
                                 f"{mutant_dir}/wzp-relay-client --mutant {req}")))
    return out


def run(requirements, defaults, mutant_dir, run_mode, workdir, say=None):
    """One Outcome per (requirement, way of breaking it): passed when some
    check citing the requirement failed against the broken build."""
    sites, breaks = mutant_sites(), client_breaks()
    outcomes = []
    for req in requirements:
        found = ways(req, defaults, mutant_dir, sites, breaks)
        if not found:
            outcomes.append(Outcome("live/bites", len(outcomes) + 1, live_checks.PROFILE,
                                    f"{req} broken", [req], "skip",
                                    "no broken build: no mutant site in libwzp and no "
                                    "client break (needs a hook)"))
        for mode, how, options in found:
            options = dataclasses.replace(options, requirement=[req])
            got = run_mode(mode, options, workdir / f"{req}-{mode}", None)
            judged = [o for o in got if o.comment not in defaults.known_titles]
            bitten = [o.comment for o in judged if o.status == "fail"]
            status = "pass" if bitten else "fail"
            detail = (f"failed: {'; '.join(bitten)}" if bitten else
                      f"survived: the {len(judged)} checks citing it passed")
            if say:
                say(f"  {status:4} bite {req} by {how}: {detail}")
            outcomes.append(Outcome("live/bites", len(outcomes) + 1, live_checks.PROFILE,
                                    f"{req} broken by {how}", [req], status, detail))
    return outcomes
