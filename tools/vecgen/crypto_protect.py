"""vectors/crypto/media_*.json, replay_window.json, rekey_*.json,
room_key_*.json (spec/05-crypto.md 5.4-5.7): sealed packets and their
openings under loss, reordering, duplication, tampering, wrong keys and
rekeys; the anti-replay window; Rekey signatures and keys; room sender
key messages. Computed by protect_model.py on python3-cryptography."""
import random

import crypto_model as cm
import protect_model as pm
from model import UPSTREAM, V1
from model_frames import encode_v1_sequence
from vectorfile import build_files, outcome

GEN = "tools/vecgen/crypto_protect.py"
NOTES = {
    "Verified": "A value or sequence from the original implementation's tests or recorded "
                "outputs (upstream facts, crypto 1.12-1.14).",
    "Tampered": "A byte of a sealed packet or message was changed after sealing.",
    "WrongKey": "Sealed under a key or direction the receiver does not hold for this sender.",
    "Replay": "A packet index that was accepted already, or is too old for the window.",
    "Wrap": "The 16-bit seq wraps within the sequence; the index goes on past 65535.",
    "Loss": "Packets are missing from the sequence.",
    "Reorder": "Packets arrive out of order.",
    "Rekey": "The sender's key changes within the sequence; the receiver holds two keys.",
    "Forged": "A packet no key holder sealed: it must change nothing.",
    "Plaintext": "upstream-aa09275 carries media in the clear, as upstream does (D-0055).",
}
KEY_A = bytes(range(32))
KEY_B = bytes([0x42] * 32)
KEY_C = bytes(range(0xA0, 0xC0))
REPORT = {"loss_pct": 51, "rtt_4ms": 75, "jitter_ms": 12, "bitrate_cap_kbps": 24}


def header(seq, ts, q=False, codec=0, repair=False, block=0, symbol=0):
    return {"version": 0, "is_repair": repair, "codec_id": codec, "has_quality_report": q,
            "fec_ratio_encoded": 13, "seq": seq % 65536, "timestamp_ms": ts % (1 << 32),
            "fec_block": block, "fec_symbol": symbol, "reserved": 0, "csrc_count": 0}


def payload(index, size):
    return bytes((index * 7 + i) % 256 for i in range(size))


def stream(first, count, size=20, q_every=0):
    """Frames for indices first..first+count-1 from one sender, as its
    framing writes them (FULL first and every 50th, MINI otherwise)."""
    packets = []
    for i in range(first, first + count):
        q = q_every and i % q_every == 0
        packets.append({"header": header(i, 1000 + 20 * i, q, block=i // 5 % 256,
                                         symbol=i % 5),
                        "payload": payload(i, size).hex(), "report": REPORT if q else None})
    frames = encode_v1_sequence(packets)["datagrams"]
    return {i: bytes.fromhex(f) for i, f in zip(range(first, first + count), frames)}


def sealed(frames, key, direction=0):
    return {i: pm.seal(key, direction, i, f)[0] for i, f in frames.items()}


def add_v1(f, comment, reqs, args, compute, flags=()):
    """A case that holds for wzp/1 only (the upstream profile has no AEAD)."""
    for flag in flags:
        assert flag in f.head["notes"], flag
    f.groups[(V1,)].append({"comment": comment, "requirements": sorted(reqs),
                            "flags": list(flags), "args": args, **outcome(compute, V1)})


# ---- protect.media.seal ---------------------------------------------------

def seal_result(a, profile):
    frame = bytes.fromhex(a["frame"])
    if profile == UPSTREAM:
        return {"plaintext": True, "warning": pm.WARNING, "sealed": frame.hex()}
    out, n = pm.seal(bytes.fromhex(a["key"]), a["direction"], a["index"], frame)
    return {"sealed": out.hex(), "nonce": n.hex()}


def seal_case(f, comment, reqs, key, direction, index, frame, flags=()):
    args = {"key": key.hex(), "direction": direction, "index": index, "frame": frame.hex()}
    f.add(comment, reqs + ["WZP-CRYPTO-059"], args, lambda p: seal_result(args, p),
          ["Plaintext", *flags])


