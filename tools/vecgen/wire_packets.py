"""vectors/wire/{media_packet,frames,trunk,stream}_*.json (spec/02-wire.md
2.5-2.8, 2.10)."""
import random

import model
import model_frames as mf
from media_header import base
from vectorfile import build_files

GEN = "tools/vecgen/wire_packets.py"
NOTES = {
    "Verified": "Bytes obtained by running the original implementation at aa09275 "
                "(upstream facts, wire.md 3, 5 and 6).",
    "Truncated": "Fewer bytes than the format needs.",
    "ProfileDifference": "wzp/1 and upstream-aa09275 disagree on purpose.",
    "UpstreamDefect": "Upstream's own behaviour, which this spec considers broken and keeps "
                      "only in the upstream-aa09275 profile.",
    "Loss": "Datagrams are missing from the sequence.",
    "Reorder": "Datagrams arrive out of order.",
    "Duplicate": "A datagram arrives twice.",
    "Wrap": "A counter wraps around.",
    "Chunking": "The stream delivers the frame split at arbitrary points.",
    "EdgeValue": "A length or count at the edge of its range.",
}
REPORT = {"loss_pct": 25, "rtt_4ms": 75, "jitter_ms": 10, "bitrate_cap_kbps": 100}
VERIFIED_PACKET = ("0a800064000007d001000000" + b"test audio data here".hex() + "194b0a64")


def hdr(**kw):
    return base(**kw)


def pkt(payload=b"audio", report=None, **kw):
    if report is not None:
        kw["has_quality_report"] = True
    return {"header": hdr(**kw), "payload": payload.hex(), "report": report}


def media_packet_decode(f):
    add = lambda c, r, h, fl=(): f.add(c, r, {"bytes": h},
                                       lambda p: mf.decode_packet(bytes.fromhex(h), p), fl)
    add("media_packet_roundtrip: Opus6k, Q, payload and report", ["WZP-WIRE-030"],
        VERIFIED_PACKET, ["Verified"])
    add("12 zero bytes: an empty payload", ["WZP-WIRE-030"], "00" * 12, ["Verified"])
    add("Q set and 12 bytes: no room for the report", ["WZP-WIRE-030"], "02" + "00" * 11,
        ["Verified", "Truncated"])
    add("Q set and 15 bytes", ["WZP-WIRE-030"], "02" + "00" * 14, ["Truncated"])
    add("Q set and 16 bytes: empty payload and a report", ["WZP-WIRE-030"],
        "02" + "00" * 11 + "01020304", ["Verified"])
    add("Q clear: the last 4 bytes are payload", ["WZP-WIRE-030"], "00" * 12 + "01020304")
    add("codec 6 in the header", ["WZP-WIRE-030", "WZP-WIRE-005"], "18" + "00" * 13,
        ["Verified"])
    add("9 bytes", ["WZP-WIRE-030", "WZP-WIRE-001"], b"too short".hex(),
        ["Verified", "Truncated"])
    for n in (1, 100, 1188):
        add(f"payload of {n} bytes", ["WZP-WIRE-030"], "04" + "00" * 11 + "ab" * n)
    add("V=1: header rules still apply", ["WZP-WIRE-030", "WZP-WIRE-002"],
        "80" + "00" * 11 + "aa", ["ProfileDifference"])


def media_packet_encode(f):
    add = lambda c, r, p, fl=(): f.add(c, r, p,
                                       lambda prof: {"bytes": mf.encode_packet(p, prof).hex()}, fl)
    add("media_packet_roundtrip", ["WZP-WIRE-030", "WZP-WIRE-031"],
        pkt(b"test audio data here", REPORT, codec_id=2, fec_ratio_encoded=32, seq=100,
            timestamp_ms=2000, fec_block=1), ["Verified"])
    add("no report, Q clear", ["WZP-WIRE-031"], pkt(b"x"))
    add("empty payload", ["WZP-WIRE-030"], pkt(b""))
    bad = pkt(b"x")
    bad["report"] = REPORT
    add("a report with Q clear: wzp/1 refuses, upstream appends it", ["WZP-WIRE-031"], bad,
        ["ProfileDifference"])
    bad = pkt(b"x", has_quality_report=True)
    add("Q set with no report: wzp/1 refuses, upstream writes no trailer", ["WZP-WIRE-031"], bad,
        ["ProfileDifference"])


