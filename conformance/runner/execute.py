"""Running vector cases through an adapter and judging the answers."""
from dataclasses import dataclass, field

from .adapter import AdapterFailure


@dataclass
class Outcome:
    file: str
    tc_id: int
    profile: str
    comment: str
    requirements: list
    status: str  # "pass", "fail" or "skip"
    detail: str = ""
    flags: list = field(default_factory=list)

    @property
    def name(self):
        return f"{self.file}#{self.tc_id}@{self.profile}"


def judge(case, answer, lenient_errors):
    """(status, detail) for one answer to one case."""
    if not answer.get("ok") and answer.get("error") == "unsupported_op":
        return "skip", "adapter does not support this op"
    if case["result"] == "valid":
        if not answer.get("ok"):
            return "fail", f"expected a result, got error {answer.get('error')!r}"
        got = answer.get("result")
        if not isinstance(got, dict):
            return "fail", f"result is not an object: {got!r}"
        wrong = {k: got.get(k, "<missing>") for k, v in case["expect"].items() if got.get(k) != v}
        if wrong:
            want = {k: case["expect"][k] for k in wrong}
            return "fail", f"expected {want}, got {wrong}"
        return "pass", ""
    if answer.get("ok"):
        return "fail", f"expected error {case['error']!r}, got result {answer.get('result')}"
    if not lenient_errors and answer.get("error") != case["error"]:
        return "fail", f"expected error {case['error']!r}, got {answer.get('error')!r}"
    return "pass", ""


def run_case(adapter, rel, op, profile, case, lenient_errors):
    base = dict(file=rel, tc_id=case["tcId"], profile=profile, comment=case["comment"],
                requirements=case["requirements"], flags=case["flags"])
    try:
        answer = adapter.request(op, case["args"], profile)
    except AdapterFailure as err:
        return Outcome(**base, status="fail", detail=f"adapter failure: {err}")
    status, detail = judge(case, answer, lenient_errors)
    return Outcome(**base, status=status, detail=detail)


def run_file(adapter, rel, doc, hello, options):
    """All cases of one file, for every profile they hold for that the
    adapter serves and options select."""
    outcomes = []
    for group in doc["testGroups"]:
        for profile in group["profiles"]:
            if options.profile and profile not in options.profile:
                continue
            for case in group["tests"]:
                if options.requirement and not set(options.requirement) & set(
                        case["requirements"]):
                    continue
                outcomes.append(_one(adapter, rel, group["op"], profile, case, hello, options))
    return outcomes


def _one(adapter, rel, op, profile, case, hello, options):
    if profile not in hello.get("profiles", []) or op not in hello.get("ops", []):
        why = "profile" if profile not in hello.get("profiles", []) else "op"
        return Outcome(rel, case["tcId"], profile, case["comment"], case["requirements"],
                       "skip", f"adapter does not serve this {why}", case["flags"])
    return run_case(adapter, rel, op, profile, case, options.lenient_errors)
