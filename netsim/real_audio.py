"""The test signal of netsim/run --real and its analysis (spec/09-netsim.md
9.6): A sends tone pips, one every PIP_EVERY_S, and B's recording is
searched for their onsets, which give each pip's mouth-to-ear delay to
the millisecond without cross-correlation.
"""
import math
import struct
import wave

RATE = 48000
TICK_MS = 20  # the clients' tick: B writes a tick's audio at its end
PIP_EVERY_S, PIP_S, PIP_AMPLITUDE = 2.0, 0.3, 12000
ONSET_LEVEL = 3000   # a 1 ms block whose peak passes this starts a heard pip


def pips(seconds):
    """Start times (s) and pitches of A's pips."""
    out, t, k = [], 1.0, 0
    while t + PIP_S <= seconds - 1.0:
        out.append((t, 400 + 150 * (k % 7)))
        t, k = t + PIP_EVERY_S, k + 1
    return out

def write_source(path, seconds):
    n = int(seconds * RATE)
    pcm = [0] * n
    for start, hz in pips(seconds):
        s0, ln = int(start * RATE), int(PIP_S * RATE)
        for i in range(ln):
            ramp = min(1.0, i / 240, (ln - i) / 240)
            pcm[s0 + i] = int(PIP_AMPLITUDE * ramp * math.sin(2 * math.pi * hz * i / RATE))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{n}h", *pcm))

def block_peaks(path):
    """Peak of each 1 ms block of a 48 kHz mono WAV file."""
    with wave.open(str(path)) as w:
        samples = memoryview(w.readframes(w.getnframes())).cast("h")
    return [max(abs(v) for v in samples[i:i + 48]) for i in range(0, len(samples) - 47, 48)]

def heard_pips(peaks, sent, offset_ms):
    """Mouth-to-ear delay (ms) of each pip B heard. A pip A sent at
    t (A's call time) is looked for in B's recording from t + offset_ms
    on: the first 1 ms block above ONSET_LEVEL before the next pip could
    arrive. Pips not found (lost, or sent before anyone held A's key)
    are None."""
    out = []
    for start, _hz in sent:
        lo = int(start * 1000 + offset_ms)
        hi = lo + int(PIP_EVERY_S * 1000) - int(PIP_S * 1000)
        lo = max(lo, 0)
        found = next((i for i in range(lo, min(hi, len(peaks))) if peaks[i] > ONSET_LEVEL), None)
        out.append(None if found is None else found - offset_ms - start * 1000)
    return out
