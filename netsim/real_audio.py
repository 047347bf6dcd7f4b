"""The test signal of netsim/run --real and its analysis (spec/09-netsim.md
9.6): A sends pips, one every PIP_EVERY_S, and B's recording is searched
for their onsets, which give each pip's mouth-to-ear delay to the
millisecond without cross-correlation.

A pip is a voiced vowel, the harmonics of a pitch shaped by the formants
of /a/: what Opus and Codec2 are built to carry, so every tier plays it
back at its level with an onset a codec frame late at most. Pure tones
were not: Opus 6k, held to the 30 bytes of its FEC symbol, overshot
their onsets into clipping, and Codec2 1200 played them at a quarter of
their level, under ONSET_LEVEL, so CATASTROPHIC pips went unheard or were
heard up to 300 ms late.
"""
import math
import struct
import wave

RATE = 48000
TICK_MS = 20  # the clients' tick: B writes a tick's audio at its end
PIP_EVERY_S, PIP_S, PIP_AMPLITUDE = 2.0, 0.3, 12000
PITCHES_HZ = (100, 120, 150, 200, 160, 125, 96)  # each a whole number of samples a period
FORMANTS = ((700, 130), (1220, 70), (2600, 160))  # /a/: centre and half width, Hz
ONSET_LEVEL = 3000   # a 1 ms block whose peak passes this starts a heard pip


def pips(seconds):
    """Start times (s) and pitches of A's pips."""
    out, t, k = [], 1.0, 0
    while t + PIP_S <= seconds - 1.0:
        out.append((t, PITCHES_HZ[k % len(PITCHES_HZ)]))
        t, k = t + PIP_EVERY_S, k + 1
    return out

def vowel_period(f0):
    """One period of the vowel at pitch f0, peak PIP_AMPLITUDE: every
    harmonic below 3.6 kHz, weighted by the formants' resonances."""
    n = RATE // f0
    harmonics = [(h * f0, 0.05 + sum(1 / (1 + ((h * f0 - fc) / bw) ** 2) for fc, bw in FORMANTS))
                 for h in range(1, 3600 // f0 + 1)]
    period = [sum(g * math.sin(2 * math.pi * f * i / RATE) for f, g in harmonics)
              for i in range(n)]
    peak = max(abs(v) for v in period)
    return [PIP_AMPLITUDE * v / peak for v in period]

def write_source(path, seconds):
    n = int(seconds * RATE)
    pcm = [0] * n
    periods = {f0: vowel_period(f0) for f0 in PITCHES_HZ}
    for start, f0 in pips(seconds):
        s0, ln, period = int(start * RATE), int(PIP_S * RATE), periods[f0]
        for i in range(ln):
            ramp = min(1.0, i / 240, (ln - i) / 240)
            pcm[s0 + i] = int(ramp * period[i % len(period)])
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
