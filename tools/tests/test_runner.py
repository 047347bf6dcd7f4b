"""conformance/run against adapters that misbehave in known ways."""
import json
import subprocess
import xml.etree.ElementTree as ET

import pytest

ECHO = '''
if req["op"] == "t.echo":
    return {"ok": True, "result": {"value": req["args"]["value"], "extra": 1}}
if req["op"] == "t.crash_on_9":
    if req["args"]["value"] == 9:
        return None
    return {"ok": True, "result": {"value": req["args"]["value"]}}
if req["op"] == "t.wrong":
    return {"ok": True, "result": {"value": -1}}
if req["op"] == "t.hang":
    time.sleep(30)
if req["op"] == "t.code":
    return {"ok": False, "error": "some_other_code"}
return {"ok": False, "error": "unsupported_op"}
'''


def vector_file(directory, op, cases, profiles=("wzp/1",)):
    tests = []
    for n, (args, result, out) in enumerate(cases, 1):
        t = {"tcId": n, "comment": f"case {n}", "requirements": ["WZP-TEST-001"], "flags": [],
             "args": args, "result": result}
        t["expect" if result == "valid" else "error"] = out
        tests.append(t)
    doc = {"schema": "wzp-vectors/1", "title": op, "generator": "test", "description": "",
           "notes": {}, "requirements": ["WZP-TEST-001"], "numberOfTests": len(tests),
           "testGroups": [{"op": op, "profiles": list(profiles), "tests": tests}]}
    path = directory / f"{op}.json"
    path.write_text(json.dumps(doc))
    return path


def run(root, adapter, vectors, *extra):
    proc = subprocess.run(["/usr/bin/python3", str(root / "conformance" / "run"), "--adapter",
                           adapter, "--vectors", str(vectors), *extra],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def test_passing_cases_pass_and_extra_result_keys_are_allowed(root, tmp_path, fake_adapter):
    vector_file(tmp_path, "t.echo", [({"value": 1}, "valid", {"value": 1})])
    code, out = run(root, fake_adapter(ECHO), tmp_path)
    assert code == 0, out
    assert "conformance: 1 passed, 0 failed, 0 skipped" in out


def test_wrong_answer_fails_and_names_the_case(root, tmp_path, fake_adapter):
    vector_file(tmp_path, "t.wrong", [({"value": 5}, "valid", {"value": 5})])
    code, out = run(root, fake_adapter(ECHO), tmp_path)
    assert code == 1
    assert "t.wrong.json#1@wzp/1" in out and "expected {'value': 5}" in out


def test_crash_fails_one_case_and_the_adapter_restarts(root, tmp_path, fake_adapter):
    cases = [({"value": v}, "valid", {"value": v}) for v in (8, 9, 10, 11)]
    vector_file(tmp_path, "t.crash_on_9", cases)
    code, out = run(root, fake_adapter(ECHO), tmp_path)
    assert code == 1
    assert "conformance: 3 passed, 1 failed" in out
    assert "adapter exited" in out


def test_hang_times_out(root, tmp_path, fake_adapter):
    vector_file(tmp_path, "t.hang", [({}, "valid", {})])
    code, out = run(root, fake_adapter(ECHO), tmp_path, "--timeout", "0.5")
    assert code == 1 and "no answer within 0.5 s" in out


def test_error_codes_are_compared_unless_lenient(root, tmp_path, fake_adapter):
    vector_file(tmp_path, "t.code", [({}, "invalid", "truncated")])
    code, out = run(root, fake_adapter(ECHO), tmp_path)
    assert code == 1 and "expected error 'truncated', got 'some_other_code'" in out
    code, out = run(root, fake_adapter(ECHO), tmp_path, "--lenient-errors")
    assert code == 0, out


def test_unserved_ops_and_profiles_are_skipped(root, tmp_path, fake_adapter):
    vector_file(tmp_path, "t.unknown", [({}, "valid", {})])
    vector_file(tmp_path, "t.echo", [({"value": 1}, "valid", {"value": 1})],
                profiles=("upstream-aa09275",))
    code, out = run(root, fake_adapter(ECHO), tmp_path)
    assert code == 0 and "0 passed, 0 failed, 2 skipped" in out


def test_malformed_vector_file_fails(root, tmp_path, fake_adapter):
    path = vector_file(tmp_path, "t.echo", [({"value": 1}, "valid", {"value": 1})])
    doc = json.loads(path.read_text())
    doc["numberOfTests"] = 2
    path.write_text(json.dumps(doc))
    code, out = run(root, fake_adapter(ECHO), tmp_path)
    assert code == 1 and "numberOfTests is 2, found 1" in out


def test_adapter_that_cannot_say_hello_exits_2(root, tmp_path):
    vector_file(tmp_path, "t.echo", [({"value": 1}, "valid", {"value": 1})])
    code, out = run(root, "/bin/false", tmp_path)
    assert code == 2 and "did not answer meta.hello" in out


def test_junit_and_json_reports(root, tmp_path, fake_adapter):
    vectors = tmp_path / "v"
    vectors.mkdir()
    vector_file(vectors, "t.crash_on_9", [({"value": v}, "valid", {"value": v}) for v in (8, 9)])
    junit, report = tmp_path / "out.xml", tmp_path / "out.json"
    run(root, fake_adapter(ECHO), vectors, "--junit", str(junit), "--json", str(report))
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = json.loads(report.read_text())["cases"]
    assert [c["status"] for c in cases] == ["pass", "fail"]
    assert cases[1]["requirements"] == ["WZP-TEST-001"]


@pytest.mark.parametrize("line", ["garbage", "[1, 2]", '{"id": 7}', '{"id": 8, "op": "nope"}'])
def test_reference_adapter_answers_bad_requests(root, line):
    adapter = root / "build" / "asan" / "wzp-adapter"
    proc = subprocess.run([str(adapter)], input=line + "\n", capture_output=True, text=True,
                          timeout=10)
    answer = json.loads(proc.stdout)
    assert proc.returncode == 0 and answer["ok"] is False
    assert answer["error"] == ("unsupported_op" if "nope" in line else "bad_request")
