"""Live checks: a registry of check functions, each citing the spec
requirements it verifies, run one after another against a harness; every
check becomes one Outcome (runner/execute.py) so that runner/report.py
writes the console, JUnit and JSON reports as it does for the vectors.
"""
import time
from dataclasses import dataclass

from .execute import Outcome
from .live_proc import Failed, Skipped

PROFILE = "wzp/1"


@dataclass
class Check:
    mode: str  # "relay" or "client"
    group: str
    title: str
    requirements: list
    run: object  # run(harness); raises Failed or Skipped

    @property
    def ident(self):
        return f"{self.mode}.{self.run.__name__}"


REGISTRY = []


def check(mode, group, title, *requirements):
    """Registers the decorated function as a live check."""
    def register(fn):
        REGISTRY.append(Check(mode, group, title, list(requirements), fn))
        return fn
    return register


def checks(mode, requirements=None):
    """The checks of a mode; only those citing one of requirements, if given."""
    return [c for c in REGISTRY if c.mode == mode and
            (not requirements or set(c.requirements) & set(requirements))]


def requirements_of(mode):
    return sorted({r for c in checks(mode) for r in c.requirements})


def run_all(chosen, harness, known=(), verbose=None):
    """Outcomes of the chosen checks, in order, against one harness. After
    each check the harness cleans up (`after_check`), which may fail it. A
    check in `known` (a known deviation) that fails is skipped with its
    reason; one that passes fails, so that the deviation list is kept true."""
    outcomes, numbers = [], {}
    for c in chosen:
        group = f"live/{c.mode}/{c.group}"
        numbers[group] = numbers.get(group, 0) + 1
        start = time.monotonic()
        status, detail = _run_one(c, harness)
        if c.ident in known:
            status, detail = (("skip", f"known deviation: {detail}") if status == "fail" else
                              ("fail", f"listed as a known deviation but {status}ed: "
                                       "take it off the list"))
        if verbose:
            verbose(f"  {status:4} {c.ident} ({time.monotonic() - start:.1f} s) {detail}")
        outcomes.append(Outcome(group, numbers[group], PROFILE, c.title, c.requirements,
                                status, detail))
    return outcomes


def _run_one(c, harness):
    try:
        c.run(harness)
        status, detail = "pass", ""
    except Failed as err:
        status, detail = "fail", str(err)
    except Skipped as err:
        status, detail = "skip", str(err)
    problem = harness.after_check()
    if problem and status != "fail":
        return "fail", problem
    return status, detail
