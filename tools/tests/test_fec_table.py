"""docs/fec-tiers.md is what tools/fec-table writes, and every tier meets
its bit-rate bound and delay budget (spec/04-fec.md 4.6), both as computed
and as measured on the real sender and receiver."""
import csv
import io
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


# tier: (kbps bound, delay budget ms, one symbol of jitter margin + codec allowance)
BOUNDS = {"GOOD": (72, 200, 20 + 7), "DEGRADED": (28, 600, 80 + 7),
          "CATASTROPHIC": (14, 800, 160 + 20)}


def test_measured_rate_and_delay_are_within_bounds():
    binary = ROOT / "build" / "release" / "tools" / "fec-recovery"
    proc = subprocess.run([str(binary), "300", "5"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [r for r in csv.DictReader(io.StringIO(proc.stdout)) if r["depth"] == "1"]
    assert {r["tier"] for r in rows} == set(BOUNDS)
    for r in rows:
        bound, budget, margin = BOUNDS[r["tier"]]
        assert float(r["kbps"]) <= bound, r
        assert int(r["max_delay_ms"]) + margin <= budget, r
        assert int(r["lost"]) <= int(r["lost_ideal"]) + int(r["decode_failures"]) * 8, r
