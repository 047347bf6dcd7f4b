"""An independent model of spec/05-crypto.md 5.4-5.7 (media AEAD, packet
index, anti-replay window, rekeying, room sender keys), written from the
spec text on Debian's python3-cryptography (OpenSSL), reusing the
handshake model for Ed25519 and X25519 and model_frames for the framing."""
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

import crypto_model as cm
from model import V1, WireError
from model_frames import HEADER_SIZE, MINI_SIZE, decode_mini, decode_packet, frame_kind

TAG = 16
WINDOW = 1024
REKEY_INTERVAL = 1 << 16
INFO_REKEY = b"warzone-rekey"
LABEL_REKEY = b"rekey"
INFO_ROOM = b"wzp-room-key"
WARNING = ("WARNING: profile upstream-aa09275 sends media IN THE CLEAR: the relay and anyone "
           "on the path can listen. Use it for interop tests only.")


def session_id(key):
    return cm.sha256(key)[:4]


def nonce(sid, index, direction):
    """WZP-CRYPTO-050, -051"""
    return sid + index.to_bytes(4, "big") + bytes([direction]) + bytes(3)


def header_len(frame):
    """WZP-CRYPTO-053: the header bytes as sent."""
    return MINI_SIZE if frame[0] & 0x80 else HEADER_SIZE


def seal(key, direction, index, frame):
    """WZP-CRYPTO-052, -053: AAD = header bytes, the body is encrypted."""
    if not frame or frame_kind(frame) == "trunk" or len(frame) < header_len(frame):
        raise WireError("bad_param")
    if int.from_bytes(frame[2:4], "big") != index % 65536:
        raise WireError("bad_param")
    h = header_len(frame)
    n = nonce(session_id(key), index, direction)
    return frame[:h] + ChaCha20Poly1305(key).encrypt(n, frame[h:], frame[:h]), n


# Assert the AEAD against upstream's recorded output (crypto facts 1.14):
# key [0x42;32], session id 425ed4e4, index 0, direction 0.
assert session_id(bytes([0x42] * 32)).hex() == "425ed4e4"
assert ChaCha20Poly1305(bytes([0x42] * 32)).encrypt(
    nonce(bytes.fromhex("425ed4e4"), 0, 0), b"hello warzone", b"test-header").hex() == \
    "70028ca7c0a1b8308f17f047e4d6320d17a6a55ac671564500cda1b76f"


class Window:
    """WZP-CRYPTO-052 and -060 on the extended packet index."""

    def __init__(self):
        self.top, self.seen = None, set()

    def index(self, seq):
        if self.top is None:
            return seq
        d = (seq - self.top) % 65536
        if d >= 32768:
            d -= 65536
        return (self.top + d) % (1 << 32)

    def check(self, index):
        if self.top is None or 0 < (index - self.top) % (1 << 32) < (1 << 31):
            return
        if (self.top - index) % (1 << 32) >= WINDOW or index in self.seen:
            raise WireError("replay")

    def update(self, index):
        if self.top is None or 0 < (index - self.top) % (1 << 32) < (1 << 31):
            self.top = index
        self.seen.add(index)
        self.seen = {i for i in self.seen if (self.top - i) % (1 << 32) < WINDOW}


def run_replay(seqs):
    w, out = Window(), []
    for seq in seqs:
        i = w.index(seq)
        try:
            w.check(i)
        except WireError as err:
            out.append({"error": err.code})
            continue
        w.update(i)
        out.append({"index": i})
    return {"results": out}


class Receiver:
    """WZP-CRYPTO-054..056: one sender's packets, as a receiver sees them."""

    def __init__(self, direction):
        self.direction = direction
        self.current = self.previous = None
        self.window, self.ref = Window(), None
        self.counters = {"accepted": 0, "auth_failed": 0, "replayed": 0, "malformed": 0}

    def install(self, key):
        self.previous = self.current
        self.current = {"key": key, "first": None}
        return {"installed": session_id(key).hex()}

    def try_key(self, k, index, data, h):
        if k is None:
            return None
        n = nonce(session_id(k["key"]), index, self.direction)
        try:
            return ChaCha20Poly1305(k["key"]).decrypt(n, data[h:], data[:h])
        except InvalidTag:
            return None

    def open(self, data):
        kind = frame_kind(data)
        p = decode_mini(data, self.ref) if kind == "mini" else decode_packet(data, V1)
        h = header_len(data)
        q = p["header"]["has_quality_report"]
        if len(data) < h + TAG + (4 if q else 0):
            raise WireError("truncated")
        index = self.window.index(p["header"]["seq"])
        self.window.check(index)
        plain, used = self.try_key(self.current, index, data, h), 0
        older = self.current is None or self.current["first"] is None \
            or index < self.current["first"]
        if plain is None and older:
            plain, used = self.try_key(self.previous, index, data, h), 1
        if plain is None:
            raise WireError("auth_failed")
        full = data[:h] + plain
        p = decode_mini(full, self.ref) if kind == "mini" else decode_packet(full, V1)
        self.window.update(index)
        ts = p["header"]["timestamp_ms"]
        if self.ref is None or 0 < (ts - self.ref) % (1 << 32) < (1 << 31):
            self.ref = ts
        if used == 0 and self.current["first"] is None:
            self.current["first"] = index
        if (self.previous is not None and self.current["first"] is not None
                and (self.window.top - self.current["first"]) % (1 << 32) >= WINDOW):
            self.previous = None
        return {"index": index, "previous_key": used == 1, "packet": p}

    def step(self, data):
        try:
            r = self.open(data)
            self.counters["accepted"] += 1
            return r
        except WireError as err:
            name = {"auth_failed": "auth_failed", "replay": "replayed"}.get(err.code, "malformed")
            self.counters[name] += 1
            return {"error": err.code}

    def keys_held(self):
        return (self.current is not None) + (self.previous is not None)


