"""vectors/crypto/handshake_{offer,accept,finish}.json and
choose_profile.json (spec/05-crypto.md 5.2)."""
import crypto_model as m
from binary32 import bits, f32
from crypto_identity import add_flagged
from vectorfile import build_files

GEN = "tools/vecgen/crypto_handshake.py"
NOTES = {
    "Verified": "Value computed for the original implementation at aa09275 and recorded in "
                "the upstream facts (crypto-transport-relay.md 1.14).",
    "ProfileDifference": "wzp/1 and upstream-aa09275 answer differently (see the decision the "
                         "requirement cites).",
    "BadLength": "A field of the wrong length.",
    "Tampered": "A signed field changed after signing, or signed with another key or label.",
    "DocsSignature": "Signed over ephemeral_pub || peer fingerprint, as upstream's doc comments "
                     "say; the code and this spec sign the ASCII label (D-0010).",
    "SmallOrder": "A small-order point or one of its non-canonical encodings: a forgery that "
                  "only strict verification refuses. upstream-aa09275 (ed25519-dalek's "
                  "verify) accepts some of these; this suite does not reproduce that (D-0012).",
    "NonCanonical": "An encoding outside the canonical range (S >= L, or y >= p).",
    "LowOrderX25519": "The peer's ephemeral key has low order, so the shared secret is all "
                      "zero (D-0011).",
    "HighBit": "Bit 255 of the X25519 u-coordinate is set; RFC 7748 ignores it.",
    "Binary32": "The bitrate products differ only in binary32 rounding.",
    "Tie": "Two offered profiles have the same total bitrate: the later one wins.",
}
ALL_REQS = ["WZP-CRYPTO-020", "WZP-CRYPTO-023", "WZP-CRYPTO-024", "WZP-CRYPTO-025",
            "WZP-CRYPTO-026", "WZP-CRYPTO-027"]
CALLER_SEED, CALLEE_SEED = bytes([0xAA]) * 32, bytes([0xBB]) * 32
CALLER_EPH, CALLEE_EPH = bytes([0x11]) * 32, bytes([0x22]) * 32
VERIFIED = {
    "caller_eph_pub": "7b4e909bbe7ffe44c465a220037d608ee35897d31ef972f07f74892cb0f73f13",
    "callee_eph_pub": "0faa684ed28867b97f4a6a2dee5df8ce974e76b7018e3f22a1c4cf2678570f20",
    "shared_secret": "9e004098efc091d4ec2663b4e9f5cfd4d7064571690b4bea97ab146ab9f35056",
    "session_key": "b2fa5213ed350d8e9847b7e25dd3a79107a4ab6aa753832e3d00bb6660fcf666",
    "session_id": "20dda32a",
    "offer_signature": "f7632083bb91ef29656885a573f5a38442244e2cd266756897e526891234c716"
                       "cb60d3e6fcaa44230f246e386648035242e0bd4500c109a65bc1c75045fea00e",
    "answer_signature": "78b9c92d5041aaafafc4584093077039a4cb74c82913299c6b976f761522f132"
                        "003aeadf436be4d7b6902db919e4ddab662935840f0c2e43c18ca408e11f750d",
}
GOOD, DEGRADED, CATASTROPHIC = (m.QUALITY[k] for k in ("GOOD", "DEGRADED", "CATASTROPHIC"))
UPSTREAM_OFFER = [GOOD, DEGRADED, CATASTROPHIC]
# Neutral element, order 2 and 4, order 8, and non-canonical encodings (RFC 7748 low-order u).
LOW_ORDER_U = ["00" * 32, "01" + "00" * 31,
               "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
               "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
               "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
               "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
               "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"]
ED_NEUTRAL = "01" + "00" * 31
ED_ORDER8 = m.ORDER8_Y[0].to_bytes(32, "little").hex()
ED_ORDER8_B = m.ORDER8_Y[1].to_bytes(32, "little").hex()


