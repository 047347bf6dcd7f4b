"""An independent model of spec/02-wire.md sections 2.2-2.4 and of
spec/01-profiles.md, written from the spec text, not from libwzp.

The vector files are generated from this model and checked against the
upstream values recorded as verified; the C reference then has to agree
with both. Errors are raised as WireError(code) with the spec's codes.
"""
import math

from binary32 import f32, roundf

V1 = "wzp/1"
UPSTREAM = "upstream-aa09275"
PROFILES = (V1, UPSTREAM)
ALPN = {b"wzp/1": V1, b"wzp": UPSTREAM}
CODECS = {
    0: "Opus24k", 1: "Opus16k", 2: "Opus6k",
    3: "Codec2_3200", 4: "Codec2_1200", 5: "ComfortNoise",
}
HEADER_SIZE = 12
REPORT_SIZE = 4
FEC_SCALE = 63.5


class WireError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def profile_from_alpn(alpn):
    if alpn not in ALPN:
        raise WireError("unknown_profile")
    return ALPN[alpn]


def decode_header(data, profile):
    """WZP-WIRE-001..014: checks in order length, version, codec."""
    if len(data) < HEADER_SIZE:
        raise WireError("truncated")
    b0, b1 = data[0], data[1]
    version = b0 >> 7
    codec = (b0 >> 2) & 0x0F
    if profile == V1 and version != 0:
        raise WireError("unsupported_version")
    if codec not in CODECS:
        raise WireError("unknown_codec")
    return {
        "version": version,
        "is_repair": bool(b0 >> 6 & 1),
        "codec_id": codec,
        "has_quality_report": bool(b0 >> 1 & 1),
        "fec_ratio_encoded": (b0 & 1) << 6 | b1 >> 2,
        "seq": int.from_bytes(data[2:4], "big"),
        "timestamp_ms": int.from_bytes(data[4:8], "big"),
        "fec_block": data[8],
        "fec_symbol": data[9],
        "reserved": data[10],
        "csrc_count": data[11],
    }


def encode_header(h, profile):
    """WZP-WIRE-002..015: wzp/1 refuses what upstream masks."""
    v1 = profile == V1
    if v1 and h["version"] != 0:
        raise WireError("unsupported_version")
    if h["codec_id"] not in CODECS:
        raise WireError("unknown_codec")
    if v1 and h["fec_ratio_encoded"] > 127:
        raise WireError("field_range")
    if v1 and (h["reserved"] != 0):
        raise WireError("field_range")
    if v1 and (h["csrc_count"] != 0):
        raise WireError("field_range")
    fec = h["fec_ratio_encoded"] & 0x7F
    b0 = ((h["version"] & 1) << 7 | int(h["is_repair"]) << 6 | h["codec_id"] << 2
          | int(h["has_quality_report"]) << 1 | fec >> 6)
    b1 = (fec & 0x3F) << 2
    return (bytes([b0, b1]) + h["seq"].to_bytes(2, "big")
            + h["timestamp_ms"].to_bytes(4, "big")
            + bytes([h["fec_block"], h["fec_symbol"], h["reserved"], h["csrc_count"]]))


def fec_ratio_encode(ratio):
    """WZP-WIRE-016/017: roundf(f32(ratio * 63.5)), saturated to 0..127."""
    s = roundf(f32(ratio * FEC_SCALE))
    if math.isnan(s) or s <= 0:
        return 0
    if s >= 127:
        return 127
    return int(s)


def fec_ratio_decode(encoded):
    """WZP-WIRE-018"""
    return f32((encoded & 0x7F) / FEC_SCALE)


def decode_report(data):
    """WZP-WIRE-020..023"""
    if len(data) < REPORT_SIZE:
        raise WireError("truncated")
    r = report_fields(*data[:4])
    r["loss_percent"] = loss_percent(r["loss_pct"])
    r["rtt_ms"] = r["rtt_4ms"] * 4
    return r


def report_fields(loss_pct, rtt_4ms, jitter_ms, bitrate_cap_kbps):
    return {"loss_pct": loss_pct, "rtt_4ms": rtt_4ms, "jitter_ms": jitter_ms,
            "bitrate_cap_kbps": bitrate_cap_kbps}


def loss_percent(loss_pct):
    """WZP-WIRE-022: divide, then multiply, each rounded to binary32."""
    return f32(f32(loss_pct / 255.0) * 100.0)


def report_from_measurements(m):
    """WZP-WIRE-024..026: integers, halves rounded up, saturated at 255."""
    lost, expected = m["packets_lost"], m["packets_expected"]
    if lost > expected:
        raise WireError("bad_param")
    loss = 0 if expected == 0 else (lost * 255 + expected // 2) // expected
    return report_fields(min(loss, 255), min((m["rtt_ms"] + 2) // 4, 255),
                         min(m["jitter_ms"], 255), min(m["bitrate_cap_kbps"], 255))