def receive(direction, steps, profile):
    rx, out = Receiver(direction), []
    for s in steps:
        if "install_key" in s:
            out.append(rx.install(bytes.fromhex(s["install_key"])))
        elif profile == V1:
            out.append(rx.step(bytes.fromhex(s["datagram"])))
        else:
            try:
                out.append({"packet": decode_packet(bytes.fromhex(s["datagram"]), profile)})
            except WireError as err:
                out.append({"error": err.code})
    res = {"results": out, "counters": rx.counters, "keys_held": rx.keys_held()}
    return res if profile == V1 else {"plaintext": True, "warning": WARNING, **res}


def rekey_message(sid):
    """WZP-CRYPTO-070: what follows new_ephemeral_pub in the signed bytes."""
    return sid + LABEL_REKEY


def rekey_sign(identity_seed, new_secret, sid):
    m = cm.sign_message(identity_seed, cm.x25519_public(new_secret), rekey_message(sid))
    return {"new_ephemeral_pub": m["ephemeral_pub"], "signature": m["signature"]}


def rekey_accept(a, profile):
    """WZP-CRYPTO-070, -071"""
    sid = bytes.fromhex(a["session_id"])
    _, pub = cm.verify_ephemeral({"identity_pub": a["peer_identity_pub"],
                                  "ephemeral_pub": a["new_ephemeral_pub"],
                                  "signature": a["signature"]}, rekey_message(sid))
    shared = bytes.fromhex(cm.session_keys(bytes.fromhex(a["own_new_secret"]), pub,
                                           profile)["shared_secret"])
    key = cm.hkdf_sha256(bytes.fromhex(a["current_key"]), shared, INFO_REKEY, 32)
    return {"new_key": key.hex(), "new_session_id": session_id(key).hex()}


def rekey_derive(current_key, own_secret, peer_pub):
    shared = bytes.fromhex(cm.session_keys(own_secret, peer_pub, V1)["shared_secret"])
    return cm.hkdf_sha256(current_key, shared, INFO_REKEY, 32)


# Upstream's rekey (crypto facts 1.14): old key [0xDD], secrets [0x42], [0x77].
assert rekey_derive(bytes([0xDD] * 32), bytes([0x42] * 32),
                    cm.x25519_public(bytes([0x77] * 32))).hex() == \
    "a65700e1d862c0cb50cfdc20807ce4e1f55d1af4be400e47d5a84ff2255ad701"


def room_params(pair_key, role, generation, sender_fp, recipient_fp):
    """WZP-CRYPTO-080"""
    wrap = cm.hkdf_sha256(None, pair_key, INFO_ROOM, 32)
    return wrap, nonce(bytes(4), generation, role), sender_fp + recipient_fp


def room_key_seal(a):
    wrap, n, aad = room_params(bytes.fromhex(a["pair_key"]), a["sender_role"], a["generation"],
                               bytes.fromhex(a["sender_fp"]), bytes.fromhex(a["recipient_fp"]))
    plain = bytes.fromhex(a["sender_key"]) + a["next_index"].to_bytes(4, "big")
    ct = ChaCha20Poly1305(wrap).encrypt(n, plain, aad)
    return {"message": (a["generation"].to_bytes(4, "big") + ct).hex()}


def room_key_open(a):
    """WZP-CRYPTO-081: length, then authentication, then generation."""
    msg = bytes.fromhex(a["message"])
    if len(msg) != 4 + 32 + 4 + TAG:
        raise WireError("bad_length")
    gen = int.from_bytes(msg[:4], "big")
    wrap, n, aad = room_params(bytes.fromhex(a["pair_key"]), a["sender_role"], gen,
                               bytes.fromhex(a["sender_fp"]), bytes.fromhex(a["recipient_fp"]))
    try:
        plain = ChaCha20Poly1305(wrap).decrypt(n, msg[4:], aad)
    except InvalidTag:
        raise WireError("auth_failed") from None
    if "last_generation" in a and gen <= a["last_generation"]:
        raise WireError("replay")
    return {"generation": gen, "sender_key": plain[:32].hex(),
            "next_index": int.from_bytes(plain[32:], "big")}