def check_verified():
    offer = m.sign_ephemeral(CALLER_SEED, CALLER_EPH, m.LABEL_OFFER)
    answer = m.sign_ephemeral(CALLEE_SEED, CALLEE_EPH, m.LABEL_ANSWER)
    keys = m.session_keys(CALLER_EPH, bytes.fromhex(answer["ephemeral_pub"]), m.V1)
    assert keys == m.session_keys(CALLEE_EPH, bytes.fromhex(offer["ephemeral_pub"]), m.V1)
    assert (offer["ephemeral_pub"], answer["ephemeral_pub"], offer["signature"],
            answer["signature"], keys["shared_secret"], keys["session_key"],
            keys["session_id"]) == tuple(VERIFIED[k] for k in (
                "caller_eph_pub", "callee_eph_pub", "offer_signature", "answer_signature",
                "shared_secret", "session_key", "session_id"))
    assert m.total_bitrate_kbps(GOOD) == f32(28.800001144)
    assert m.choose_profile(UPSTREAM_OFFER, m.V1) == GOOD
    for u in LOW_ORDER_U:
        keys = m.session_keys(CALLER_EPH, bytes.fromhex(u), m.UPSTREAM)
        assert keys["shared_secret"] == "00" * 32, u


def profile_json(p):
    return {"codec_id": p[0], "fec_ratio": bits(p[1]), "frame_duration_ms": p[2],
            "frames_per_block": p[3]}


def signed_fields(msg):
    return {k: msg[k] for k in ("identity_pub", "ephemeral_pub", "signature")}


def offer_cases(f):
    pairs = [(CALLER_SEED, CALLER_EPH, ["Verified"]), (CALLEE_SEED, CALLEE_EPH, []),
             (bytes(32), bytes(32), []), (bytes([0x42]) * 32, bytes(range(32)), []),
             (bytes([0xFF]) * 32, bytes([0xFF]) * 32, [])]
    for seed, eph, flags in pairs:
        for role, label in (("offer", m.LABEL_OFFER), ("answer", m.LABEL_ANSWER)):
            req = "WZP-CRYPTO-021" if role == "offer" else "WZP-CRYPTO-022"
            f.add(f"{role}: identity seed {seed[0]:#04x}.., ephemeral secret {eph.hex()[:8]}..",
                  ["WZP-CRYPTO-020", req],
                  {"role": role, "identity_seed": seed.hex(), "ephemeral_secret": eph.hex()},
                  lambda p, s=seed, e=eph, lb=label: m.sign_ephemeral(s, e, lb), flags)