def seq_packets(n, step=20, start_seq=0, start_ts=0, **kw):
    return [pkt(b"audio", seq=(start_seq + i) % 65536,
                timestamp_ms=(start_ts + step * i) % (1 << 32), **kw) for i in range(n)]


def after_lead(*packets, start_ts=0):
    """The reference sender's 10 FULL frames (WZP-WIRE-082), 1 ms apart, then packets."""
    return seq_packets(mf.FULL_LEAD, step=1, start_seq=100, start_ts=start_ts) + list(packets)


def encoded(packets, profile):
    """A sender's datagrams; in wzp/1 one that sends FULL only where
    WZP-WIRE-044 requires it, so receivers meet MINI frames early."""
    minimal = {"lead": 0, "period_ms": None} if profile == model.V1 else {}
    return [bytes.fromhex(d) for d in mf.encode_sequence(packets, profile, **minimal)["datagrams"]]


def frames_decode(f):
    def add(comment, reqs, datagrams, flags=(), profiles=None):
        hexes = [d.hex() for d in datagrams]
        f.add(comment, reqs, {"datagrams": hexes},
              lambda p: mf.decode_sequence([bytes.fromhex(h) for h in hexes], p), flags)
    v1 = encoded(seq_packets(8), model.V1)
    up = encoded(seq_packets(8, fec_ratio_encoded=10), model.UPSTREAM)
    add("wzp/1 sender output, in order", ["WZP-WIRE-040", "WZP-WIRE-041", "WZP-WIRE-042"], v1)
    add("upstream sender output, in order (mini_frame_encode_decode_sequence)",
        ["WZP-WIRE-045", "WZP-WIRE-046"], up, ["Verified"])
    lost = [v1[i] for i in (0, 1, 3, 4, 5)]
    add("wzp/1: frame 2 lost; every other frame decodes exactly", ["WZP-WIRE-042",
        "WZP-WIRE-043"], lost, ["Loss"])
    lost = [up[i] for i in (0, 1, 3, 4, 5)]
    add("upstream: mini frame 2 lost; frames 3, 4, 5 decode with seq 2, 3, 4",
        ["WZP-WIRE-046"], lost, ["Loss", "UpstreamDefect"])
    add("wzp/1: reordered and duplicated", ["WZP-WIRE-043"],
        [v1[i] for i in (0, 3, 1, 2, 2, 5, 4)], ["Reorder", "Duplicate"])
    add("upstream: reordered", ["WZP-WIRE-046"], [up[i] for i in (0, 2, 1, 3)],
        ["Reorder", "UpstreamDefect"])
    add("wzp/1: a mini frame before any full frame", ["WZP-WIRE-043"], [v1[1], v1[0], v1[1]],
        ["Loss"])
    add("upstream: a mini frame without a baseline (mini_frame_context_no_baseline)",
        ["WZP-WIRE-046"], [up[1], up[0], up[1]], ["Verified"])
    wrap = encoded(seq_packets(4, start_seq=65534, start_ts=0xFFFFFFF0), model.V1)
    add("wzp/1: seq and timestamp wrap", ["WZP-WIRE-042"], wrap, ["Wrap"])
    wrap = encoded(seq_packets(3, start_seq=65535, start_ts=0xFFFFFFFA), model.UPSTREAM)
    add("upstream: seq 65535 ts 0xFFFFFFFA then +20 gives seq 0 ts 14", ["WZP-WIRE-046"], wrap,
        ["Verified", "Wrap"])
    ts24 = encoded([pkt(seq=1, timestamp_ms=0x00FFFFF0), pkt(seq=2, timestamp_ms=0x01000010),
                    pkt(seq=3, timestamp_ms=0x00FFFFF8)], model.V1)
    add("wzp/1: the low 24 bits wrap between frames; a late frame extends backwards",
        ["WZP-WIRE-042", "WZP-WIRE-043"], ts24, ["Wrap", "Reorder"])
    jump = encoded([pkt(seq=1, timestamp_ms=1000), pkt(seq=2, timestamp_ms=1000 + (1 << 23)),
                    pkt(seq=3, timestamp_ms=1020 + (1 << 23))], model.V1)
    add("wzp/1: a 2^23 ms jump forces a full frame", ["WZP-WIRE-044", "WZP-WIRE-042"], jump)
    rep = encoded([pkt(seq=1), pkt(seq=2, report=REPORT), pkt(seq=3)], model.V1)
    add("wzp/1: a mini frame carries a report", ["WZP-WIRE-041", "WZP-WIRE-030"], rep)
    rep = encoded([pkt(seq=1), pkt(seq=2, report=REPORT)], model.UPSTREAM)
    add("upstream: a mini frame drops the report but inherits Q", ["WZP-WIRE-046",
        "WZP-WIRE-047"], rep, ["UpstreamDefect"])
    one = bytes.fromhex(mf.encode_trunk([{"session_id": "0001", "payload": v1[0].hex()}],
                                        model.V1)["bytes"])
    add("wzp/1: a trunk datagram is recognised, not decoded as media", ["WZP-WIRE-040"],
        [one, v1[0]])
    for first in (0x3D, 0x3E, 0x7C, 0xBC, 0xFF):
        add(f"wzp/1: first byte {first:#04x} has CodecId 15", ["WZP-WIRE-040"],
            [bytes([first]) + b"\0" * 20])
    add("empty datagram", ["WZP-WIRE-040", "WZP-WIRE-045"], [b""], ["Truncated"])
    for n in range(1, mf.MINI_SIZE):
        add(f"wzp/1: {n}-byte mini frame after a full one", ["WZP-WIRE-041"],
            [v1[0], v1[1][:n]], ["Truncated"])
    add("wzp/1: mini frame with codec 6", ["WZP-WIRE-041", "WZP-WIRE-005"],
        [v1[0], bytes([0x98]) + v1[1][1:]])
    add("wzp/1: mini frame with Q and no room for the report", ["WZP-WIRE-041",
        "WZP-WIRE-030"], [v1[0], bytes([v1[1][0] | 2]) + v1[1][1:9] + b"ab"], ["Truncated"])
    for n in (1, 4):
        add(f"upstream: {n}-byte mini frame", ["WZP-WIRE-045"], [up[0], up[1][:n]],
            ["Truncated"])
    add("upstream: mini frame shorter than its length field", ["WZP-WIRE-045"],
        [up[0], up[1][:-1]], ["Truncated"])
    add("upstream: mini frame with bytes after its payload", ["WZP-WIRE-045"],
        [up[0], up[1] + b"zz"])
    add("upstream: frame type 2", ["WZP-WIRE-045"], [b"\x02" + up[0][1:]])
    rng = random.Random(3)
    for trial in range(6):
        packets = seq_packets(60, step=40, start_seq=rng.randrange(65536),
                              start_ts=rng.randrange(1 << 32), codec_id=2)
        sent = encoded(packets, model.V1)
        got = [d for d in sent if rng.random() > 0.3]
        rng.shuffle(got)
        add(f"wzp/1: 60 frames, 30 % lost, shuffled (seed 3, trial {trial})",
            ["WZP-WIRE-042", "WZP-WIRE-043"], got, ["Loss", "Reorder"])


