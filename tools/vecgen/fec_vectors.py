"""vectors/fec/*.json (spec/04-fec.md)."""
import random

import model
import model_fec as mf
from binary32 import bits, f32
from vectorfile import build_files

GEN = "tools/vecgen/fec_vectors.py"
NOTES = {
    "Verified": "A value upstream's own tests or the facts record (fec.md A4, A15).",
    "SinglePrecision": "Computing K x ratio in double gives a different R.",
    "Loss": "Packets are missing.",
    "RepairOnly": "Every source packet of the block is lost.",
    "Insufficient": "Fewer distinct symbols than K arrive: nothing can be recovered.",
    "Reorder": "Packets arrive out of order.",
    "Duplicate": "A packet arrives twice.",
    "Wrap": "Block ids wrap from 255 to 0.",
    "Stale": "A packet for a block the receiver has expired.",
    "Partial": "A block closed early with fewer than K symbols.",
    "EdgeValue": "A size at the edge of what fits.",
    "ProfileDifference": "wzp/1 and upstream-aa09275 disagree on purpose.",
    "UpstreamFix": "Upstream's receiver gets this wrong (quirk Q1); the spec's does not.",
}
CODECS = range(5)


def frames_for(l, count, rng, start_ts=0, size=None):
    cap = mf.capacity(l)
    return [(bytes(rng.randrange(256) for _ in range(size or rng.randrange(1, cap + 1))),
             start_ts + i * l["frame_ms"]) for i in range(count)]


def layout_cases(f):
    for codec in range(16):
        f.add(f"codec {codec}", ["WZP-FEC-001"], {"codec_id": codec},
              lambda p, c=codec: {k: (bits(f32(v)) if k == "repair_ratio" else v)
                                  for k, v in mf.layout(c, p).items() if k != "profile"},
              ["ProfileDifference"] if codec < 5 else [])


def repair_cases(f):
    cases = [(5, 0.2, ["Verified"]), (10, 0.5, ["Verified"]), (8, 1.0, ["Verified"]),
             (5, 0.5, ["Verified"]), (5, 1.0, ["Verified"]), (8, 2.0, ["Verified"]),
             (2, 1.0, []), (1, 0.2, []), (0, 0.5, []), (16, 1.0, []),
             (10, 0.2, ["SinglePrecision"]), (10, 0.3, ["SinglePrecision"]),
             (10, 0.1, ["SinglePrecision"]), (3, 0.1, []), (7, 0.3, [])]
    rng = random.Random(11)
    cases += [(rng.randrange(1, 17), f32(rng.uniform(0, 2)), []) for _ in range(10)]
    for k, ratio, flags in cases:
        f.add(f"K={k}, ratio {f32(ratio)!r}", ["WZP-FEC-003"],
              {"k": k, "ratio": bits(f32(ratio))},
              lambda p, k=k, ratio=ratio: {"r": mf.repair_count(k, ratio)}, flags)


def encode_args(codec, first_block, frames, flush):
    return {"codec_id": codec, "first_block": first_block, "flush": flush,
            "frames": [{"data": d.hex(), "timestamp_ms": ts} for d, ts in frames]}


def encoder(codec, first_block, frames, flush):
    return lambda p: mf.encode(mf.layout(codec, p), first_block, frames, flush)


def encode_cases(f):
    rng = random.Random(5)
    for codec in CODECS:
        for profile in (model.V1, model.UPSTREAM):
            l = mf.layout(codec, profile)
            frames = frames_for(l, 2 * l["block_symbols"] * l["frames_per_symbol"] + 3, rng,
                                start_ts=1000)
            f.add(f"codec {codec}: two blocks and a partial one, flushed",
                  ["WZP-FEC-002", "WZP-FEC-004", "WZP-FEC-005", "WZP-FEC-006"],
                  encode_args(codec, 254, frames, True), encoder(codec, 254, frames, True),
                  ["Wrap", "Partial", "ProfileDifference"])
    for codec in CODECS:
        l = mf.layout(codec, model.V1)
        full = frames_for(l, l["frames_per_symbol"], rng, size=mf.capacity(l))
        f.add(f"codec {codec}: frames at capacity", ["WZP-FEC-002"],
              encode_args(codec, 0, full, True), encoder(codec, 0, full, True), ["EdgeValue"])
        over = frames_for(l, 1, rng, size=mf.capacity(l) + 1)
        f.add(f"codec {codec}: a frame one byte over capacity", ["WZP-FEC-002"],
              encode_args(codec, 0, over, True), encoder(codec, 0, over, True), ["EdgeValue"])
    empty = [(b"", 0)]
    f.add("an empty frame", ["WZP-FEC-002"], encode_args(0, 0, empty, True),
          encoder(0, 0, empty, True))
    f.add("upstream frame of 255 bytes", ["WZP-FEC-002"],
          encode_args(0, 0, [(b"\x11" * 255, 0)], False), encoder(0, 0, [(b"\x11" * 255, 0)], False),
          ["EdgeValue", "ProfileDifference"])


def sent(codec, profile, blocks, rng, first_block=0, start_ts=0):
    l = mf.layout(codec, profile)
    frames = frames_for(l, blocks * l["block_symbols"] * l["frames_per_symbol"], rng,
                        start_ts=start_ts)
    return mf.encode(l, first_block, frames, True)["packets"]


