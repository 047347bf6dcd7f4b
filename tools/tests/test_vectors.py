"""Every committed vector file against vectors/schema.json (JSON Schema,
checked by python3-jsonschema), and the README's promises about them."""
import json
import re

import jsonschema
import pytest

from conftest import ROOT

FILES = sorted(p for p in (ROOT / "vectors").rglob("*.json") if p.name != "schema.json")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT / "vectors")))
def test_file_matches_schema(path):
    schema = json.loads((ROOT / "vectors" / "schema.json").read_text())
    jsonschema.validate(json.loads(path.read_text()), schema,
                        cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_case_with_both_expect_and_error():
    schema = json.loads((ROOT / "vectors" / "schema.json").read_text())
    doc = json.loads(FILES[0].read_text())
    doc["testGroups"][0]["tests"][0]["error"] = "truncated"
    doc["testGroups"][0]["tests"][0]["result"] = "valid"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)


# Requirements whose valid cases live elsewhere, and why.
NO_VALID_VECTOR = {
    "WZP-PROF-002": "a rejection rule: the ids it accepts are WZP-PROF-001's cases",
    "WZP-WIRE-061": "a limit: a message of exactly 1 MiB is test_stream_frame.c's",
}


def error_codes():
    """The spec's error codes (spec/00-conventions.md 0.4)."""
    text = (ROOT / "spec" / "00-conventions.md").read_text()
    return set(re.findall(r"^\| `([a-z_]+)` \|", text, re.M))


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def test_every_must_has_valid_cases_and_invalid_ones_where_code_rejects():
    """Each vector-verified MUST has a valid case; each one whose code has a
    WZP_REJECT site also has an invalid case."""
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    from tracelib import inventory
    inv = inventory.load(ROOT)
    codes = error_codes()
    results = {}
    for path in FILES:
        for group in json.loads(path.read_text())["testGroups"]:
            for t in group["tests"]:
                # A sequence op is valid as a whole; a step that failed
                # shows as one of the spec's error codes in its result.
                inner = any(v in codes for v in strings(t.get("expect", {})))
                for rid in t["requirements"]:
                    results.setdefault(rid, set()).add(t["result"])
                    if inner:
                        results[rid].add("invalid")
    for rid, req in inv.requirements.items():
        if not req.is_must or req.verify != "vectors" or not req.cases:
            continue
        if rid not in NO_VALID_VECTOR:
            assert "valid" in results[rid], f"{rid} has no valid case"
        if any(site.endswith("REJECT") for site in req.sites):
            assert "invalid" in results[rid], f"{rid} rejects input but has no invalid case"