def frames_encode(f):
    def add(comment, reqs, packets, flags=()):
        f.add(comment, reqs, {"packets": packets},
              lambda p: mf.encode_sequence(packets, p), flags)
    add("12 frames: 10 full (the lead), then mini", ["WZP-WIRE-082", "WZP-WIRE-044",
        "WZP-WIRE-041", "WZP-WIRE-047"], seq_packets(12))
    add("upstream: 5 frames, fec 10 (mini_frame_encode_decode_sequence)", ["WZP-WIRE-047"],
        seq_packets(3, fec_ratio_encoded=10), ["Verified"])
    add("62 frames 10 ms apart: full again 50 frames after the lead's last",
        ["WZP-WIRE-044", "WZP-WIRE-047"], seq_packets(62, step=10))
    add("80 frames 40 ms apart: full once a second after the lead",
        ["WZP-WIRE-082"], seq_packets(80, step=40))
    add("40 ms frames across the 32-bit wrap: the second still counts",
        ["WZP-WIRE-082"], seq_packets(40, step=40, start_ts=0xFFFFFE00), ["Wrap"])
    add("after the lead, a timestamp jump of 2^23 ms", ["WZP-WIRE-044", "WZP-WIRE-082"],
        after_lead(pkt(seq=2, timestamp_ms=9 + (1 << 23))))
    high = (1 << 23) + 5
    add("after the lead, going back 2^23 ms", ["WZP-WIRE-044"],
        after_lead(pkt(seq=2, timestamp_ms=high + 9 - (1 << 23)), start_ts=high))
    add("after the lead, going back 2^23 - 1 ms: mini", ["WZP-WIRE-044"],
        after_lead(pkt(seq=2, timestamp_ms=high + 10 - (1 << 23)), start_ts=high),
        ["EdgeValue"])
    add("report on a mini frame", ["WZP-WIRE-041", "WZP-WIRE-047"],
        after_lead(pkt(seq=2, timestamp_ms=20, report=REPORT)))
    add("repair frames keep T in the mini header", ["WZP-WIRE-041"],
        after_lead(pkt(seq=2, timestamp_ms=20, is_repair=True, fec_block=9, fec_symbol=5)))
    bad = pkt(seq=2)
    bad["report"] = REPORT
    add("report without Q: wzp/1 refuses", ["WZP-WIRE-031"], [pkt(seq=1), bad],
        ["ProfileDifference"])


