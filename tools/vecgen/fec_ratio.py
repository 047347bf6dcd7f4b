"""vectors/wire/fec_ratio_{encode,decode}.json (spec/02-wire.md 2.3)."""
import random

import model
from binary32 import bits, f32, from_bits, next_down, next_up, roundf
from vectorfile import build_files

GEN = "tools/vecgen/fec_ratio.py"
NOTES = {
    "Verified": "Value obtained by running the original implementation at aa09275 "
                "(upstream facts, wire.md 1.2).",
    "HalfAwayFromZero": "ratio * 63.5 is exactly k + 0.5: roundf goes up, rint would go to even.",
    "SinglePrecision": "The exact product is below k + 0.5 but rounds to it in binary32: "
                       "computing in double gives a different answer.",
    "Saturated": "Out of range, infinite or NaN input clamps to 0 or 127.",
    "Masked": "Encoded value above 127: only the low 7 bits are read.",
    "Random": "Pseudo-random input from the generator's fixed seed.",
}
# ratio -> encoded, from wire.md 1.2 (verified upstream).
VERIFIED_ENCODE = {"00000000": 0, "3dcccccd": 6, "3e4ccccd": 13, "3e800000": 16,
                   "3e99999a": 19, "3f000000": 32, "3f400000": 48, "3f800000": 64,
                   "3fc00000": 95, "40000000": 127, "4000a3d7": 127, "40400000": 127,
                   "40a00000": 127, "7f800000": 127, "bf000000": 0, "7fc00000": 0}
# encoded -> decoded binary32, from wire.md 1.2 (printed to 9 digits there).
VERIFIED_DECODE = {0: 0.0, 1: 0.015748031, 6: 0.094488189, 13: 0.204724416,
                   16: 0.251968503, 19: 0.299212605, 32: 0.503937006, 48: 0.755905509,
                   63: 0.992125988, 64: 1.007874012, 95: 1.496062994, 127: 2.0,
                   128: 0.0, 255: 2.0}
ENC_REQS = ["WZP-WIRE-016", "WZP-WIRE-017"]


def encoder(hex8):
    return lambda profile: {"encoded": model.fec_ratio_encode(from_bits(hex8))}


def half_way_ratios():
    """Binary32 ratios r with f32(r * 63.5) == k + 0.5 exactly, the exact
    product being k + 0.5 too (HalfAwayFromZero) or just below it
    (SinglePrecision)."""
    exact, rounded = [], []
    for k in range(0, 127):
        target = k + 0.5
        r = f32(target / 63.5)
        for cand in (next_down(r), r, next_up(r)):
            if f32(cand * 63.5) != target:
                continue
            (exact if cand * 63.5 == target else rounded).append((k, cand))
    return exact, rounded


def check_verified():
    for hex8, enc in VERIFIED_ENCODE.items():
        assert model.fec_ratio_encode(from_bits(hex8)) == enc, hex8
    for enc, dec in VERIFIED_DECODE.items():
        assert abs(model.fec_ratio_decode(enc) - dec) < 5e-9, enc


def encode_cases(f):
    add = lambda c, r, h, fl: f.add(c, r, {"ratio": h}, encoder(h), fl)
    for hex8, enc in VERIFIED_ENCODE.items():
        add(f"ratio {from_bits(hex8)!r} -> {enc}", ENC_REQS, hex8, ["Verified"])
    for hex8, what in (("80000000", "-0.0"), ("ff800000", "-inf"), ("ffc00000", "negative NaN"),
                       ("7f800001", "signalling NaN"), ("7f7fffff", "largest finite"),
                       ("00000001", "smallest subnormal"), ("3ffe0000", "1.984375")):
        add(f"{what}", ENC_REQS, hex8, ["Saturated"] if what != "1.984375" else [])
    exact, rounded = half_way_ratios()
    for k, r in [c for c in exact if c[0] % 16 == 0 or c[0] < 3][:8]:
        add(f"ratio * 63.5 = {k}.5 exactly -> {k + 1}", ENC_REQS, bits(r), ["HalfAwayFromZero"])
    for k, r in rounded[:10]:
        add(f"ratio {r!r}: exact product {r * 63.5!r} < {k}.5, binary32 product = {k}.5 "
            f"-> {k + 1}", ENC_REQS, bits(r), ["SinglePrecision"])
    rng = random.Random(20261122)
    for _ in range(24):
        r = f32(rng.uniform(0.0, 2.2))
        add(f"ratio {r!r}", ENC_REQS, bits(r), ["Random"])


def decode_cases(f):
    for e in range(256):
        flags = ["Verified"] if e in VERIFIED_DECODE else []
        flags += ["Masked"] if e > 127 else []
        f.add(f"{e} -> {model.fec_ratio_decode(e)!r}", ["WZP-WIRE-018"], {"encoded": e},
              lambda profile, e=e: {"ratio": bits(model.fec_ratio_decode(e))}, flags)


def files():
    check_verified()
    exact, rounded = half_way_ratios()
    assert exact and rounded, "no half-way cases found"
    return build_files(GEN, NOTES, [
        ("wire/fec_ratio_encode.json", "FEC ratio encoding", "wire.fec_ratio.encode",
         "binary32 `ratio` (bit pattern) to the 7-bit header value.", encode_cases),
        ("wire/fec_ratio_decode.json", "FEC ratio decoding", "wire.fec_ratio.decode",
         "Every byte value to its binary32 ratio (bit pattern).", decode_cases),
    ])