def seal_cases(f):
    base = ["WZP-CRYPTO-050", "WZP-CRYPTO-053"]
    fr = stream(0, 3, 60)
    seal_case(f, "FULL frame, 60-byte payload, caller, index 0, key [0x42;32] (session id "
              "425ed4e4 as upstream)", base, KEY_B, 0, 0, fr[0], ["Verified"])
    seal_case(f, "MINI frame: the 9 header bytes are the associated data", base, KEY_B, 0, 1,
              fr[1])
    for d in (0, 1, 2):
        seal_case(f, f"direction {d} in nonce byte 8", base + ["WZP-CRYPTO-051"], KEY_A, d, 2,
                  fr[2])
    for size in (0, 1, 60, 256, 1200):
        seal_case(f, f"payload of {size} bytes", base, KEY_A, 0, 0, stream(0, 1, size)[0])
    q = stream(0, 2, 30, q_every=1)
    seal_case(f, "Q set: the QualityReport is inside the ciphertext (FULL)", base, KEY_A, 1, 0,
              q[0])
    seal_case(f, "Q set: the QualityReport is inside the ciphertext (MINI)", base, KEY_A, 1, 1,
              q[1])
    for index in (65535, 65536, 65537, 0x12345678, 0xFFFFFFFF):
        frame = stream(index, 1, 16)[index]
        seal_case(f, f"index {index}: seq is its low 16 bits, the nonce carries all 32",
                  base + ["WZP-CRYPTO-052"], KEY_C, 1, index, frame, ["Wrap"])
    repair = encode_v1_sequence([{"header": header(7, 5000, repair=True, block=3, symbol=6),
                                  "payload": payload(7, 256).hex(), "report": None}])
    seal_case(f, "a 256-byte FEC repair symbol is sealed like any payload", base, KEY_A, 0, 7,
              bytes.fromhex(repair["datagrams"][0]))
    seal_case(f, "seq 5 does not match index 4: refused", ["WZP-CRYPTO-052"], KEY_A, 0, 4,
              stream(5, 1)[5])
    seal_case(f, "seq 0 with index 65536 matches its low bits: sealed",
              ["WZP-CRYPTO-052"], KEY_A, 0, 65536, stream(0, 1)[0], ["Wrap"])
    seal_case(f, "a TRUNK frame is not a media datagram: refused", ["WZP-CRYPTO-053"], KEY_A, 0,
              0, bytes([0x3C, 0, 1, 0, 0, 0, 1, 0]))
    seal_case(f, "a FULL frame shorter than its header: refused", ["WZP-CRYPTO-053"], KEY_A, 0,
              0, stream(0, 1)[0][:10])


# ---- protect.media.receive ------------------------------------------------

def steps_of(items):
    out = []
    for it in items:
        out.append({"install_key": it[1].hex()} if isinstance(it, tuple) else
                   {"datagram": it.hex()})
    return out


def recv_case(f, comment, reqs, direction, items, flags=(), both=False):
    args = {"direction": direction, "steps": steps_of(items)}
    compute = lambda p: pm.receive(direction, args["steps"], p)  # noqa: E731
    if both:
        f.add(comment, reqs + ["WZP-CRYPTO-059"], args, compute, ["Plaintext", *flags])
    else:
        add_v1(f, comment, reqs, args, compute, flags)


def flip(data, pos):
    b = bytearray(data)
    b[pos % len(b)] ^= 0x01
    return bytes(b)


