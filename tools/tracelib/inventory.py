"""Static facts: requirements from spec/, sites from ref/, cases from
vectors/, unit tests from ref/lib/tests/."""
import json
import pathlib
import re
from dataclasses import dataclass, field

ID = r"WZP-[A-Z0-9]+-\d{3}"
REQ_RE = re.compile(r"^\*\*(" + ID + r")\*\*\s*\(([A-Z ]+?)(?:;\s*verify:\s*(\w+))?\)", re.M)
STATUS_RE = re.compile(r"^Status:\s*(draft|normative)\s*$", re.M)
SITE_RE = re.compile(r"WZP_(REJECT|VALUE_F32|VALUE)\(\s*\"(" + ID + r")\"")
TEST_RE = re.compile(r"/\*\s*verifies:\s*([^*]*?)\s*\*/\s*static\s+void\s+(\w+)\s*\(", re.S)
MUST_LEVELS = {"MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT"}
NO_INSPECTION = {"WIRE", "FEC", "RQ", "CRYPTO"}


@dataclass
class Requirement:
    id: str
    level: str
    verify: str
    chapter: str
    status: str
    sites: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    tests: list = field(default_factory=list)

    @property
    def is_must(self):
        return self.level in MUST_LEVELS

    @property
    def gated(self):
        return self.status == "normative" and self.is_must


@dataclass
class Inventory:
    root: pathlib.Path
    requirements: dict
    problems: list
    vector_files: dict  # file -> set of IDs it cites
    test_binaries: dict  # test binary name -> {test function: [IDs]}


def parse_spec(root, problems):
    reqs = {}
    for path in sorted((root / "spec").glob("[0-9][0-9]-*.md")):
        text = path.read_text()
        status = STATUS_RE.search(text)
        if not status:
            problems.append(f"{path.name}: no 'Status: draft|normative' line")
            continue
        for m in REQ_RE.finditer(text):
            rid, level, verify = m.group(1), m.group(2).strip(), m.group(3) or "vectors"
            if rid in reqs:
                problems.append(f"{rid} is defined twice")
            if verify not in ("vectors", "test", "inspection"):
                problems.append(f"{rid}: unknown verify method {verify!r}")
            reqs[rid] = Requirement(rid, level, verify, path.name, status.group(1))
    return reqs


def find_sites(root, reqs, problems):
    for path in sorted((root / "ref").rglob("*.[ch]")):
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            for kind, rid in SITE_RE.findall(line):
                where = f"{path.relative_to(root)}:{lineno} {kind}"
                if rid not in reqs:
                    problems.append(f"{where} names undefined {rid}")
                else:
                    reqs[rid].sites.append(where)


def find_cases(root, reqs, problems):
    files = {}
    for path in sorted((root / "vectors").rglob("*.json")):
        if path.name == "schema.json":
            continue
        rel = str(path.relative_to(root / "vectors"))
        doc = json.loads(path.read_text())
        files[rel] = set(doc.get("requirements", []))
        for group in doc.get("testGroups", []):
            for case in group.get("tests", []):
                for rid in case.get("requirements", []):
                    if rid not in reqs:
                        problems.append(f"vectors/{rel} tcId {case.get('tcId')}: undefined {rid}")
                    else:
                        reqs[rid].cases.append((rel, case["tcId"]))
    return files


def find_tests(root, reqs, problems):
    binaries = {}
    for path in sorted((root / "ref" / "lib" / "tests").glob("test_*.c")):
        tests = {}
        for m in TEST_RE.finditer(path.read_text()):
            ids = re.findall(ID, m.group(1))
            tests[m.group(2)] = ids
            for rid in ids:
                if rid not in reqs:
                    problems.append(f"{path.name} {m.group(2)}: undefined {rid}")
                else:
                    reqs[rid].tests.append((path.stem, m.group(2)))
        binaries[path.stem] = tests
    return binaries


def static_problems(reqs):
    """What is wrong without running anything."""
    out = []
    for r in reqs.values():
        prefix = r.id.split("-")[1]
        if r.verify == "inspection" and prefix in NO_INSPECTION:
            out.append(f"{r.id}: 'verify: inspection' is not allowed in this chapter")
        if not r.gated or r.verify == "inspection":
            continue
        if not r.sites:
            out.append(f"{r.id}: no WZP_REJECT/WZP_VALUE site in ref/")
        if r.verify == "vectors" and not r.cases:
            out.append(f"{r.id}: no vector cites it")
        if r.verify == "test" and not r.tests:
            out.append(f"{r.id}: no test cites it")
    return out


def load(root):
    problems = []
    reqs = parse_spec(root, problems)
    find_sites(root, reqs, problems)
    files = find_cases(root, reqs, problems)
    binaries = find_tests(root, reqs, problems)
    return Inventory(root, reqs, problems, files, binaries)
