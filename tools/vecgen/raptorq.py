"""vectors/raptorq/{encode,decode}.json (spec/03-raptorq.md).

Nothing here implements RaptorQ: every expected symbol and every decode
outcome is asked of two independent implementations, Debian's liblcrq and
npm raptorq 1.7.24, which must agree (rq_peers.py; decision 0030). This
module only chooses the cases, and states the outcomes that follow from the
spec alone (fewer than K distinct symbols cannot decode; an ESI above
2^24-1 is refused) without asking anyone.
"""
import hashlib
import random

from model import WireError
from rq_peers import Peers
from vectorfile import build_files

GEN = "tools/vecgen/raptorq.py"
NOTES = {
    "Verified": "Symbols also printed by the raptorq 2.0.1 crate as WZP calls it, and "
                "recorded with liblcrq's and npm's in the upstream facts (fec.md B5).",
    "WzpTier": "The (K, repair count) of a WZP quality tier at T = 256, with source "
               "symbols laid out as WZP frames them (length prefix, payload, zeros).",
    "Padding": "K < K': the block is extended by K' - K zero symbols, and repair ESI x "
               "is ISI x + K' - K.",
    "SmallSymbol": "T < 64: npm raptorq cannot run such T, so it encoded each source "
                   "symbol zero-padded to 64 octets and the first T octets were kept.",
    "LargeBlock": "K' above 101: the reference encodes and decodes through the full "
                  "constraint matrix rather than its small-block generator.",
    "HighEsi": "Repair ESIs far above K.",
    "OnePeer": "ESI too high for npm raptorq (which makes every repair symbol below it): "
               "from liblcrq alone.",
    "ExactlyK": "Exactly K distinct symbols received.",
    "RepairOnly": "No source symbol received.",
    "Shuffled": "Symbols in an order other than by ESI.",
    "Duplicates": "Some ESI received more than once (with the same data).",
    "Insufficient": "The symbols cannot determine the block: fewer than K distinct "
                    "symbols.",
    "RankDeficient": "K or more distinct symbols whose rows of the decoding matrix have "
                     "rank below L: both peers fail to decode them, and so must any "
                     "decoder (WZP-RQ-004: success depends only on the ESI set).",
    "EsiRange": "An ESI above 2^24 - 1, the largest a sender may use.",
    "BlockRange": "K outside 1..56403.",
}
ESI_MAX = (1 << 24) - 1
SEED = 20261122

# fec.md B5: sha256 of "ESI <n> <hex>\n" lines, agreed by liblcrq, npm
# raptorq 1.7.24 and the raptorq 2.0.1 crate: (K, T, first ESI, count, layout).
VERIFIED = {
    (5, 256, 0, 6, "wzp"): "1cf2633ca9e0e7d16cccd875021370f71136c877359272d715a8d10824a26914",
    (10, 256, 0, 15, "wzp"): "0836b46817157e9f908f0e9e1d8248e162687791a010e376609474052d86627a",
    (8, 256, 0, 16, "wzp"): "3b043ed78e01c2aca031fec5d964be027cd89c947095e6719fa940a12db36675",
    (5, 256, 0, 8, "lcg"): "eda9ea7abce7cb9928c8c499dadb9f2c80e200b41888f8c455eb880c414e90c7",
    (1, 256, 0, 4, "lcg"): "bc1d969a8e1799f566a803f7a1393b0255bd9c85e1fd795f70e76f849f559c56",
}
# RFC 6330 Table 2, the K' column up to 200 (for the Padding flag only).
TABLE2_FIRST_K_PRIMES = (10, 12, 18, 20, 26, 30, 32, 36, 42, 46, 48, 49, 55, 60, 62, 69, 75,
                         84, 88, 91, 95, 97, 101, 114, 119, 125, 127, 138, 140, 149, 153,
                         160, 166, 168, 179, 181, 185, 187, 200)
# The WZP tiers (fec.md A13): GOOD, DEGRADED, CATASTROPHIC.
TIERS = [(5, 1, "GOOD"), (10, 5, "DEGRADED"), (8, 8, "CATASTROPHIC")]


def lcg_source(K, T):
    """fec.md B5 "lcg": x = x * 1103515245 + 12345 mod 2^32, byte (x >> 16)."""
    out, x = bytearray(), 1
    for _ in range(K * T):
        x = (x * 1103515245 + 12345) & 0xffffffff
        out.append((x >> 16) & 0xff)
    return bytes(out)


