"""vectors/wire/quality_report_*.json (spec/02-wire.md 2.4)."""
import model
from binary32 import bits
from vectorfile import build_files

GEN = "tools/vecgen/quality_report.py"
NOTES = {
    "Verified": "Value obtained by running the original implementation at aa09275 "
                "(upstream facts, wire.md 2 and 3).",
    "Threshold": "Adjacent to a quality-tier threshold (5, 10, 15 or 40 %): the exact "
                 "binary32 value decides the tier.",
    "Truncated": "Fewer bytes than the format needs.",
    "Saturated": "The measurement does not fit a byte and saturates at 255.",
    "HalfUp": "The quotient is exactly half-way: it rounds up.",
    "Overflow": "Intermediate products exceed 32 bits.",
}
# loss_pct -> loss_percent bits, verified upstream (wire.md 2).
VERIFIED_LOSS = {1: 0.392156899, 12: 4.705882549, 13: 5.098039150, 25: 9.803921700,
                 26: 10.196078300, 38: 14.901961327, 39: 15.294117928, 102: 40.0,
                 103: 40.392158508, 127: 49.803920746, 128: 50.196083069, 255: 100.0}
THRESHOLDS = {12, 13, 25, 26, 38, 39, 102, 103}


def decoder(hex_bytes):
    def compute(profile):
        r = model.decode_report(bytes.fromhex(hex_bytes))
        return {**r, "loss_percent": bits(r["loss_percent"])}
    return compute


def check_verified():
    for pct, value in VERIFIED_LOSS.items():
        assert abs(model.loss_percent(pct) - value) < 5e-7, pct
    assert bits(model.loss_percent(102)) == "42200000"


def decode_cases(f):
    add = lambda c, r, h, fl=(): f.add(c, r, {"bytes": h}, decoder(h), fl)
    add("{128, 100, 50, 200} (quality_report_roundtrip)", ["WZP-WIRE-021"], "80643218",
        ["Verified"])
    add("trailer of media_packet_roundtrip {25, 75, 10, 100}", ["WZP-WIRE-021", "WZP-WIRE-023"],
        "194b0a64", ["Verified"])
    for n in range(model.REPORT_SIZE):
        add(f"{n} bytes", ["WZP-WIRE-020"], "80643218"[:2 * n], ["Truncated"])
    add("5 bytes: only the first 4 are read", ["WZP-WIRE-020", "WZP-WIRE-021"], "0102030405")
    for pct in range(256):
        flags = ["Verified"] * (pct in VERIFIED_LOSS) + ["Threshold"] * (pct in THRESHOLDS)
        add(f"loss_pct {pct}", ["WZP-WIRE-022"], "%02x000000" % pct, flags)
    for rtt in (1, 25, 26, 100, 101, 150, 151, 255):
        add(f"rtt_4ms {rtt} -> {rtt * 4} ms", ["WZP-WIRE-023"], "00%02x0000" % rtt,
            ["Threshold"] if rtt in (25, 26, 100, 101, 150, 151) else [])


def encode_cases(f):
    for fields in ((128, 100, 50, 200), (25, 75, 10, 100), (0, 0, 0, 0), (255, 255, 255, 255),
                   (1, 2, 3, 4)):
        report = model.report_fields(*fields)
        f.add(f"report {fields}", ["WZP-WIRE-021"], {"report": report},
              lambda profile, fields=fields: {"bytes": bytes(fields).hex()},
              ["Verified"] if fields[:2] in ((128, 100), (25, 75)) else [])


def measurement(expected, lost, rtt=0, jitter=0, cap=0):
    return {"packets_expected": expected, "packets_lost": lost, "rtt_ms": rtt,
            "jitter_ms": jitter, "bitrate_cap_kbps": cap}


MEASUREMENTS = [
    ("nothing expected: loss 0", ["WZP-WIRE-024"], measurement(0, 0), []),
    ("no loss", ["WZP-WIRE-024"], measurement(50, 0), []),
    ("all lost", ["WZP-WIRE-024"], measurement(50, 50), []),
    ("1 of 510 lost is exactly 0.5 step", ["WZP-WIRE-024"], measurement(510, 1), ["HalfUp"]),
    ("1 of 511 lost is just under half a step", ["WZP-WIRE-024"], measurement(511, 1), []),
    ("2 of 20 lost (10 %)", ["WZP-WIRE-024"], measurement(20, 2), ["Threshold"]),
    ("8 of 20 lost (40 %)", ["WZP-WIRE-024"], measurement(20, 8), ["Threshold"]),
    ("7 of 50 lost", ["WZP-WIRE-024"], measurement(50, 7), []),
    ("more lost than expected", ["WZP-WIRE-024"], measurement(10, 11), []),
    ("u32 counts", ["WZP-WIRE-024"], measurement(0xFFFFFFFF, 0x80000000), ["Overflow"]),
    ("u32 counts, all lost", ["WZP-WIRE-024"], measurement(0xFFFFFFFF, 0xFFFFFFFF), ["Overflow"]),
    ("rtt 1 ms", ["WZP-WIRE-025"], measurement(1, 0, rtt=1), []),
    ("rtt 2 ms is half a step", ["WZP-WIRE-025"], measurement(1, 0, rtt=2), ["HalfUp"]),
    ("rtt 5 ms", ["WZP-WIRE-025"], measurement(1, 0, rtt=5), []),
    ("rtt 6 ms", ["WZP-WIRE-025"], measurement(1, 0, rtt=6), ["HalfUp"]),
    ("rtt 401 ms", ["WZP-WIRE-025"], measurement(1, 0, rtt=401), ["Threshold"]),
    ("rtt 1021 ms", ["WZP-WIRE-025"], measurement(1, 0, rtt=1021), []),
    ("rtt 1022 ms saturates", ["WZP-WIRE-025"], measurement(1, 0, rtt=1022), ["Saturated"]),
    ("rtt u32 max", ["WZP-WIRE-025"], measurement(1, 0, rtt=0xFFFFFFFF),
     ["Saturated", "Overflow"]),
    ("jitter 37, cap 72", ["WZP-WIRE-026"], measurement(1, 0, jitter=37, cap=72), []),
    ("jitter 255, cap 255", ["WZP-WIRE-026"], measurement(1, 0, jitter=255, cap=255), []),
    ("jitter 256, cap 300 saturate", ["WZP-WIRE-026"], measurement(1, 0, jitter=256, cap=300),
     ["Saturated"]),
    ("u32 jitter and cap", ["WZP-WIRE-026"],
     measurement(1, 0, jitter=0xFFFFFFFF, cap=0xFFFFFFFF), ["Saturated"]),
]


def measurement_cases(f):
    for comment, reqs, m, flags in MEASUREMENTS:
        f.add(comment, reqs, m, lambda profile, m=m: model.report_from_measurements(m), flags)


def files():
    check_verified()
    return build_files(GEN, NOTES, [
        ("wire/quality_report_decode.json", "QualityReport decoding",
         "wire.quality_report.decode", "Decode the 4-byte report at the start of `bytes`, "
         "with its conversions (loss_percent as binary32 bits, rtt_ms).", decode_cases),
        ("wire/quality_report_encode.json", "QualityReport encoding",
         "wire.quality_report.encode", "Encode `report` to 4 bytes.", encode_cases),
        ("wire/quality_report_from_measurements.json", "QualityReport from measurements",
         "wire.quality_report.from_measurements",
         "Turn one interval's measurements into report fields.", measurement_cases),
    ])
