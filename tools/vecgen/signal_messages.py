"""vectors/wire/signal_decode.json and call_payload_decode.json
(spec/02-wire.md 2.9)."""
import json

import model
import model_signal as ms
from vectorfile import build_files

GEN = "tools/vecgen/signal_messages.py"
NOTES = {
    "Verified": "The exact serde_json output of the original implementation at aa09275 "
                "(upstream facts, wire.md 7.4); the canonical form must equal it byte for byte.",
    "PeerToPeer": "A variant from the peer-to-peer and federation phases (f5542ef), "
                  "wzp/1 only.",
    "ProfileDifference": "wzp/1 and upstream-aa09275 disagree on purpose.",
    "Lenient": "Input serde accepts although it is not the canonical form.",
    "TypeConfusion": "A value of the wrong JSON type.",
    "Escapes": "Strings with characters that need escaping.",
    "FloatFormat": "A binary32 whose shortest form the writer must find.",
    "CheckOrder": "Several checks fail; the spec's order decides the error.",
    "Jansson": "A limit of C JSON parsers recorded as a decision (D-0023).",
}
ONES, TWOS = [1] * 32, [2] * 32
GOOD = {"codec": "Opus24k", "fec_ratio": 0.2, "frame_duration_ms": 20, "frames_per_block": 5}
DEGRADED = {"codec": "Opus6k", "fec_ratio": 0.5, "frame_duration_ms": 40, "frames_per_block": 10}
CATA = {"codec": "Codec2_1200", "fec_ratio": 1.0, "frame_duration_ms": 40, "frames_per_block": 8}


def compact(v):
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


# wire.md 7.4: every variant's exact serde_json output (verified).
VERIFIED = [
    compact({"CallOffer": {"identity_pub": ONES, "ephemeral_pub": TWOS, "signature": [3, 4],
                           "supported_profiles": [GOOD, DEGRADED, CATA]}}),
    compact({"CallAnswer": {"identity_pub": ONES, "ephemeral_pub": TWOS, "signature": [5],
                            "chosen_profile": GOOD}}),
    '{"IceCandidate":{"candidate":"cand"}}',
    compact({"Rekey": {"new_ephemeral_pub": [9] * 32, "signature": []}}),
    '{"QualityUpdate":{"report":{"loss_pct":25,"rtt_4ms":75,"jitter_ms":10,'
    '"bitrate_cap_kbps":100},"recommended_profile":{"codec":"Opus6k","fec_ratio":0.5,'
    '"frame_duration_ms":40,"frames_per_block":10}}}',
    '{"Ping":{"timestamp_ms":1711800000000}}',
    '{"Pong":{"timestamp_ms":42}}',
    '{"Hangup":{"reason":"Busy"}}',
    '{"AuthToken":{"token":"tok"}}',
    '"Hold"', '"Unhold"', '"Mute"', '"Unmute"',
    '{"Transfer":{"target_fingerprint":"abc123","relay_addr":"relay.example.com:4433"}}',
    '{"Transfer":{"target_fingerprint":"def456","relay_addr":null}}',
    '"TransferAck"',
    '{"PresenceUpdate":{"fingerprints":["aabb","ccdd"],"relay_addr":"10.0.0.1:4433"}}',
    '{"RouteQuery":{"fingerprint":"aabb","ttl":3}}',
    '{"RouteResponse":{"fingerprint":"aabb","found":true,"relay_chain":["10.0.0.1:4433"]}}',
    '{"SessionForward":{"session_id":"s1","target_fingerprint":"aabb",'
    '"source_relay":"10.0.0.1:4433"}}',
    '{"SessionForwardAck":{"session_id":"s1","room_name":"room"}}',
]
FP = "a5d6:e3c6:5ae7:185c:4eb1:af89:daed:4a43"
PARTICIPANT = {"fingerprint": FP, "alias": "ana", "relay_label": None}
# The peer-to-peer and federation variants, in f5542ef's field order.
PEER_TO_PEER = [
    {"RoomUpdate": {"count": 2, "participants": [PARTICIPANT, {"fingerprint": "x", "alias": None,
                                                               "relay_label": "eu"}]}},
    {"FederationHello": {"tls_fingerprint": "ab:cd:ef"}},
    {"GlobalRoomActive": {"room": "call-18a2b3c4d5e6f708", "participants": [PARTICIPANT]}},
    {"GlobalRoomInactive": {"room": "call-18a2b3c4d5e6f708"}},
    {"RegisterPresence": {"identity_pub": [0] * 32, "signature": [], "alias": None}},
    {"RegisterPresenceAck": {"success": True}},
    {"RegisterPresenceAck": {"success": False, "error": "not allowed"}},
    {"DirectCallOffer": {"caller_fingerprint": FP, "caller_alias": None,
                         "target_fingerprint": "b1b2", "call_id": "18a2b3c4d5e6f708",
                         "identity_pub": ONES, "ephemeral_pub": [0] * 32, "signature": [],
                         "supported_profiles": [GOOD],
                         "caller_reflexive_addr": "203.0.113.5:40123",
                         "caller_local_addrs": ["192.168.88.21:40123"]}},
    {"DirectCallOffer": {"caller_fingerprint": FP, "caller_alias": "ana",
                         "target_fingerprint": "b1b2", "call_id": "18a2b3c4d5e6f708",
                         "identity_pub": ONES, "ephemeral_pub": TWOS, "signature": [7],
                         "supported_profiles": [GOOD]}},
    {"DirectCallAnswer": {"call_id": "18a2b3c4d5e6f708", "accept_mode": "AcceptTrusted",
                          "identity_pub": ONES, "ephemeral_pub": TWOS, "signature": [1, 2],
                          "chosen_profile": GOOD, "callee_reflexive_addr": "198.51.100.7:5000",
                          "callee_local_addrs": ["192.168.88.22:5000", "[fd00::2]:5000"]}},
    {"DirectCallAnswer": {"call_id": "18a2b3c4d5e6f708", "accept_mode": "Reject"}},
    {"CallSetup": {"call_id": "18a2b3c4d5e6f708", "room": "call-18a2b3c4d5e6f708",
                   "relay_addr": "10.0.0.2:4433", "peer_direct_addr": "198.51.100.7:5000",
                   "peer_local_addrs": ["192.168.88.22:5000"]}},
    {"CallSetup": {"call_id": "1", "room": "call-1", "relay_addr": "10.0.0.2:4433"}},
    {"CallRinging": {"call_id": "18a2b3c4d5e6f708"}},
    "Reflect",
    {"ReflectResponse": {"observed_addr": "[2001:db8::1]:40123"}},
    {"MediaPathReport": {"call_id": "18a2b3c4d5e6f708", "direct_ok": True,
                         "race_winner": "Direct"}},
    {"FederatedSignalForward": {"inner": {"CallRinging": {"call_id": "7"}},
                                "origin_relay_fp": "ab:cd"}},
]
ROOM_KEY = {"RoomKey": {"sender_fingerprint": FP, "recipient_fingerprint": "b1b2",
                        "message": list(range(56))}}