def receive_cases(f):
    key = ("key", KEY_A)
    s = sealed(stream(0, 60, 40, q_every=7), KEY_A)
    order = ["WZP-CRYPTO-054"]
    recv_case(f, "60 packets in order, FULL and MINI, some with reports", order
              + ["WZP-CRYPTO-053"], 0, [key] + [s[i] for i in range(60)])
    recv_case(f, "the same datagrams read as upstream-aa09275: plaintext decoding of sealed "
              "bytes (FULL frames parse, MINI ones are garbage)", order, 0,
              [key] + [s[i] for i in range(0, 60, 25)], both=True)
    plain = stream(0, 3, 20)
    recv_case(f, "plain FULL frames in both profiles: upstream-aa09275 decodes them, wzp/1 "
              "refuses them (no tag)", order, 0, [key, plain[0]], both=True)
    recv_case(f, "every 3rd packet lost: the index comes from seq, so the rest open",
              order + ["WZP-CRYPTO-052"], 0, [key] + [s[i] for i in range(60) if i % 3],
              ["Loss"])
    rng = random.Random(7)
    idx = list(range(40))
    rng.shuffle(idx)
    recv_case(f, "40 packets shuffled (a FULL frame first)", order + ["WZP-CRYPTO-052"], 0,
              [key, s[0]] + [s[i] for i in idx], ["Reorder", "Replay"])
    recv_case(f, "every packet twice: the second copy is a replay",
              order + ["WZP-CRYPTO-060"], 0,
              [key] + [s[i] for i in range(10) for _ in (0, 1)], ["Replay"])
    recv_case(f, "MINI frame before any accepted packet: no_reference, counted malformed",
              order, 0, [key, s[1], s[0], s[1]])
    for pos, what in ((0, "byte 0 (codec bits)"), (3, "seq low byte"), (5, "timestamp"),
                      (9, "fec_symbol"), (12, "first ciphertext byte"), (-1, "last tag byte"),
                      (-16, "first tag byte")):
        recv_case(f, f"FULL packet with {what} flipped: auth_failed, then the genuine one "
                  "opens", order + ["WZP-CRYPTO-053"], 0, [key, flip(s[0], pos), s[0]],
                  ["Tampered"])
    for pos, what in ((1, "byte 1"), (4, "timestamp low 24 bits"), (7, "fec_block"),
                      (9, "first ciphertext byte")):
        recv_case(f, f"MINI packet with {what} flipped", order + ["WZP-CRYPTO-053"], 0,
                  [key, s[0], flip(s[1], pos), s[1]], ["Tampered"])
    recv_case(f, "the FULL header re-encoded as MINI by a relay: the AAD differs",
              order + ["WZP-CRYPTO-053"], 0,
              [key, s[0], bytes([s[2][0] | 0x80]) + s[2][1:4] + s[2][5:10] + s[2][12:]]
              if s[2][0] & 0x80 == 0 else [key, s[0]], ["Tampered"])
    recv_case(f, "wrong key: every packet fails and nothing moves", order, 0,
              [("key", KEY_B)] + [s[i] for i in range(5)], ["WrongKey"])
    recv_case(f, "no key installed at all", order, 0, [s[0], s[1]], ["WrongKey"])
    recv_case(f, "a callee receiver (expects direction 1) gets the caller's own packets back "
              "(direction 0): reflected packets fail", order + ["WZP-CRYPTO-051"], 1,
              [key, s[0], s[1]], ["WrongKey"])
    callee = sealed(stream(0, 5, 30), KEY_A, 1)
    recv_case(f, "the callee's packets under the same key open with direction 1",
              order + ["WZP-CRYPTO-051"], 1, [key] + list(callee.values()))
    room = sealed(stream(0, 5, 30), KEY_A, 2)
    recv_case(f, "a room sender key's packets (direction 2)", order + ["WZP-CRYPTO-051"], 2,
              [key] + list(room.values()))
    recv_case(f, "room packets given to a 1:1 receiver (direction 0)",
              order + ["WZP-CRYPTO-051"], 0, [key] + list(room.values()), ["WrongKey"])
    recv_case(f, "too short for a tag: truncated, before authentication", order, 0,
              [key, s[0][:12 + 15], s[0][:12], s[0]])
    q = sealed(stream(0, 1, 0, q_every=1), KEY_A)[0]
    recv_case(f, "Q set, empty payload: 12 + 4 + 16 bytes open; one byte fewer is truncated",
              order, 0, [key, q[:-1], q])
    recv_case(f, "a TRUNK escape byte is not a media datagram", order, 0,
              [key, bytes([0x3C]) + bytes(40)])
    forged = flip(sealed(stream(2000, 1, 40), KEY_A)[2000], -1)
    recv_case(f, "a forged packet far ahead moves neither the window nor the timestamp "
              "reference", order + ["WZP-CRYPTO-060"], 0,
              [key, s[0], forged, s[1], s[2], s[3]], ["Forged"])
    far = sealed(stream(1500, 2, 40), KEY_A)
    recv_case(f, "a genuine packet 1500 ahead moves the window: older ones are too old",
              order + ["WZP-CRYPTO-060"], 0, [key, s[0], far[1500], s[1], far[1501], s[2]],
              ["Replay", "Loss"])
    w = sealed(stream(65530, 12, 24), KEY_C)
    seqw = [65530, 65531, 65533, 65532, 65536, 65535, 65534, 65537, 65536, 65540, 65538,
            65541, 65539, 65541]
    recv_case(f, "reordered and duplicated across the 16-bit wrap", order + ["WZP-CRYPTO-052"],
              0, [("key", KEY_C)] + [w[i] for i in seqw], ["Wrap", "Reorder", "Replay"])
    big = sealed(stream(0x1FFF0, 30, 24), KEY_C, 1)
    recv_case(f, "a stream starting past two wraps: the first FULL frame's seq is its index, "
              "then it extends", order + ["WZP-CRYPTO-052"], 1,
              [("key", KEY_C)] + [big[i] for i in range(0x1FFF0, 0x1FFF0 + 30)], ["Wrap"])
    for seed in range(1, 9):
        r = random.Random(seed)
        first = r.choice([0, 65000, 65500, 131000])
        ss = sealed(stream(first, 120, 32, q_every=11), KEY_A, seed % 3)
        seq = [first]
        for i in range(first + 1, first + 120):
            if r.random() < 0.2:
                continue
            seq.append(i)
            if r.random() < 0.1:
                seq.append(i)
        for _ in range(15):
            a, b = r.randrange(1, len(seq)), r.randrange(1, len(seq))
            seq[a], seq[b] = seq[b], seq[a]
        recv_case(f, f"random loss, duplication and reordering (seed {seed}, from {first})",
                  order + ["WZP-CRYPTO-052", "WZP-CRYPTO-060"], seed % 3,
                  [("key", KEY_A)] + [ss[i] for i in seq], ["Loss", "Reorder", "Replay"]
                  + ["Wrap"] * (first > 60000))
    rekey_cases(f)


