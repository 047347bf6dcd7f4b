#!/usr/bin/python3
"""sweep.py - cross-check libwzp's RaptorQ against liblcrq and npm raptorq@1.7.24.

For every (K, T) of the sweep:
  1. rq_crosscheck check: our symbols for ESIs 0..K+EXTRA-1 must equal liblcrq's
     byte for byte, and over seeded loss patterns (K, K+1 or K+2 survivors) each
     of the two must decode the other's symbols back to the source, or both call
     the set insufficient.
  2. npm raptorq must give the same lines as ours (same ESIs, RFC numbering).
  3. npm must decode a seeded random subset (K+2) of our symbols, and we must
     decode a seeded random subset (K+2) of npm's.

Default: K = 1..120, every Table 2 K' up to 1000 (read from tables.c, so each
systematic index J(K') in that range is exercised) and a fixed list up to 1000;
T in {8, 16, 32, 64, 256, 1024}.
--nightly: instead, 12 seeded K in 1001..8000 and K = 8000, at T = 64 only with
one loss pattern (liblcrq needs minutes per block there; expect an hour or more).
make test runs the default sweep, make nightly both.
Needs cc, liblcrq-dev, node.
Run from anywhere:  tools/rq-crosscheck/sweep.py [--nightly] [--jobs N]
"""
import argparse
import concurrent.futures
import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NODE_SCRIPT = os.path.join(ROOT, "tools", "node", "rq-crosscheck.mjs")
T_LIST = [8, 16, 32, 64, 256, 1024]
K_FIXED = [127, 160, 200, 250, 300, 400, 500, 600, 700, 800, 900, 1000]
EXTRA = 20        # repair symbols compared per block
LOSSES = 3        # loss patterns per block in the liblcrq check (K <= 120)
BATCH = 20        # K values per progress line
SEED = 20261122


def build(tmp):
    """Compile the C side once; returns the binary's path."""
    src = [os.path.join(ROOT, "tools", "rq-crosscheck", "rq_crosscheck.c")]
    lib = os.path.join(ROOT, "ref", "lib", "src")
    src += sorted(os.path.join(lib, "raptorq", f)
                  for f in os.listdir(os.path.join(lib, "raptorq")) if f.endswith(".c"))
    src.append(os.path.join(lib, "error.c"))
    out = os.path.join(tmp, "rq_crosscheck")
    warn = ["-Wall", "-Wextra", "-Werror", "-Wshadow", "-Wstrict-prototypes",
            "-Wmissing-prototypes"]
    cmd = ["cc", "-std=c11", "-O2"] + warn + ["-I", os.path.join(ROOT, "ref", "lib", "include"),
                                              "-o", out] + src + ["-llcrq"]
    subprocess.run(cmd, check=True)
    return out


def table2_k_primes():
    """K' column of Table 2 as transcribed in ref/lib/src/raptorq/tables.c."""
    path = os.path.join(ROOT, "ref", "lib", "src", "raptorq", "tables.c")
    with open(path) as f:
        rows = re.findall(r"\{ (\d+), \d+, \d+, \d+, \d+ \}", f.read())
    return [int(k) for k in rows]


def k_values():
    ks = list(range(1, 121)) + K_FIXED + [k for k in table2_k_primes() if k <= 1000]
    return sorted(set(ks))


def nightly_k_values():
    rng = random.Random(SEED)
    return sorted(rng.sample(range(1001, 8000), 12)) + [8000]


def losses_for(ks):
    """Loss patterns per block in the liblcrq check: LOSSES for small K, one
    above K = 120, where liblcrq's encode and decode take most of the sweep's
    time (each block still gets the two npm decode checks as well)."""
    return LOSSES if ks[-1] <= 120 else 1


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True)


def blocks_of(text):
    """Split node 'vecs' output ("BLOCK K" then lines) into {K: [lines]}."""
    blocks, cur = {}, None
    for ln in text.splitlines():
        if ln.startswith("BLOCK "):
            cur = blocks.setdefault(int(ln.split()[1]), [])
        elif ln:
            cur.append(ln)
    return blocks