def tampered_offers():
    """(comment, requirement, offer fields, flags): offers a callee must refuse."""
    good = m.sign_ephemeral(CALLER_SEED, CALLER_EPH, m.LABEL_OFFER)
    other = m.sign_ephemeral(CALLEE_SEED, CALLER_EPH, m.LABEL_OFFER)
    sig = bytes.fromhex(good["signature"])
    s_plus_l = (int.from_bytes(sig[32:], "little") + m.L).to_bytes(32, "little")
    fp_callee = m.fingerprint(bytes.fromhex(m.derive_identity(CALLEE_SEED)["ed25519_pub"]))
    docs = m.sign_message(CALLER_SEED, bytes.fromhex(good["ephemeral_pub"]), fp_callee)
    r23, r24 = "WZP-CRYPTO-023", "WZP-CRYPTO-024"
    out = [
        ("identity_pub of 31 bytes", r23, {**good, "identity_pub": good["identity_pub"][:62]},
         ["BadLength"]),
        ("identity_pub of 33 bytes", r23, {**good, "identity_pub": good["identity_pub"] + "00"},
         ["BadLength"]),
        ("ephemeral_pub of 31 bytes", r23,
         {**good, "ephemeral_pub": good["ephemeral_pub"][:62]}, ["BadLength"]),
        ("ephemeral_pub empty", r23, {**good, "ephemeral_pub": ""}, ["BadLength"]),
        ("signature of 63 bytes", r23, {**good, "signature": good["signature"][:126]},
         ["BadLength"]),
        ("signature of 65 bytes", r23, {**good, "signature": good["signature"] + "00"},
         ["BadLength"]),
        ("signature empty", r23, {**good, "signature": ""}, ["BadLength"]),
        ("bad length wins over a bad signature", r23,
         {**good, "signature": "00" * 63}, ["BadLength"]),
        ("signature bit 0 flipped (R)", r24,
         {**good, "signature": bytes([sig[0] ^ 1]).hex() + good["signature"][2:]}, ["Tampered"]),
        ("signature bit 504 flipped (last byte of S)", r24,
         {**good, "signature": good["signature"][:126] + bytes([sig[63] ^ 0x01]).hex()},
         ["Tampered"]),
        ("ephemeral_pub changed after signing", r24,
         {**good, "ephemeral_pub": m.x25519_public(CALLEE_EPH).hex()}, ["Tampered"]),
        ("identity_pub of another key", r24,
         {**good, "identity_pub": other["identity_pub"]}, ["Tampered"]),
        ("signed with the answer label", r24,
         {**good, "signature": m.sign_ephemeral(CALLER_SEED, CALLER_EPH,
                                                m.LABEL_ANSWER)["signature"]}, ["Tampered"]),
        ("signed over ephemeral_pub || callee fingerprint (upstream docs)", r24,
         {**good, "signature": docs["signature"]}, ["DocsSignature"]),
        ("S + L: the same signature with a non-canonical S", r24,
         {**good, "signature": sig[:32].hex() + s_plus_l.hex()}, ["NonCanonical"]),
        ("identity_pub = neutral element, R = neutral, S = 0", r24,
         {**good, "identity_pub": ED_NEUTRAL, "signature": ED_NEUTRAL + "00" * 32},
         ["SmallOrder"]),
        ("identity_pub of order 8, R = neutral, S = 0", r24,
         {**good, "identity_pub": ED_ORDER8, "signature": ED_NEUTRAL + "00" * 32},
         ["SmallOrder"]),
        ("R of order 8 with an honest key", r24,
         {**good, "signature": ED_ORDER8 + good["signature"][64:]}, ["SmallOrder"]),
        ("R of order 8 (the other y) with an honest key", r24,
         {**good, "signature": ED_ORDER8_B + good["signature"][64:]}, ["SmallOrder"]),
        ("R = neutral with its sign bit set (non-canonical x = -0)", r24,
         {**good, "signature": "01" + "00" * 30 + "80" + good["signature"][64:]},
         ["SmallOrder", "NonCanonical"]),
        ("identity_pub with y = p + 1 (neutral, non-canonical)", r24,
         {**good, "identity_pub": "ee" + "ff" * 30 + "7f", "signature": ED_NEUTRAL + "00" * 32},
         ["SmallOrder", "NonCanonical"]),
        ("identity_pub all zero", r24, {**good, "identity_pub": "00" * 32}, ["SmallOrder"]),
    ]
    return out


def accept_case(f, comment, reqs, offer, offered, callee_seed=CALLEE_SEED, eph=CALLEE_EPH,
                flags=()):
    args = {"identity_seed": callee_seed.hex(), "ephemeral_secret": eph.hex(),
            "offer": signed_fields(offer), "offered_profiles": [profile_json(p) for p in offered]}

    def compute(p):
        answer, chosen, keys = m.accept_offer(callee_seed, eph, offer, offered, p)
        return {**answer, "chosen_profile": profile_json(chosen), **keys}
    add_flagged(f, comment, reqs, args, compute, flags)


