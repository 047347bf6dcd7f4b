"""tools/trace --static on small trees built for the purpose."""
import json
import subprocess


SPEC = """# 2. Wire
Status: {status}

**WZP-WIRE-001** (MUST; verify: vectors) A thing MUST hold.

**WZP-WIRE-002** (SHOULD) A thing SHOULD hold.
"""


def tree(tmp_path, status="normative", site=True, vector_ids=("WZP-WIRE-001",)):
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "02-wire.md").write_text(SPEC.format(status=status))
    (tmp_path / "ref" / "lib" / "tests").mkdir(parents=True)
    code = 'WZP_REJECT("WZP-WIRE-001", x, y);\n' if site else ""
    (tmp_path / "ref" / "lib" / "a.c").write_text(code)
    (tmp_path / "vectors").mkdir()
    case = {"tcId": 1, "comment": "", "requirements": list(vector_ids), "flags": [],
            "args": {}, "result": "valid", "expect": {}}
    (tmp_path / "vectors" / "a.json").write_text(json.dumps(
        {"requirements": list(vector_ids), "testGroups": [{"op": "x", "profiles": ["wzp/1"],
                                                           "tests": [case]}]}))
    return tmp_path


def trace(root, tree_root):
    proc = subprocess.run(["/usr/bin/python3", str(root / "tools" / "trace"), "--static",
                           "--root", str(tree_root)], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout


def test_covered_tree_passes(root, tmp_path):
    code, out = trace(root, tree(tmp_path))
    assert code == 0, out
    assert "trace: 1 passed, 0 failed" in out


def test_normative_must_without_site_fails(root, tmp_path):
    code, out = trace(root, tree(tmp_path, site=False))
    assert code == 1 and "WZP-WIRE-001: no WZP_REJECT/WZP_VALUE site" in out


def test_draft_chapter_is_reported_not_gated(root, tmp_path):
    code, out = trace(root, tree(tmp_path, status="draft", site=False))
    assert code == 0, out
    assert "draft MUSTs covered: 0 of 1" in out


def test_undefined_id_in_a_vector_fails(root, tmp_path):
    code, out = trace(root, tree(tmp_path, vector_ids=("WZP-WIRE-001", "WZP-WIRE-099")))
    assert code == 1 and "undefined WZP-WIRE-099" in out


def test_inspection_is_refused_in_the_wire_chapter(root, tmp_path):
    t = tree(tmp_path)
    spec = t / "spec" / "02-wire.md"
    spec.write_text(spec.read_text().replace("verify: vectors", "verify: inspection"))
    code, out = trace(root, t)
    assert code == 1 and "'verify: inspection' is not allowed" in out


def shell_tree(tmp_path, cite, docstring):
    t = tree(tmp_path, status="draft", site=False)
    spec = t / "spec" / "08-relay.md"
    spec.write_text("# 8. Relay\nStatus: draft\n\n" + "".join(
        f"**WZP-RELAY-0{n}** (MUST; verify: test) A thing.\n\n" for n in (21, 22, 23, 30)))
    (t / "ref" / "relay").mkdir()
    (t / "ref" / "relay" / "r.c").write_text(f"/* {cite} */\nint x;\n")
    (t / "tools" / "tests").mkdir(parents=True)
    (t / "tools" / "tests" / "test_r.py").write_text(
        f'def test_r(relay):\n    """{docstring}"""\n')
    return t


def test_shell_citations_expand_ranges_and_count_as_tested(root, tmp_path):
    """A comment "WZP-RELAY-021..-023, -030" names four requirements; a
    pytest docstring citing them makes each "tested"."""
    t = shell_tree(tmp_path, "WZP-RELAY-021..-023, -030: the join",
                   "WZP-RELAY-021, -022, -023 and -030 live")
    code, out = trace(root, t)
    assert code == 0, out
    assert "draft MUSTs covered: 4 of 5" in out
    assert out.count("tested: shell cites it") == 4


def test_shell_citation_without_a_test_stays_uncovered(root, tmp_path):
    t = shell_tree(tmp_path, "WZP-RELAY-021..-023, -030", "WZP-RELAY-021 only")
    code, out = trace(root, t)
    assert "draft MUSTs covered: 1 of 5" in out


def test_shell_citation_of_an_undefined_id_fails(root, tmp_path):
    t = shell_tree(tmp_path, "WZP-RELAY-021, -099", "WZP-RELAY-021")
    code, out = trace(root, t)
    assert code == 1 and "undefined WZP-RELAY-099" in out


def test_shell_site_counts_as_tested(root, tmp_path):
    """A WZP_SITE in the shell names its requirement as a comment does; a
    test citing it makes it "tested" (its mutant is a live bite, D-0102)."""
    t = shell_tree(tmp_path, "the join", "WZP-RELAY-022 live")
    site = 'int f(int x) { return WZP_SITE("WZP-RELAY-022", x); }'
    (t / "ref" / "relay" / "s.c").write_text(site)
    code, out = trace(root, t)
    assert code == 0, out
    assert out.count("tested: shell site (live bite)") == 1


def test_shell_site_of_an_undefined_id_fails(root, tmp_path):
    t = shell_tree(tmp_path, "the join", "WZP-RELAY-022")
    site = 'int f(int x) { return WZP_SITE("WZP-RELAY-098", x); }'
    (t / "ref" / "relay" / "s.c").write_text(site)
    code, out = trace(root, t)
    assert code == 1 and "names undefined WZP-RELAY-098" in out
