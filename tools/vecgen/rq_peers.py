"""The two independent RaptorQ implementations the RaptorQ vectors come from
(spec/decisions/0030-raptorq-vectors.md), run as black boxes:

  - Debian's liblcrq (C), called in process through ctypes;
  - the npm package raptorq 1.7.24 (Rust compiled to wasm), run by node
    through tools/node/rq-crosscheck.mjs, which hides its quirks (repair
    symbols labelled by ISI, no T below 64; upstream facts fec.md B3).

Every answer the generator writes is asked of both and must agree; libwzp
is never run. A job is a dict in the form of rq-crosscheck.mjs's `json`
command: {"op": "encode", "k", "t", "source": hex, "esis": [...]} gives
{"symbols": [hex...]}; {"op": "decode", "k", "t", "symbols": [{"esi",
"data": hex}...]} gives {"source": hex} or {"error": "insufficient"}.
"""
import ctypes
import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
NODE_SCRIPT = ROOT / "tools" / "node" / "rq-crosscheck.mjs"
# npm raptorq makes every repair symbol up to the one asked for: keep ESIs
# of jobs sent to it below this.
NPM_ESI_LIMIT = 100000


class Lcrq:
    """liblcrq 0.0.1 (lcrq.h): rq_init(F, T), rq_encode, rq_symbol, rq_decode."""

    def __init__(self):
        lib = ctypes.CDLL("liblcrq.so.0.0")
        vp, u32p = ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)
        lib.rq_init.restype, lib.rq_init.argtypes = vp, [ctypes.c_uint64, ctypes.c_uint16]
        lib.rq_encode.argtypes = [vp, ctypes.c_char_p, ctypes.c_size_t]
        lib.rq_symbol.restype = vp
        lib.rq_symbol.argtypes = [vp, u32p, ctypes.c_char_p, ctypes.c_int]
        lib.rq_decode.argtypes = [vp, ctypes.c_char_p, ctypes.c_char_p, u32p, ctypes.c_uint32]
        lib.rq_free.argtypes = [vp]
        self.lib = lib

    @staticmethod
    def pid(esi):
        """rq_pidsetesi on a little-endian host: SBN 0 in the top byte, the
        ESI byte-swapped in the low 24 bits."""
        return int.from_bytes(esi.to_bytes(3, "big"), "little")

    def encode(self, job):
        k, t = job["k"], job["t"]
        rq = self.lib.rq_init(k * t, t)
        self.lib.rq_encode(rq, bytes.fromhex(job["source"]), k * t)
        symbols = []
        for esi in job["esis"]:
            buf, pid = ctypes.create_string_buffer(t), ctypes.c_uint32(self.pid(esi))
            self.lib.rq_symbol(rq, ctypes.byref(pid), buf, 0)
            symbols.append(buf.raw.hex())
        self.lib.rq_free(rq)
        return {"symbols": symbols}

    def decode(self, job):
        k, t, received = job["k"], job["t"], job["symbols"]
        if not received:  # liblcrq aborts on an empty set; nothing decodes from it
            return {"error": "insufficient"}
        rq = self.lib.rq_init(k * t, t)
        out = ctypes.create_string_buffer(k * t)
        esis = (ctypes.c_uint32 * len(received))(*[s["esi"] for s in received])
        data = b"".join(bytes.fromhex(s["data"]) for s in received)
        rc = self.lib.rq_decode(rq, out, data, esis, len(received))
        self.lib.rq_free(rq)
        return {"error": "insufficient"} if rc else {"source": out.raw.hex()}

    def run(self, job):
        return self.encode(job) if job["op"] == "encode" else self.decode(job)


def npm_run(jobs):
    """All jobs through node in one process (its start-up is most of the cost)."""
    proc = subprocess.run(["node", str(NODE_SCRIPT), "json"], input=json.dumps(jobs),
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def npm_can_run(job):
    return job["op"] == "decode" or max(job["esis"], default=0) < NPM_ESI_LIMIT


class Peers:
    """Collects jobs, runs each on both peers (liblcrq alone where npm cannot
    run it), and answers only what they agree on."""

    def __init__(self):
        self.lcrq = Lcrq()
        self.jobs = []

    def add(self, job):
        self.jobs.append(job)
        return len(self.jobs) - 1

    def run_all(self):
        npm_jobs = [j for j in self.jobs if npm_can_run(j)]
        npm = iter(npm_run(npm_jobs))
        self.answers, self.npm_ran = [], []
        for job in self.jobs:
            answer = self.lcrq.run(job)
            if npm_can_run(job):
                theirs = next(npm)
                if theirs != answer:
                    raise AssertionError(f"liblcrq and npm raptorq disagree on {job}")
            self.answers.append(answer)
            self.npm_ran.append(npm_can_run(job))
        return self.answers