def rekey_cases(f):
    frames = stream(0, 1100, 12)
    k1 = sealed({i: frames[i] for i in range(0, 10)}, KEY_A)
    k2 = sealed({i: frames[i] for i in range(5, 1100)}, KEY_B)
    reqs = ["WZP-CRYPTO-054", "WZP-CRYPTO-055"]
    recv_case(f, "rekey: old key up to 4, new from 5; a late old-key packet opens under the "
              "previous key", reqs, 0,
              [("key", KEY_A), k1[0], k1[1], k1[2], ("key", KEY_B), k2[5], k1[3], k1[4],
               k2[6], k1[4]], ["Rekey", "Reorder", "Replay"])
    recv_case(f, "rekey: an old-key packet at an index above the first new-key one is "
              "refused", reqs, 0,
              [("key", KEY_A), k1[0], ("key", KEY_B), k2[5], k1[7], k2[7]], ["Rekey"])
    recv_case(f, "rekey: new key installed before its first packet; old-key packets still "
              "open until the new key is used", reqs, 0,
              [("key", KEY_A), k1[0], ("key", KEY_B), k1[1], k1[2], k2[5], k1[3]], ["Rekey"])
    recv_case(f, "rekey: new-key packets reordered below the first one seen are tried under "
              "the new key first", reqs, 0,
              [("key", KEY_A), k1[0], ("key", KEY_B), k2[8], k2[6], k2[5], k2[7]],
              ["Rekey", "Reorder"])
    over = ["WZP-CRYPTO-056"] + reqs
    recv_case(f, "overlap: the previous key is kept while the window is 1023 past the first "
              "new index", over, 0,
              [("key", KEY_A), k1[0], ("key", KEY_B), k2[5], k2[1028]], ["Rekey", "Loss"])
    recv_case(f, "overlap: the previous key is wiped once the window is 1024 past the first "
              "new index", over, 0,
              [("key", KEY_A), k1[0], ("key", KEY_B), k2[5], k2[1029]], ["Rekey", "Loss"])
    recv_case(f, "overlap: a third key wipes the first", over, 0,
              [("key", KEY_A), k1[0], ("key", KEY_B), ("key", KEY_C), k1[1], k2[5]],
              ["Rekey", "WrongKey"])
    recv_case(f, "overlap: after the wipe, the key count stays one", over, 0,
              [("key", KEY_A), k1[0], ("key", KEY_B), k2[5], k2[1050], k2[1051]], ["Rekey"])