def trunk_decode(f):
    def add(comment, reqs, data, flags=()):
        f.add(comment, reqs, {"bytes": data.hex()}, lambda p: mf.decode_trunk(data, p), flags)
    verified = bytes.fromhex("00020001000568656c6c6fabcd000178")
    esc = bytes([mf.TRUNK_ESCAPE])
    add("trunk_frame_encode_decode: two entries", ["WZP-WIRE-050"], verified, ["Verified"])
    add("the same frame after the wzp/1 escape byte", ["WZP-WIRE-050"], esc + verified,
        ["ProfileDifference"])
    add("empty frame 00 00", ["WZP-WIRE-051"], b"\0\0", ["Verified", "ProfileDifference"])
    add("escape and an empty frame", ["WZP-WIRE-051"], esc + b"\0\0", ["ProfileDifference"])
    add("00 00 09 09: trailing bytes", ["WZP-WIRE-051"], bytes.fromhex("00000909"),
        ["Verified", "ProfileDifference"])
    add("escape, one entry, trailing byte", ["WZP-WIRE-051"],
        esc + bytes.fromhex("0001abcd000178ff"), ["ProfileDifference"])
    add("escape, one empty entry", ["WZP-WIRE-051"], esc + bytes.fromhex("0001abcd0000"),
        ["ProfileDifference"])
    add("escape, 65 entries", ["WZP-WIRE-051"],
        esc + (65).to_bytes(2, "big") + bytes.fromhex("000100017a") * 65, ["EdgeValue"])
    add("escape, 64 entries", ["WZP-WIRE-051"],
        esc + (64).to_bytes(2, "big") + bytes.fromhex("000100017a") * 64, ["EdgeValue"])
    for cut in (1, 2, 3, 5, 8, 15):
        add(f"verified frame cut to {cut} bytes", ["WZP-WIRE-050"], verified[:cut],
            ["Truncated"])
        add(f"escape and the verified frame cut to {cut} bytes", ["WZP-WIRE-050"],
            esc + verified[:cut], ["Truncated"])
    add("count says 3, two entries present", ["WZP-WIRE-050"],
        esc + b"\0\x03" + verified[2:], ["Truncated"])
    add("entry length 0xFFFF with 1 byte", ["WZP-WIRE-050"], esc + bytes.fromhex("0001aaaaffff00"),
        ["Truncated", "EdgeValue"])
    add("a media frame is not a trunk frame", ["WZP-WIRE-040"], bytes.fromhex("0001aaaa000100"),
        ["ProfileDifference"])


def trunk_encode(f):
    def add(comment, reqs, entries, flags=()):
        f.add(comment, reqs, {"entries": entries}, lambda p: mf.encode_trunk(entries, p), flags)
    add("trunk_frame_encode_decode: two entries", ["WZP-WIRE-050"],
        [{"session_id": "0001", "payload": b"hello".hex()},
         {"session_id": "abcd", "payload": b"x".hex()}], ["Verified"])
    add("no entries", ["WZP-WIRE-051"], [], ["Verified", "ProfileDifference"])
    add("an empty entry", ["WZP-WIRE-051"], [{"session_id": "0102", "payload": ""}],
        ["ProfileDifference"])
    add("65 entries", ["WZP-WIRE-051"], [{"session_id": "0001", "payload": "7a"}] * 65,
        ["EdgeValue", "ProfileDifference"])
    add("a 3-byte session id", ["WZP-WIRE-051"], [{"session_id": "010203", "payload": "7a"}])


