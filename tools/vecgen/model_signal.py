"""An independent model of spec/02-wire.md 2.9: SignalMessage JSON and
featherChat's call payload, transcribed from the spec's tables. It reads
text as the spec says (strict UTF-8 JSON, no repeated keys, no U+0000,
numbers within 64-bit integers and binary64) and writes serde_json's
compact form itself."""
import json

from binary32 import f32
from model import UPSTREAM, V1, WireError

INT64_MAX = (1 << 63) - 1
MAX_DEPTH = 8
CODECS = ["Opus24k", "Opus16k", "Opus6k", "Codec2_3200", "Codec2_1200", "ComfortNoise"]
HANGUP = ["Normal", "Busy", "Declined", "Timeout", "Error"]
ACCEPT = ["Reject", "AcceptTrusted", "AcceptGeneric"]

# Types: ("u8",) ("u32",) ("u64",) ("bool",) ("string",) ("f32",) ("enum", names)
# ("list", elem, fixed_length) ("struct", fields) ("signal",)
U8, U32, U64, BOOL, STRING, F32 = ("u8",), ("u32",), ("u64",), ("bool",), ("string",), ("f32",)
KEY32 = ("list", U8, 32)
BYTES = ("list", U8, 0)
STRINGS = ("list", STRING, 0)
PROFILE = ("struct", [("codec", ("enum", CODECS), "required"), ("fec_ratio", F32, "required"),
                      ("frame_duration_ms", U8, "required"),
                      ("frames_per_block", U8, "required")])
REPORT = ("struct", [(n, U8, "required") for n in
                     ("loss_pct", "rtt_4ms", "jitter_ms", "bitrate_cap_kbps")])
PARTICIPANT = ("struct", [("fingerprint", STRING, "required"), ("alias", STRING, "option"),
                          ("relay_label", STRING, "option")])
BOTH = (V1, UPSTREAM)


def req(*fields):
    return [(name, typ, "required") for name, typ in fields]


