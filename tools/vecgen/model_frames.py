"""An independent model of spec/02-wire.md 2.5-2.8 and 2.10: MediaPacket,
the wzp/1 datagram framing with its timestamp reference, upstream's
compact framing, TrunkFrame and signal stream framing. Written from the
spec text; WireError carries the spec's error codes."""
from model import (HEADER_SIZE, REPORT_SIZE, UPSTREAM, V1, WireError, decode_header,
                   decode_report, encode_header, report_fields)

MINI_SIZE = 9
TRUNK_ESCAPE = 0x3C
FULL_INTERVAL = 50
FULL_LEAD = 10          # WZP-WIRE-082: the first 10 frames FULL
FULL_PERIOD_MS = 1000   # ... and one at least every 1000 ms of timestamps
SIGNAL_MAX = 1 << 20


def report_only(r):
    return report_fields(r["loss_pct"], r["rtt_4ms"], r["jitter_ms"], r["bitrate_cap_kbps"])


def packet(header, payload, report):
    return {"header": header, "payload": payload.hex(),
            "report": None if report is None else report_only(report)}


def decode_body(header, body):
    """WZP-WIRE-030"""
    if header["has_quality_report"]:
        if len(body) < REPORT_SIZE:
            raise WireError("truncated")
        return packet(header, body[:-4], decode_report(body[-4:]))
    return packet(header, body, None)


def decode_packet(data, profile):
    header = decode_header(data, profile)
    return decode_body(header, data[HEADER_SIZE:])


def encode_packet(p, profile):
    """WZP-WIRE-031"""
    has_report = p["report"] is not None
    if profile == V1 and has_report != p["header"]["has_quality_report"]:
        raise WireError("field_range")
    out = encode_header(p["header"], profile) + bytes.fromhex(p["payload"])
    if has_report:
        r = p["report"]
        out += bytes([r["loss_pct"], r["rtt_4ms"], r["jitter_ms"], r["bitrate_cap_kbps"]])
    return out


def frame_kind(data):
    """WZP-WIRE-040"""
    if not data:
        raise WireError("truncated")
    if data[0] == TRUNK_ESCAPE:
        return "trunk"
    if (data[0] >> 2) & 15 == 15:
        raise WireError("unknown_frame_type")
    return "mini" if data[0] & 0x80 else "full"


def extend(low24, ref):
    """WZP-WIRE-042"""
    d = (low24 - ref) % (1 << 24)
    if d >= 1 << 23:
        d -= 1 << 24
    return (ref + d) % (1 << 32)


def decode_mini(data, ref):
    """WZP-WIRE-041, -043"""
    if len(data) < MINI_SIZE:
        raise WireError("truncated")
    if ref is None:
        raise WireError("no_reference")
    ts = extend(int.from_bytes(data[4:7], "big"), ref)
    full = (bytes([data[0] & 0x7F, data[1]]) + data[2:4] + ts.to_bytes(4, "big")
            + data[7:9] + b"\0\0")
    return decode_body(decode_header(full, V1), data[MINI_SIZE:])


def serial_newer(a, b):
    return 0 < (a - b) % (1 << 32) < (1 << 31)


def decode_v1_sequence(datagrams):
    ref, out = None, []
    for data in datagrams:
        try:
            kind = frame_kind(data)
            if kind == "trunk":
                out.append({"ok": True, "kind": "trunk"})
                continue
            p = decode_mini(data, ref) if kind == "mini" else decode_packet(data, V1)
        except WireError as err:
            out.append({"ok": False, "error": err.code})
            continue
        ts = p["header"]["timestamp_ms"]
        if ref is None or serial_newer(ts, ref):
            ref = ts
        out.append({"ok": True, "kind": kind, "packet": p})
    return out


def decode_upstream_sequence(datagrams):
    """WZP-WIRE-045, -046: the baseline is the last header decoded."""
    base, out = None, []
    for data in datagrams:
        try:
            if not data:
                raise WireError("truncated")
            if data[0] == 0x00:
                p = decode_packet(data[1:], UPSTREAM)
                kind = "full"
            elif data[0] == 0x01:
                if len(data) < 5:
                    raise WireError("truncated")
                n = int.from_bytes(data[3:5], "big")
                if len(data) - 5 < n:
                    raise WireError("truncated")
                if base is None:
                    raise WireError("no_reference")
                h = dict(base)
                h["seq"] = (base["seq"] + 1) % 65536
                h["timestamp_ms"] = (base["timestamp_ms"] + int.from_bytes(data[1:3], "big")) \
                    % (1 << 32)
                p, kind = packet(h, data[5:5 + n], None), "mini"
            else:
                raise WireError("unknown_frame_type")
        except WireError as err:
            out.append({"ok": False, "error": err.code})
            continue
        base = p["header"]
        out.append({"ok": True, "kind": kind, "packet": p})
    return out


