"""An independent model of spec/04-fec.md: layouts, symbols, the sender
and the receiver. RaptorQ itself is Debian's liblcrq (librecast), called
through ctypes, so no vector depends on libwzp's RaptorQ."""
import ctypes
import math
import socket

from binary32 import f32
from model import UPSTREAM, V1, WireError

# codec -> (frame ms, frames per symbol, T, K, ratio), spec 4.1.
V1_LAYOUTS = {0: (20, 1, 64, 5, 0.2), 1: (20, 1, 44, 5, 0.2), 2: (40, 2, 64, 5, 0.5),
              3: (20, 2, 20, 5, 0.5), 4: (40, 4, 32, 2, 1.0)}
UPSTREAM_LAYOUTS = {0: (20, 1, 256, 5, 0.2), 1: (20, 1, 256, 5, 0.2), 2: (40, 1, 256, 10, 0.5),
                    3: (20, 1, 256, 5, 0.5), 4: (40, 1, 256, 8, 1.0)}
REPAIR_MAX = 16
WINDOW = 4

_lcrq = ctypes.CDLL("/usr/lib/x86_64-linux-gnu/liblcrq.so")
_lcrq.rq_init.restype = ctypes.c_void_p
_lcrq.rq_init.argtypes = [ctypes.c_uint64, ctypes.c_uint16]
_lcrq.rq_encode.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
_lcrq.rq_symbol.restype = ctypes.c_void_p
_lcrq.rq_symbol.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32), ctypes.c_char_p,
                            ctypes.c_int]
_lcrq.rq_decode.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                            ctypes.POINTER(ctypes.c_uint32), ctypes.c_uint32]
_lcrq.rq_free.argtypes = [ctypes.c_void_p]


def _pid(esi):
    """liblcrq's payload id on a little-endian host: SBN 0, the ESI stored
    byte-swapped in the low 24 bits (rq_pidsetesi)."""
    return socket.htonl(esi) >> 8


def rq_symbols(block, k, t, esis):
    rq = _lcrq.rq_init(k * t, t)
    assert _lcrq.rq_encode(rq, block, k * t) == 0
    out = []
    for esi in esis:
        buf, pid = ctypes.create_string_buffer(t), ctypes.c_uint32(_pid(esi))
        _lcrq.rq_symbol(rq, ctypes.byref(pid), buf, 0)
        out.append(buf.raw)
    _lcrq.rq_free(rq)
    return out


def rq_decode(k, t, symbols):
    """symbols: [(esi, bytes)]; the K source symbols, or None."""
    rq = _lcrq.rq_init(k * t, t)
    dec = ctypes.create_string_buffer(k * t)
    esis = (ctypes.c_uint32 * len(symbols))(*[e for e, _ in symbols])
    rc = _lcrq.rq_decode(rq, dec, b"".join(s for _, s in symbols), esis, len(symbols))
    _lcrq.rq_free(rq)
    return None if rc else [dec.raw[i * t:(i + 1) * t] for i in range(k)]


def layout(codec, profile):
    """WZP-FEC-001"""
    table = V1_LAYOUTS if profile == V1 else UPSTREAM_LAYOUTS
    if codec not in table:
        raise WireError("unknown_codec")
    frame_ms, n, t, k, ratio = table[codec]
    return {"profile": profile, "codec_id": codec, "frame_ms": frame_ms,
            "frames_per_symbol": n, "symbol_size": t, "block_symbols": k,
            "repair_ratio": ratio}


def repair_count(k, ratio):
    """WZP-FEC-003: binary32 product, then the ceiling."""
    return math.ceil(f32(f32(float(k)) * f32(ratio)))


def capacity(l):
    return l["symbol_size"] // l["frames_per_symbol"] - 2


def append_record(symbol, l, frame):
    """WZP-FEC-002"""
    if len(frame) > capacity(l):
        raise WireError("too_large")
    if not frame:
        raise WireError("field_range")
    return symbol + len(frame).to_bytes(2, "little") + frame


def read_records(symbol, l):
    out, at = [], 0
    while len(out) < l["frames_per_symbol"] and l["symbol_size"] - at >= 2:
        n = int.from_bytes(symbol[at:at + 2], "little")
        if n == 0:
            break
        at += 2
        if n > l["symbol_size"] - at:
            raise WireError("truncated")
        if n > capacity(l):
            raise WireError("field_range")
        out.append(symbol[at:at + n])
        at += n
    return out


def pad(symbol, t):
    return symbol + b"\0" * (t - len(symbol))


def packet(is_repair, block, esi, ts, payload):
    return {"is_repair": is_repair, "block": block, "esi": esi, "timestamp_ms": ts % (1 << 32),
            "payload": payload.hex()}


