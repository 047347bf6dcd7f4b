"""An independent model of spec/05-crypto.md sections 5.1-5.3 (identity,
handshake, session state machine), written from the spec text.

Every primitive comes from Debian's python3-cryptography (OpenSSL): HKDF,
HMAC, SHA-256, Ed25519, X25519. Nothing here uses libsodium or libwzp, so
the vectors it writes are a second computation of what the C reference
computes. Errors are raised as model.WireError(code) with the spec's codes.
"""
import hashlib
import pathlib
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (Ed25519PrivateKey,
                                                               Ed25519PublicKey)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from binary32 import f32
from model import UPSTREAM, V1, WireError

RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
WORDLIST_PATH = pathlib.Path(__file__).resolve().parents[2] / "spec" / "data" / "bip39-english.txt"
WORDLIST_SHA256 = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"

INFO_ED25519 = b"warzone-ed25519"
INFO_X25519 = b"warzone-x25519"
INFO_SESSION = b"warzone-session-key"
LABEL_OFFER = b"call-offer"
LABEL_ANSWER = b"call-answer"
ROOM_PREFIX = b"featherchat-group:"

# 5.1: the field prime and the group order of edwards25519 (RFC 8032).
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
# y coordinates (bit 255 ignored) that libsodium-style strict verification
# refuses as A or R: the small-order points and their non-canonical
# encodings (WZP-CRYPTO-024).
ORDER8_Y_1 = 0x05FC536D880238B13933C6D305ACDFD5F098EFF289F4C345B027B2C28F95E826
ORDER8_Y = (ORDER8_Y_1, P - ORDER8_Y_1)  # the points of order 8 have y = +-y1
SMALL_ORDER_Y = {0, 1, P - 1, P, P + 1, *ORDER8_Y}


def hkdf_sha256(salt, ikm, info, length):
    """WZP-CRYPTO-002: RFC 5869; an absent salt is HashLen zero bytes."""
    if not 1 <= length <= 255 * 32:
        raise WireError("bad_param")
    return HKDF(hashes.SHA256(), length, salt or bytes(32), info).derive(ikm)


def sha256(data):
    return hashlib.sha256(data).digest()


def seed_from_hex(text):
    """WZP-CRYPTO-001: exactly 64 hex digits, either case."""
    if len(text) != 64:
        raise WireError("bad_length")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", text):
        raise WireError("bad_encoding")
    return bytes.fromhex(text)


def ed25519_public(ed_seed):
    return Ed25519PrivateKey.from_private_bytes(ed_seed).public_key().public_bytes(*RAW)


def x25519_public(secret):
    return X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes(*RAW)


def fingerprint(ed_pub):
    """WZP-CRYPTO-005."""
    return sha256(ed_pub)[:16]


def fingerprint_display(fp):
    """WZP-CRYPTO-006: eight BE16 groups of 4 lowercase hex digits."""
    return ":".join(fp[i:i + 2].hex() for i in range(0, 16, 2))


def derive_identity(seed):
    """WZP-CRYPTO-003..006."""
    ed_seed = hkdf_sha256(None, seed, INFO_ED25519, 32)
    x_secret = hkdf_sha256(None, seed, INFO_X25519, 32)
    ed_pub = ed25519_public(ed_seed)
    fp = fingerprint(ed_pub)
    return {"ed25519_seed": ed_seed.hex(), "ed25519_pub": ed_pub.hex(),
            "x25519_secret": x_secret.hex(), "x25519_pub": x25519_public(x_secret).hex(),
            "fingerprint": fp.hex(), "fingerprint_display": fingerprint_display(fp),
            "fingerprint_hex": fp.hex()}


def parse_fingerprint(text, profile):
    """WZP-CRYPTO-007: wzp/1 takes the two text forms only; upstream keeps
    every ASCII hex digit, ignores the rest, and needs at least 32."""
    if profile == UPSTREAM:
        digits = "".join(c for c in text if c in "0123456789abcdefABCDEF")
        if len(digits) % 2:
            raise WireError("bad_encoding")
        if len(digits) < 32:
            raise WireError("bad_length")
        return bytes.fromhex(digits[:32])
    if len(text) == 32:
        digits = text
    elif len(text) == 39:
        if any(text[i] != ":" for i in range(4, 39, 5)):
            raise WireError("bad_encoding")
        digits = text.replace(":", "", 7)
    else:
        raise WireError("bad_length")
    if not re.fullmatch(r"[0-9a-fA-F]{32}", digits):
        raise WireError("bad_encoding")
    return bytes.fromhex(digits)


