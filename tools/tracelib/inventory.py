"""Static facts: requirements from spec/, sites from ref/, cases from
vectors/, unit tests from ref/lib/tests/; and, for what the shell
implements (ref/quic, ref/relay, ref/client, netsim), its WZP_SITE sites,
the IDs its comments cite and the tests that cite them (cmocka outside
ref/lib, pytest)."""
import json
import pathlib
import re
from dataclasses import dataclass, field

ID = r"WZP-[A-Z0-9]+-\d{3}"
REQ_RE = re.compile(r"^\*\*(" + ID + r")\*\*\s*\(([A-Z ]+?)(?:;\s*verify:\s*(\w+))?\)", re.M)
STATUS_RE = re.compile(r"^Status:\s*(draft|normative)\s*$", re.M)
SITE_RE = re.compile(r"WZP_(REJECT|VALUE_F32|VALUE)\(\s*\"(" + ID + r")\"")
# The shell's decisions (trace.h): they break in a running program only,
# so conformance/live --bite proves them, not the mutant runs here.
SHELL_SITE_RE = re.compile(r"WZP_(SITE)\(\s*\"(" + ID + r")\"")
TEST_RE = re.compile(r"/\*\s*verifies:\s*([^*]*?)\s*\*/\s*static\s+void\s+(\w+)\s*\(", re.S)
# A citation list in a comment or docstring: a full ID, then more of the
# same chapter as "-NNN" (one) or "..-NNN" / "..NNN" (a range).
CITE_RE = re.compile(r"(WZP-[A-Z0-9]+-)(\d{3})((?:\s*(?:,|and|\.\.)\s*-?\d{3}\b)*)")
PYTEST_RE = re.compile(r'^def (test_\w+)\(.*?\):\n\s+"""(.*?)(?:"""|\n\n)', re.M | re.S)
SHELL_DIRS = ("ref/quic", "ref/relay", "ref/client", "netsim", "tools/loadgen")
SHELL_TEST_GLOBS = ("ref/*/tests/test_*.c", "netsim/tests/test_*.c")
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
    shell_sites: list = field(default_factory=list)  # WZP_SITE in the shell
    cites: list = field(default_factory=list)        # shell code that names it
    shell_tests: list = field(default_factory=list)  # pytest and shell cmocka tests

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
            for pattern, attr in ((SITE_RE, "sites"), (SHELL_SITE_RE, "shell_sites")):
                for kind, rid in pattern.findall(line):
                    where = f"{path.relative_to(root)}:{lineno} {kind}"
                    if rid not in reqs:
                        problems.append(f"{where} names undefined {rid}")
                    else:
                        getattr(reqs[rid], attr).append(where)


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


def cited_ids(text):
    """Every ID a citation list names: "WZP-RELAY-021..-023, -030" is four."""
    out = []
    for prefix, first, rest in CITE_RE.findall(text):
        last = int(first)
        out.append(prefix + first)
        for sep, num in re.findall(r"(,|and|\.\.)\s*-?(\d{3})", rest):
            n = int(num)
            span = range(last + 1, n + 1) if sep == ".." and n > last else [n]
            out += [f"{prefix}{k:03d}" for k in span]
            last = n
    return list(dict.fromkeys(out))


def _attach(reqs, ids, where, attr, problems):
    for rid in ids:
        if rid not in reqs:
            problems.append(f"{where}: undefined {rid}")
        else:
            getattr(reqs[rid], attr).append(where)


def _is_source(path):
    """C, Python, or an executable script with a #! line."""
    if not path.is_file():
        return False
    if path.suffix in (".c", ".h", ".py"):
        return True
    with path.open("rb") as f:
        return path.suffix == "" and f.read(2) == b"#!"


def find_shell(root, reqs, problems):
    """Comment citations in the shell, and the shell's tests."""
    for d in SHELL_DIRS:
        for path in sorted(p for p in (root / d).rglob("*") if _is_source(p)):
            if "tests" in path.relative_to(root).parts:
                continue
            for lineno, line in enumerate(path.read_text().splitlines(), 1):
                if not SITE_RE.search(line) and not SHELL_SITE_RE.search(line):
                    _attach(reqs, cited_ids(line), f"{path.relative_to(root)}:{lineno}",
                            "cites", problems)
    for pattern in SHELL_TEST_GLOBS:
        for path in sorted(root.glob(pattern)):
            for m in TEST_RE.finditer(path.read_text()):
                _attach(reqs, cited_ids(m.group(1)), f"{path.relative_to(root)}:{m.group(2)}",
                        "shell_tests", problems)
    for path in sorted(root.glob("tools/tests/test_*.py")):
        for m in PYTEST_RE.finditer(path.read_text()):
            _attach(reqs, cited_ids(m.group(2)), f"{path.relative_to(root)}::{m.group(1)}",
                    "shell_tests", problems)


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
    find_shell(root, reqs, problems)
    return Inventory(root, reqs, problems, files, binaries)
