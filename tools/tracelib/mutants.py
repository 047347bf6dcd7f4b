"""Dynamic facts: run the vectors against the normal build, then each
requirement's mutant (spec/decisions/0001-mutant-build.md), and record
which cases and unit tests citing the ID fail."""
import concurrent.futures
import os
import pathlib
import re
import subprocess
import sys
import types

FAILED_RE = re.compile(r"^\[  FAILED  \] (\w+)\s*$", re.M)
HOME = pathlib.Path(__file__).resolve().parents[2]


def _runner():
    """The conformance runner of the tree this tool lives in."""
    sys.path.insert(0, str(HOME / "conformance"))
    from runner import adapter, execute, vectors  # noqa: E402
    return adapter, execute, vectors


def run_vectors(root, adapter_cmd, files, requirement=None, env=None):
    """Outcomes of every case in `files` (citing `requirement`, if given)."""
    adapter_mod, execute, vectors = _runner()
    ad = adapter_mod.Adapter(adapter_cmd, timeout=10.0, env=env)
    hello = ad.request("meta.hello")["result"]
    opts = types.SimpleNamespace(profile=None, lenient_errors=False,
                                 requirement=[requirement] if requirement else None)
    outcomes = []
    for rel in files:
        doc = vectors.load(root / "vectors" / rel)
        outcomes += execute.run_file(ad, rel, doc, hello, opts)
    ad.stop()
    return outcomes


def failed_tests(binary, env):
    """Names of the cmocka tests that failed; all of them if it crashed."""
    proc = subprocess.run([str(binary)], env=env, capture_output=True, text=True, timeout=120)
    failed = set(FAILED_RE.findall(proc.stdout + proc.stderr))
    if proc.returncode != 0 and not failed:
        return None  # crashed before cmocka could report: every test counts as failed
    return failed


def mutant_env(rid):
    env = dict(os.environ, WZP_MUTANT=rid)
    env["ASAN_OPTIONS"] = "detect_leaks=0:" + env.get("ASAN_OPTIONS", "")
    return env


def kill(inv, rid, mutant_dir):
    """(case names, test names) citing rid that fail under its mutant."""
    req = inv.requirements[rid]
    env = mutant_env(rid)
    files = [f for f, ids in inv.vector_files.items() if rid in ids]
    killers = []
    if files:
        outcomes = run_vectors(inv.root, str(mutant_dir / "wzp-adapter"), files, rid, env)
        killers += [o.name for o in outcomes if o.status == "fail"]
    for binary in sorted({b for b, _ in req.tests}):
        failed = failed_tests(mutant_dir / "tests" / binary, env)
        for b, test in req.tests:
            if b == binary and (failed is None or test in failed):
                killers.append(f"{binary}:{test}")
    return killers


def kill_all(inv, ids, mutant_dir, jobs=2, progress=None):
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(kill, inv, rid, mutant_dir): rid for rid in ids}
        for n, fut in enumerate(concurrent.futures.as_completed(futures), 1):
            rid = futures[fut]
            results[rid] = fut.result()
            if progress:
                progress(n, len(ids), rid, results[rid])
    return results
