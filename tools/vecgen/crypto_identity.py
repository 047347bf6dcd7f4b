"""vectors/crypto/{hkdf,seed_hex,identity,fingerprint_parse,mnemonic_encode,
mnemonic_decode,room_hash}.json (spec/05-crypto.md 5.1)."""
import hashlib

import crypto_model as m
from vectorfile import build_files

GEN = "tools/vecgen/crypto_identity.py"
NOTES = {
    "Verified": "Value computed for the original implementation at aa09275 and recorded in "
                "the upstream facts (crypto-transport-relay.md 1.3, 1.14).",
    "Rfc5869": "Test case from RFC 5869 appendix A.",
    "SaltAbsent": "No salt: RFC 5869 uses HashLen zero bytes, which an empty salt equals.",
    "MixedCase": "Hex digits in upper or mixed case, which parsers accept.",
    "NonAscii": "The text contains non-ASCII UTF-8 (hashed as bytes, never normalized).",
    "Normalization": "Two spellings of the same text in Unicode (NFC vs NFD): different bytes, "
                     "different hash.",
    "Whitespace": "Words separated or surrounded by other ASCII whitespace than one space.",
    "BadChecksum": "Every word is in the list but the checksum bits do not match.",
    "UnknownWord": "A word that is not an exact entry of the wordlist.",
    "WordCount": "A word count other than 24.",
    "ProfileDifference": "wzp/1 and upstream-aa09275 answer differently (see the decision the "
                         "requirement cites).",
    "Lenient": "upstream-aa09275 ignores every character that is not a hex digit.",
}
SEED_BYTES = (0x00, 0x2A, 0x42, 0x55, 0x99, 0xAA, 0xAB, 0xBB)
# 1.14: seed byte -> (ed25519 seed, ed25519 pub, x25519 pub, fingerprint display).
VERIFIED_IDENTITY = {
    0x00: ("b23dc2c87e2c244133214c74f34c98784cb64e368a62b8ff25e837aaf3654fce",
           "a0132a15a473e4478c1399ff727b7afac413310884ad9f126b5610d4ceae94a8",
           "d3d347dc25dfb61e671b30b8729bf1658830e0dd03e5bbede729c2988b410c48",
           "27ba:36eb:371e:ea99:e7d0:ee57:3165:e50e"),
    0x2A: ("22918c83ff58f09b4b0539d6fddb7ca22fad958d7a0e64e194179032ffd336a6",
           "d335301856dc5f763fb71fbec9728840d3feb078855e184dce5b0769fcda04bc",
           "450ec91af98d8d4a92c4df7123d1ef8addf6de185623135b015398652e7fa73d",
           "9983:c2ce:87f9:61b7:7931:d7c1:fd7f:864c"),
    0x42: ("c420846dcde8fecab9b1fba9ce5186e5dad835391ad615d2f42cfdd6f52033f9",
           "a37a947ca8cc01976b7859cfb52eec500627d4c1a1e13c5ee6f7aa3b5c706909",
           "fdc25545cf63114dbf4ba37c55e93d262de2eec433e8e8013753360df984956b",
           "518e:b935:62fa:9e34:e59c:28b6:7fc2:d384"),
    0x55: ("8eaf630add5bfab38e8640607d14b3c061985d7dd0f3509902b665db6df178c8",
           "21ea6370aceef4cf61a6ced389fdb16915edb1e1ff078b27a75f1d20fce9471b",
           "6ea742686bac4e217d64014df4acdc647377383be78428827ec563f791d6bb6f",
           "eb6d:ce47:7a66:fd12:3a0b:39f9:874a:e69b"),
    0x99: ("bd5080f953aa95a7f2efe23b9c868f8454853e17029d9ad134072164eec379e3",
           "e0b48b41b5ee992dcb84ee16297616ad91c8969f5124fde41b78c47c3a6b9263",
           "cb07813ce95da5f3a41a6cb8b28af9f14d244990f0c4643b548e57e06bdde834",
           "5be1:ad79:fbfb:d7e1:4a87:6ea1:8c25:99fc"),
    0xAA: ("2bc5081e06540a3ab233404c5d4298a7fab4a892bac9b9efeee1dff33a817679",
           "faf4b680b032384cd5ae074209bda89a0c9504591bf7e5bc57d2b546ff8db11d",
           "6d0079e49d031594542ae655cd849ac9d5458b2869fb277120115a823f4e5817",
           "0258:ab5d:7c27:9b61:3b75:a4e3:7ce7:1bf9"),
    0xAB: ("97d6d247800ba51c88e5f5f60fbcd88bdbae67787a05c9f15a6b96ec8ba4e402",
           "970164bac536365bc3701bdc4e43410bd07771da5628c971dc62cb15a7f7204d",
           "21769535be3eb58395630dd4eed279bffd59c0bc69e6871112465bfcbe546164",
           "8470:57d7:a85a:f6fb:79de:e03e:8d5c:2634"),
    0xBB: ("b64d3f815a4e7fe8fbc99661ccb0fd38f24c8a3e24c82d754d4e9e4be645f619",
           "7b2cef30da34599644df0b9b52d43efc17cfdc7e2176973d16e67a99902b2d44",
           "f0d80e38fef9526eeef5413255f2f6379e2a0b074e015428fe146ecccdc1ec1c",
           "5daf:cd48:13fb:bc41:a1e9:9a27:2ebe:6d66"),
}
VERIFIED_X25519_SECRET = {
    0x42: "2fddc15638b1e96c6c88b343bad30fb4972bc942d1e1dafefd0c3412691a138f",
    0xAA: "fb10707ac66c9ab974907fc01df065c2f278a59cc2affe2217dbe5d6a4d4f96f",
}
VERIFIED_MNEMONIC = {  # 1.3: seed byte -> (phrase, repeats, last phrase)
    0x00: ("abandon", 23, "art"),
    0x77: ("jazz roof tape upon", 5, "jazz roof tape wisdom"),
    0x33: ("creek office smoke grid", 5, "creek office smoke knock"),
    0xDE: ("tell want response sad unknown hunt kiwi swift", 2,
           "tell want response sad unknown hunt kiwi silk"),
    0x42: ("drastic bamboo mountain loyal category cancel animal embark", 2,
           "drastic bamboo mountain loyal category cancel animal embark"),
    0x2A: ("clay eyebrow melody february pencil bench post earn", 2,
           "clay eyebrow melody february pencil bench post enhance"),
}
VERIFIED_ROOM = {
    "my-group": "46de10172c0bd3222eea8f521ac04d59",
    "warzone-squad": "9f93729dbc113d681de217c2bcb79a20",
    "alpha": "54aa482914ec5a4bc551c17ac559e8a7",
    "beta": "a2afc924d8873d1f4293d98fda9d742e",
    "default": "5d61faddbb77f2a92f815bbaac9dbc91",
    "general": "a47b63f7d5b511ba5bc4089a74446906",
    "": "b0d6defd95a8636790ef7e362961f4cd",
}
# RFC 5869 A.1-A.3 (SHA-256): ikm, salt, info, length, okm.
RFC5869 = [
    ("0b" * 22, "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
     "34007208d5b887185865"),
    (bytes(range(0x00, 0x50)).hex(), bytes(range(0x60, 0xB0)).hex(),
     bytes(range(0xB0, 0x100)).hex(), 82,
     "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
     "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
     "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
    ("0b" * 22, "", "", 42,
     "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
     "9d201395faa4b61a96c8"),
]


def seed(byte):
    return bytes([byte]) * 32


def check_verified():
    for byte, (ed_seed, ed_pub, x_pub, display) in VERIFIED_IDENTITY.items():
        d = m.derive_identity(seed(byte))
        assert (d["ed25519_seed"], d["ed25519_pub"], d["x25519_pub"],
                d["fingerprint_display"]) == (ed_seed, ed_pub, x_pub, display), hex(byte)
    for byte, secret in VERIFIED_X25519_SECRET.items():
        assert m.derive_identity(seed(byte))["x25519_secret"] == secret
    for byte, (phrase, n, last) in VERIFIED_MNEMONIC.items():
        assert m.mnemonic_encode(seed(byte)) == " ".join([phrase] * n + [last]), hex(byte)
    for name, digest in VERIFIED_ROOM.items():
        assert m.room_hash(name) == digest, name
    assert m.room_hash("warzone-squad") == hashlib.sha256(
        b"featherchat-group:warzone-squad").hexdigest()[:32]
    for ikm, salt, info, n, okm in RFC5869:
        assert m.hkdf_sha256(bytes.fromhex(salt), bytes.fromhex(ikm), bytes.fromhex(info),
                             n).hex() == okm


def hkdf_cases(f):
    def add(comment, salt, ikm, info, n, flags=()):
        args = {"salt": salt, "ikm": ikm, "info": info, "length": n}
        f.add(comment, ["WZP-CRYPTO-002"], args, lambda p: {"okm": m.hkdf_sha256(
            bytes.fromhex(salt), bytes.fromhex(ikm), bytes.fromhex(info), n).hex()}, flags)
    for i, (ikm, salt, info, n, _) in enumerate(RFC5869, 1):
        add(f"RFC 5869 A.{i}", salt, ikm, info, n,
            ["Rfc5869"] + ["SaltAbsent"] * (salt == ""))
    for info in (m.INFO_ED25519, m.INFO_X25519, m.INFO_SESSION):
        add(f"salt absent, info {info.decode()!r}", "", seed(0x42).hex(), info.hex(), 32,
            ["SaltAbsent"])
    add("salt of 32 zero bytes equals an absent salt", "00" * 32, seed(0x42).hex(),
        m.INFO_ED25519.hex(), 32, ["SaltAbsent"])
    add("one byte of output", "01", "02", "03", 1)
    add("salt longer than the block (hashed first, RFC 2104)", "5a" * 100, "ab", "", 32)
    add("empty ikm", "", "", "", 32, ["SaltAbsent"])
    add("the longest output, 255 blocks", "", "0b" * 22, "", 255 * 32, ["SaltAbsent"])
    add("output length 0 is refused", "", "0b", "", 0)
    add("output length 255 * 32 + 1 is refused", "", "0b", "", 255 * 32 + 1)


def seed_hex_cases(f):
    def add(comment, text, flags=()):
        f.add(comment, ["WZP-CRYPTO-001"], {"hex": text},
              lambda p: {"seed": m.seed_from_hex(text).hex()}, flags)
    add("64 lowercase digits", "42" * 32)
    add("64 uppercase digits", "AB" * 32, ["MixedCase"])
    add("mixed case", "aB" * 32, ["MixedCase"])
    add("63 digits", "4" * 63)
    add("65 digits", "4" * 65)
    add("empty", "")
    add("0x prefix", "0x" + "42" * 31)
    add("a space inside", "42" * 15 + " 4" + "42" * 16)
    add("a g at the end", "42" * 31 + "4g")
    add("a colon-grouped form is not a seed", ":".join(["4242"] * 16)[:64])


def identity_cases(f):
    for byte in sorted({*SEED_BYTES, 0x01, 0x02, 0x77, 0x33, 0xDE, 0xFF}):
        verified = byte in VERIFIED_IDENTITY
        f.add(f"seed {byte:#04x} x 32", ["WZP-CRYPTO-003", "WZP-CRYPTO-004", "WZP-CRYPTO-005",
                                         "WZP-CRYPTO-006"],
              {"seed": seed(byte).hex()}, lambda p, b=byte: m.derive_identity(seed(b)),
              ["Verified"] * verified)
    counting = bytes(range(32))
    f.add("seed 00 01 .. 1f", ["WZP-CRYPTO-003", "WZP-CRYPTO-004", "WZP-CRYPTO-005",
                               "WZP-CRYPTO-006"],
          {"seed": counting.hex()}, lambda p: m.derive_identity(counting))


FP = bytes.fromhex("27ba36eb371eea99e7d0ee573165e50e")  # seed 0x00's fingerprint


def add_flagged(f, comment, reqs, args, compute, flags=()):
    """f.add, flagging ProfileDifference exactly where the profiles differ."""
    def outcome(p):
        try:
            return compute(p)
        except m.WireError as err:
            return err.code
    differ = outcome(m.V1) != outcome(m.UPSTREAM)
    f.add(comment, reqs, args, compute, [*flags] + ["ProfileDifference"] * differ)


def fingerprint_cases(f):
    def add(comment, text, flags=()):
        def compute(p):
            return {"fingerprint": m.parse_fingerprint(text, p).hex()}
        add_flagged(f, comment, ["WZP-CRYPTO-007"], {"text": text}, compute, flags)
    display = m.fingerprint_display(FP)
    add("display form", display)
    add("hex form", FP.hex())
    add("display form, upper case", display.upper(), ["MixedCase"])
    add("hex form, upper case", FP.hex().upper(), ["MixedCase"])
    add("64 hex digits: upstream keeps the first 32", FP.hex() * 2)
    add("hex form with a trailing space", FP.hex() + " ", ["Lenient"])
    add("dashes instead of colons", display.replace(":", "-"), ["Lenient"])
    add("colons in the wrong places", FP.hex()[:3] + ":" + FP.hex()[3:] + ":" * 6,
        ["Lenient"])
    add("hex form with 0x prefix", "0x" + FP.hex(), ["Lenient"])
    add("31 hex digits: upstream finds an odd count", FP.hex()[:31])
    add("30 hex digits", FP.hex()[:30])
    add("display form less one group", display[:34])
    add("empty", "")
    add("32 characters with a g", FP.hex()[:31] + "g")
    add("39 characters with a g", display[:38] + "g")
    add("33 digits", FP.hex() + "a")


def mnemonic_encode_cases(f):
    for byte in sorted({*VERIFIED_MNEMONIC, 0x01, 0x7F, 0x80, 0xFF}):
        f.add(f"seed {byte:#04x} x 32", ["WZP-CRYPTO-008"], {"seed": seed(byte).hex()},
              lambda p, b=byte: {"mnemonic": m.mnemonic_encode(seed(b))},
              ["Verified"] * (byte in VERIFIED_MNEMONIC))
    for label, s in (("counting 00..1f", bytes(range(32))),
                     ("sha256('wzp')", hashlib.sha256(b"wzp").digest()),
                     ("checksum byte 00", next_seed_with_checksum(0x00)),
                     ("checksum byte ff", next_seed_with_checksum(0xFF))):
        f.add(f"seed {label}", ["WZP-CRYPTO-008"], {"seed": s.hex()},
              lambda p, s=s: {"mnemonic": m.mnemonic_encode(s)})


def next_seed_with_checksum(first_byte):
    """The first seed sha256('wzp-seed' || n) whose checksum is first_byte."""
    n = 0
    while True:
        s = hashlib.sha256(b"wzp-seed" + n.to_bytes(4, "big")).digest()
        if hashlib.sha256(s).digest()[0] == first_byte:
            return s
        n += 1


def flip_last_word(words):
    """The same words with the last one replaced by its successor in the list."""
    last = m.WORD_INDEX[words[-1]]
    return words[:-1] + [m.WORDS[(last + 1) % 2048]]


def mnemonic_decode_cases(f):
    def add(comment, reqs, text, flags=()):
        add_flagged(f, comment, reqs, {"mnemonic": text},
                    lambda p: {"seed": m.mnemonic_decode(text, p).hex()}, flags)
    ok = ["WZP-CRYPTO-009", "WZP-CRYPTO-010", "WZP-CRYPTO-011"]
    for byte in sorted(VERIFIED_MNEMONIC):
        add(f"seed {byte:#04x} x 32", ok, m.mnemonic_encode(seed(byte)), ["Verified"])
    s = hashlib.sha256(b"wzp").digest()
    words = m.mnemonic_encode(s).split()
    add("sha256('wzp')", ok, " ".join(words))
    add("tabs and newlines between words", ["WZP-CRYPTO-009"], "\t".join(words[:12]) + "\n"
        + "\r\n".join(words[12:]), ["Whitespace"])
    add("leading and trailing spaces, double spaces", ["WZP-CRYPTO-009"],
        "  " + "  ".join(words) + " \n", ["Whitespace"])
    add("checksum: last word changed", ["WZP-CRYPTO-011"], " ".join(flip_last_word(words)),
        ["BadChecksum"])
    zeros = ["abandon"] * 24
    add("24 x abandon: checksum 00 is wrong", ["WZP-CRYPTO-011"], " ".join(zeros),
        ["BadChecksum"])
    add("abandon x 23 + ability", ["WZP-CRYPTO-011"], " ".join(zeros[:23] + ["ability"]),
        ["BadChecksum"])
    add("first word changed", ["WZP-CRYPTO-011"],
        " ".join([m.WORDS[(m.WORD_INDEX[words[0]] + 1) % 2048]] + words[1:]), ["BadChecksum"])
    add("a word in upper case", ["WZP-CRYPTO-010"], " ".join([words[0].upper()] + words[1:]),
        ["UnknownWord"])
    add("a word in title case", ["WZP-CRYPTO-010"], " ".join(words[:5] + [words[5].title()]
                                                             + words[6:]), ["UnknownWord"])
    add("a word that is not in the list", ["WZP-CRYPTO-010"], " ".join(words[:23] + ["wzp"]),
        ["UnknownWord"])
    add("a prefix of a word (BIP39 allows 4-letter abbreviations in UIs, not here)",
        ["WZP-CRYPTO-010"], " ".join(["aban"] + words[1:]), ["UnknownWord"])
    add("a word with a trailing comma", ["WZP-CRYPTO-010"],
        " ".join([words[0] + ","] + words[1:]), ["UnknownWord"])
    add("non-breaking space is not a separator", ["WZP-CRYPTO-010"],
        " ".join(words[:22] + [words[22] + "\u00a0" + words[23]]) + " " + words[23],
        ["UnknownWord", "NonAscii"])
    add("a fullwidth word (NFKD would map it to ASCII; we do not normalize)",
        ["WZP-CRYPTO-010"], " ".join(["\uff41\uff42\uff41\uff4e\uff44\uff4f\uff4e"]
                                     + words[1:]), ["UnknownWord", "NonAscii"])
    add("empty", ["WZP-CRYPTO-009"], "", ["WordCount"])
    add("only whitespace", ["WZP-CRYPTO-009"], " \t\n", ["WordCount"])
    add("23 words", ["WZP-CRYPTO-009"], " ".join(words[:23]), ["WordCount"])
    add("25 words", ["WZP-CRYPTO-009"], " ".join(words + words[:1]), ["WordCount"])
    add("48 words", ["WZP-CRYPTO-009"], " ".join(words * 2), ["WordCount"])
    for n in (12, 15, 18, 21):
        short = bip39_words(bytes(range(n * 4 // 3)))
        add(f"a valid {n}-word BIP39 mnemonic (entropy of {n * 4 // 3} bytes)",
            ["WZP-CRYPTO-009"], short, ["WordCount"])
    short = bip39_words(bytes(range(16))).split()
    add("12 words with an unknown word: upstream reports the word", ["WZP-CRYPTO-009"],
        " ".join(short[:11] + ["wzp"]), ["WordCount"])
    add("12 words with a bad checksum: upstream reports the checksum", ["WZP-CRYPTO-009"],
        " ".join(flip_last_word(short)), ["WordCount"])
    add("unknown word and bad count: the count is checked first", ["WZP-CRYPTO-009"],
        " ".join(words[:22] + ["wzp"]), ["WordCount"])
    add("unknown word and bad checksum: the word is checked first", ["WZP-CRYPTO-010"],
        " ".join(["wzp"] + flip_last_word(words)[1:]), ["UnknownWord"])


def bip39_words(entropy):
    """A BIP39 mnemonic of any standard length (the model encodes 32 bytes
    only, as WZP does; this is the general rule, for negative cases)."""
    cs = len(entropy) // 4
    bits = int.from_bytes(entropy, "big") << cs | hashlib.sha256(entropy).digest()[0] >> (8 - cs)
    n = (len(entropy) * 8 + cs) // 11
    return " ".join(m.WORDS[(bits >> (11 * (n - 1 - i))) & 0x7FF] for i in range(n))


ROOMS = [
    ("caf\u00e9", "NFC e-acute", ["NonAscii", "Normalization"]),
    ("cafe\u0301", "NFD e + combining acute", ["NonAscii", "Normalization"]),
    ("\u0645\u0648\u062c", "Arabic", ["NonAscii"]),
    ("\u0433\u0440\u0443\u043f\u043f\u0430", "Cyrillic", ["NonAscii"]),
    ("\u4f1a\u8bae\u5ba4", "CJK", ["NonAscii"]),
    ("\U0001f4de call", "emoji outside the BMP", ["NonAscii"]),
    ("My-Group", "case is not folded", []),
    (" my-group", "leading space is kept", []),
    ("my-group ", "trailing space is kept", []),
    ("a" * 300, "300 bytes", []),
    ("featherchat-group:x", "the prefix inside the name", []),
]


def room_cases(f):
    def add(name, comment, flags):
        f.add(f"{comment}: {name[:40]!r}", ["WZP-CRYPTO-012"], {"name": name},
              lambda p: {"hash": m.room_hash(name)}, flags)
    for name in VERIFIED_ROOM:
        add(name, "upstream table", ["Verified"])
    for name, comment, flags in ROOMS:
        add(name, comment, flags)


def files():
    check_verified()
    return build_files(GEN, NOTES, [
        ("crypto/hkdf.json", "HKDF-SHA256", "crypto.hkdf_sha256",
         "RFC 5869 HKDF-SHA256 of `ikm` with `salt` (empty: absent) and `info`, `length` bytes.",
         hkdf_cases),
        ("crypto/seed_hex.json", "Identity seed from hex", "crypto.seed.from_hex",
         "The 32-byte seed from its 64-digit hex text form.", seed_hex_cases),
        ("crypto/identity.json", "Identity derivation", "crypto.identity.derive",
         "Keys, fingerprint and its text forms derived from a 32-byte seed.", identity_cases),
        ("crypto/fingerprint_parse.json", "Fingerprint from text", "crypto.fingerprint.parse",
         "The 16-byte fingerprint from its text form.", fingerprint_cases),
        ("crypto/mnemonic_encode.json", "Mnemonic from seed", "crypto.mnemonic.encode",
         "The 24-word BIP39 English mnemonic of a 32-byte seed.", mnemonic_encode_cases),
        ("crypto/mnemonic_decode.json", "Seed from mnemonic", "crypto.mnemonic.decode",
         "The 32-byte seed from a BIP39 English mnemonic.", mnemonic_decode_cases),
        ("crypto/room_hash.json", "Room name hash", "crypto.room.hash",
         "The hashed room name of a UTF-8 name.", room_cases),
    ])