# ---- protect.replay.run ---------------------------------------------------

def replay_case(f, comment, seqs, flags=()):
    f.add(comment, ["WZP-CRYPTO-052", "WZP-CRYPTO-060"], {"seqs": seqs},
          lambda p: pm.run_replay(seqs), flags)


def replay_cases(f):
    replay_case(f, "first packet accepted (anti_replay first_packet_accepted)", [0],
                ["Verified"])
    replay_case(f, "duplicate refused (duplicate_rejected)", [100, 100], ["Verified", "Replay"])
    replay_case(f, "0..199 in order (sequential_accepted)", list(range(200)), ["Verified"])
    replay_case(f, "out of order within the window (out_of_order_within_window)",
                [100, 95, 98, 102, 99], ["Verified", "Reorder"])
    replay_case(f, "too old (old_packet_rejected)", [0, 2000, 0], ["Verified", "Replay"])
    replay_case(f, "wrap (wrapping_works)", [65530, 65535, 0, 1, 65535],
                ["Verified", "Wrap", "Replay"])
    replay_case(f, "boundary (within_window_boundary)", [1023, 0, 1024, 0],
                ["Verified", "Replay"])
    replay_case(f, "exactly 1023 behind is accepted, 1024 behind is not",
                [2000, 977, 976], ["Replay"])
    replay_case(f, "a jump of 1024 clears the window", [10, 11, 1035, 12, 11], ["Replay"])
    replay_case(f, "a jump of 1023 keeps the oldest", [10, 1033, 10, 11], ["Replay"])
    replay_case(f, "first packet at seq 65535: index 65535, then 0 is 65536",
                [65535, 0, 65534, 65535], ["Wrap", "Replay"])
    replay_case(f, "seq 32767 ahead extends forward, 32768 ahead backward",
                [0, 32767, 0, 65535], ["Replay"])
    replay_case(f, "from top 40000: 7232 is 32768 behind (too old), 7233 is 32767 ahead",
                [40000, 7232, 7233], ["Wrap", "Replay"])
    replay_case(f, "three wraps in steps of 30000", [0, 30000, 60000, 24464, 54464, 18928,
                                                     48928, 13392, 13391], ["Wrap"])
    replay_case(f, "late packets across the wrap", [65534, 2, 65535, 0, 1, 65533, 3, 0],
                ["Wrap", "Reorder", "Replay"])
    replay_case(f, "the whole window filled then replayed", list(range(1024))
                + list(range(0, 1024, 97)), ["Replay"])
    replay_case(f, "ring bits are cleared as the window slides",
                [0, 1, 2, 1025, 1026, 1, 2, 3], ["Replay"])
    for seed in range(1, 15):
        r = random.Random(100 + seed)
        pos, seqs = r.choice([0, 64000, 65500]), []
        for _ in range(150):
            pos += r.choice([1, 1, 1, 2, 3, -1, -5, 0, 40, -900, 1100, -1030])
            seqs.append(pos % 65536)
        replay_case(f, f"random walk {seed}", seqs, ["Wrap", "Reorder", "Replay"])


