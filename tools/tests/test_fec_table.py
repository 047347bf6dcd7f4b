"""docs/fec-tiers.md is what tools/fec-table writes, and every tier meets
its bit-rate bound and delay budget (spec/04-fec.md 4.6)."""
import subprocess

from conftest import ROOT


def run(*args):
    return subprocess.run(["/usr/bin/python3", str(ROOT / "tools" / "fec-table"), *args],
                          capture_output=True, text=True, timeout=60)


def test_doc_is_current():
    assert run("--markdown").stdout == (ROOT / "docs" / "fec-tiers.md").read_text()


def test_every_tier_meets_its_bounds():
    proc = run("--check")
    assert proc.returncode == 0, proc.stderr
