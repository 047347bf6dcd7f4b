/* room.h: the client as a room member (spec/05-crypto.md 5.7,
 * spec/10-client.md 10.4): it follows RoomUpdate, runs the pairwise
 * handshakes, and keys the media engine.
 *
 *   room mode:  every pair of members handshakes (the later joiner
 *               calls); each member seals under its own sender key
 *               (direction 2), new at every membership change, sent to
 *               every member in a RoomKey under the pair's key
 *   one-to-one: the client pairs with the one other member; the pair's
 *               key is the media key, the caller seals with direction 0
 *               and the callee with 1
 *
 * Signals the relay may reorder are tolerated: an offer is sent again
 * after ROOM_RETRY_MS without an answer, and a RoomKey that arrives
 * before its pair is done is kept and opened once it is.
 *
 * Contract: the shell gives time (ms) and sends the texts it is handed;
 * randomness comes from libsodium's CSPRNG. The struct holds secrets;
 * room_free wipes it. Bad or unexpected signals are counted and dropped.
 */
#ifndef WZP_CLIENT_ROOM_H
#define WZP_CLIENT_ROOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client_args.h"
#include "media.h"
#include "pair.h"
#include "wzp/room_member.h"
#include "wzp/signal.h"

#define ROOM_RETRY_MS 1000

typedef void (*room_signal_fn)(void *user, const char *text, size_t len);

struct room_pending {
	bool calling;                 /* our offer is out, no answer yet */
	uint64_t sent_ms;
	uint8_t eph[WZP_KEY_SIZE];    /* secret */
	char call_id[PAIR_CALL_ID_LEN + 1];
	bool has_key_msg;             /* a RoomKey that came before the pair was done */
	uint8_t key_msg[WZP_ROOM_KEY_MSG_SIZE];
};

struct client_room {
	const struct client_opts *opts;
	const struct wzp_identity *id;
	struct client_media *media;
	room_signal_fn send;
	void *user;
	struct wzp_room_member member;
	struct room_pending pend[WZP_ROOM_PEERS_MAX];
	uint64_t now_ms;
	uint32_t bad_signals; /* dropped: malformed, unexpected, or failing a check */
	uint32_t paired;      /* pairwise handshakes completed */
};

void room_init(struct client_room *r, const struct client_opts *opts,
	       const struct wzp_identity *id, struct client_media *media, room_signal_fn send,
	       void *user);
void room_free(struct client_room *r);

/* A RoomUpdate: the members' fingerprints in join order, us among them. */
void room_on_update(struct client_room *r, const uint8_t (*fps)[WZP_FINGERPRINT_SIZE], size_t n,
		    uint64_t now_ms);
/* A member signal (DirectCallOffer, DirectCallAnswer, RoomKey); others
 * are ignored. */
void room_on_signal(struct client_room *r, const struct wzp_signal *s, uint64_t now_ms);
/* Periodic work: offers sent again after ROOM_RETRY_MS. */
void room_tick(struct client_room *r, uint64_t now_ms);
/* Members present (others than us). */
uint32_t room_members(const struct client_room *r);
/* True when some member can open what we send now: one was sent our
 * current sender key (a room) or is paired with us (--one-to-one). */
bool room_heard(const struct client_room *r);

#endif
