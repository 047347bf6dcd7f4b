/* member_keys.h: what a room member does about keys on the signal
 * channel (spec/05-crypto.md 5.7, spec/10-client.md 10.4), for
 * wzp-client and for wzp-relay-client's --room-keys: it follows
 * RoomUpdate, runs the pairwise handshakes and sends and opens RoomKeys.
 *
 *   room mode:  every pair of members handshakes (the later joiner
 *               calls); each member seals under its own sender key
 *               (direction 2), new at every membership change, sent to
 *               every member in a RoomKey under the pair's key
 *   one-to-one: the member pairs with the one other member; the pair's
 *               key is the media key, the caller seals with direction 0
 *               and the callee with 1
 *
 * Signals the relay may reorder are tolerated: an offer is sent again
 * after MEMBER_KEYS_RETRY_MS without an answer, and a RoomKey that
 * arrives before its pair is done is kept and opened once it is.
 *
 * Contract: the caller gives time (ms) and its events (struct
 * member_keys_events): the texts to send, the keys to seal and open
 * media with. Randomness comes from libsodium's CSPRNG. The struct holds
 * secrets; member_keys_free wipes it. Bad or unexpected signals are
 * counted (bad_signals) and dropped.
 */
#ifndef WZP_RELAY_CLIENT_MEMBER_KEYS_H
#define WZP_RELAY_CLIENT_MEMBER_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pair.h"
#include "relay_session.h"
#include "wzp/room_member.h"
#include "wzp/signal.h"

#define MEMBER_KEYS_RETRY_MS 1000

/* What the member's owner does; user is member_keys_init's. Slots are
 * room_member.h's. */
struct member_keys_events {
	/* A signal text to send to the relay (it is freed after the call). */
	void (*send_signal)(void *user, const char *text, size_t len);
	/* A member joined (hex: its fingerprint) or left the room. */
	void (*joined)(void *user, size_t slot, const char *hex);
	void (*left)(void *user, size_t slot);
	/* Our media key: a new sender key (direction WZP_DIR_ROOM) or, one
	 * to one, the pair's key with our role as direction. */
	void (*own_key)(void *user, const uint8_t key[WZP_MEDIA_KEY_SIZE], uint8_t direction);
	/* A member's media key and the direction it seals with; with
	 * expect_index, the next index it announced (rooms). An error
	 * counts the RoomKey as a bad signal. */
	enum wzp_err (*peer_key)(void *user, size_t slot, const uint8_t key[WZP_MEDIA_KEY_SIZE],
				 uint8_t direction, bool expect_index, uint32_t next_index);
	/* The index of our next media packet (0 before we seal any). */
	uint32_t (*next_index)(void *user);
	/* The pairwise handshake with slot finished (may be NULL). */
	void (*paired)(void *user, size_t slot);
};

struct member_pending {
	bool calling;                 /* our offer is out, no answer yet */
	uint64_t sent_ms;
	uint8_t eph[WZP_KEY_SIZE];    /* secret */
	char call_id[PAIR_CALL_ID_LEN + 1];
	bool has_key_msg;             /* a RoomKey that came before the pair was done */
	uint8_t key_msg[WZP_ROOM_KEY_MSG_SIZE];
};

struct member_keys {
	const struct wzp_identity *id;
	bool one_to_one;
	struct member_keys_events ev;
	void *user;
	struct wzp_room_member member;
	struct member_pending pend[WZP_ROOM_PEERS_MAX];
	uint64_t now_ms;
	uint32_t bad_signals; /* dropped: malformed, unexpected, or failing a check */
};

void member_keys_init(struct member_keys *k, const struct wzp_identity *id, bool one_to_one,
		      const struct member_keys_events *ev, void *user);
void member_keys_free(struct member_keys *k);

/* A RoomUpdate: the members' fingerprints in join order, us among them. */
void member_keys_on_update(struct member_keys *k, const uint8_t (*fps)[WZP_FINGERPRINT_SIZE],
			   size_t n, uint64_t now_ms);
/* The same from relay_session's room_update event (false when out of
 * memory: the update is then ignored). */
bool member_keys_on_room(struct member_keys *k, const struct relay_session_member *m, size_t n,
			 uint64_t now_ms);
/* A member signal (DirectCallOffer, DirectCallAnswer, RoomKey); others
 * are ignored. */
void member_keys_on_signal(struct member_keys *k, const struct wzp_signal *s, uint64_t now_ms);
/* Periodic work: offers sent again after MEMBER_KEYS_RETRY_MS. */
void member_keys_tick(struct member_keys *k, uint64_t now_ms);
/* Members present (others than us). */
uint32_t member_keys_members(const struct member_keys *k);
/* True when some member can open what we send now: one was sent our
 * current sender key (a room) or is paired with us (one to one). */
bool member_keys_heard(const struct member_keys *k);

#endif
