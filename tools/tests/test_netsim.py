"""netsim's simulator as a whole (spec/09-netsim.md): reproducible runs,
the tier controller driven by reports, a room through the relay core on a
capped downlink, the CPU split, and typed errors for bad scenarios. Runs
build/release/wzp-netsim on the null codec (fast, machine-independent)."""
import json
import subprocess

import pytest

from conftest import ROOT

BINARY = ROOT / "build" / "release" / "wzp-netsim"
SCENARIOS = ROOT / "netsim" / "scenarios"

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason="make build-release first")


def run(scenario, out, *args):
    return subprocess.run([str(BINARY), str(scenario), "--out", str(out), "--quiet", *args],
                          capture_output=True, text=True, timeout=120)


def summary(out):
    return json.loads((out / "summary.json").read_text())


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    """verifies: WZP-NETSIM-003"""
    scn = SCENARIOS / "09-jitter-reorder-dup.scn"
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, "5"), (b, "5"), (c, "6")):
        assert run(scn, out, "--seed", seed).returncode == 0
    for name in ("summary.json", "series.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    assert (a / "series.csv").read_bytes() != (c / "series.csv").read_bytes()
    assert summary(a)["seed"] == 5


def test_reports_drive_the_tier_controller(tmp_path):
    """verifies: WZP-NETSIM-010"""
    proc = run(SCENARIOS / "11-adaptive.scn", tmp_path)
    assert proc.returncode == 0, proc.stdout
    s = summary(tmp_path)
    assert s["tiers_used"] == ["GOOD", "DEGRADED", "CATASTROPHIC"]
    assert s["tier_changes"] >= 3  # down twice, and up one tier at the end
    tiers = [int(line.split(",")[10]) for line in
             (tmp_path / "series.csv").read_text().splitlines()[1:]]
    # loss rises at 15 s: three reports later (from the second before last)
    # the sender is DEGRADED, not before
    assert tiers[:30] == [0] * 30 and 1 in tiers[30:45]


def test_room_of_four_through_the_relay_on_a_capped_downlink(tmp_path):
    """verifies: WZP-NETSIM-009, WZP-NETSIM-007"""
    proc = run(SCENARIOS / "13-room4-down100k.scn", tmp_path)
    assert proc.returncode == 0, proc.stdout
    s = summary(tmp_path)
    assert s["members"] == 4 and len(s["down_bps"]) == 4
    # three streams reach each member; GOOD would need 207 kbit/s
    assert "DEGRADED" in s["tiers_used"]
    assert all(rate <= 100000 for rate in s["down_bps"])
    # the queue drops while the senders are still GOOD (about 4 s)
    assert s["frames_sent"] > 0 and s["frames_played"] > 0.8 * s["frames_sent"]


def test_cpu_split_is_reported_apart(tmp_path):
    """verifies: WZP-NETSIM-011"""
    assert run(SCENARIOS / "01-clean-null.scn", tmp_path).returncode == 0
    t = json.loads((tmp_path / "timing.json").read_text())
    assert len(t["parts"]) == 6 and t["session_ms"] > 0
    assert 0 < t["simulator_and_network_share"] < 1
    assert "timing" not in (tmp_path / "summary.json").read_text()


@pytest.mark.parametrize("text,where", [
    ("name x\nduration 1s\nloss 5\n", ":3: syntax"),
    ("name x\nduration 1s\nat 2s\n", ":3: out of order"),
    ("duration 1s\n", ":0: missing name or duration"),
])
def test_bad_scenarios_are_refused_with_their_line(tmp_path, text, where):
    """verifies: WZP-NETSIM-001"""
    scn = tmp_path / "bad.scn"
    scn.write_text(text)
    proc = run(scn, tmp_path / "out")
    assert proc.returncode == 2
    assert where in proc.stderr


def test_sweep_rows_agree_with_the_fec_table(tmp_path):
    """verifies: WZP-NETSIM-012

    Two rows of the nightly sweep: CATASTROPHIC at 30 % i.i.d. loss, and
    GOOD at 10 % bursty loss (where frame-level intervals would disagree)."""
    proc = subprocess.run(["/usr/bin/python3", str(ROOT / "netsim" / "sweep"), "--check",
                           "--rows", "24,8", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed, 0 failed" in proc.stdout
    assert "CATASTROPHIC iid 30%" in proc.stdout and "GOOD gilbert 10%" in proc.stdout


def test_the_readme_example_runs(tmp_path):
    """verifies: WZP-NETSIM-001

    A scenario written from netsim/README.md alone: its minimal example."""
    text = (ROOT / "netsim" / "README.md").read_text()
    block = text.split("A minimal one:\n\n")[1].split("\n\nIndentation")[0]
    scn = tmp_path / "mine.scn"
    scn.write_text("\n".join(line[4:] for line in block.splitlines()) + "\ncodec null\n")
    proc = run(scn, tmp_path / "out")
    assert proc.returncode in (0, 1), proc.stderr
    s = summary(tmp_path / "out")
    assert s["scenario"] == "my-test" and s["packets_lost_channel"] > 0