def encode(l, first_block, frames, flush):
    """WZP-FEC-004..006: frames [(bytes, ts)] to packets."""
    v1, t = l["profile"] == V1, l["symbol_size"]
    out, block, symbols, cur, cur_frames = [], first_block, [], b"", 0
    state = {"block_ts": 0, "symbol_ts": 0, "next_ts": 0}

    def close_block():
        nonlocal block, symbols
        k = len(symbols)
        if k:
            r = min(repair_count(k, l["repair_ratio"]), REPAIR_MAX)
            data = b"".join(pad(s, t) for s in symbols)
            ts = state["block_ts"] if v1 else state["next_ts"]
            for i, sym in enumerate(rq_symbols(data, k, t, [k + j for j in range(r)])):
                out.append(packet(True, block, k + i, ts, (bytes([k]) if v1 else b"") + sym))
        block, symbols = (block + 1) % 256, []

    def close_symbol(last_frame):
        nonlocal cur, cur_frames
        out.append(packet(False, block, len(symbols), state["symbol_ts"],
                          cur if v1 else last_frame))
        symbols.append(cur)
        cur, cur_frames = b"", 0
        if len(symbols) == l["block_symbols"]:
            close_block()

    for frame, ts in frames:
        cur = append_record(cur, l, frame)
        if cur_frames == 0:
            state["symbol_ts"] = ts
        if not symbols and cur_frames == 0:
            state["block_ts"] = ts
        cur_frames += 1
        state["next_ts"] = ts + l["frame_ms"]
        if cur_frames == l["frames_per_symbol"]:
            close_symbol(frame)
    if flush and v1:
        if cur_frames:
            close_symbol(None)
        close_block()
    return {"packets": out}


class Receiver:
    """WZP-FEC-007..010"""

    def __init__(self, l):
        self.l, self.newest, self.blocks = l, None, {}

    def admit(self, b):
        ahead = (b - self.newest) % 256 if self.newest is not None else 1
        if 1 <= ahead <= 127:
            self.newest = b
            self.blocks = {i: s for i, s in self.blocks.items() if (b - i) % 256 < WINDOW}
            return
        if (self.newest - b) % 256 >= WINDOW:
            raise WireError("stale")

    def push(self, p):
        l, v1 = self.l, self.l["profile"] == V1
        t, n, fms = l["symbol_size"], l["frames_per_symbol"], l["frame_ms"]
        self.admit(p["block"])
        st = self.blocks.setdefault(p["block"], {"k": 0, "ts0": None, "syms": {},
                                                 "delivered": set(), "done": False})
        esi, payload, ts = p["esi"], bytes.fromhex(p["payload"]), p["timestamp_ms"]
        if esi in st["syms"] or esi in st["delivered"]:
            return []
        frames = []
        if p["is_repair"]:
            if len(payload) != t + (1 if v1 else 0):
                raise WireError("field_range")
            k = payload[0] if v1 else l["block_symbols"]
            if k == 0 or k > l["block_symbols"] or esi < k or (st["k"] and st["k"] != k) \
                    or esi >= k + REPAIR_MAX:
                raise WireError("field_range")
            st["k"] = k
            if st["ts0"] is None:
                st["ts0"] = ts if v1 else (ts - k * fms) % (1 << 32)
            st["syms"][esi] = payload[1:] if v1 else payload
        else:
            if esi >= (st["k"] or l["block_symbols"]):
                raise WireError("field_range")
            if v1:
                if len(payload) > t:
                    raise WireError("field_range")
                symbol = pad(payload, t)
            else:
                symbol = pad(append_record(b"", l, payload), t)
            got = read_records(symbol, l)
            frames = [self.frame(p["block"], esi, ts + i * fms, False, f) for i, f in enumerate(got)]
            if st["ts0"] is None:
                st["ts0"] = (ts - esi * n * fms) % (1 << 32)
            st["syms"][esi] = symbol
            st["delivered"].add(esi)
        return frames + self.recover(p["block"], st)

    def frame(self, block, esi, ts, recovered, data):
        return {"block": block, "esi": esi, "timestamp_ms": ts % (1 << 32),
                "recovered": recovered, "data": data.hex()}

    def recover(self, block, st):
        k, t = st["k"], self.l["symbol_size"]
        if not k or st["done"] or all(j in st["delivered"] for j in range(k)):
            return []
        if len(st["syms"]) < k:
            return []
        decoded = rq_decode(k, t, sorted(st["syms"].items()))
        if decoded is None:
            return []
        out, span = [], self.l["frames_per_symbol"] * self.l["frame_ms"]
        for j in range(k):
            if j in st["delivered"]:
                continue
            for i, f in enumerate(read_records(decoded[j], self.l)):
                out.append(self.frame(block, j, st["ts0"] + j * span + i * self.l["frame_ms"],
                                      True, f))
            st["delivered"].add(j)
        st["done"] = True
        return out


def receive(l, packets):
    r, outcomes = Receiver(l), []
    for p in packets:
        try:
            outcomes.append({"ok": True, "frames": r.push(p)})
        except WireError as err:
            outcomes.append({"ok": False, "error": err.code})
    return {"outcomes": outcomes}


def interleave(counts):
    """WZP-FEC-011"""
    order = []
    for slot in range(max(counts, default=0)):
        for b, c in enumerate(counts):
            if slot < c:
                order.append([b, slot])
    return {"order": order}