# name -> (fields or None for a unit variant, profiles, featherChat CallSignalType)
VARIANTS = {
    "CallOffer": (req(("identity_pub", KEY32), ("ephemeral_pub", KEY32), ("signature", BYTES),
                      ("supported_profiles", ("list", PROFILE, 0)))
                  + [("alias", STRING, "option", (V1,))], BOTH, "Offer"),
    "CallAnswer": (req(("identity_pub", KEY32), ("ephemeral_pub", KEY32), ("signature", BYTES),
                       ("chosen_profile", PROFILE)), BOTH, "Answer"),
    "IceCandidate": (req(("candidate", STRING)), BOTH, "IceCandidate"),
    "Rekey": (req(("new_ephemeral_pub", KEY32), ("signature", BYTES)), BOTH, "Offer"),
    "QualityUpdate": (req(("report", REPORT), ("recommended_profile", PROFILE)), BOTH, "Offer"),
    "Ping": (req(("timestamp_ms", U64)), BOTH, "Offer"),
    "Pong": (req(("timestamp_ms", U64)), BOTH, "Offer"),
    "Hangup": (req(("reason", ("enum", HANGUP))), BOTH, "Hangup"),
    "AuthToken": (req(("token", STRING)), BOTH, "Offer"),
    "Hold": (None, BOTH, "Hold"),
    "Unhold": (None, BOTH, "Unhold"),
    "Mute": (None, BOTH, "Mute"),
    "Unmute": (None, BOTH, "Unmute"),
    "Transfer": (req(("target_fingerprint", STRING)) + [("relay_addr", STRING, "option")],
                 BOTH, "Transfer"),
    "TransferAck": (None, BOTH, "Offer"),
    "PresenceUpdate": (req(("fingerprints", STRINGS), ("relay_addr", STRING)), BOTH, "Offer"),
    "RouteQuery": (req(("fingerprint", STRING), ("ttl", U8)), BOTH, "Offer"),
    "RouteResponse": (req(("fingerprint", STRING), ("found", BOOL), ("relay_chain", STRINGS)),
                      BOTH, "Offer"),
    "SessionForward": (req(("session_id", STRING), ("target_fingerprint", STRING),
                           ("source_relay", STRING)), BOTH, "Offer"),
    "SessionForwardAck": (req(("session_id", STRING), ("room_name", STRING)), BOTH, "Offer"),
    "RoomUpdate": (req(("count", U32), ("participants", ("list", PARTICIPANT, 0))), (V1,),
                   "Offer"),
    "FederationHello": (req(("tls_fingerprint", STRING)), (V1,), "Offer"),
    "GlobalRoomActive": (req(("room", STRING))
                         + [("participants", ("list", PARTICIPANT, 0), "default")], (V1,),
                         "Offer"),
    "GlobalRoomInactive": (req(("room", STRING)), (V1,), "Offer"),
    "RegisterPresence": (req(("identity_pub", KEY32), ("signature", BYTES))
                         + [("alias", STRING, "option")], (V1,), "Offer"),
    "RegisterPresenceAck": (req(("success", BOOL)) + [("error", STRING, "option_skip")], (V1,),
                            "Offer"),
    "DirectCallOffer": (req(("caller_fingerprint", STRING)) + [("caller_alias", STRING, "option")]
                        + req(("target_fingerprint", STRING), ("call_id", STRING),
                              ("identity_pub", KEY32), ("ephemeral_pub", KEY32),
                              ("signature", BYTES), ("supported_profiles", ("list", PROFILE, 0)))
                        + [("caller_reflexive_addr", STRING, "option_skip"),
                           ("caller_local_addrs", STRINGS, "default_skip_empty")], (V1,),
                        "Offer"),
    "DirectCallAnswer": (req(("call_id", STRING), ("accept_mode", ("enum", ACCEPT)))
                         + [("identity_pub", KEY32, "option_skip"),
                            ("ephemeral_pub", KEY32, "option_skip"),
                            ("signature", BYTES, "option_skip"),
                            ("chosen_profile", PROFILE, "option_skip"),
                            ("callee_reflexive_addr", STRING, "option_skip"),
                            ("callee_local_addrs", STRINGS, "default_skip_empty")], (V1,),
                         "Answer"),
    "CallSetup": (req(("call_id", STRING), ("room", STRING), ("relay_addr", STRING))
                  + [("peer_direct_addr", STRING, "option_skip"),
                     ("peer_local_addrs", STRINGS, "default_skip_empty")], (V1,), "Offer"),
    "CallRinging": (req(("call_id", STRING)), (V1,), "Ringing"),
    "Reflect": (None, (V1,), "Offer"),
    "ReflectResponse": (req(("observed_addr", STRING)), (V1,), "Offer"),
    "MediaPathReport": (req(("call_id", STRING), ("direct_ok", BOOL))
                        + [("race_winner", STRING, "default")], (V1,), "Offer"),
    "FederatedSignalForward": (req(("inner", ("signal",)), ("origin_relay_fp", STRING)), (V1,),
                               "Offer"),
    "RoomKey": (req(("sender_fingerprint", STRING), ("recipient_fingerprint", STRING),
                    ("message", ("list", U8, 56))), (V1,), "Offer"),
}
CALL_PAYLOAD = [("signal", ("signal",), "required"), ("relay_addr", STRING, "option"),
                ("room", STRING, "option")]


class _Overflow(Exception):
    pass


def _int(text):
    v = int(text)
    if not -(1 << 63) <= v <= INT64_MAX:
        raise _Overflow
    return v


def _float(text):
    v = float(text)
    if v in (float("inf"), float("-inf")):
        raise _Overflow
    return v


def _no_constants(name):
    raise ValueError(name)


def _pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def _check_strings(v):
    """U+0000 and lone surrogates are not allowed anywhere."""
    if isinstance(v, str):
        if "\0" in v or any(0xD800 <= ord(c) <= 0xDFFF for c in v):
            raise ValueError("string")
    elif isinstance(v, dict):
        for k, x in v.items():
            _check_strings(k)
            _check_strings(x)
    elif isinstance(v, list):
        for x in v:
            _check_strings(x)