def due_cases(f):
    for n, note in ((0, ["Verified"]), (65535, ["Verified"]), (65536, ["Verified"]),
                    (100000, ["Verified"]), (1, []), (131072, []), (2**62, [])):
        f.add(f"{n} packets under one key", ["WZP-CRYPTO-072"], {"packets": n},
              lambda p, n=n: {"due": n >= pm.REKEY_INTERVAL}, note)


# ---- rekey ----------------------------------------------------------------

SID = bytes.fromhex("20dda32a")


def rekey_sign_cases(f):
    for seed, secret, sid in ((0xAA, 0x42, SID), (0xBB, 0x77, SID), (0xAA, 0x42, bytes(4)),
                              (0x55, 0x01, bytes.fromhex("ffffffff"))):
        args = {"identity_seed": bytes([seed] * 32).hex(),
                "new_ephemeral_secret": bytes([secret] * 32).hex(), "session_id": sid.hex()}
        f.add(f"identity [{seed:#x}], new secret [{secret:#x}], session id {sid.hex()}",
              ["WZP-CRYPTO-070"], args,
              lambda p, a=args: pm.rekey_sign(bytes.fromhex(a["identity_seed"]),
                                               bytes.fromhex(a["new_ephemeral_secret"]),
                                               bytes.fromhex(a["session_id"])))


def rekey_accept_args(peer_seed=0xBB, peer_secret=0x77, own=0x42, sid=SID, current=0xDD,
                      signed_sid=None, pub=None):
    pub = pub if pub is not None else cm.x25519_public(bytes([peer_secret] * 32))
    m = cm.sign_message(bytes([peer_seed] * 32), pub, pm.rekey_message(signed_sid or sid))
    return {"peer_identity_pub": m["identity_pub"], "new_ephemeral_pub": m["ephemeral_pub"],
            "signature": m["signature"], "session_id": sid.hex(),
            "current_key": bytes([current] * 32).hex(), "own_new_secret": bytes([own] * 32).hex()}


def rekey_accept_cases(f):
    def add(comment, args, flags=()):
        f.add(comment, ["WZP-CRYPTO-070", "WZP-CRYPTO-071"], args,
              lambda p, a=args: pm.rekey_accept(a, p), flags)
    add("upstream's rekey inputs: old key [0xDD], secrets [0x42] and [0x77]",
        rekey_accept_args(), ["Verified"])
    add("the other side derives the same key", rekey_accept_args(0xAA, 0x42, 0x77))
    add("another current key", rekey_accept_args(current=0x01))
    bad = rekey_accept_args()
    add("signature over another session id: replayed from another session",
        rekey_accept_args(signed_sid=bytes(4)), ["Replay"])
    add("signature bit flipped", {**bad, "signature": flip(bytes.fromhex(bad["signature"]),
                                                           5).hex()}, ["Tampered"])
    add("new_ephemeral_pub changed after signing", {**bad, "new_ephemeral_pub": flip(
        bytes.fromhex(bad["new_ephemeral_pub"]), 0).hex()}, ["Tampered"])
    add("signed by another identity", {**bad, "peer_identity_pub": rekey_accept_args(
        peer_seed=0xCC)["peer_identity_pub"]}, ["WrongKey"])
    add("a 31-byte key", {**bad, "new_ephemeral_pub": bad["new_ephemeral_pub"][:62]})
    add("a 63-byte signature", {**bad, "signature": bad["signature"][:126]})
    add("a low-order new key (all zero), signed: weak_key in wzp/1",
        rekey_accept_args(pub=bytes(32)))
    add("a low-order new key (order 8), signed", rekey_accept_args(
        pub=cm.ORDER8_Y_1.to_bytes(32, "little")))


# ---- room keys ------------------------------------------------------------

FP_A, FP_B = bytes(range(16)), bytes(range(16, 32))


def room_args(role=0, gen=1, sender_key=KEY_C, pair=KEY_B, sfp=FP_A, rfp=FP_B, nxt=70000):
    return {"pair_key": pair.hex(), "sender_role": role, "generation": gen,
            "sender_fp": sfp.hex(), "recipient_fp": rfp.hex(), "sender_key": sender_key.hex(),
            "next_index": nxt}