def wordlist():
    data = WORDLIST_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == WORDLIST_SHA256
    words = data.decode("ascii").split("\n")[:-1]
    assert len(words) == 2048
    return words


WORDS = wordlist()
WORD_INDEX = {w: i for i, w in enumerate(WORDS)}


def mnemonic_encode(seed):
    """WZP-CRYPTO-008: 256 bits of entropy, then the first byte of its
    SHA-256, cut into 24 indices of 11 bits, most significant first."""
    bits = int.from_bytes(seed + sha256(seed)[:1], "big")
    return " ".join(WORDS[(bits >> (11 * (23 - i))) & 0x7FF] for i in range(24))


def mnemonic_decode(text, profile):
    """WZP-CRYPTO-009..011: count, then words, then checksum; upstream
    checks the count against BIP39's 12..24 first and the entropy length
    last."""
    words = re.split(r"[\t\n\v\f\r ]+", text.strip("\t\n\v\f\r "))
    words = [] if words == [""] else words
    counts = {24} if profile == V1 else {12, 15, 18, 21, 24}
    if len(words) not in counts:
        raise WireError("word_count")
    for w in words:
        if w not in WORD_INDEX:
            raise WireError("unknown_word")
    bits = 0
    for w in words:
        bits = bits << 11 | WORD_INDEX[w]
    cs_bits = len(words) // 3  # and the entropy is 32 * cs_bits bits
    ent = (bits >> cs_bits).to_bytes(cs_bits * 4, "big")
    if bits & ((1 << cs_bits) - 1) != sha256(ent)[0] >> (8 - cs_bits):
        raise WireError("bad_checksum")
    if len(ent) != 32:
        raise WireError("word_count")
    return ent


def room_hash(name):
    """WZP-CRYPTO-012: no normalization of the UTF-8 bytes."""
    return sha256(ROOM_PREFIX + name.encode("utf-8"))[:16].hex()


# 5.2 Handshake.

QUALITY = {  # name -> (codec_id, fec_ratio binary32, frame_duration_ms, frames_per_block)
    "GOOD": (0, f32(0.2), 20, 5),
    "DEGRADED": (2, f32(0.5), 40, 10),
    "CATASTROPHIC": (4, f32(1.0), 40, 8),
}
CODEC_BPS = {0: 24000, 1: 16000, 2: 6000, 3: 3200, 4: 1200, 5: 0}


def total_bitrate_kbps(p):
    """binary32, each step rounded: (bitrate / 1000) * (1 + fec_ratio)."""
    return f32(f32(CODEC_BPS[p[0]] / 1000) * f32(1 + p[1]))


def choose_profile(offered, profile):
    """WZP-CRYPTO-028."""
    for p in offered:
        if p[0] not in CODEC_BPS:
            raise WireError("unknown_codec")
        if profile == V1 and p not in QUALITY.values():
            raise WireError("unknown_quality_profile")
    if not offered:
        return QUALITY["GOOD"]
    best = offered[0]
    for p in offered[1:]:
        if total_bitrate_kbps(p) >= total_bitrate_kbps(best):
            best = p
    return best


def check_chosen(chosen, offered, profile):
    """WZP-CRYPTO-029: upstream ignores the answer's choice."""
    if profile == UPSTREAM:
        return QUALITY["GOOD"]
    if chosen not in (offered or [QUALITY["GOOD"]]):
        raise WireError("unknown_quality_profile")
    return chosen


def sign_ephemeral(identity_seed, eph_secret, label):
    """WZP-CRYPTO-020..022: the signer's identity, its ephemeral public
    key, and Ed25519 over ephemeral_pub || label."""
    return sign_message(identity_seed, x25519_public(eph_secret), label)


