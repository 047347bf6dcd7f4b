/* room_keys.h: a room member's sender key, sent to each other member
 * under their pairwise handshake key (spec/05-crypto.md 5.7,
 * WZP-CRYPTO-080..-082).
 *
 * Every member seals its own media under a random 32-byte sender key
 * (direction WZP_DIR_ROOM), new at every join or leave, numbered by a
 * generation that only grows. It sends the key, with the index of the
 * first packet it seals under it, to each member as a 56-byte message:
 *
 *   generation (BE32) || ChaCha20-Poly1305(wrap key, nonce,
 *                         sender key || next index (BE32)) || tag
 *   wrap key = HKDF-SHA256(no salt, pairwise session key, "wzp-room-key", 32)
 *   nonce    = 00 00 00 00 || generation (BE32) || sender role || 00 00 00
 *   AAD      = sender fingerprint (16) || recipient fingerprint (16)
 *
 * where the sender role is WZP_DIR_CALLER or WZP_DIR_CALLEE: the sender's
 * side of that pairwise handshake. The relay forwards the message and
 * cannot open it. Outputs are written only on success; temporaries wiped.
 */
#ifndef WZP_ROOM_KEYS_H
#define WZP_ROOM_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/fingerprint.h"
#include "wzp/media_aead.h"

#define WZP_ROOM_KEY_MSG_SIZE (4 + WZP_MEDIA_KEY_SIZE + 4 + WZP_MEDIA_TAG_SIZE)

void wzp_room_key_seal(uint8_t out[WZP_ROOM_KEY_MSG_SIZE],
		       const uint8_t pair_key[WZP_MEDIA_KEY_SIZE], uint8_t sender_role,
		       uint32_t generation, const uint8_t sender_fp[WZP_FINGERPRINT_SIZE],
		       const uint8_t recipient_fp[WZP_FINGERPRINT_SIZE],
		       const uint8_t sender_key[WZP_MEDIA_KEY_SIZE], uint32_t next_index);

/* WZP_ERR_BAD_LENGTH unless len is 56; WZP_ERR_AUTH_FAILED when it does
 * not authenticate; WZP_ERR_REPLAY when last_generation is not NULL and
 * the generation is not above it. */
enum wzp_err wzp_room_key_open(uint8_t sender_key[WZP_MEDIA_KEY_SIZE], uint32_t *generation,
			       uint32_t *next_index,
			       const uint8_t pair_key[WZP_MEDIA_KEY_SIZE], uint8_t sender_role,
			       const uint8_t sender_fp[WZP_FINGERPRINT_SIZE],
			       const uint8_t recipient_fp[WZP_FINGERPRINT_SIZE], const uint8_t *msg,
			       size_t len, const uint32_t *last_generation);

#endif
