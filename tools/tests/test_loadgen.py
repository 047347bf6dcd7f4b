"""The load bots (tools/loadgen) and the UDP floor (tools/udp-floor), short
and bounded: what `make bench-relay` builds on. ASan builds, 127.0.0.1."""
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools" / "loadgen"))
import procs  # noqa: E402

VARIANT = "asan"
LOADGEN = procs.ROOT / "build" / VARIANT / "wzp-loadgen"


def run_bots(fwd, udp, seconds):
    """(the bots' result, their exit status, packets the forwarder counted)."""
    try:
        before = fwd.forwarded()
        result, status = procs.loadgen(fwd.port, 6, seconds, udp=udp, variant=VARIANT)
        return result, status, fwd.forwarded() - before
    finally:
        assert fwd.p.stop() == 0, "".join(fwd.p.err)[-2000:]


def test_bots_through_relay():
    """6 bots in 2 rooms join the relay by 8.2 and send 50 packets/s each
    for 3 s: every packet reaches both room mates once, latency is measured
    for each, and the relay counts what it forwarded."""
    relay = procs.Relay(variant=VARIANT)
    result, status, forwarded = run_bots(relay, False, 3)
    assert status == 0 and forwarded == result["expected"]
    assert result["transport"] == "quic" and result["sent"] == 6 * 50 * 3
    assert result["expected"] == 2 * result["sent"]
    assert result["received"] == result["expected"]
    assert result["duplicates"] == 0 and result["unknown"] == 0
    assert result["delivery"] >= 0.999
    assert 0 < result["p50_us"] <= result["p99_us"] <= result["max_us"] < 1_000_000


def test_bots_through_udp_floor():
    """The same load over plain UDP through udp-floor, which forwards each
    packet to the two others of its room and counts them."""
    result, status, forwarded = run_bots(procs.Floor(variant=VARIANT), True, 1)
    assert status == 0 and result["transport"] == "udp" and forwarded == result["expected"]
    assert result["received"] == result["expected"] == 2 * 6 * 50
    assert result["p50_us"] > 0


def test_loadgen_refuses_other_hosts_and_bad_arguments():
    """Loopback only, and bounded: another host, too many bots, too long a
    run, or a last room left short are refused before anything is sent."""
    for extra in (["--host", "10.0.0.1"], ["--bots", "100000"], ["--seconds", "1000"],
                  ["--rate", "0"], ["--bots", "7"]):
        done = subprocess.run([LOADGEN, "--port", "9"] + extra, capture_output=True,
                              text=True, timeout=10)
        assert done.returncode == 64, extra