def ping(v):
    return {"Ping": {"timestamp_ms": v}}


def offer(**changes):
    fields = {"identity_pub": ONES, "ephemeral_pub": TWOS, "signature": [3, 4],
              "supported_profiles": [GOOD]}
    fields.update(changes)
    return {"CallOffer": {k: v for k, v in fields.items() if v is not DROP}}


DROP = object()


def nested(depth):
    msg = {"CallRinging": {"call_id": "x"}}
    for _ in range(depth):
        msg = {"FederatedSignalForward": {"inner": msg, "origin_relay_fp": "f"}}
    return msg


def text_cases():
    """(comment, requirements, text bytes, flags)"""
    cases = []
    add = lambda c, r, t, fl=(): cases.append((c, r, t if isinstance(t, bytes) else
                                               (t if isinstance(t, str) else compact(t)).encode(),
                                               list(fl)))
    for text in VERIFIED:
        name = text.split('"')[1]
        add(f"{name}: upstream's exact output", ["WZP-WIRE-070", "WZP-WIRE-071",
            "WZP-WIRE-072", "WZP-WIRE-076", "WZP-WIRE-081"], text,
            ["Verified"] + (["ProfileDifference"] if name == "CallOffer" else []))
    for msg in PEER_TO_PEER:
        name = msg if isinstance(msg, str) else next(iter(msg))
        add(f"{name}", ["WZP-WIRE-071", "WZP-WIRE-072", "WZP-WIRE-076", "WZP-WIRE-081"], msg,
            ["PeerToPeer", "ProfileDifference"])
    add("CallOffer with an alias (f5542ef)", ["WZP-WIRE-072"], offer(alias="ana"),
        ["ProfileDifference"])
    add("RoomKey: a room key message on its way (wzp/1's own)", ["WZP-WIRE-071",
        "WZP-WIRE-072", "WZP-WIRE-076"], ROOM_KEY, ["ProfileDifference"])
    short = {"RoomKey": dict(ROOM_KEY["RoomKey"], message=list(range(55)))}
    add("RoomKey with a 55-byte message", ["WZP-WIRE-073"], short, ["ProfileDifference"])
    # Leniency serde has, and the canonical form that results.
    add('{"Hold":null} is Hold', ["WZP-WIRE-070"], '{"Hold":null}', ["Lenient"])
    add("white space around and inside", ["WZP-WIRE-076"], ' { "Pong" : { "timestamp_ms" : 7 } }\n',
        ["Lenient"])
    add("fields out of order are written in order", ["WZP-WIRE-076"],
        '{"RouteQuery":{"ttl":3,"fingerprint":"aabb"}}', ["Lenient"])
    add("unknown fields are dropped", ["WZP-WIRE-072"],
        '{"Hangup":{"reason":"Normal","call_id":"c1","extra":{"a":[1,2]}}}', ["Lenient"])
    add("missing option field is null", ["WZP-WIRE-072"],
        '{"Transfer":{"target_fingerprint":"x"}}', ["Lenient"])
    add("missing default field", ["WZP-WIRE-072"],
        '{"MediaPathReport":{"call_id":"c","direct_ok":false}}', ["Lenient", "PeerToPeer"])
    add("missing default list", ["WZP-WIRE-072"], '{"GlobalRoomActive":{"room":"r"}}',
        ["Lenient", "PeerToPeer"])
    add("null skipped option is left out", ["WZP-WIRE-072"],
        '{"CallSetup":{"call_id":"1","room":"call-1","relay_addr":"a:1",'
        '"peer_direct_addr":null,"peer_local_addrs":[]}}', ["Lenient", "PeerToPeer"])
    add("empty skipped list is left out", ["WZP-WIRE-072"],
        '{"DirectCallAnswer":{"call_id":"1","accept_mode":"AcceptGeneric","callee_local_addrs":[]}}',
        ["Lenient", "PeerToPeer"])
    add("RoomParticipant without relay_label", ["WZP-WIRE-072"],
        '{"RoomUpdate":{"count":1,"participants":[{"fingerprint":"f","alias":"a"}]}}',
        ["Lenient", "PeerToPeer"])
    # Floats.
    for value, comment in ((0.1, "0.1"), (1, "integer 1 is 1.0"), (0.30000001192092896,
                           "binary32 0.3 written in full is 0.3"), (1.5e-3, "0.0015"),
                           (123456.7, "123456.7"), (0.333333343267, "1/3 in binary32"),
                           (2, "2.0"), (0, "0.0"), (1e8, "100000000.0"),
                           (1.00000001, "rounds to 1.0 in binary32")):
        add(f"fec_ratio {comment}", ["WZP-WIRE-073", "WZP-WIRE-076"],
            offer(supported_profiles=[dict(GOOD, fec_ratio=value)]), ["FloatFormat"])
    add("fec_ratio 1e39 overflows binary32", ["WZP-WIRE-073"],
        offer(supported_profiles=[dict(GOOD, fec_ratio=1e39)]))
    add("fec_ratio as a string", ["WZP-WIRE-073"],
        offer(supported_profiles=[dict(GOOD, fec_ratio="0.2")]), ["TypeConfusion"])
    # Strings.
    add("escapes: quote, backslash, controls", ["WZP-WIRE-076"],
        {"AuthToken": {"token": 'a"b\\c\n\t\r\b\f\x01\x1f\x7f/'}}, ["Escapes"])
    add("non-ASCII is written as UTF-8", ["WZP-WIRE-076"],
        {"IceCandidate": {"candidate": "caf\u00e9 \u2603 \U0001F4DE"}}, ["Escapes"])
    add("escaped non-ASCII input", ["WZP-WIRE-076"],
        '{"IceCandidate":{"candidate":"\\u00e9\\ud83d\\udcde\\/"}}', ["Escapes", "Lenient"])
    # Envelope.
    for text, comment in (("[]", "an array"), ("42", "a number"), ("null", "null"),
                          ("{}", "an empty object"), ('{"Hold":null,"Mute":null}', "two keys"),
                          ("true", "true")):
        add(f"top level is {comment}", ["WZP-WIRE-070"], text)
    add('"Ping" is a struct variant', ["WZP-WIRE-070"], '"Ping"', ["TypeConfusion"])
    add('{"Hold":{}}', ["WZP-WIRE-070"], '{"Hold":{}}', ["TypeConfusion"])
    add('{"Ping":null}', ["WZP-WIRE-070"], '{"Ping":null}', ["TypeConfusion"])
    add('{"Ping":[1]}', ["WZP-WIRE-070"], '{"Ping":[1]}', ["TypeConfusion"])
    for name in ("Hello", "hold", "LossRecoveryUpdate", "ping"):
        add(f"unknown variant {name}", ["WZP-WIRE-071"], f'"{name}"')
    add("unknown variant as an object", ["WZP-WIRE-071"], '{"Pang":{"timestamp_ms":1}}')
    # Fields.
    add("missing required field", ["WZP-WIRE-072"], '{"Ping":{}}')
    add("null for a required field", ["WZP-WIRE-072"], '{"AuthToken":{"token":null}}',
        ["TypeConfusion"])
    add("missing field inside QualityProfile", ["WZP-WIRE-072"],
        offer(supported_profiles=[{"codec": "Opus24k", "fec_ratio": 0.2,
                                   "frame_duration_ms": 20}]))
    add("missing signature", ["WZP-WIRE-072"], offer(signature=DROP))
    add("identity_pub of 31 bytes", ["WZP-WIRE-073"], offer(identity_pub=[1] * 31))
    add("identity_pub of 33 bytes", ["WZP-WIRE-073"], offer(identity_pub=[1] * 33))
    add("identity_pub as a hex string", ["WZP-WIRE-073"], offer(identity_pub="01" * 32),
        ["TypeConfusion"])
    add("a key byte of 256", ["WZP-WIRE-073"], offer(ephemeral_pub=[2] * 31 + [256]))
    add("a key byte of -1", ["WZP-WIRE-073"], offer(ephemeral_pub=[-1] + [2] * 31))
    add("a key byte of 1.0", ["WZP-WIRE-073"], offer(ephemeral_pub=[1.0] + [2] * 31),
        ["TypeConfusion"])
    add("signature byte 300", ["WZP-WIRE-073"], offer(signature=[300]))
    add("ttl 256", ["WZP-WIRE-073"], '{"RouteQuery":{"fingerprint":"a","ttl":256}}')
    add("ttl 255", ["WZP-WIRE-073"], '{"RouteQuery":{"fingerprint":"a","ttl":255}}')
    add("ttl 3.0", ["WZP-WIRE-073"], '{"RouteQuery":{"fingerprint":"a","ttl":3.0}}',
        ["TypeConfusion"])
    add("ttl \"3\"", ["WZP-WIRE-073"], '{"RouteQuery":{"fingerprint":"a","ttl":"3"}}',
        ["TypeConfusion"])
    add("found as 1", ["WZP-WIRE-073"],
        '{"RouteResponse":{"fingerprint":"a","found":1,"relay_chain":[]}}', ["TypeConfusion"])
    add("fingerprints not a list", ["WZP-WIRE-073"],
        '{"PresenceUpdate":{"fingerprints":"aabb","relay_addr":"r"}}', ["TypeConfusion"])
    add("a fingerprint that is a number", ["WZP-WIRE-073"],
        '{"PresenceUpdate":{"fingerprints":["aabb",7],"relay_addr":"r"}}', ["TypeConfusion"])
    add("codec as an integer", ["WZP-WIRE-073"],
        offer(supported_profiles=[dict(GOOD, codec=0)]), ["TypeConfusion"])
    add("unknown codec name", ["WZP-WIRE-073"],
        offer(supported_profiles=[dict(GOOD, codec="Opus32k")]))
    add("hangup reason in lower case", ["WZP-WIRE-073"], '{"Hangup":{"reason":"busy"}}')
    add("accept mode unknown", ["WZP-WIRE-073"],
        '{"DirectCallAnswer":{"call_id":"1","accept_mode":"Maybe"}}', ["PeerToPeer"])
    add("count above u32", ["WZP-WIRE-073"], '{"RoomUpdate":{"count":4294967296,"participants":[]}}',
        ["PeerToPeer"])
    add("count u32 max", ["WZP-WIRE-073"], '{"RoomUpdate":{"count":4294967295,"participants":[]}}',
        ["PeerToPeer"])
    add("first failing field in declaration order decides", ["WZP-WIRE-075"],
        offer(identity_pub=[1] * 3, signature=DROP), ["CheckOrder"])
    # u64 and numbers.
    add("timestamp 2^63 - 1", ["WZP-WIRE-074"], ping((1 << 63) - 1), ["Jansson"])
    add("timestamp 2^63", ["WZP-WIRE-074"], ping(1 << 63), ["Jansson"])
    add("timestamp 2^64 - 1 (serde accepts it)", ["WZP-WIRE-074"], ping((1 << 64) - 1),
        ["Jansson"])
    add("timestamp -1", ["WZP-WIRE-073"], ping(-1))
    add("an unknown field holding 1e400", ["WZP-WIRE-074"],
        '{"Ping":{"timestamp_ms":1,"x":1e400}}', ["Jansson"])
    add("an unknown field holding 2^64", ["WZP-WIRE-074"],
        '{"Ping":{"timestamp_ms":1,"x":18446744073709551616}}', ["Jansson"])
    # Text.
    add("invalid UTF-8", ["WZP-WIRE-075"], b'{"AuthToken":{"token":"\xff"}}')
    add("UTF-8 encoded surrogate", ["WZP-WIRE-075"], b'{"AuthToken":{"token":"\xed\xa0\x80"}}')
    add("lone surrogate escape", ["WZP-WIRE-075"], '{"AuthToken":{"token":"\\ud800"}}')
    add("U+0000 in a string", ["WZP-WIRE-075"], '{"AuthToken":{"token":"a\\u0000b"}}',
        ["Jansson"])
    add("repeated key", ["WZP-WIRE-075"], '{"Ping":{"timestamp_ms":1,"timestamp_ms":2}}')
    add("repeated key in an ignored member", ["WZP-WIRE-075"],
        '{"Ping":{"timestamp_ms":1,"x":{"a":1,"a":1}}}')
    add("trailing text", ["WZP-WIRE-075"], '"Hold" "Mute"')
    add("trailing comma", ["WZP-WIRE-075"], '{"Ping":{"timestamp_ms":1,}}')
    add("NaN", ["WZP-WIRE-075"], '{"Ping":{"timestamp_ms":NaN}}')
    add("empty text", ["WZP-WIRE-075"], b"")
    add("single quotes", ["WZP-WIRE-075"], "{'Hold':null}")
    add("nesting of 8 forwards", ["WZP-WIRE-075"], nested(8), ["PeerToPeer"])
    add("nesting of 9 forwards", ["WZP-WIRE-075"], nested(9), ["PeerToPeer"])
    add("unknown variant nested", ["WZP-WIRE-071"],
        {"FederatedSignalForward": {"inner": "Bogus", "origin_relay_fp": "f"}}, ["PeerToPeer"])
    return cases