def accept_cases(f):
    good = m.sign_ephemeral(CALLER_SEED, CALLER_EPH, m.LABEL_OFFER)
    accept_case(f, "the upstream transcript: caller 0xaa/0x11, callee 0xbb/0x22",
                ALL_REQS + ["WZP-CRYPTO-022", "WZP-CRYPTO-028"], good, UPSTREAM_OFFER,
                flags=["Verified"])
    for seed_byte, eph in ((0x00, bytes(range(32))), (0x42, bytes([0x77]) * 32),
                           (0x99, bytes([0xFE]) * 32)):
        offer = m.sign_ephemeral(bytes([seed_byte]) * 32, eph, m.LABEL_OFFER)
        accept_case(f, f"caller {seed_byte:#04x}.., caller ephemeral {eph.hex()[:8]}..",
                    ALL_REQS + ["WZP-CRYPTO-022"], offer, [DEGRADED, CATASTROPHIC])
    accept_case(f, "empty profile list: GOOD", ["WZP-CRYPTO-028"], good, [])
    accept_case(f, "Opus16k is in no profile: wzp/1 refuses, upstream may choose it",
                ["WZP-CRYPTO-028"], good, [GOOD, (1, f32(0.5), 20, 5)])
    accept_case(f, "codec 9 is unknown in both profiles", ["WZP-CRYPTO-028"], good,
                [GOOD, (9, f32(0.2), 20, 5)])
    for comment, req, offer, flags in tampered_offers():
        accept_case(f, comment, [req], offer, UPSTREAM_OFFER, flags=flags)
    bad_sig = {**good, "signature": "00" * 64}
    accept_case(f, "bad signature and unknown profile: the signature is checked first",
                ["WZP-CRYPTO-024"], bad_sig, [(1, f32(0.5), 20, 5)], flags=["Tampered"])
    for u in LOW_ORDER_U:
        offer = m.sign_message(CALLER_SEED, bytes.fromhex(u), m.LABEL_OFFER)
        accept_case(f, f"caller ephemeral_pub of low order {u[:8]}..{u[-4:]}",
                    ["WZP-CRYPTO-025"], offer, UPSTREAM_OFFER, flags=["LowOrderX25519"])
    high = bytearray(bytes.fromhex(good["ephemeral_pub"]))
    high[31] |= 0x80
    offer = m.sign_message(CALLER_SEED, bytes(high), m.LABEL_OFFER)
    accept_case(f, "caller ephemeral_pub with bit 255 set: same secret as without",
                ["WZP-CRYPTO-025"], offer, UPSTREAM_OFFER, flags=["HighBit"])


def finish_case(f, comment, reqs, answer, chosen, offered, flags=()):
    args = {"ephemeral_secret": CALLER_EPH.hex(), "answer": signed_fields(answer),
            "chosen_profile": profile_json(chosen),
            "offered_profiles": [profile_json(p) for p in offered]}

    def compute(p):
        used, keys = m.finish(CALLER_EPH, answer, chosen, offered, p)
        return {"profile": profile_json(used), **keys}
    add_flagged(f, comment, reqs, args, compute, flags)


def finish_cases(f):
    answer = m.sign_ephemeral(CALLEE_SEED, CALLEE_EPH, m.LABEL_ANSWER)
    finish_case(f, "the upstream transcript, caller side", ALL_REQS + ["WZP-CRYPTO-029"],
                answer, GOOD, UPSTREAM_OFFER, ["Verified"])
    for seed_byte, eph in ((0x01, bytes([0x33]) * 32), (0xAB, bytes(range(1, 33)))):
        other = m.sign_ephemeral(bytes([seed_byte]) * 32, eph, m.LABEL_ANSWER)
        finish_case(f, f"callee {seed_byte:#04x}.., callee ephemeral {eph.hex()[:8]}..",
                    ALL_REQS + ["WZP-CRYPTO-022"], other, DEGRADED, [DEGRADED])
    finish_case(f, "chosen profile was offered (DEGRADED)", ["WZP-CRYPTO-029"], answer,
                DEGRADED, UPSTREAM_OFFER)
    finish_case(f, "chosen profile was not offered: upstream ignores the choice",
                ["WZP-CRYPTO-029"], answer, CATASTROPHIC, [GOOD, DEGRADED])
    finish_case(f, "empty offer, GOOD chosen", ["WZP-CRYPTO-029"], answer, GOOD, [])
    finish_case(f, "empty offer, DEGRADED chosen", ["WZP-CRYPTO-029"], answer, DEGRADED, [])
    finish_case(f, "chosen differs from the offered one in frames_per_block",
                ["WZP-CRYPTO-029"], answer, (0, f32(0.2), 20, 6), UPSTREAM_OFFER)
    finish_case(f, "answer signed with the offer label", ["WZP-CRYPTO-024"],
                {**answer, "signature": m.sign_ephemeral(CALLEE_SEED, CALLEE_EPH,
                                                         m.LABEL_OFFER)["signature"]},
                GOOD, UPSTREAM_OFFER, ["Tampered"])
    finish_case(f, "answer signature of 64 zero bytes", ["WZP-CRYPTO-024"],
                {**answer, "signature": "00" * 64}, GOOD, UPSTREAM_OFFER, ["Tampered"])
    finish_case(f, "answer identity_pub of 0 bytes", ["WZP-CRYPTO-023"],
                {**answer, "identity_pub": ""}, GOOD, UPSTREAM_OFFER, ["BadLength"])
    finish_case(f, "bad signature and a choice not offered: the signature first",
                ["WZP-CRYPTO-024"], {**answer, "signature": "00" * 64}, CATASTROPHIC, [GOOD],
                ["Tampered"])
    for u in LOW_ORDER_U[:3]:
        low = m.sign_message(CALLEE_SEED, bytes.fromhex(u), m.LABEL_ANSWER)
        finish_case(f, f"callee ephemeral_pub of low order {u[:8]}..", ["WZP-CRYPTO-025"],
                    low, GOOD, UPSTREAM_OFFER, ["LowOrderX25519"])


