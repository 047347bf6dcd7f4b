"""Shared fixtures: the repository root, and fake adapters written on the fly."""
import pathlib
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def root():
    return ROOT


@pytest.fixture
def fake_adapter(tmp_path):
    """Writes a Python adapter whose answer to each request is computed by
    `body` (the inside of a function answer(req) -> dict or None to exit)."""
    def make(body):
        path = tmp_path / "adapter.py"
        path.write_text(textwrap.dedent('''\
            import json, sys, time
            OPS = ["meta.hello", "t.echo", "t.crash_on_9", "t.wrong", "t.hang", "t.code"]
            def answer(req):
            ''') + textwrap.indent(textwrap.dedent(body), "    ") + textwrap.dedent('''
            for line in sys.stdin:
                req = json.loads(line)
                if req["op"] == "meta.hello":
                    out = {"ok": True, "result": {"profiles": ["wzp/1"], "ops": OPS}}
                else:
                    out = answer(req)
                if out is None:
                    sys.exit(3)
                out["id"] = req["id"]
                print(json.dumps(out), flush=True)
            '''))
        return f"{sys.executable} {path}"
    return make
