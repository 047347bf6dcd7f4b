/* room.h: the client as a room member (spec/05-crypto.md 5.7,
 * spec/10-client.md 10.4): member_keys.h (ref/relay/client, shared with
 * wzp-relay-client) runs RoomUpdate, the pairwise handshakes and the
 * RoomKeys; this file keys the media engine with what they give and
 * adds each member's volume and dump.
 *
 * Contract: the shell feeds room->keys (member_keys_on_update,
 * _on_signal, _tick) and sends the texts it is handed. The struct holds
 * secrets; room_free wipes it.
 */
#ifndef WZP_CLIENT_ROOM_H
#define WZP_CLIENT_ROOM_H

#include "client_args.h"
#include "media.h"
#include "member_keys.h"

typedef void (*room_signal_fn)(void *user, const char *text, size_t len);

struct client_room {
	const struct client_opts *opts;
	struct client_media *media;
	room_signal_fn send;
	void *user;
	struct member_keys keys;
};

void room_init(struct client_room *r, const struct client_opts *opts,
	       const struct wzp_identity *id, struct client_media *media, room_signal_fn send,
	       void *user);
void room_free(struct client_room *r);

#endif
