"""Every committed vector file against vectors/schema.json (JSON Schema,
checked by python3-jsonschema), and the README's promises about them."""
import json

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


def test_every_normative_must_has_a_valid_case_and_an_invalid_case_where_input_can_be_wrong():
    cases = {}
    for path in FILES:
        for group in json.loads(path.read_text())["testGroups"]:
            for t in group["tests"]:
                for rid in t["requirements"]:
                    cases.setdefault(rid, set()).add(t["result"])
    rejecting = {"WZP-WIRE-001", "WZP-WIRE-002", "WZP-WIRE-005", "WZP-WIRE-013",
                 "WZP-WIRE-014", "WZP-WIRE-015", "WZP-WIRE-020", "WZP-WIRE-024",
                 "WZP-PROF-002"}
    for rid, results in cases.items():
        assert "valid" in results or rid == "WZP-PROF-002", rid
        if rid in rejecting:
            assert "invalid" in results, rid