def check_verified():
    for text in VERIFIED:
        got = ms.decode_signal(text.encode(), model.UPSTREAM)["canonical"]
        assert got == text, (got, text)


def signal_cases(f):
    for comment, reqs, text, flags in text_cases():
        f.add(comment, reqs, {"text": text.hex()},
              lambda p, t=text: ms.decode_signal(t, p), flags)


def payload_cases(f):
    sig = json.loads(VERIFIED[0])
    for comment, reqs, value, flags in (
            ("payload_roundtrip: relay and room", ["WZP-WIRE-080"],
             {"signal": sig, "relay_addr": "relay.example.com:4433", "room": "myroom"}, []),
            ("no relay, no room", ["WZP-WIRE-080"], {"signal": "Hold"}, ["Lenient"]),
            ("nulls", ["WZP-WIRE-080"], {"signal": "Mute", "relay_addr": None, "room": None}, []),
            ("members out of order", ["WZP-WIRE-080"],
             {"room": "r", "signal": "Hold", "relay_addr": "a"}, ["Lenient"]),
            ("missing signal", ["WZP-WIRE-080"], {"room": "r"}, []),
            ("signal with an unknown variant", ["WZP-WIRE-080", "WZP-WIRE-071"],
             {"signal": "Bogus"}, []),
            ("a peer-to-peer signal", ["WZP-WIRE-080"],
             {"signal": {"CallRinging": {"call_id": "1"}}}, ["PeerToPeer", "ProfileDifference"]),
            ("room as a number", ["WZP-WIRE-080"], {"signal": "Hold", "room": 5},
             ["TypeConfusion"]),
            ("not an object", ["WZP-WIRE-080"], ["Hold"], ["TypeConfusion"])):
        text = compact(value).encode()
        f.add(comment, reqs, {"text": text.hex()},
              lambda p, t=text: ms.decode_call_payload(t, p), flags)


def files():
    check_verified()
    return build_files(GEN, NOTES, [
        ("wire/signal_decode.json", "SignalMessage reading and canonical writing",
         "wire.signal.decode",
         "Read the JSON `text` (hex); answer its variant, its featherChat CallSignalType and "
         "its canonical form.", signal_cases),
        ("wire/call_payload_decode.json", "featherChat call payload", "wire.call_payload.decode",
         "Read featherChat's WzpCallPayload; answer its canonical form.", payload_cases),
    ])