def wzp_source(K, T):
    """fec.md B5 "wzp": symbol j = [len lo, len hi, len octets of (37 j + 7), 0...],
    len = 20 + j, cut to T octets."""
    out = bytearray()
    for j in range(K):
        n = 20 + j
        sym = bytes([n & 0xff, n >> 8]) + bytes([(37 * j + 7) & 0xff]) * n
        out += (sym + bytes(T))[:T]
    return bytes(out)


def random_source(K, T, tag):
    return random.Random(f"{SEED}:{tag}:{K}:{T}").randbytes(K * T)


class Case:
    """One vector case: a peer job (valid or peer-decided) or a spec error."""

    def __init__(self, comment, reqs, args, flags=(), job=None, error=None):
        self.comment, self.reqs, self.args = comment, reqs, args
        self.flags, self.job, self.error = list(flags), job, error

    def add_to(self, vf, answers):
        answer = {"error": self.error} if self.job is None else answers[self.job]
        if "error" in answer:
            outcome = lambda profile, code=answer["error"]: _raise(code)
        else:
            outcome = lambda profile, a=answer: a
        vf.add(self.comment, self.reqs, self.args, outcome, self.flags)


def _raise(code):
    raise WireError(code)


# ---- encoding ----

def encode_case(peers, comment, reqs, K, T, source, esis, flags=()):
    args = {"k": K, "t": T, "source": source.hex(), "esis": list(esis)}
    job = peers.add({"op": "encode", **args})
    return Case(comment, reqs, args, flags, job=job)


def k_prime_flags(K):
    """Padding unless K is itself a K' of RFC 6330 Table 2."""
    return [] if K in TABLE2_FIRST_K_PRIMES else ["Padding"]


def encode_cases(peers):
    rq123 = ["WZP-RQ-001", "WZP-RQ-002", "WZP-RQ-003"]
    cases = []
    for (K, T, first, count, layout), _ in VERIFIED.items():
        src = (wzp_source if layout == "wzp" else lcg_source)(K, T)
        flags = ["Verified"] + (["WzpTier"] if layout == "wzp" else []) + k_prime_flags(K)
        # Source ESIs give the source back; repair ESIs follow on from K.
        cases.append(encode_case(peers, f"K={K} T={T} {layout} source: ESIs {first}.."
                                 f"{first + count - 1}", rq123, K, T, src,
                                 range(first, first + count), flags))
    for T in (8, 16):
        for K in (5, 8, 10, 11, 13):
            # Small symbols: the code works octet position by octet position.
            cases.append(encode_case(peers, f"K={K} T={T}: ESIs 0..{K + 5}", rq123, K, T,
                                     random_source(K, T, "enc"), range(K + 6),
                                     ["SmallSymbol"] + k_prime_flags(K)))
    for K in (2, 3, 12, 18, 21, 50, 100, 101):
        # A spread of K and K' (systematic index J(K') of each Table 2 row used).
        cases.append(encode_case(peers, f"K={K} T=16: the first 3 repair symbols", rq123, K,
                                 16, random_source(K, 16, "enc"), range(K, K + 3),
                                 ["SmallSymbol"] + k_prime_flags(K)))
    for K in (102, 200):
        cases.append(encode_case(peers, f"K={K} T=8: source ESIs 0, K-1 and 4 repairs", rq123,
                                 K, 8, random_source(K, 8, "enc"),
                                 [0, K - 1, K, K + 1, K + 2, K + 50],
                                 ["SmallSymbol", "LargeBlock"] + k_prime_flags(K)))
    for K in (5, 8, 10):
        cases.append(encode_case(peers, f"K={K} T=256: repair ESIs K+60000..K+60004",
                                 rq123, K, 256, random_source(K, 256, "enc"),
                                 range(K + 60000, K + 60005), ["HighEsi"] + k_prime_flags(K)))
    cases.append(encode_case(peers, "K=5 T=16: the largest ESI, 2^24-1", rq123, 5, 16,
                             random_source(5, 16, "enc"), [ESI_MAX - 1, ESI_MAX],
                             ["HighEsi", "OnePeer", "SmallSymbol", "Padding"]))
    return cases + encode_errors()