def load(data):
    """WZP-WIRE-074, -075"""
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_pairs, parse_int=_int,
                           parse_float=_float, parse_constant=_no_constants)
        _check_strings(value)
    except _Overflow:
        raise WireError("field_range")
    except ValueError:
        raise WireError("bad_json")
    return value


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def shortest_f32(x):
    value = f32(x)
    for p in range(1, 10):
        s = "%.*g" % (p, value)
        if f32(float(s)) == value:
            return float(s)
    raise AssertionError(x)


def canon_value(typ, v, profile, depth):
    """WZP-WIRE-073"""
    kind = typ[0]
    if kind in ("u8", "u32", "u64"):
        if not _is_int(v):
            raise WireError("field_type")
        top = {"u8": 255, "u32": (1 << 32) - 1, "u64": INT64_MAX}[kind]
        if not 0 <= v <= top:
            raise WireError("field_range")
        return v
    if kind == "bool":
        if not isinstance(v, bool):
            raise WireError("field_type")
        return v
    if kind == "string":
        if not isinstance(v, str):
            raise WireError("field_type")
        return v
    if kind == "f32":
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise WireError("field_type")
        if f32(float(v)) in (float("inf"), float("-inf")):
            raise WireError("field_range")
        return shortest_f32(float(v))
    if kind == "enum":
        if not isinstance(v, str):
            raise WireError("field_type")
        if v not in typ[1]:
            raise WireError("field_range")
        return v
    if kind == "list":
        if not isinstance(v, list):
            raise WireError("field_type")
        if typ[2] and len(v) != typ[2]:
            raise WireError("array_length")
        return [canon_value(typ[1], x, profile, depth) for x in v]
    if kind == "struct":
        return canon_struct(typ[1], v, profile, depth)
    if depth >= MAX_DEPTH:
        raise WireError("field_range")
    return canon_signal(v, profile, depth + 1)


EMPTY = {"list": [], "string": "", "bool": False}


def canon_struct(fields, v, profile, depth):
    """WZP-WIRE-072"""
    if not isinstance(v, dict):
        raise WireError("field_type")
    out = {}
    for field in fields:
        name, typ, rule = field[:3]
        if len(field) > 3 and profile not in field[3]:
            continue
        x = v.get(name)
        if name not in v or (rule.startswith("option") and x is None):
            if rule == "required":
                raise WireError("missing_field")
            if rule == "option":
                out[name] = None
            elif rule == "default":
                out[name] = EMPTY.get(typ[0], 0)
            continue
        x = canon_value(typ, x, profile, depth)
        if rule == "default_skip_empty" and x == []:
            continue
        out[name] = x
    return out


def canon_signal(v, profile, depth=0):
    """WZP-WIRE-070, -071"""
    body = None
    if isinstance(v, str):
        name = v
    elif isinstance(v, dict) and len(v) == 1:
        (name, body), = v.items()
    else:
        raise WireError("bad_envelope")
    if name not in VARIANTS or profile not in VARIANTS[name][1]:
        raise WireError("unknown_variant")
    fields = VARIANTS[name][0]
    if fields is None:
        if body is not None:
            raise WireError("field_type")
        return name
    if not isinstance(v, dict):
        raise WireError("field_type")
    return {name: canon_struct(fields, body, profile, depth)}


SHORT = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def emit(v):
    """WZP-WIRE-076: serde_json's compact form."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        s = "%.9g" % v
        return s if ("." in s or "e" in s) else s + ".0"
    if isinstance(v, str):
        out = []
        for c in v:
            if c in '"\\':
                out.append("\\" + c)
            elif ord(c) < 0x20:
                out.append(SHORT.get(c, "\\u%04x" % ord(c)))
            else:
                out.append(c)
        return '"' + "".join(out) + '"'
    if isinstance(v, list):
        return "[" + ",".join(emit(x) for x in v) + "]"
    return "{" + ",".join(emit(k) + ":" + emit(x) for k, x in v.items()) + "}"


def decode_signal(data, profile):
    canon = canon_signal(load(data), profile)
    name = canon if isinstance(canon, str) else next(iter(canon))
    return {"variant": name, "call_signal_type": VARIANTS[name][2], "canonical": emit(canon)}


def decode_call_payload(data, profile):
    """WZP-WIRE-080"""
    return {"canonical": emit(canon_struct(CALL_PAYLOAD, load(data), profile, 0))}
