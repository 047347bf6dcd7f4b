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
import importlib.util
import pathlib
import re

from . import live_checks
from .execute import Outcome

ROOT = pathlib.Path(__file__).resolve().parents[2]
# A mutant site: libwzp's macros (trace.h), or WZP_SITE(ID, cond), the hook
# proposed for the shell code (ref/relay, ref/quic) in LIVE.md.
SITE = re.compile(r'WZP_(?:REJECT|VALUE|VALUE_F32|SITE)\("(WZP-[A-Z]+-\d+)"')


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
    return out


def run(requirements, defaults, mutant_dir, run_mode, workdir, say=None):
    """One Outcome per requirement: passed when, for some way of breaking
    it, a check citing it failed; failed when every way survived; skipped
    when there is no way."""
    sites, breaks = mutant_sites(), client_breaks()
    outcomes = []
    for n, req in enumerate(requirements, 1):
        results = [bite(req, way, defaults, run_mode, workdir, say)
                   for way in ways(req, defaults, mutant_dir, sites, breaks)]
        if not results:
            status, detail = "skip", ("no broken build: no mutant site in ref/ and no "
                                      "client break (needs a hook, LIVE.md)")
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
    failed = [o.comment for o in judged if o.status == "fail"]
    text = (f"{how}: bit ({'; '.join(failed)})" if failed else
            f"{how}: survived ({len(judged)} checks passed)")
    if say:
        say(f"  {'bit ' if failed else 'surv'} {req} by {text}")
    return bool(failed), text
