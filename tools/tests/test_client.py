"""wzp-client (ref/client) live on 127.0.0.1: real audio through a
wzp-relay on a free port, all from the ASan build (`make build-asan`).
Each test starts its own relay and clients and ends only the processes it
started; every wait is bounded. Spec: spec/10-client.md.

The calls run at the same time, each in its own rooms on one relay,
started together when the module starts (a call is mostly waiting for
its 20 ms ticks, so they barely compete for the CPU): the stage takes as
long as its longest call, not their sum. Each test waits for its call and
checks it.

The speech is the espeak-ng fixture of the media tests (build/fixtures),
written as a WAV file after one second of silence, so that the pairwise
handshakes and room keys are done before the first word. Fidelity is
judged by `wzp-client --compare`, the echo test's analysis run offline:
the waveform measure of spec/06-media.md 6.7 against the tier's floor
(wzp/fidelity.h), per 5 s window, with the delay found by correlation.
"""
import hashlib
import json
import pathlib
import signal
import subprocess
import sys
import threading
import time
import wave

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "asan"
CLIENT = BUILD / "wzp-client"
RELEASE_CLIENT = ROOT / "build" / "release" / "wzp-client"
RELAY = BUILD / "wzp-relay"
TAP = BUILD / "wzp-relay-client"
ADAPTER = BUILD / "wzp-adapter"
SPEECH = ROOT / "build" / "fixtures" / "speech_a.raw"
WAIT = 20  # seconds, for any one process to reach a state or end
SEED_A = "a1" * 32


def fingerprint_hex(seed_hex):
    """The hex fingerprint of a seed (spec 5.1), computed independently."""
    ed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
              info=b"warzone-ed25519").derive(bytes.fromhex(seed_hex))
    pub = Ed25519PrivateKey.from_private_bytes(ed).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(pub).hexdigest()[:32]


def clean(err):
    assert "Sanitizer" not in err and "runtime error" not in err, err