def room_seal_cases(f):
    for role in (0, 1):
        for gen in (0, 1, 2, 0xFFFFFFFF):
            a = room_args(role, gen, nxt=gen // 3)
            f.add(f"sender role {role}, generation {gen}", ["WZP-CRYPTO-080"], a,
                  lambda p, a=a: pm.room_key_seal(a))
    a = room_args(sender_key=bytes(32), pair=KEY_A)
    f.add("an all-zero sender key under another pair key", ["WZP-CRYPTO-080"], a,
          lambda p: pm.room_key_seal(a))


def room_open_cases(f):
    def add(comment, args, flags=()):
        f.add(comment, ["WZP-CRYPTO-080", "WZP-CRYPTO-081"], args,
              lambda p, a=args: pm.room_key_open(a), flags)

    def msg(**kw):
        a = room_args(**kw)
        return {k: v for k, v in a.items()
                if k not in ("generation", "sender_key", "next_index")}, \
            pm.room_key_seal(a)["message"]

    base, m = msg()
    add("opens: generation 1", {**base, "message": m})
    add("opens with last generation 0", {**base, "message": m, "last_generation": 0})
    add("generation 1 after 1: a replayed key message", {**base, "message": m,
                                                          "last_generation": 1}, ["Replay"])
    add("generation 1 after 5: stale", {**base, "message": m, "last_generation": 5},
        ["Replay"])
    for pos in (0, 3, 4, 20, 36, 55):
        add(f"byte {pos} flipped", {**base, "message": flip(bytes.fromhex(m), pos).hex()},
            ["Tampered"])
    add("wrong pair key", {**base, "message": m, "pair_key": KEY_A.hex()}, ["WrongKey"])
    add("wrong sender role (the sender's message reflected back)",
        {**base, "message": m, "sender_role": 1}, ["WrongKey"])
    add("sent to another recipient", {**base, "message": m, "recipient_fp": FP_A.hex()},
        ["WrongKey"])
    add("claims another sender", {**base, "message": m, "sender_fp": FP_B.hex()}, ["WrongKey"])
    add("55 bytes", {**base, "message": m[:-2]})
    add("57 bytes", {**base, "message": m + "00"})
    add("empty", {**base, "message": ""})
    b2, m2 = msg(role=1, gen=7)
    add("sender role 1, generation 7, after 6", {**b2, "message": m2, "last_generation": 6})


def files():
    return build_files(GEN, NOTES, [
        ("crypto/media_seal.json", "Media AEAD: sealing", "protect.media.seal",
         "Seal the framed datagram `frame` with `key`, `direction` and packet `index`.",
         seal_cases),
        ("crypto/media_receive.json", "Media AEAD: one receiver", "protect.media.receive",
         "One receiver for a sender with `direction` runs `steps`: install a key, or open a "
         "datagram.", receive_cases),
        ("crypto/replay_window.json", "Packet index and anti-replay window",
         "protect.replay.run", "Extend each seq to a packet index and check the window, "
         "every packet taken as authentic.", replay_cases),
        ("crypto/rekey_due.json", "Rekey interval", "protect.rekey.due",
         "Is a rekey due after `packets` under one key?", due_cases),
        ("crypto/rekey_sign.json", "Rekey signal: signing", "protect.rekey.sign",
         "The Rekey fields for a new ephemeral secret.", rekey_sign_cases),
        ("crypto/rekey_accept.json", "Rekey signal: checking and deriving",
         "protect.rekey.accept", "Check the peer's Rekey and derive the new key.",
         rekey_accept_cases),
        ("crypto/room_key_seal.json", "Room sender keys: sealing", "protect.room_key.seal",
         "Seal a sender key for one member.", room_seal_cases),
        ("crypto/room_key_open.json", "Room sender keys: opening", "protect.room_key.open",
         "Open a sender key message from one member.", room_open_cases),
    ])


