/* room_member.h: what one member of a room does about keys when the
 * room's membership changes (spec/05-crypto.md 5.7, spec/10-client.md
 * 10.4): whom it runs a pairwise handshake with and in which role, when
 * it draws a new sender key, to whom it owes a room key message, and
 * which received room key messages it accepts.
 *
 *   RoomUpdate (participants in join order)
 *     -> wzp_room_member_update: peers that joined get a slot and a role
 *        (the later joiner is the caller), peers that left are wiped;
 *        any change means a new sender key is due
 *   pairwise handshake done -> wzp_room_member_paired
 *   new sender key drawn    -> wzp_room_member_rotate (generation + 1)
 *   for each slot where wzp_room_member_owes_key
 *                           -> wzp_room_member_seal_key, then send it
 *   RoomKey from a peer     -> wzp_room_member_open_key, then install
 *
 * Contract: pure, no allocation, no randomness (the caller draws sender
 * keys). The struct holds secrets (pairwise keys, the sender key): wipe it
 * with wzp_room_member_wipe. Errors change nothing.
 */
#ifndef WZP_ROOM_MEMBER_H
#define WZP_ROOM_MEMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/fingerprint.h"
#include "wzp/media_aead.h"
#include "wzp/room_keys.h"

#define WZP_ROOM_PEERS_MAX 63

struct wzp_room_peer {
	bool present;
	bool paired;  /* pair_key holds the pairwise session key */
	uint8_t fp[WZP_FINGERPRINT_SIZE];
	uint8_t role; /* our side of the pairwise handshake: WZP_DIR_CALLER or _CALLEE */
	uint8_t pair_key[WZP_MEDIA_KEY_SIZE]; /* secret */
	bool has_gen;
	uint32_t last_gen; /* the last generation accepted from this peer */
	bool sent;         /* our current generation was sealed for this peer */
};

struct wzp_room_member {
	uint8_t fp[WZP_FINGERPRINT_SIZE];
	bool joined;     /* our own fingerprint appeared in an update */
	bool keyed;      /* a sender key was drawn */
	bool rotate_due; /* membership changed since the last rotate */
	uint32_t generation;
	uint8_t sender_key[WZP_MEDIA_KEY_SIZE]; /* secret */
	struct wzp_room_peer peers[WZP_ROOM_PEERS_MAX];
};

/* What an update changed: slots that joined (with their role set) and
 * slots that left (already wiped; a left slot can be reused later). */
struct wzp_room_change {
	size_t n_joined, n_left;
	size_t joined[WZP_ROOM_PEERS_MAX];
	size_t left[WZP_ROOM_PEERS_MAX];
};

void wzp_room_member_init(struct wzp_room_member *m, const uint8_t fp[WZP_FINGERPRINT_SIZE]);
void wzp_room_member_wipe(struct wzp_room_member *m);

/* The room's participants in join order (n fingerprints, ourselves among
 * them). WZP_ERR_BAD_PARAM when we are not in the list or a fingerprint
 * repeats; WZP_ERR_TOO_LARGE for more than WZP_ROOM_PEERS_MAX others. */
enum wzp_err wzp_room_member_update(struct wzp_room_member *m,
				    const uint8_t (*fps)[WZP_FINGERPRINT_SIZE], size_t n,
				    struct wzp_room_change *out);

/* The slot of a present peer, or -1. */
int wzp_room_member_find(const struct wzp_room_member *m, const uint8_t fp[WZP_FINGERPRINT_SIZE]);

/* The pairwise handshake with slot finished with pair_key (again, when the
 * handshake was repeated: the peer is then owed our key again). BAD_PARAM
 * for a slot that is not present. */
enum wzp_err wzp_room_member_paired(struct wzp_room_member *m, size_t slot,
				    const uint8_t pair_key[WZP_MEDIA_KEY_SIZE]);

/* Takes key as our new sender key: generation 0 the first time, then the
 * next one; every present peer is owed it again. */
void wzp_room_member_rotate(struct wzp_room_member *m, const uint8_t key[WZP_MEDIA_KEY_SIZE]);

/* True when slot is present, paired, and has not been sent the current key. */
bool wzp_room_member_owes_key(const struct wzp_room_member *m, size_t slot);

/* The room key message for slot, announcing next_index (the sender's next
 * packet index); marks it sent. BAD_PARAM unless slot is owed a key. */
enum wzp_err wzp_room_member_seal_key(struct wzp_room_member *m, size_t slot,
				      uint32_t next_index, uint8_t msg[WZP_ROOM_KEY_MSG_SIZE]);

/* A room key message from slot: the errors of wzp_room_key_open
 * (WZP-CRYPTO-081) and BAD_PARAM when slot is not present and paired. On
 * success key and *next_index are the peer's to install. */
enum wzp_err wzp_room_member_open_key(struct wzp_room_member *m, size_t slot,
				      const uint8_t *msg, size_t len,
				      uint8_t key[WZP_MEDIA_KEY_SIZE], uint32_t *next_index);

#endif