def stream_decode(f):
    def add(comment, reqs, chunks, flags=()):
        f.add(comment, reqs, {"chunks": [c.hex() for c in chunks]},
              lambda p: mf.decode_stream(chunks, p), flags)
    hold = bytes.fromhex("000000062248") + b'old"'
    add('"Hold" in one chunk', ["WZP-WIRE-060"], [hold], ["Verified"])
    for split in range(1, len(hold)):
        add(f'"Hold" split at byte {split}', ["WZP-WIRE-060", "WZP-WIRE-062"],
            [hold[:split], hold[split:]], ["Chunking"])
    add('"Hold" one byte at a time, with empty chunks', ["WZP-WIRE-062"],
        [b""] + [hold[i:i + 1] for i in range(len(hold))] + [b""], ["Chunking"])
    for cut in (0, 2, 4, 9):
        add(f"stream ends after {cut} bytes", ["WZP-WIRE-062"], [hold[:cut]], ["Truncated"])
    add("trailing bytes after the message", ["WZP-WIRE-062"], [hold + b"{}"],
        ["ProfileDifference"])
    add("trailing bytes in a later chunk", ["WZP-WIRE-062"], [hold, b"x"],
        ["ProfileDifference", "Chunking"])
    add("length 0", ["WZP-WIRE-060"], [b"\0\0\0\0"], ["EdgeValue"])
    add("length 1048577, refused from the prefix alone", ["WZP-WIRE-061"],
        [(SIG_MAX + 1).to_bytes(4, "big")], ["EdgeValue"])
    add("length 0xFFFFFFFF split across chunks", ["WZP-WIRE-061"],
        [b"\xff\xff", b"\xff\xff", b"ab"], ["Chunking"])
    add("length 1048576 with too little data", ["WZP-WIRE-061", "WZP-WIRE-062"],
        [SIG_MAX.to_bytes(4, "big") + b"ab"], ["EdgeValue", "Truncated"])
    rng = random.Random(7)
    body = b'{"Ping":{"timestamp_ms":1711800000000}}'
    frame = len(body).to_bytes(4, "big") + body
    for trial in range(4):
        cuts = sorted(rng.sample(range(1, len(frame)), 5))
        chunks = [frame[a:b] for a, b in zip([0] + cuts, cuts + [len(frame)])]
        add(f"Ping split at {cuts}", ["WZP-WIRE-062"], chunks, ["Chunking"])


SIG_MAX = mf.SIGNAL_MAX


def stream_encode(f):
    # The 1 MiB limit on sending is a unit test (test_stream_frame.c): a
    # vector holding a mebibyte of hex would be larger than it is worth.
    for comment, msg, flags in (('"Hold"', b'"Hold"', ["Verified"]), ("empty", b"", []),
                                ("a Ping", b'{"Ping":{"timestamp_ms":42}}', [])):
        f.add(comment, ["WZP-WIRE-060"], {"message": msg.hex()},
              lambda p, msg=msg: mf.encode_stream(msg), flags)


def files():
    return build_files(GEN, NOTES, [
        ("wire/media_packet_decode.json", "MediaPacket decoding", "wire.media_packet.decode",
         "Split `bytes` into header, payload and report.", media_packet_decode),
        ("wire/media_packet_encode.json", "MediaPacket encoding", "wire.media_packet.encode",
         "Header, payload and optional report to bytes.", media_packet_encode),
        ("wire/frames_decode.json", "Datagram sequences, received",
         "wire.frames.decode_sequence",
         "One receiver decodes `datagrams` in order with the profile's compact framing.",
         frames_decode),
        ("wire/frames_encode.json", "Datagram sequences, sent", "wire.frames.encode_sequence",
         "One sender frames `packets` in order with the profile's compact framing.",
         frames_encode),
        ("wire/trunk_decode.json", "TrunkFrame decoding", "wire.trunk.decode",
         "A trunk datagram (after the 0x3C escape in wzp/1) to its entries.", trunk_decode),
        ("wire/trunk_encode.json", "TrunkFrame encoding", "wire.trunk.encode",
         "Entries to a trunk datagram.", trunk_encode),
        ("wire/stream_decode.json", "Signal stream framing, received", "wire.stream.decode",
         "The stream's bytes in `chunks`, then its end, to the one message.", stream_decode),
        ("wire/stream_encode.json", "Signal stream framing, sent", "wire.stream.encode",
         "A message to the bytes written on its stream.", stream_encode),
    ])
