"""vectors/wire/media_header_{decode,encode}.json (spec/02-wire.md 2.2)."""
import model
from vectorfile import build_files

GEN = "tools/vecgen/media_header.py"
FIELD_REQS = ["WZP-WIRE-%03d" % n for n in range(2, 15)]
NOTES = {
    "Verified": "Bytes and fields obtained by running the original implementation at "
                "aa09275 (upstream facts, wire.md 1.4 and 3).",
    "EdgeValue": "A field at the edge of its range.",
    "IgnoredBits": "Bits a receiver must ignore are set.",
    "ProfileDifference": "wzp/1 and upstream-aa09275 disagree on purpose.",
    "Truncated": "Fewer bytes than the format needs.",
    "CheckOrder": "Several checks apply; the spec's order decides the error.",
}

# Verified upstream values: (fields, hex) from wire.md 1.4.
VERIFIED = [
    ("v0 T0 Opus24k Q1 fec 42 seq 12345 ts 987654 blk 7 sym 3 (header_roundtrip)",
     dict(version=0, is_repair=False, codec_id=0, has_quality_report=True,
          fec_ratio_encoded=42, seq=12345, timestamp_ms=987654, fec_block=7,
          fec_symbol=3, reserved=0, csrc_count=0), "02a83039000f120607030000"),
    ("v0 T1 Codec2_1200 fec 127, every other field at its maximum (header_repair_flag)",
     dict(version=0, is_repair=True, codec_id=4, has_quality_report=False,
          fec_ratio_encoded=127, seq=65535, timestamp_ms=0xFFFFFFFF, fec_block=255,
          fec_symbol=255, reserved=255, csrc_count=0), "51fcffffffffffffffffff00"),
    ("v1 T1 ComfortNoise Q1 fec 127, distinct byte in every field",
     dict(version=1, is_repair=True, codec_id=5, has_quality_report=True,
          fec_ratio_encoded=127, seq=0x0102, timestamp_ms=0x03040506, fec_block=8,
          fec_symbol=9, reserved=10, csrc_count=11), "d7fc01020304050608090a0b"),
    ("default_pcm(): the all-zero header the upstream relay puts on browser audio",
     dict(version=0, is_repair=False, codec_id=0, has_quality_report=False,
          fec_ratio_encoded=0, seq=0, timestamp_ms=0, fec_block=0, fec_symbol=0,
          reserved=0, csrc_count=0), "000000000000000000000000"),
]
# media_packet_roundtrip (wire.md 3): header, "test audio data here", report.
PACKET_HEX = "0a800064000007d001000000" + b"test audio data here".hex() + "194b0a64"


def base(**changes):
    h = dict(version=0, is_repair=False, codec_id=0, has_quality_report=False,
             fec_ratio_encoded=0, seq=0, timestamp_ms=0, fec_block=0, fec_symbol=0,
             reserved=0, csrc_count=0)
    h.update(changes)
    return h


def decoder(hex_bytes):
    return lambda profile: model.decode_header(bytes.fromhex(hex_bytes), profile)


def encoder(fields):
    return lambda profile: {"bytes": model.encode_header(fields, profile).hex()}


def check_verified():
    for _, fields, hex_bytes in VERIFIED:
        assert model.encode_header(fields, model.UPSTREAM).hex() == hex_bytes
        assert model.decode_header(bytes.fromhex(hex_bytes), model.UPSTREAM) == fields


