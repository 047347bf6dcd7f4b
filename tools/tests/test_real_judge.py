"""The judge and the test signal of netsim/run --real (spec/09-netsim.md
9.6) without processes: the pips, the per-step numbers of the report,
the loss taken per flow and the recovery check on a blackout.
"""
import sys
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "netsim"))
import real_audio  # noqa: E402
import real_judge  # noqa: E402


def direction(loss_pct=0, delay_ms=0):
    return {"loss_stationary_ppm": loss_pct * 10000, "delay_us": delay_ms * 1000,
            "jitter_us": 0, "jitter": "uniform", "reorder_ppm": 0, "reorder_gap_us": 0,
            "rate_bps": 0, "queue_us": 0, "queue_bytes": 0}


def step(at_s, tier, up_loss, delay_ms):
    return {"at_us": at_s * 1000000, "tier": tier, "up": direction(up_loss, delay_ms),
            "down": direction(0, delay_ms)}


DEMO = {"steps": [step(0, "degraded", 5, 75), step(15, "degraded", 20, 125),
                  step(30, "catastrophic", 50, 200)], "blackouts": []}


def test_pips_are_found_at_their_onsets(tmp_path):
    """WZP-NETSIM-014: every vowel pip of the source is found within 10 ms (its 5 ms ramp)
    of its start, none clips, and nothing is found between them."""
    wav = tmp_path / "src.wav"
    real_audio.write_source(wav, 12)
    peaks = real_audio.block_peaks(wav)
    sent = real_audio.pips(12)
    delays = real_audio.heard_pips(peaks, sent, 0)
    assert len(sent) == 5 and all(d is not None and 0 <= d <= 10 for d in delays), delays
    assert max(peaks) <= real_audio.PIP_AMPLITUDE
    assert max(peaks[int(1000 * (sent[0][0] + real_audio.PIP_S)) + 5:
                     int(1000 * sent[1][0])]) == 0


def test_steps_sum_their_seconds_and_pips():
    """WZP-NETSIM-014: the report's steps take the rows and pips that fall
    in them (B joined 0.5 s, A 1 s into the scenario), with the FEC
    table's residual for each step's loss and tier."""
    timing = {"t0": 100.0, "b_join": 100.5, "a_join": 101.0}
    rows = [{"t_s": t + 0.5, "played": 25, "concealed": 1 if t >= 15 else 0,
             "skipped": 2 if t >= 30 else 0, "recovered": 2} for t in range(45)]
    sent = [(float(t), 100) for t in range(1, 44, 2)]
    delays = [800.0] * 10 + [None] * 12
    steps = real_judge.step_numbers(DEMO, 45, rows, sent, delays, timing)
    assert [(s["from_s"], s["until_s"], s["loss_pct"], s["path_ms"]) for s in steps] == \
        [(0, 15, 5.0, 150), (15, 30, 20.0, 250), (30, 45, 50.0, 400)]
    first, second, third = steps
    # rows end at B's call time t_s: scenario time t_s + 0.5
    assert first["played"] == 25 * 15 and first["concealed"] == 0
    assert second["played"] == 25 * 15 and second["concealed"] == 15
    assert second["lost_pct"] == round(100 * 15 / (25 * 15 + 15), 1)
    assert (third["skipped"], third["lost_pct"]) == (30, round(100 * 45 / (25 * 15 + 45), 1))
    # pips sent at A's t, scenario t + 1: 2..14 in the first step, 30..44 in the last
    assert (first["pips_sent"], first["pips_heard"]) == (7, 7)
    assert (second["pips_sent"], second["pips_heard"], second["delay_median_ms"]) == (7, 3, 800)
    assert (third["pips_sent"], third["pips_heard"], third["delay_median_ms"]) == (8, 0, None)
    table = real_judge.fec_table()
    assert second["table_pct"] == round(100 * real_judge.table_residual(table, "degraded",
                                                                         0.2), 1)
    assert 2.0 < second["table_pct"] < 4.0 and third["table_pct"] > 20


def test_loss_is_taken_from_a_and_b_flows():
    """WZP-NETSIM-014: A's uplink is flow 1's, B's downlink flow 0's, not
    both clients' together."""
    proxy = {"up": {"sent": 300, "dropped": 30}, "down": {"sent": 200, "dropped": 0},
             "per_flow": [{"up_sent": 100, "up_dropped": 0, "down_sent": 100,
                           "down_dropped": 10},
                          {"up_sent": 200, "up_dropped": 30, "down_sent": 100,
                           "down_dropped": 0}]}
    loss, rate = real_judge.channel_loss(proxy)
    assert rate == {"up": 0.15, "down": 0.1}
    assert abs(loss - (1 - 0.85 * 0.9)) < 1e-12
    del proxy["per_flow"]
    assert real_judge.channel_loss(proxy)[1] == {"up": 0.1, "down": 0.0}


def test_recovery_asks_for_fec_work_only_under_random_loss():
    """WZP-NETSIM-014: a blackout alone leaves the FEC nothing to rebuild;
    random loss with nothing rebuilt fails."""
    proxy = {"up": {"sent": 1000, "dropped": 250}, "down": {"sent": 1000, "dropped": 0}}
    last = {"played": 700, "loss_pct": 22.0, "concealed": 0, "frames_recovered": 0}
    dark = {"steps": [step(0, "good", 0, 40)],
            "blackouts": [{"from_us": 6000000, "until_us": 10000000}]}
    assert real_judge.check_recovery(dark, 16, proxy, last, 5)["pass"]
    lossy = {"steps": [step(0, "good", 20, 40)], "blackouts": []}
    assert not real_judge.check_recovery(lossy, 16, proxy, last, 5)["pass"]
    assert real_judge.check_recovery(lossy, 16, proxy, dict(last, frames_recovered=9),
                                     5)["pass"]
