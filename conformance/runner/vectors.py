"""Loading and checking vector files (vectors/README.md, schema wzp-vectors/1)."""
import json
import pathlib

SCHEMA = "wzp-vectors/1"
FILE_KEYS = {"schema", "title", "generator", "description", "notes", "requirements",
             "numberOfTests", "testGroups"}
CASE_KEYS = {"tcId", "comment", "requirements", "flags", "args", "result"}


class VectorError(Exception):
    pass


def _check_case(path, case, notes):
    missing = CASE_KEYS - case.keys()
    if missing:
        raise VectorError(f"{path}: tcId {case.get('tcId')}: missing {sorted(missing)}")
    if case["result"] == "valid" and "expect" not in case:
        raise VectorError(f"{path}: tcId {case['tcId']}: valid case without expect")
    if case["result"] == "invalid" and "error" not in case:
        raise VectorError(f"{path}: tcId {case['tcId']}: invalid case without error")
    if case["result"] not in ("valid", "invalid"):
        raise VectorError(f"{path}: tcId {case['tcId']}: result {case['result']!r}")
    for flag in case["flags"]:
        if flag not in notes:
            raise VectorError(f"{path}: tcId {case['tcId']}: flag {flag} has no note")
    if not case["requirements"]:
        raise VectorError(f"{path}: tcId {case['tcId']}: cites no requirement")


def load(path):
    """One vector file, checked for shape; raises VectorError."""
    try:
        doc = json.loads(pathlib.Path(path).read_text())
    except ValueError as err:
        raise VectorError(f"{path}: not JSON: {err}") from err
    if doc.get("schema") != SCHEMA:
        raise VectorError(f"{path}: schema is not {SCHEMA}")
    if FILE_KEYS - doc.keys():
        raise VectorError(f"{path}: missing {sorted(FILE_KEYS - doc.keys())}")
    ids, cited = set(), set()
    for group in doc["testGroups"]:
        if not group.get("profiles") or "op" not in group:
            raise VectorError(f"{path}: a group lacks op or profiles")
        for case in group["tests"]:
            _check_case(path, case, doc["notes"])
            if case["tcId"] in ids:
                raise VectorError(f"{path}: tcId {case['tcId']} repeated")
            ids.add(case["tcId"])
            cited.update(case["requirements"])
    if len(ids) != doc["numberOfTests"]:
        raise VectorError(f"{path}: numberOfTests is {doc['numberOfTests']}, found {len(ids)}")
    if cited != set(doc["requirements"]):
        raise VectorError(f"{path}: file requirements differ from those its cases cite")
    return doc


def find(root, patterns=None):
    root = pathlib.Path(root)
    files = sorted(root.rglob("*.json"))
    files = [f for f in files if f.name != "schema.json"]
    if patterns:
        files = [f for f in files if any(f.relative_to(root).match(p) for p in patterns)]
    return files
