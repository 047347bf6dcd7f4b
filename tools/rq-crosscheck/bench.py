#!/usr/bin/python3
"""bench.py - RaptorQ speed of libwzp against liblcrq and npm raptorq@1.7.24 (make bench-fec).

For each (K, R) of the WZP tiers and two larger blocks, at T = 256, in one
run: microseconds per block to encode (the block in, R repair symbols out)
and to decode with R losses (the first R source symbols lost, R repair
symbols in their place). libwzp builds its coder once per (K, T), as a WZP
sender and receiver do (its K'-only precomputation); liblcrq and npm have
no such API and set up per block. Each number is the best of three runs.
Ratios are against the faster peer.
Targets (issue 4): encode at least 3x faster than the faster peer for
K <= 10, decode at least 1.5x.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sweep import NODE_SCRIPT, build  # noqa: E402

T = 256
PAIRS = [(5, 1), (10, 5), (8, 8), (32, 16), (128, 64)]
ENCODE_TARGET, DECODE_TARGET = 3.0, 1.5
REPEATS = 3
# What limits the targets that can be missed (measured on the reference,
# see the commit that added this file). Printed only when one is missed.
BOUND = """What bounds it: the coder precomputes a generator matrix only for K' <= 101
(the WZP tiers); above that (K = 128 has K' = 138) decode_with is the full
RFC 6330 5.4 elimination, like wzp_rq_decode. At K = 128, R = 64 that is about
2 200 general-coefficient and 2 250 XOR row operations on 256-octet symbols
(the general ones a nibble-table lookup per octet in portable C11): about
half the time (perf), the elimination's bookkeeping most of the rest. Hoisting the tables out of the row loops and an 8-lane SWAR
multiply gave no measurable gain, and generator mode at K' = 138 measured 2x
slower (K multiply-adds per repair symbol). Left: SIMD table lookups (16
octets per instruction), outside portable C11, or reusing the K'-only part of
the elimination across blocks. Timings here vary by about 25 % with the
machine's other load; npm and liblcrq run in other processes at other
moments, so ratios near a target can fall on either side of it."""


def iterations(K):
    return max(50, 20000 // K)


def numbers(text):
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", text)}


def measure(binary, K, R):
    """The best of REPEATS runs of each number: other load on the machine only
    ever adds time, so the minimum is the steadiest estimate."""
    runs = [measure_once(binary, K, R) for _ in range(REPEATS)]
    best = lambda key: tuple(min(r[key][i] for r in runs) for i in range(3))
    return {"enc": best("enc"), "dec": best("dec"),
            "dec_plain": min(r["dec_plain"] for r in runs)}


def measure_once(binary, K, R):
    n = str(iterations(K))
    out = subprocess.run([binary, "bench", str(K), str(T), str(R), n], check=True,
                         capture_output=True, text=True).stdout
    c, d = (numbers(part) for part in out.split("decode_us"))
    js = subprocess.run(["node", NODE_SCRIPT, "bench", str(K), str(T), str(R), n], check=True,
                        capture_output=True, text=True).stdout
    npm_enc = float(re.search(r"encode_us=([\d.]+)", js).group(1))
    npm_dec = float(re.search(r"decode_us=([\d.]+)", js).group(1))
    return {"enc": (c["ours"], c["lcrq"], npm_enc),
            "dec": (d["ours_with"], d["lcrq"], npm_dec), "dec_plain": d["ours_stateless"]}


def verdict(ratio, target, applies):
    if not applies:
        return "  (no target)"
    return "  met" if ratio >= target else "  NOT MET"


def main():
    print(f"RaptorQ, T = {T}, microseconds per block (lower is better); ratio = faster peer "
          "/ wzp")
    print(f"{'K':>4} {'R':>3} | {'encode wzp':>10} {'liblcrq':>9} {'npm':>9} {'ratio':>7}"
          f"{'':13} | {'decode wzp':>10} {'liblcrq':>9} {'npm':>9} {'ratio':>7}"
          f"{'':13} | {'no coder':>8}")
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        binary = build(tmp)
        for K, R in PAIRS:
            m = measure(binary, K, R)
            (ew, el, en), (dw, dl, dn) = m["enc"], m["dec"]
            er, dr = min(el, en) / ew, min(dl, dn) / dw
            ev, dv = verdict(er, ENCODE_TARGET, K <= 10), verdict(dr, DECODE_TARGET, True)
            print(f"{K:4d} {R:3d} | {ew:10.2f} {el:9.2f} {en:9.2f} {er:6.2f}x{ev:<13} | "
                  f"{dw:10.2f} {dl:9.2f} {dn:9.2f} {dr:6.2f}x{dv:<13} | {m['dec_plain']:8.2f}")
            missed += [f"{what} K={K}" for what, v in (("encode", ev), ("decode", dv))
                       if "NOT" in v]
    print("targets: encode >= %.1fx the faster peer for K <= 10, decode >= %.1fx: %s"
          % (ENCODE_TARGET, DECODE_TARGET, "all met" if not missed else
             "NOT met for " + ", ".join(missed)))
    print("'no coder' is wzp_rq_decode, which solves the whole RFC 6330 5.4 system per "
          "block instead of using the coder's precomputation.")
    if missed:
        print(BOUND)
    return 0


if __name__ == "__main__":
    sys.exit(main())