def subset(lines, K, rng):
    """K+2 of the lines, random choice and order: what a lossy link delivers."""
    pick = rng.sample(lines, min(len(lines), K + 2))
    return "\n".join(pick) + "\n"


def sha(lines):
    return hashlib.sha256("".join(ln + "\n" for ln in lines).encode()).hexdigest()


def check_batch(binary, T, ks, losses=LOSSES):
    """All checks for one T and a batch of K; returns a list of failure strings."""
    fails = []
    rng = random.Random(SEED * 7919 + T * 131 + ks[0])
    npm = run(["node", NODE_SCRIPT, "vecs", str(T), str(EXTRA)] + [str(k) for k in ks])
    if npm.returncode:
        why = npm.stderr.strip()[-300:]
        return ["K=%d T=%d: node failed: %s" % (K, T, why) for K in ks]
    npm_blocks = blocks_of(npm.stdout)
    jobs = []
    for K in ks:
        chk = run([binary, "check", str(K), str(T), str(rng.getrandbits(31)), str(EXTRA),
                   str(losses)])
        if chk.returncode or "verdicts_differ=0" not in chk.stdout:
            fails.append("K=%d T=%d: lcrq check: %s"
                         % (K, T, chk.stdout.strip() or chk.stderr.strip()))
        ours = run([binary, "vec", "ours", str(K), str(T), "0", str(K + EXTRA)])
        ours_lines = ours.stdout.splitlines()
        npm_lines = npm_blocks.get(K, [])
        if ours_lines != npm_lines:
            fails.append("K=%d T=%d: npm symbols differ from ours" % (K, T))
            continue
        want = sha(ours_lines[:K])
        dec = run([binary, "dec", "ours", str(K), str(T)], stdin=subset(npm_lines, K, rng))
        if dec.returncode or sha(dec.stdout.splitlines()) != want:
            fails.append("K=%d T=%d: ours failed to decode npm's symbols (rc %d)"
                         % (K, T, dec.returncode))
        jobs.append((K, want, "JOB %d %d\n%sEND\n" % (K, T, subset(ours_lines, K, rng))))
    res = run(["node", NODE_SCRIPT, "decjobs"], stdin="".join(j[2] for j in jobs))
    got = {int(ln.split()[1]): ln.split()[3] for ln in res.stdout.splitlines()}
    for K, want, _ in jobs:
        if got.get(K) != want:
            fails.append("K=%d T=%d: npm failed to decode our symbols" % (K, T))
    return fails


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nightly", action="store_true", help="only the samples of K up to 8000")
    ap.add_argument("--jobs", type=int, default=2, help="parallel batches (default 2)")
    args = ap.parse_args()
    start = time.time()
    ks = k_values()
    batches = [(T, ks[i:i + BATCH], losses_for(ks[i:i + BATCH])) for T in T_LIST
               for i in range(0, len(ks), BATCH)]
    if args.nightly:
        batches = [(64, [k], 1) for k in nightly_k_values()]
    # Costliest first (time grows with K and T), so that the two workers
    # finish together instead of one waiting on the last large batch.
    batches.sort(key=lambda b: (b[1][-1], b[0]), reverse=True)
    with tempfile.TemporaryDirectory() as tmp:
        binary = build(tmp)
        fails = []
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futs = {pool.submit(check_batch, binary, T, b, n): (T, b) for T, b, n in batches}
            for done, fut in enumerate(concurrent.futures.as_completed(futs), 1):
                T, b = futs[fut]
                f = fut.result()
                fails += f
                print("[%d/%d] T=%-4d K=%d..%d: %s" % (done, len(batches), T, b[0], b[-1],
                                                     "ok" if not f else "%d FAILED" % len(f)),
                      flush=True)
    for f in fails:
        print("FAIL", f)
    n = sum(len(b) for _, b, _ in batches)
    bad = len(set(f.split(":")[0] for f in fails))
    print("rq-crosscheck: %d blocks (%d K values, T in %s), %d failures, %.0f s"
          % (n, len(set(k for _, b, _ in batches for k in b)), T_LIST, len(fails),
             time.time() - start))
    print("rq-crosscheck: %d passed, %d failed" % (n - min(bad, n), min(bad, n)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