def decode_sequence(datagrams, profile):
    seq = decode_v1_sequence if profile == V1 else decode_upstream_sequence
    return {"frames": seq(datagrams)}


def encode_v1_sequence(packets, lead=FULL_LEAD, period_ms=FULL_PERIOD_MS):
    """WZP-WIRE-044, -082. lead=0, period_ms=None: a sender that sends FULL
    only where WZP-WIRE-044 requires it (for receivers' vectors)."""
    out, since_full, last_ts, last_full_ts = [], None, 0, 0
    for sent, p in enumerate(packets):
        h = p["header"]
        if (p["report"] is not None) != h["has_quality_report"]:
            raise WireError("field_range")
        jump = (h["timestamp_ms"] - last_ts) % (1 << 32)
        since_full_ms = (h["timestamp_ms"] - last_full_ts) % (1 << 32)
        full = (since_full is None or since_full >= FULL_INTERVAL
                or (1 << 23) <= jump <= (1 << 32) - (1 << 23)
                or h["reserved"] or h["csrc_count"]
                or sent < lead
                or (period_ms is not None and period_ms <= since_full_ms < (1 << 31)))
        data = encode_packet(p, V1)
        if not full:
            data = (bytes([data[0] | 0x80]) + data[1:4] + data[5:8] + data[8:10]
                    + data[HEADER_SIZE:])
        out.append(data.hex())
        since_full = 1 if full else since_full + 1
        last_full_ts = h["timestamp_ms"] if full else last_full_ts
        last_ts = h["timestamp_ms"]
    return {"datagrams": out}


def encode_upstream_sequence(packets):
    """WZP-WIRE-047"""
    out, since_full, last = [], 0, None
    for p in packets:
        if 0 < since_full < FULL_INTERVAL:
            delta = (p["header"]["timestamp_ms"] - last["timestamp_ms"]) % 65536
            payload = bytes.fromhex(p["payload"])
            out.append((b"\x01" + delta.to_bytes(2, "big")
                        + (len(payload) % 65536).to_bytes(2, "big") + payload).hex())
            since_full += 1
        else:
            out.append((b"\x00" + encode_packet(p, UPSTREAM)).hex())
            since_full = 1
        last = p["header"]
    return {"datagrams": out}


def encode_sequence(packets, profile, **policy):
    if profile == V1:
        return encode_v1_sequence(packets, **policy)
    return encode_upstream_sequence(packets)


def decode_trunk(data, profile):
    """WZP-WIRE-050, -051; in wzp/1 data is the whole datagram."""
    v1 = profile == V1
    if v1:
        if not data:
            raise WireError("truncated")
        if data[0] != TRUNK_ESCAPE:
            raise WireError("unknown_frame_type")
        data = data[1:]
    if len(data) < 2:
        raise WireError("truncated")
    count, at, entries = int.from_bytes(data[:2], "big"), 2, []
    if v1 and not 1 <= count <= 64:
        raise WireError("field_range")
    for _ in range(count):
        if len(data) - at < 4:
            raise WireError("truncated")
        n = int.from_bytes(data[at + 2:at + 4], "big")
        if v1 and n == 0:
            raise WireError("field_range")
        if len(data) - at - 4 < n:
            raise WireError("truncated")
        entries.append({"session_id": data[at:at + 2].hex(), "payload": data[at + 4:at + 4 + n].hex()})
        at += 4 + n
    if v1 and at != len(data):
        raise WireError("trailing_bytes")
    return {"entries": entries}


def encode_trunk(entries, profile):
    v1 = profile == V1
    if v1 and not 1 <= len(entries) <= 64:
        raise WireError("field_range")
    out = len(entries).to_bytes(2, "big")
    for e in entries:
        sid, payload = bytes.fromhex(e["session_id"]), bytes.fromhex(e["payload"])
        if len(sid) != 2 or len(payload) > 65535 or (v1 and not payload):
            raise WireError("field_range")
        out += sid + len(payload).to_bytes(2, "big") + payload
    return {"bytes": ((bytes([TRUNK_ESCAPE]) if v1 else b"") + out).hex()}


def decode_stream(chunks, profile):
    """WZP-WIRE-060..062, fed chunk by chunk as a receiver would be."""
    data = b""
    for chunk in chunks:
        before = len(data)
        data += chunk
        if before < 4 <= len(data) and int.from_bytes(data[:4], "big") > SIGNAL_MAX:
            raise WireError("too_large")
        if len(data) >= 4 and profile == V1 and len(data) > 4 + int.from_bytes(data[:4], "big"):
            raise WireError("trailing_bytes")
    if len(data) < 4 or len(data) < 4 + int.from_bytes(data[:4], "big"):
        raise WireError("truncated")
    n = int.from_bytes(data[:4], "big")
    return {"message": data[4:4 + n].hex()}


def encode_stream(message):
    if len(message) > SIGNAL_MAX:
        raise WireError("too_large")
    return {"bytes": (len(message).to_bytes(4, "big") + message).hex()}