def receive_cases(f):
    rng = random.Random(9)

    def add(comment, reqs, codec, packets, flags=(), profiles=(model.V1, model.UPSTREAM)):
        f.add(comment, reqs, {"codec_id": codec, "packets": packets},
              lambda p: mf.receive(mf.layout(codec, p), packets), flags)

    for codec in CODECS:
        for profile in (model.V1, model.UPSTREAM):
            pk = sent(codec, profile, 3, rng, first_block=253, start_ts=50000)
            tag = f"codec {codec} {profile}"
            add(f"{tag}: everything arrives", ["WZP-FEC-007"], codec, pk, ["Wrap"])
            src = [p for p in pk if not p["is_repair"]]
            rep = [p for p in pk if p["is_repair"]]
            first = [p for p in pk if p["block"] == pk[0]["block"]]
            k = sum(1 for p in first if not p["is_repair"])
            drop = [p for p in first if p["is_repair"] or p["esi"] != 0]
            add(f"{tag}: source 0 of the first block lost", ["WZP-FEC-007", "WZP-FEC-008"],
                codec, drop, ["Loss", "UpstreamFix"] if profile == model.UPSTREAM else ["Loss"])
            reps = [p for p in first if p["is_repair"]]
            if len(reps) >= k:
                add(f"{tag}: repairs only", ["WZP-FEC-008"], codec, reps, ["RepairOnly"])
            add(f"{tag}: repairs first, then the sources", ["WZP-FEC-008"], codec,
                rep + src, ["Reorder"])
            lossy = [p for p in pk if rng.random() > 0.3]
            rng.shuffle(lossy)
            add(f"{tag}: 30 % lost, shuffled", ["WZP-FEC-008", "WZP-FEC-010"], codec, lossy,
                ["Loss", "Reorder"])
            few = [p for p in first if p["is_repair"]][:max(k - 2, 0)] + \
                [p for p in first if not p["is_repair"]][:1]
            add(f"{tag}: fewer than K symbols", ["WZP-FEC-008"], codec, few, ["Insufficient"])
            add(f"{tag}: every packet twice", ["WZP-FEC-008"], codec,
                [p for p in pk for _ in (0, 1)], ["Duplicate"])
    for profile in (model.V1, model.UPSTREAM):
        pk = sent(0, profile, 8, rng, first_block=250)
        by_block = {}
        for p in pk:
            by_block.setdefault(p["block"], []).append(p)
        order = [250, 255, 251, 254, 252, 0, 253]
        add(f"{profile}: blocks 4 and more behind the newest are stale", ["WZP-FEC-010"], 0,
            [p for b in order for p in by_block[b][:1]], ["Stale", "Wrap"])
    v1 = sent(0, model.V1, 1, rng)
    rep = next(p for p in v1 if p["is_repair"])
    src = v1[0]

    def mutated(p, **changes):
        q = dict(p)
        q.update(changes)
        return q
    bad = [("repair with K = 0", mutated(rep, payload="00" + rep["payload"][2:])),
           ("repair with K = 6 (layout K is 5)", mutated(rep, payload="06" + rep["payload"][2:])),
           ("repair one byte short", mutated(rep, payload=rep["payload"][:-2])),
           ("repair with ESI below K", mutated(rep, esi=4)),
           ("repair with ESI K + 16", mutated(rep, esi=21)),
           ("source with ESI 5", mutated(src, esi=5)),
           ("source payload over T", mutated(src, payload="01" * 65)),
           ("source whose record runs past T", mutated(src, payload="ff00" + "00" * 62)),
           ("source record of 63 bytes, over capacity but inside T",
            mutated(src, payload="3f00" + "aa" * 62)),
           ("fuzz regression: a 1-byte payload declaring an 11-byte record (T 20)",
            None)]
    for comment, p in bad[:-1]:
        add(f"wzp/1 {comment}", ["WZP-FEC-009"], 0, [p], profiles=(model.V1,))
    add(f"wzp/1 {bad[-1][0]}", ["WZP-FEC-002", "WZP-FEC-009"], 3,
        [{"is_repair": False, "block": 1, "esi": 0, "timestamp_ms": 768, "payload": "0b"}])
    add("a repair disagreeing about K", ["WZP-FEC-009"], 0,
        [rep, mutated(rep, esi=6, payload="04" + rep["payload"][2:])])


def interleave_cases(f):
    for counts, comment, flags in (([3, 3, 3], "interleave_mixes_blocks", ["Verified"]),
                                   ([3, 1], "interleave_unequal_lengths", ["Verified"]),
                                   ([], "interleave_empty", ["Verified"]),
                                   ([6, 6, 6], "burst_loss_distributed", ["Verified"]),
                                   ([6], "depth 1: order unchanged", []),
                                   ([1, 4, 2], "unequal blocks", [])):
        f.add(comment, ["WZP-FEC-011"], {"counts": counts},
              lambda p, c=counts: mf.interleave(c), flags)


def files():
    assert mf.repair_count(5, 0.2) == 1 and mf.repair_count(10, 0.2) == 2
    return build_files(GEN, NOTES, [
        ("fec/layout.json", "FEC layouts", "fec.layout",
         "The layout of a codec in the profile.", layout_cases),
        ("fec/repair_count.json", "Repair symbols per block", "fec.repair_count",
         "R = ceil(K x ratio) in binary32.", repair_cases),
        ("fec/encode.json", "FEC sending", "fec.encode",
         "Frames, in capture order, to the packets a sender emits.", encode_cases),
        ("fec/receive.json", "FEC receiving", "fec.receive",
         "Packets, in arrival order, to the frames a receiver hands on after each.",
         receive_cases),
        ("fec/interleave.json", "Interleaving order", "fec.interleave",
         "The sending order of D blocks' packets.", interleave_cases),
    ])