def sign_message(identity_seed, eph_pub, label):
    """The message fields for any ephemeral_pub bytes (negative cases sign
    keys that have no secret)."""
    ed_seed = hkdf_sha256(None, identity_seed, INFO_ED25519, 32)
    sig = Ed25519PrivateKey.from_private_bytes(ed_seed).sign(eph_pub + label)
    return {"identity_pub": ed25519_public(ed_seed).hex(), "ephemeral_pub": eph_pub.hex(),
            "signature": sig.hex()}


def strict_encoding_ok(point):
    y = int.from_bytes(point, "little") & ((1 << 255) - 1)
    return y not in SMALL_ORDER_Y


def verify_ephemeral(msg, label):
    """WZP-CRYPTO-023, -024: lengths in order, then the signature against
    the identity key in the same message, with strict rules."""
    ident, eph, sig = (bytes.fromhex(msg[k]) for k in
                       ("identity_pub", "ephemeral_pub", "signature"))
    if len(ident) != 32 or len(eph) != 32 or len(sig) != 64:
        raise WireError("bad_length")
    canonical_a = int.from_bytes(ident, "little") & ((1 << 255) - 1) < P
    canonical_s = int.from_bytes(sig[32:], "little") < L
    if not (canonical_a and canonical_s and strict_encoding_ok(ident)
            and strict_encoding_ok(sig[:32])):
        raise WireError("bad_signature")
    try:
        Ed25519PublicKey.from_public_bytes(ident).verify(sig, eph + label)
    except (InvalidSignature, ValueError):
        raise WireError("bad_signature") from None
    return ident, eph


def session_keys(eph_secret, peer_eph_pub, profile):
    """WZP-CRYPTO-025..027."""
    try:
        shared = X25519PrivateKey.from_private_bytes(eph_secret).exchange(
            X25519PublicKey.from_public_bytes(peer_eph_pub))
    except ValueError:  # OpenSSL refuses an all-zero result
        if profile == V1:
            raise WireError("weak_key") from None
        shared = bytes(32)
    key = hkdf_sha256(None, shared, INFO_SESSION, 32)
    return {"shared_secret": shared.hex(), "session_key": key.hex(),
            "session_id": sha256(key)[:4].hex()}


def accept_offer(identity_seed, eph_secret, offer, offered, profile):
    """The callee: verify, choose, answer, derive (in this order)."""
    _, caller_eph = verify_ephemeral(offer, LABEL_OFFER)
    chosen = choose_profile(offered, profile)
    keys = session_keys(eph_secret, caller_eph, profile)
    answer = sign_ephemeral(identity_seed, eph_secret, LABEL_ANSWER)
    return answer, chosen, keys


def finish(eph_secret, answer, chosen, offered, profile):
    """The caller: verify the answer, check its choice, derive."""
    _, callee_eph = verify_ephemeral(answer, LABEL_ANSWER)
    used = check_chosen(chosen, offered, profile)
    return used, session_keys(eph_secret, callee_eph, profile)


# 5.3 Session state machine.

TRANSITIONS = {
    ("Idle", "Initiate"): "Connecting",
    ("Connecting", "Connected"): "Handshaking",
    ("Handshaking", "HandshakeComplete"): "Active",
    ("Active", "RekeyStart"): "Rekeying",
    ("Rekeying", "RekeyComplete"): "Active",
}
CLOSING = {"Terminate", "ConnectionLost"}
OPEN = {"Connecting", "Handshaking", "Active", "Rekeying"}
EVENTS = ["Initiate", "Connected", "HandshakeComplete", "RekeyStart", "RekeyComplete",
          "Terminate", "ConnectionLost"]
STATES = ["Idle", "Connecting", "Handshaking", "Active", "Rekeying", "Closed"]


def run_session(events, query_ms):
    """WZP-CRYPTO-040..043: the trace of states, or invalid_transition."""
    state, last, rekeys, trace = "Idle", 0, 0, []
    for e in events:
        name, now = e["event"], e["now_ms"]
        if (state, name) in TRANSITIONS:
            rekeys += name == "RekeyComplete"
            state = TRANSITIONS[(state, name)]
        elif name in CLOSING and state in OPEN:
            state = "Closed"
        else:
            trace.append("invalid_transition")
            continue
        last = now
        trace.append(state)
    return {"trace": trace, "state": state, "rekey_count": rekeys,
            "media_active": state in ("Active", "Rekeying"),
            "time_in_state_ms": max(0, query_ms - last)}