class Relay:
    def __init__(self, tmp):
        assert RELAY.exists() and CLIENT.exists(), "run `make build-asan`"
        self.out = tmp / "relay.out"
        self.proc = subprocess.Popen([RELAY, "--listen", "127.0.0.1:0"],
                                     stdout=open(self.out, "w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + WAIT
        while "listening" not in self.out.read_text():
            assert time.monotonic() < deadline and self.proc.poll() is None, self.out.read_text()
            time.sleep(0.05)
        line = next(ln for ln in self.out.read_text().splitlines() if "listening" in ln)
        self.port = line.split("port=")[1].split()[0]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        assert self.proc.wait(timeout=WAIT) == 0
        clean(self.out.read_text())


class Client:
    """One wzp-client (ASan, or another build's); its stdout and stderr go
    to files named after it."""

    def __init__(self, relay, tmp, name, *args, binary=CLIENT):
        self.tmp, self.name = tmp, name
        self.out, self.err = tmp / f"{name}.out", tmp / f"{name}.err"
        self.proc = subprocess.Popen(
            [binary, f"127.0.0.1:{relay.port}", "--no-status", *map(str, args)],
            stdout=open(self.out, "w"), stderr=open(self.err, "w"))

    def joined(self):
        deadline = time.monotonic() + WAIT
        while "joined" not in self.err.read_text():
            assert time.monotonic() < deadline and self.proc.poll() is None, self.err.read_text()
            time.sleep(0.05)
        return self

    def wait(self, expect=0):
        try:
            rc = self.proc.wait(timeout=WAIT + 40)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        err = self.err.read_text()
        clean(err)
        assert rc == expect, f"{self.name}: exit {rc}\n{err}"
        return self.out.read_text()

    def metrics(self):
        lines = (self.tmp / f"{self.name}.jsonl").read_text().splitlines()
        return [json.loads(line) for line in lines]


class Tap:
    """A member that never pairs: it gets the bytes the relay forwards."""

    def __init__(self, relay, room):
        self.proc = subprocess.Popen([TAP, "--port", relay.port, "--room-name", room,
                                      "--timeout", "60"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for line in self.proc.stdout:
            if line.startswith("joined"):
                break
        else:
            raise AssertionError("tap did not join: " + self.proc.stderr.read())
        self.lines, self.err = [], []
        self.readers = [threading.Thread(target=lambda: self.lines.extend(self.proc.stdout)),
                        threading.Thread(target=lambda: self.err.extend(self.proc.stderr))]
        for t in self.readers:
            t.start()

    def datagrams(self):
        self.proc.stdin.write("close\n")
        self.proc.stdin.close()
        assert self.proc.wait(timeout=WAIT) == 0
        for t in self.readers:
            t.join(timeout=WAIT)
        clean("".join(self.err))
        return [bytes.fromhex(line.split("hex=")[1]) for line in self.lines
                if line.startswith("datagram")]


def write_speech(path):
    """The speech fixture after 1 s of silence, as a 48 kHz mono WAV file."""
    assert SPEECH.exists(), "run `make build-asan` (it makes build/fixtures)"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(bytes(96000) + SPEECH.read_bytes())
    return path


def compare(sent, heard, *args):
    """--compare's two JSON objects and its exit status."""
    p = subprocess.run([CLIENT, "--compare", sent, heard, *args], capture_output=True,
                       text=True, timeout=WAIT)
    clean(p.stderr)
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    return lines[0]["echo_test"], lines[1]["compare"], p.returncode


def peak(path):
    with wave.open(str(path)) as w:
        samples = memoryview(w.readframes(w.getnframes())).cast("h")
    return max((abs(s) for s in samples), default=0)


def adapter(requests):
    """The reference adapter's answers to a list of requests."""
    lines = "".join(json.dumps({"id": i, **r}) + "\n" for i, r in enumerate(requests))
    p = subprocess.run([ADAPTER], input=lines, capture_output=True, text=True, timeout=WAIT)
    return [json.loads(line) for line in p.stdout.splitlines()]


def assert_opaque(datagrams, direction):
    """What the relay forwards has clear headers but no readable media:
    the frames parse (FULL/MINI), yet their payloads are ciphertext (the
    byte Opus would start every frame with takes many values) and nothing
    opens under a key the relay could hold (it holds none: all zero, or
    one derived from the room's public name)."""
    assert len(datagrams) >= 200, len(datagrams)
    frames = adapter([{"op": "wire.frames.decode_sequence",
                       "args": {"datagrams": [d.hex() for d in datagrams]}}])[0]
    assert frames["ok"], frames
    payloads = [bytes.fromhex(f["packet"]["payload"]) for f in frames["result"]["frames"]
                if f["ok"] and f.get("packet") and not f["packet"]["header"]["is_repair"]]
    assert len(payloads) >= 100
    assert len({p[0] for p in payloads if p}) > 64  # Opus24k's TOC byte is one value
    # From the first FULL frame on (the tap may have joined mid-stream).
    first = next(i for i, f in enumerate(frames["result"]["frames"]) if f.get("kind") == "full")
    for key in ["00" * 32, hashlib.sha256(b"alpha").hexdigest()]:
        steps = [{"install_key": key}] + [{"datagram": d.hex()}
                                          for d in datagrams[first:first + 50]]
        got = adapter([{"op": "protect.media.receive",
                        "args": {"direction": direction, "steps": steps}}])[0]
        assert got["ok"], got
        counters = got["result"]["counters"]
        assert counters["accepted"] == 0 and counters["auth_failed"] > 0, counters
        assert all("error" in r for r in got["result"]["results"][1:])


# ---- the calls, run together (each returns what its test checks) ----

def call_room(relay, d):
    """A speaks in room alpha to B and C; D is in room beta; a tap in alpha."""
    speech = write_speech(d / "speech.wav")
    b = Client(relay, d, "b", "--room", "alpha", "--record", d / "b.wav",
               "--duration", 14, "--metrics-file", d / "b.jsonl").joined()
    c = Client(relay, d, "c", "--room", "alpha", "--record", d / "c.wav",
               "--duration", 14).joined()
    dd = Client(relay, d, "d", "--room", "beta", "--record", d / "d.wav",
                "--duration", 14, "--metrics-file", d / "d.jsonl").joined()
    tap = Tap(relay, "alpha")
    a = Client(relay, d, "a", "--room", "alpha", "--send-file", speech, "--no-denoise",
               "--no-suppress")
    for x in (a, b, c, dd):
        x.wait()
    return {"speech": speech, "b": b, "d": dd, "tapped": tap.datagrams()}


def call_one_to_one(relay, d):
    """A and B in a 1:1 call in room pair; a tap joins after them."""
    speech = write_speech(d / "speech.wav")
    b = Client(relay, d, "b", "--room", "pair", "--one-to-one", "--record", d / "b.wav",
               "--duration", 14).joined()
    a = Client(relay, d, "a", "--room", "pair", "--one-to-one", "--send-file", speech,
               "--no-denoise", "--no-suppress").joined()
    tap = Tap(relay, "pair")
    a.wait()
    b.wait()
    return {"speech": speech, "tapped": tap.datagrams()}


def call_tiers(relay, d):
    """A sends a tone to B and switches from GOOD to CATASTROPHIC after 3 s."""
    b = Client(relay, d, "b", "--room", "tiers", "--record", d / "b.wav",
               "--duration", 12, "--metrics-file", d / "b.jsonl").joined()
    a = Client(relay, d, "a", "--room", "tiers", "--tone", 440, "--duration", 8,
               "--switch-tier", "3:catastrophic", "--no-denoise",
               "--metrics-file", d / "a.jsonl")
    a.wait()
    b.wait()
    return {"a": a, "b": b}


def call_echo(relay, d):
    """B reflects what it hears; A runs the echo test."""
    b = Client(relay, d, "b", "--room", "echo", "--reflect", "--duration", 30).joined()
    echo = json.loads(Client(relay, d, "a", "--room", "echo", "--echo-test", 8).wait())
    b.proc.send_signal(signal.SIGINT)
    b.wait()
    return echo["echo_test"]


def call_drift(relay, d):
    """B sends a tone; A runs the drift test on it. Then an echo test alone."""
    b = Client(relay, d, "b", "--room", "drift", "--tone", 440, "--duration", 30).joined()
    drift = json.loads(Client(relay, d, "a", "--room", "drift", "--drift-test", 6).wait())
    b.proc.send_signal(signal.SIGINT)
    b.wait()
    alone = Client(relay, d, "alone", "--room", "nobody", "--echo-test", 2).wait(expect=4)
    return {"drift": drift["drift_test"], "alone": alone}


def call_lossy(relay, d):
    """A (seed SEED_A) sends through its own impairment to B and C; C mutes A."""
    b = Client(relay, d, "b", "--room", "lossy", "--record", d / "b.wav", "--duration", 10,
               "--metrics-file", d / "b.jsonl", "--dump-dir", d).joined()
    c = Client(relay, d, "c", "--room", "lossy", "--record", d / "c.wav", "--duration", 10,
               "--volume", f"{fingerprint_hex(SEED_A)[:8]}:0",
               "--metrics-file", d / "c.jsonl").joined()
    a = Client(relay, d, "a", "--room", "lossy", "--seed", SEED_A, "--tone", 440,
               "--duration", 6, "--impair-loss", 20, "--impair-reorder", 10,
               "--impair-delay", 30, "--impair-seed", 5, "--status",
               "--metrics-file", d / "a.jsonl", "--dump-dir", d)
    for x in (a, b, c):
        x.wait()
    return {"a": a, "b": b, "c": c}


def call_release(relay, d):
    """The release build (what the README runs), with its defaults: A
    speaks to B, denoiser and silence suppression on."""
    speech = write_speech(d / "speech.wav")
    b = Client(relay, d, "b", "--room", "release", "--record", d / "b.wav", "--duration", 14,
               binary=RELEASE_CLIENT).joined()
    a = Client(relay, d, "a", "--room", "release", "--send-file", speech,
               binary=RELEASE_CLIENT)
    a.wait()
    b.wait()
    return {"speech": speech}


CALLS = [call_room, call_one_to_one, call_tiers, call_echo, call_drift, call_lossy,
         call_release]


class Calls:
    """Every call of CALLS, each on its own thread, on one relay."""

    def __init__(self, tmp_factory):
        self.relay = Relay(tmp_factory.mktemp("relay"))
        self.done, self.threads = {}, {}
        for call in CALLS:
            d = tmp_factory.mktemp(call.__name__)
            t = threading.Thread(target=self._run, args=(call, d), daemon=True)
            self.threads[call.__name__] = t
            t.start()

    def _run(self, call, d):
        try:
            self.done[call.__name__] = (True, call(self.relay, d), d)
        except BaseException as e:  # re-raised in the test that asks
            self.done[call.__name__] = (False, e, d)

    def result(self, call):
        self.threads[call.__name__].join(timeout=120)
        ok, value, d = self.done[call.__name__]
        if not ok:
            raise value
        return value, d


@pytest.fixture(scope="module")
def calls(tmp_path_factory):
    c = Calls(tmp_path_factory)
    yield c
    for t in c.threads.values():
        t.join(timeout=120)
    c.relay.stop()


def test_help_and_exit_statuses(tmp_path, calls):
    """verifies: WZP-CLIENT-001 WZP-CLIENT-002"""
    port = calls.relay.port
    p = subprocess.run([CLIENT, "--help"], capture_output=True, text=True, timeout=WAIT)
    assert p.returncode == 0 and p.stdout.startswith("usage: wzp-client")
    for bad in (["--tone", "5"], ["--bogus"], ["--tier", "best"], ["--volume", "zz:1"],
                ["--tone", "440", "--send-file", "x.wav"], ["nohost"], ["--compare", "x"]):
        p = subprocess.run([CLIENT, *bad], capture_output=True, text=True, timeout=WAIT)
        assert p.returncode == 64, (bad, p.stderr)
    notwav = tmp_path / "not.wav"
    notwav.write_bytes(b"RIFF nonsense")
    base = [CLIENT, f"127.0.0.1:{port}", "--room", "exits", "--no-status", "--duration", "1"]
    assert subprocess.run(base + ["--send-file", notwav], capture_output=True,
                          timeout=WAIT).returncode == 66
    assert subprocess.run(base + ["--record", tmp_path / "no" / "such" / "dir.wav"],
                          capture_output=True, timeout=WAIT).returncode == 73
    p = subprocess.run(base + ["--pin-cert", "00" * 32], capture_output=True, text=True,
                       timeout=WAIT)
    assert p.returncode == 3, p.stderr
    (tmp_path / "pins").write_text("")
    p = subprocess.run(base + ["--pin-file", tmp_path / "pins"], capture_output=True,
                       text=True, timeout=WAIT)
    assert p.returncode == 0 and "pinned now" in p.stderr, p.stderr
    assert (tmp_path / "pins").read_text().startswith(f"127.0.0.1:{port} ")
    p = subprocess.run([CLIENT, "127.0.0.1:9", "--no-status", "--join-timeout", "1"],
                       capture_output=True, text=True, timeout=WAIT)
    assert p.returncode == 2, p.stderr


def test_room_of_three_hears_each_other_and_no_other_room(calls):
    """verifies: WZP-CLIENT-003 WZP-CLIENT-004 WZP-CLIENT-005 WZP-CLIENT-011

    A speaks; B and C, in A's room, hear it above the Opus24k floor; D, in
    another room, hears nothing and receives no datagram. A tap in A's
    room sees what the relay forwards and cannot read it."""
    r, d = calls.result(call_room)
    for heard in ("b.wav", "c.wav"):
        echo, verdict, rc = compare(r["speech"], d / heard)
        assert rc == 0 and verdict["passes"], (heard, echo)
        assert echo["min_correlation"] >= 0.90 == verdict["floor"]
    assert peak(d / "d.wav") == 0
    assert r["d"].metrics()[-1]["packets_received"] == 0
    last = r["b"].metrics()[-1]
    # Packets sealed under a new key that overtake its RoomKey do not open.
    assert last["undecryptable"] <= 0.03 * last["packets_received"], last
    assert last["frames_received"] > 400
    assert {"ts", "buffer_depth", "loss_pct", "rtt_ms", "quality_profile"} <= last.keys()
    assert len(r["b"].metrics()) >= 10  # one line a second
    assert_opaque(r["tapped"], direction=2)


def test_one_to_one_call_is_protected_end_to_end(calls):
    """verifies: WZP-CLIENT-003 WZP-CLIENT-011

    Two --one-to-one clients seal under their pairwise key (directions 0
    and 1); a tap that joins the room later gets the forwarded bytes and
    reads nothing."""
    r, d = calls.result(call_one_to_one)
    echo, verdict, rc = compare(r["speech"], d / "b.wav")
    assert rc == 0 and verdict["passes"], echo
    assert_opaque(r["tapped"], direction=0)
    assert_opaque(r["tapped"], direction=1)


def test_tier_switch_mid_call_keeps_audio_flowing(calls):
    """verifies: WZP-CLIENT-007

    A sends a tone, switching from GOOD (Opus24k, 20 ms) to CATASTROPHIC
    (Codec2 1200, 40 ms) after 3 s; B keeps hearing it. The switch costs
    the time B's jitter buffer needs to grow to the new tier's FEC delay
    (about 0.5 s, spec 6.6); Codec2, a vocoder, plays a pure tone back
    much quieter than it came in."""
    r, d = calls.result(call_tiers)
    profiles = [m["quality_profile"] for m in r["a"].metrics()]
    assert profiles[0] == "good" and profiles[-1] == "catastrophic"
    received = [m["frames_received"] for m in r["b"].metrics()]
    assert all(y > x for x, y in zip(received[1:7], received[2:8])), received
    with wave.open(str(d / "b.wav")) as w:
        pcm = memoryview(w.readframes(w.getnframes())).cast("h")
    start = next(i for i, s in enumerate(pcm) if abs(s) > 1000)
    quiet = 0
    for i in range(start, start + 7 * 48000, 4800):  # 100 ms chunks for 7 s
        chunk = pcm[i:i + 4800]
        quiet += (sum(s * s for s in chunk) / len(chunk)) ** 0.5 < 50
    assert quiet <= 10, quiet  # the switch may cost a second, not the call


def test_echo_test_reports_sane_numbers(calls):
    """verifies: WZP-CLIENT-009"""
    echo, _ = calls.result(call_echo)
    assert 20 <= echo["delay_ms"] <= 1000, echo
    assert echo["loss_pct"] <= 2 and echo["silent_windows"] == 0, echo
    assert echo["mean_correlation"] >= 0.6 and len(echo["windows"]) >= 1, echo


def test_drift_test_reports_sane_numbers(calls):
    """verifies: WZP-CLIENT-010 WZP-CLIENT-002"""
    r, _ = calls.result(call_drift)
    drift = r["drift"]
    assert drift["heard"] and drift["span_ms"] >= 4000, drift
    assert abs(drift["drift_ms"]) < 20 and drift["loss_pct"] < 5, drift
    assert drift["rating"] in ("excellent", "good")  # one clock: no drift
    assert '"delay_ms":-1.0' in r["alone"]  # nobody echoed: exit 4


def test_impairment_dumps_status_and_volume(calls):
    """verifies: WZP-CLIENT-006 WZP-CLIENT-008 WZP-CLIENT-012 WZP-CLIENT-013"""
    r, d = calls.result(call_lossy)
    sent = r["a"].metrics()[-1]
    assert 0.1 <= sent["impaired_dropped"] / sent["packets_sent"] <= 0.3, sent
    heard = r["b"].metrics()[-1]
    assert heard["frames_recovered"] > 0 and heard["played"] > 200, heard
    status = r["a"].err.read_text()
    assert "rtt " in status and "| tier good |" in status
    assert peak(d / "b.wav") > 1000  # the denoiser takes much of a steady tone
    # C muted A: what is left is B's comfort noise.
    assert peak(d / "c.wav") < 200 and r["c"].metrics()[-1]["frames_received"] > 100
    for name in ("raw_mic.wav", "post_dsp.wav", f"post_decode_{fingerprint_hex(SEED_A)[:8]}.wav"):
        with wave.open(str(d / name)) as w:
            assert w.getframerate() == 48000 and w.getnframes() > 48000 * 3, name


def test_release_build_holds_a_call(calls):
    """verifies: WZP-CLIENT-003

    The optimised build, as the README runs it, with the denoiser and
    silence suppression on: B hears A's speech. The floors are the codec
    path's (6.7); the denoiser and comfort noise change the waveform more,
    so the bar here is lower (0.84-0.93 measured)."""
    r, d = calls.result(call_release)
    echo, _, _ = compare(r["speech"], d / "b.wav")
    assert echo["silent_windows"] == 0 and echo["min_correlation"] >= 0.75, echo


def test_wzp_client_under_live_conformance(tmp_path):
    """WZP-CLIENT-001, WZP-RELAY-034, WZP-CLIENT-003: wzp-client as the client
    under test of conformance/live (LIVE.md) passes every client check. The
    runner's reference member runs the pairwise handshake and RoomKeys of 5.7
    with it, so it sends media (client.media_out), and the member opens that
    media under the sender key of its RoomKey (client.media_sealed)."""
    sys.path.insert(0, str(ROOT / "conformance"))
    from runner.live_client import WZP_CLIENT_ARGS
    proc = subprocess.run(
        ["/usr/bin/python3", str(ROOT / "conformance" / "live"), "--client-cmd",
         f"{CLIENT} {WZP_CLIENT_ARGS}", "--workdir", str(tmp_path / "live"),
         "--json", str(tmp_path / "live.json")],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "9 passed, 0 failed, 0 skipped" in proc.stdout, proc.stdout[-2000:]
    cases = json.loads((tmp_path / "live.json").read_text())["cases"]
    sealed = [c for c in cases if "WZP-CRYPTO-080" in c["requirements"]]
    assert [c["status"] for c in sealed] == ["pass"], sealed