def decode_cases(f):
    add = lambda c, r, h, fl=(): f.add(c, r, {"bytes": h}, decoder(h), fl)
    for comment, _, hex_bytes in VERIFIED:
        add(comment, FIELD_REQS, hex_bytes, ["Verified"])
    add("header at the start of a whole packet: bytes after 12 are not read "
        "(media_packet_roundtrip)", FIELD_REQS + ["WZP-WIRE-001"], PACKET_HEX, ["Verified"])
    for n in range(model.HEADER_SIZE):
        add(f"{n} bytes", ["WZP-WIRE-001"], "02a83039000f120607030000"[:2 * n], ["Truncated"])
    for codec in range(16):
        add(f"codec id {codec}", ["WZP-WIRE-004", "WZP-WIRE-005"],
            "%02x" % (codec << 2) + "00" * 11, [] if codec in model.CODECS else ["EdgeValue"])
    add("V=1 and codec 7: wzp/1 reports the version first", ["WZP-WIRE-002", "WZP-WIRE-005"],
        "9c" + "00" * 11, ["CheckOrder", "ProfileDifference"])
    add("V=1 alone", ["WZP-WIRE-002"], "80" + "00" * 11, ["ProfileDifference"])
    add("T bit alone", ["WZP-WIRE-003"], "40" + "00" * 11)
    add("Q bit alone", ["WZP-WIRE-006"], "02" + "00" * 11)
    for fec in (1, 2, 31, 32, 63, 64, 65, 126, 127):
        h = model.encode_header(base(fec_ratio_encoded=fec), model.V1).hex()
        add(f"fec ratio field {fec}", ["WZP-WIRE-007"], h, ["EdgeValue"] if fec in (1, 63, 64, 127) else [])
    for unused in (1, 2, 3):
        add(f"unused bits of byte 1 = {unused:02b} are ignored", ["WZP-WIRE-007", "WZP-WIRE-008"],
            "01%02x" % (0xA8 | unused) + "00" * 10, ["IgnoredBits"])
    for seq in (1, 0x00FF, 0x0100, 0x8000, 0xFFFE):
        add(f"seq {seq:#06x} is big-endian", ["WZP-WIRE-009"],
            model.encode_header(base(seq=seq), model.V1).hex(), ["EdgeValue"])
    for ts in (1, 0x000000FF, 0x01020304, 0x80000000, 0xFFFFFFFE):
        add(f"timestamp {ts:#010x} is big-endian", ["WZP-WIRE-010"],
            model.encode_header(base(timestamp_ms=ts), model.V1).hex(), ["EdgeValue"])
    add("fec block 200, symbol 17", ["WZP-WIRE-011", "WZP-WIRE-012"],
        model.encode_header(base(fec_block=200, fec_symbol=17), model.V1).hex())
    add("reserved byte 0x5a is accepted and passed on", ["WZP-WIRE-013"],
        "00" * 10 + "5a00", ["IgnoredBits"])
    add("csrc count 3 is accepted and passed on", ["WZP-WIRE-014"], "00" * 11 + "03",
        ["IgnoredBits"])


def encode_cases(f):
    add = lambda c, r, h, fl=(): f.add(c, r, {"header": h}, encoder(h), fl)
    for comment, fields, _ in VERIFIED:
        add(comment, FIELD_REQS, fields, ["Verified"])
    add("fec field 200 does not fit 7 bits: upstream writes 200 & 127 = 72, wzp/1 refuses",
        ["WZP-WIRE-015"], base(fec_ratio_encoded=200), ["Verified", "ProfileDifference"])
    add("fec field 128", ["WZP-WIRE-015"], base(fec_ratio_encoded=128), ["ProfileDifference"])
    add("version 1: wzp/1 senders write 0", ["WZP-WIRE-002"], base(version=1),
        ["ProfileDifference"])
    add("version 2: upstream keeps its low bit", ["WZP-WIRE-002"], base(version=2),
        ["ProfileDifference"])
    for codec in (6, 7, 15, 255):
        add(f"codec id {codec} is not registered", ["WZP-WIRE-005"], base(codec_id=codec))
    add("reserved byte must be 0 in wzp/1", ["WZP-WIRE-013"], base(reserved=1),
        ["ProfileDifference"])
    add("csrc count must be 0 in wzp/1", ["WZP-WIRE-014"], base(csrc_count=1),
        ["ProfileDifference"])
    add("T bit", ["WZP-WIRE-003"], base(is_repair=True))
    add("Q bit", ["WZP-WIRE-006"], base(has_quality_report=True))
    for codec in range(6):
        add(f"codec {model.CODECS[codec]}", ["WZP-WIRE-004"], base(codec_id=codec))
    for fec in (1, 63, 64, 127):
        add(f"fec field {fec}: unused bits written as 0", ["WZP-WIRE-007", "WZP-WIRE-008"],
            base(fec_ratio_encoded=fec), ["EdgeValue"])
    add("seq and timestamp big-endian", ["WZP-WIRE-009", "WZP-WIRE-010"],
        base(seq=0x0102, timestamp_ms=0x03040506))
    add("fec block and symbol", ["WZP-WIRE-011", "WZP-WIRE-012"],
        base(fec_block=0xFE, fec_symbol=0x81))


def files():
    check_verified()
    return build_files(GEN, NOTES, [
        ("wire/media_header_decode.json", "MediaHeader decoding", "wire.media_header.decode",
         "Decode the 12-byte MediaHeader at the start of `bytes`.", decode_cases),
        ("wire/media_header_encode.json", "MediaHeader encoding", "wire.media_header.encode",
         "Encode `header` to 12 bytes; wzp/1 refuses values upstream masks.", encode_cases),
    ])