def encode_errors():
    src = random_source(5, 16, "enc").hex()
    base = {"k": 5, "t": 16, "source": src}
    return [
        Case("ESI 2^24 is one above the 24-bit range", ["WZP-RQ-002"],
             {**base, "esis": [5, ESI_MAX + 1]}, ["EsiRange"], error="bad_param"),
        Case("ESI 2^32-1", ["WZP-RQ-002"], {**base, "esis": [0xffffffff]}, ["EsiRange"],
             error="bad_param"),
        Case("K = 0", ["WZP-RQ-001"], {"k": 0, "t": 16, "source": "", "esis": [0]},
             ["BlockRange"], error="bad_param"),
        Case("K = 56404, one above Table 2", ["WZP-RQ-001"],
             {"k": 56404, "t": 1, "source": "00" * 56404, "esis": [0]}, ["BlockRange"],
             error="bad_param"),
    ]


# ---- decoding ----

def symbols_of(K, T, source, esis, peers_lcrq):
    """The encoding symbols of the block for these ESIs (from liblcrq; the
    encode vectors hold both peers to the same bytes)."""
    job = {"op": "encode", "k": K, "t": T, "source": source.hex(), "esis": sorted(set(esis))}
    by_esi = dict(zip(job["esis"], peers_lcrq.encode(job)["symbols"]))
    return [{"esi": e, "data": by_esi[e]} for e in esis]


def decode_case(peers, comment, reqs, K, T, source, esis, flags=()):
    args = {"k": K, "t": T, "symbols": symbols_of(K, T, source, esis, peers.lcrq)}
    job = peers.add({"op": "decode", **args})
    return Case(comment, reqs, args, flags, job=job)


def tier_decode_cases(peers):
    cases = []
    for K, R, tier in TIERS:
        src = wzp_source(K, 256)
        received = list(range(R, K)) + list(range(K, K + R))
        cases.append(decode_case(peers, f"{tier} K={K}: source 0..{R - 1} lost, {R} repairs "
                                 "in", ["WZP-RQ-002", "WZP-RQ-004", "WZP-RQ-005"], K, 256,
                                 src, received, ["WzpTier", "ExactlyK"] + k_prime_flags(K)))
        cases.append(decode_case(peers, f"{tier} K={K}: every symbol arrives",
                                 ["WZP-RQ-004"], K, 256, src, range(K + R),
                                 ["WzpTier"] + k_prime_flags(K)))
    return cases


def small_flag(T):
    return ["SmallSymbol"] if T < 64 else []


def shuffled(esis, tag):
    out = list(esis)
    random.Random(f"{SEED}:{tag}").shuffle(out)
    return out