def choose_cases(f):
    def add(comment, offered, flags=()):
        add_flagged(f, comment, ["WZP-CRYPTO-028"],
                    {"offered_profiles": [profile_json(p) for p in offered]},
                    lambda p: {"chosen_profile": profile_json(m.choose_profile(offered, p))},
                    flags)
    add("[GOOD, DEGRADED, CATASTROPHIC] (what upstream's client offers)", UPSTREAM_OFFER,
        ["Verified"])
    add("[CATASTROPHIC, DEGRADED, GOOD]", UPSTREAM_OFFER[::-1])
    add("[DEGRADED, CATASTROPHIC]", [DEGRADED, CATASTROPHIC])
    add("[CATASTROPHIC]", [CATASTROPHIC])
    add("[CATASTROPHIC, DEGRADED]", [CATASTROPHIC, DEGRADED])
    add("empty: GOOD", [])
    add("[GOOD, GOOD]", [GOOD, GOOD], ["Tie"])
    add("Opus16k fec 0.8 (28.8 kbps) vs GOOD (28.800001 kbps)",
        [GOOD, (1, f32(0.8), 20, 5)], ["Binary32"])
    add("GOOD vs GOOD with 40 ms frames: upstream takes the later", [GOOD, (0, f32(0.2), 40, 5)],
        ["Tie"])
    add("a profile whose fec_ratio differs from DEGRADED's by one ulp",
        [CATASTROPHIC, (2, f32(0.50000006), 40, 10)])
    add("codec 6 is unknown", [(6, f32(0.2), 20, 5)])
    add("codec 255 after valid profiles", [GOOD, DEGRADED, (255, f32(0.0), 20, 5)])
    add("comfort noise (0 kbps) against CATASTROPHIC", [CATASTROPHIC, (5, f32(0.0), 20, 5)])


def files():
    check_verified()
    return build_files(GEN, NOTES, [
        ("crypto/handshake_sign.json", "CallOffer and CallAnswer signing",
         "crypto.handshake.sign",
         "The signed ephemeral key of a CallOffer (`role` offer) or CallAnswer (`role` "
         "answer) from an identity seed and an ephemeral secret.", offer_cases),
        ("crypto/handshake_accept.json", "The callee: CallOffer to CallAnswer and session",
         "crypto.handshake.accept",
         "Verify an offer, choose the profile, answer and derive the session.", accept_cases),
        ("crypto/handshake_finish.json", "The caller: CallAnswer to session",
         "crypto.handshake.finish",
         "Verify an answer, check its chosen profile and derive the session.", finish_cases),
        ("crypto/choose_profile.json", "Quality profile negotiation",
         "crypto.handshake.choose_profile",
         "The profile a callee chooses from the offered list.", choose_cases),
    ])
