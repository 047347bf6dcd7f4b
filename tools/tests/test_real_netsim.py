"""The real-process netsim (spec/09-netsim.md 9.6): the impairment proxy
on its own, one bounded session through it, and the faults (a relay
restarted mid-call, a blackout). Loopback only; every process is started
here and stopped here.

  pytest tools/tests/test_real_netsim.py -k "proxy or smoke or pin"   stage real-netsim (make test)
  pytest tools/tests/test_real_netsim.py -k "faults or long"    stage real-faults (nightly)
"""
import json
import math
import pathlib
import signal
import socket
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "netsim"))
import real_audio  # noqa: E402
import real_judge  # noqa: E402
import real_session  # noqa: E402

RELEASE = ROOT / "build" / "release"
PROXY_ASAN = ROOT / "build" / "asan" / "wzp-netsim-proxy"
SCENARIOS = ROOT / "netsim" / "scenarios-real"
PACKETS = 2000


def start_proxy(tmp, text, relay_port, seed):
    scn = tmp / "p.scn"
    scn.write_text(text)
    out = tmp / "proxy.out"
    p = subprocess.Popen([PROXY_ASAN, "--relay", f"127.0.0.1:{relay_port}", "--scenario", scn,
                          "--seed", str(seed), "--stats", tmp / "stats.json", "--quiet"],
                         stdout=open(out, "w"), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while "listening" not in out.read_text():
        assert time.monotonic() < deadline and p.poll() is None, p.stderr.read()
        time.sleep(0.02)
    return p, int(out.read_text().split(":")[1].split()[0])


def echo_through_proxy(tmp, text, seed):
    """PACKETS datagrams from a client through the proxy to a UDP echo
    server and back, one a millisecond; (round trips in ms, proxy stats)."""
    echo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    echo.bind(("127.0.0.1", 0))
    echo.setblocking(False)
    proxy, port = start_proxy(tmp, text, echo.getsockname()[1], seed)
    cl = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    cl.setblocking(False)
    sent_at, rtts = {}, []
    end = time.monotonic() + PACKETS / 1000 + 1.0
    i = 0
    while time.monotonic() < end:
        if i < PACKETS:
            sent_at[i] = time.monotonic()
            cl.sendto(i.to_bytes(4, "big") + bytes(60), ("127.0.0.1", port))
            i += 1
        for s, reply in ((echo, True), (cl, False)):
            try:
                while True:
                    data, addr = s.recvfrom(2048)
                    if reply:
                        s.sendto(data, addr)
                    else:
                        rtts.append(1000 * (time.monotonic() - sent_at[int.from_bytes(data[:4],
                                                                                        "big")]))
            except BlockingIOError:
                pass
        time.sleep(0.001)
    proxy.send_signal(signal.SIGTERM)
    assert proxy.wait(timeout=10) == 0
    err = proxy.stderr.read()
    assert "Sanitizer" not in err and "runtime error" not in err, err
    return rtts, json.loads((tmp / "stats.json").read_text())


def binomial_bound(n, p, z=3.89):
    """Half-width of a two-sided 99.99 % normal-approximation interval."""
    return z * math.sqrt(p * (1 - p) / n)


def test_proxy_loss_and_delay_follow_the_scenario(tmp_path):
    """WZP-NETSIM-013: the proxy's measured loss is within a binomial
    bound of the scenario's, its delay within the scenario's reach, and a
    seed replays the same drops."""
    text = "name p\nduration 60s\nat 0s\n  delay 30ms\n  jitter 5ms uniform\nat 0s up\n  loss 20%\n"
    rtts, st = echo_through_proxy(tmp_path, text, 7)
    up, down = st["up"], st["down"]
    assert up["sent"] == PACKETS and st["flows"] == 1
    assert abs(up["dropped"] / up["sent"] - 0.20) <= binomial_bound(PACKETS, 0.20), up
    assert up["dropped"] == up["loss"] and down["dropped"] == 0, st
    assert down["sent"] == up["forwarded"] and len(rtts) == down["forwarded"], st
    assert st["per_flow"] == [{"up_sent": up["sent"], "up_dropped": up["dropped"],
                               "down_sent": down["sent"], "down_dropped": 0}], st
    # each way 30 ms +- 5 ms; the proxy adds under 20 ms of its own
    assert 25_000 <= up["delay_mean_us"] <= 35_000 + 5_000, up
    assert up["delay_max_us"] <= 35_000 + 20_000, up
    assert min(rtts) >= 50 and sorted(rtts)[len(rtts) // 2] <= 60 + 20, sorted(rtts)[::200]
    again = echo_through_proxy(tmp_path, text, 7)[1]
    assert again["up"]["dropped"] == up["dropped"]
    other = echo_through_proxy(tmp_path, text, 8)[1]
    assert other["up"]["dropped"] != up["dropped"] or other["up"]["sent"] != up["sent"]


def test_proxy_refuses_bad_arguments_and_scenarios(tmp_path):
    """WZP-NETSIM-013: bad command lines exit 64, bad scenarios 2 with the line."""
    bad = tmp_path / "bad.scn"
    bad.write_text("name x\nduration 10s\nat 0s\n  loss 101%\n")
    p = subprocess.run([PROXY_ASAN, "--relay", "nohost", "--scenario", bad],
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 64
    p = subprocess.run([PROXY_ASAN, "--relay", "127.0.0.1:1", "--scenario", bad],
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 2 and "bad.scn:4: out of range" in p.stderr, p.stderr


def session(tmp, name, **kw):
    summary = real_session.run(RELEASE, SCENARIOS / name, None, tmp, quiet=True, **kw)
    print(real_judge.report(summary))
    return summary


def test_smoke_session_through_the_proxy(tmp_path):
    """WZP-NETSIM-014: a real session at 20 % uplink loss, 300 ms RTT:
    FEC recovers, no drift, latency within the budget (stated margins)."""
    s = session(tmp_path, "smoke-20s.scn")
    assert s["pass"], json.dumps(s["assertions"], indent=1)
    n = s["numbers"]
    assert 14 <= n["channel_loss_pct"] <= 27 and n["frames_recovered"] > 0, n


def heard_after(summary, t_s):
    """Pips sent from t_s on that B heard."""
    sent = real_audio.pips(summary["seconds"])
    return [d for (t, _), d in zip(sent, summary["pip_delays_ms"]) if t >= t_s and d is not None]


def test_faults_relay_restart_is_survived(tmp_path):
    """WZP-NETSIM-015: the relay restarted mid-call (same port, same
    state, so pins hold): both clients rejoin, audio resumes, and the
    time to recover is reported."""
    s = session(tmp_path, "restart.scn", restart_at=3.0)
    rejoined = s["restart"]["rejoined_after_s"]
    assert rejoined["a"] and rejoined["b"], s["restart"]
    assert max(rejoined["a"][0], rejoined["b"][0]) < 5.0, rejoined
    assert len(heard_after(s, 3.0 + max(rejoined["a"][0], rejoined["b"][0]) + 1)) >= 2, s
    assert s["restart"]["audio_after_s"] is not None and s["restart"]["audio_after_s"] < 6, s
    assert s["exits"]["a"] == 0 and s["exits"]["b"] == 0, s["exits"]


def test_faults_blackout_is_survived(tmp_path):
    """WZP-NETSIM-015: a 4 s blackout of both directions through the
    proxy: the call goes on and audio resumes after it."""
    s = session(tmp_path, "blackout.scn")
    assert s["proxy"]["up"]["blackout"] > 0 and s["proxy"]["down"]["blackout"] > 0
    assert len(heard_after(s, 12.0)) >= 1, s["pip_delays_ms"]
    after = s["blackouts"][0]["audio_after_s"]
    assert after is not None and after < 3, s["blackouts"]
    assert s["exits"]["a"] == 0 and s["exits"]["b"] == 0, s["exits"]


def test_long_session_60s(tmp_path):
    """WZP-NETSIM-014: the 60 s session at 5, 20 and 50 % loss (nightly)."""
    s = session(tmp_path, "nightly-60s.scn")
    assert s["pass"], json.dumps(s["assertions"], indent=1)


def test_pin_holds_across_a_reconnect(tmp_path):
    """WZP-NETSIM-015: a client that reconnects after its relay stopped
    does not accept another relay on the same port: the pin it learned
    holds (exit 3), it does not retry."""
    def relay(state, port=0):
        log = tmp_path / f"{state}.log"
        p = subprocess.Popen([RELEASE / "wzp-relay", "--listen", f"127.0.0.1:{port}",
                              "--state-dir", tmp_path / state], stdout=open(log, "w"),
                             stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while "port=" not in log.read_text():
            assert time.monotonic() < deadline and p.poll() is None, log.read_text()
            time.sleep(0.02)
        return p, log.read_text().split("port=")[1].split()[0]

    first, port = relay("st1")
    err = tmp_path / "client.err"
    client = subprocess.Popen([RELEASE / "wzp-client", f"127.0.0.1:{port}", "--room", "pin",
                               "--no-status", "--pin-file", tmp_path / "pins", "--reconnect", "10",
                               "--tone", "440", "--duration", "15"], stderr=open(err, "w"))
    deadline = time.monotonic() + 10
    while "joined" not in err.read_text():
        assert time.monotonic() < deadline and client.poll() is None, err.read_text()
        time.sleep(0.02)
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=10) == 0
    second, _ = relay("st2", port)
    try:  # at the first retry, a second after the loss: not after --reconnect's 10 s
        rc = client.wait(timeout=4)
    finally:
        if client.poll() is None:
            client.kill()
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=10)
    text = err.read_text()
    assert rc == 3 and "reconnecting" in text and "pin mismatch" in text, text