def loss_cases(peers, K, T):
    """Valid decodes of one block; reqs and flags by what each case exercises."""
    src, flags = random_source(K, T, "dec"), k_prime_flags(K) + small_flag(T)
    # Lost source symbols rebuilt (004), and rebuilt right (005).
    req = ["WZP-RQ-002", "WZP-RQ-003", "WZP-RQ-004", "WZP-RQ-005"]
    every_other = [e for e in range(K) if e % 2] + list(range(K, K + (K + 1) // 2))
    return [
        decode_case(peers, f"K={K} T={T}: even source ESIs lost, repairs make up K", req, K, T,
                    src, shuffled(every_other, f"eo{K}{T}"), flags + ["ExactlyK", "Shuffled"]),
        decode_case(peers, f"K={K} T={T}: repair symbols only, ESIs K..2K+1", req, K, T, src,
                    range(K, 2 * K + 2), flags + ["RepairOnly"]),
        decode_case(peers, f"K={K} T={T}: source 0 lost, repair K sent three times, "
                    "source 1 twice", req, K, T, src,
                    [K, 1] + list(range(1, K)) + [K, K], flags + ["Duplicates", "Shuffled"]),
        decode_case(peers, f"K={K} T={T}: source 0 lost, repair K+60000 in", req, K, T, src,
                    [K + 60000] + list(range(1, K)), flags + ["HighEsi", "ExactlyK"]),
    ]


def insufficient_cases(peers, K, T):
    src, flags = random_source(K, T, "dec"), k_prime_flags(K) + small_flag(T)
    req = ["WZP-RQ-005"]
    return [
        decode_case(peers, f"K={K} T={T}: K-1 source symbols", req, K, T, src, range(1, K),
                    flags + ["Insufficient"]),
        decode_case(peers, f"K={K} T={T}: K-1 repair symbols", req, K, T, src,
                    range(K, 2 * K - 1), flags + ["Insufficient", "RepairOnly"]),
        decode_case(peers, f"K={K} T={T}: K+2 symbols but only K-1 distinct", req, K, T, src,
                    [K, K, K] + list(range(2, K)) + [2],
                    flags + ["Insufficient", "Duplicates"]),
    ]


def rank_deficient(peers, K, T, extra, tries=4000):
    """The first seeded K-subset of ESIs 0..K+extra-1 that liblcrq cannot
    decode (npm is asked too, when the generator runs them all)."""
    rng, src = random.Random(f"{SEED}:rank:{K}:{T}"), random_source(K, T, "rank")
    pool = list(range(K + extra))
    for _ in range(tries):
        esis = rng.sample(pool, K)
        args = {"k": K, "t": T, "symbols": symbols_of(K, T, src, esis, peers.lcrq)}
        if "error" in peers.lcrq.decode(args):
            flags = ["RankDeficient", "ExactlyK"] + k_prime_flags(K) + small_flag(T)
            return decode_case(peers, f"K={K} T={T}: K distinct symbols {esis} that do not "
                               "determine the block", ["WZP-RQ-004", "WZP-RQ-005"], K, T,
                               src, esis, flags)
    raise AssertionError(f"no rank-deficient K-subset found for K={K}")


def decode_cases(peers):
    cases = tier_decode_cases(peers)
    for K, T in ((5, 8), (8, 16), (10, 256), (13, 16), (50, 8), (120, 8)):
        cases += loss_cases(peers, K, T)
    for K, T in ((5, 16), (10, 8), (120, 8)):
        cases += insufficient_cases(peers, K, T)
    for K, T in ((5, 8), (8, 16), (10, 16)):
        cases.append(rank_deficient(peers, K, T, extra=K + 10))
    cases.append(decode_case(peers, "K=5 T=8: nothing received", ["WZP-RQ-005"], 5, 8,
                             random_source(5, 8, "dec"), [], ["Insufficient"]))
    cases.append(Case("K=5 T=8: ESI 2^24 is refused", ["WZP-RQ-002"],
                      {"k": 5, "t": 8, "symbols": [{"esi": ESI_MAX + 1, "data": "00" * 8}]},
                      ["EsiRange"], error="bad_param"))
    return cases


# ---- checks and files ----

def check_verified(cases, answers):
    """The Verified cases give the recorded upstream bytes."""
    for case in cases:
        if "Verified" not in case.flags:
            continue
        a = case.args
        lines = "".join(f"ESI {e} {s}\n" for e, s in zip(a["esis"],
                                                          answers[case.job]["symbols"]))
        layout = "wzp" if "WzpTier" in case.flags else "lcg"
        key = (a["k"], a["t"], a["esis"][0], len(a["esis"]), layout)
        assert hashlib.sha256(lines.encode()).hexdigest() == VERIFIED[key], key


def check_decoded(cases, answers):
    """A decode both peers call a success gives the block that was encoded."""
    for case in cases:
        answer = answers[case.job] if case.job is not None else {}
        if "source" in answer:
            assert answer["source"] == source_of(case).hex(), case.comment


def source_of(case):
    a = case.args
    if "WzpTier" in case.flags:
        return wzp_source(a["k"], a["t"])
    return random_source(a["k"], a["t"], "dec")


def files():
    peers = Peers()
    enc, dec = encode_cases(peers), decode_cases(peers)
    answers = peers.run_all()
    check_verified(enc, answers)
    check_decoded(dec, answers)

    def fill(cases):
        return lambda vf: [case.add_to(vf, answers) for case in cases]

    return build_files(GEN, NOTES, [
        ("raptorq/encode.json", "RaptorQ encoding", "fec.raptorq.encode",
         "The encoding symbols with the given ESIs of the source block of k symbols of t "
         "octets (RFC 6330, one sub-block). Expected values from liblcrq and npm raptorq "
         "1.7.24, which agree on every case.", fill(enc)),
        ("raptorq/decode.json", "RaptorQ decoding", "fec.raptorq.decode",
         "The source block of k symbols of t octets, rebuilt from the received (ESI, "
         "symbol) pairs, or the error insufficient. Outcomes from liblcrq and npm raptorq "
         "1.7.24, which agree on every case.", fill(dec)),
    ])
