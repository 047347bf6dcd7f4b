/* media_aead.h: end-to-end media protection of one wzp/1 datagram
 * (spec/05-crypto.md 5.4-5.6, WZP-CRYPTO-050..-059).
 *
 * A datagram is a FULL or MINI frame (compact.h): header bytes, then the
 * body (payload, and the QualityReport iff Q). Sealing keeps the header
 * bytes in the clear as associated data and replaces the body by
 * ChaCha20-Poly1305 (IETF) ciphertext and its 16-byte tag:
 *
 *   sealed = header bytes as sent || ChaCha20(body) || tag
 *   nonce  = session_id (4) || packet index (BE32) || direction || 00 00 00
 *
 * where session_id = SHA-256(key)[0..4] and the packet index is the
 * sender's packet counter, whose low 16 bits are the header's seq
 * (replay.h). The relay sees the header, never the payload or the report.
 *
 * A receiver holds at most two keys per sender (the current one and,
 * during a rekey's overlap, the previous one) and opens in this order:
 * decode the frame (no state changes), check the length, recover the
 * index, check the anti-replay window, authenticate under the current key
 * and, for an index below the first one accepted under it, the previous
 * key; only then move the window, the timestamp reference and the key
 * phase. Every failure is counted and changes nothing else.
 *
 * struct wzp_media_key and struct wzp_media_receiver hold secrets: wipe
 * them with the _wipe functions. Nothing allocates; opened payloads
 * borrow the caller's plaintext buffer. upstream-aa09275 carries media
 * in the clear (wzp_media_is_protected is false): callers must show
 * wzp_media_plaintext_warning wherever that profile is used.
 */
#ifndef WZP_MEDIA_AEAD_H
#define WZP_MEDIA_AEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/compact.h"
#include "wzp/error.h"
#include "wzp/profile.h"
#include "wzp/replay.h"

#define WZP_MEDIA_KEY_SIZE 32
#define WZP_MEDIA_TAG_SIZE 16
#define WZP_MEDIA_NONCE_SIZE 12

/* The nonce's direction byte: who sealed the packet under this key. */
enum wzp_direction {
	WZP_DIR_CALLER = 0, /* 1:1, the side that sent the CallOffer */
	WZP_DIR_CALLEE = 1, /* 1:1, the side that sent the CallAnswer */
	WZP_DIR_ROOM = 2,   /* a room member's own sender key */
};

struct wzp_media_key {
	uint8_t key[WZP_MEDIA_KEY_SIZE]; /* secret */
	uint8_t session_id[4];
};

void wzp_media_key_init(struct wzp_media_key *k, const uint8_t key[WZP_MEDIA_KEY_SIZE]);
void wzp_media_key_wipe(struct wzp_media_key *k);
void wzp_media_nonce(uint8_t nonce[WZP_MEDIA_NONCE_SIZE], const uint8_t session_id[4],
		     uint32_t index, uint8_t direction);

/* True for wzp/1; false for upstream-aa09275, which sends media in the
 * clear exactly as upstream does (interop tests only). */
bool wzp_media_is_protected(enum wzp_profile profile);
/* NULL for wzp/1; for upstream-aa09275 the warning to show loudly. */
const char *wzp_media_plaintext_warning(enum wzp_profile profile);

/* Seals one framed datagram (FULL or MINI, len bytes). The frame's seq
 * MUST be the low 16 bits of index (WZP_ERR_BAD_PARAM otherwise, and for
 * a TRUNK or unclassifiable frame); out needs len + 16 bytes
 * (WZP_ERR_NO_MEMORY). */
enum wzp_err wzp_media_seal(uint8_t *out, size_t cap, size_t *written,
			    const struct wzp_media_key *k, uint8_t direction, uint32_t index,
			    const uint8_t *frame, size_t len);

/* A sender: its key, direction, next index and FULL/MINI choice. */
struct wzp_media_sender {
	struct wzp_media_key key;
	uint8_t direction;
	uint32_t next_index;
	uint32_t sealed_under_key; /* for wzp_rekey_due */
	struct wzp_compact_sender framing;
};

void wzp_media_sender_init(struct wzp_media_sender *s, const uint8_t key[WZP_MEDIA_KEY_SIZE],
			   uint8_t direction);
/* Switches to a new key (after a rekey); the index goes on, and the next
 * frame is FULL so that a member that just joined gets a reference. */
void wzp_media_sender_rekey(struct wzp_media_sender *s, const uint8_t key[WZP_MEDIA_KEY_SIZE]);
/* Frames and seals p with seq = the next index's low 16 bits. */
enum wzp_err wzp_media_send(struct wzp_media_sender *s, uint8_t *out, size_t cap,
			    size_t *written, const struct wzp_media_packet *p);
void wzp_media_sender_wipe(struct wzp_media_sender *s);

struct wzp_rx_key {
	bool held;
	bool used;            /* a packet was accepted under it */
	uint32_t first_index; /* the first index accepted under it */
	struct wzp_media_key k;
};

struct wzp_media_counters {
	uint64_t accepted, auth_failed, replayed, malformed;
};

struct wzp_media_receiver {
	uint8_t direction; /* the sender's */
	struct wzp_rx_key current, previous;
	struct wzp_replay_window window;
	struct wzp_ts_reference ts_ref;
	struct wzp_media_counters counters;
};

void wzp_media_receiver_init(struct wzp_media_receiver *rx, uint8_t sender_direction);
/* The sender's new key becomes current; the current one becomes previous
 * and any older previous key is wiped. */
void wzp_media_receiver_install(struct wzp_media_receiver *rx,
				const uint8_t key[WZP_MEDIA_KEY_SIZE]);
/* A member that joins a room learns the sender's next index from its room
 * key message: before anything was accepted, indices are read against it. */
void wzp_media_receiver_expect(struct wzp_media_receiver *rx, uint32_t next_index);
void wzp_media_receiver_wipe(struct wzp_media_receiver *rx);

struct wzp_media_opened {
	struct wzp_media_packet packet; /* payload borrows the plaintext buffer */
	uint32_t index;
	bool previous_key; /* opened under the previous key */
};

/* Opens one sealed datagram into plain (cap >= len - 25 suffices). */
enum wzp_err wzp_media_open(struct wzp_media_receiver *rx, struct wzp_media_opened *out,
			    uint8_t *plain, size_t cap, const uint8_t *dgram, size_t len);

#endif
