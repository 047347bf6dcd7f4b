/* relay_int.h: the relay's insides, shared by relay.c (connections,
 * datagrams, dispatch), relay_join.c (the steps of 8.2 up to the join,
 * RoomUpdate) and relay_route.c (member signals). Not an API. */
#ifndef WZP_RELAY_INT_H
#define WZP_RELAY_INT_H

#include "hop.h"
#include "relay.h"
#include "relay_auth.h"
#include "relay_sni.h"
#include "wzp/relay_room.h"
#include "wzp/signal.h"

#define RELAY_CALL_IDS 64     /* call_ids remembered per member (WZP-RELAY-027) */
#define RELAY_CALL_ID_MAX 128 /* longer call_ids are not routed */
#define RELAY_CALLS_FIRST 4   /* entries of a member's first call_id memory */

struct relay_room {
	char key[RELAY_ROOM_KEY_MAX];
	enum wzp_profile profile;
	struct wzp_relay_room core;
	struct relay_peer *members; /* joined, through room_next; a datagram's fan-out asks
				       only these, not every connection */
	struct relay_room *next;
};

enum peer_state {
	PEER_WAIT_TOKEN,  /* auth required: the first message must be an AuthToken */
	PEER_AUTHING,     /* the token is with the auth server */
	PEER_WAIT_OFFER,  /* the next message must be a CallOffer */
	PEER_JOINED,
	PEER_PROBE,
	PEER_CLOSING,     /* refused: everything it still sends is ignored */
};

/* A DirectCallOffer this member received: its call_id and who sent it. */
struct relay_call {
	char call_id[RELAY_CALL_ID_MAX];
	uint32_t caller; /* member id; 0: a free entry */
};

struct relay_peer {
	struct relay *relay;
	struct wzp_quic_conn *conn;
	enum wzp_profile profile;
	enum peer_state state;
	char room_key[RELAY_ROOM_KEY_MAX];
	struct relay_room *room; /* set when joined */
	uint32_t id;             /* member id in room */
	struct relay_peer *room_next;
	struct hop_member who;   /* fingerprint and alias, from the offer */
	int authed;              /* the auth server vouched for auth.fingerprint */
	struct relay_auth_result auth;
	struct relay_auth_req *auth_req; /* pending */
	char *pending_offer;     /* a CallOffer that came while authing */
	size_t pending_len;
	ev_timer join_timer;
	struct relay_call *calls; /* call_cap entries, grown up to RELAY_CALL_IDS; NULL at first */
	size_t call_cap, next_call;
	struct relay_peer *next;
};

struct relay {
	struct relay_settings set;
	struct relay_auth *auth; /* NULL without auth */
	struct relay_room *rooms;
	struct relay_peer *peers;
	struct relay_stats stats;
	int freeing; /* relay_free: the connections are gone, send nothing */
};

/* relay.c */
void relay_refuse(struct relay_peer *p, uint64_t code);
/* The joined member id of room, or NULL. */
struct relay_peer *relay_member(const struct relay_room *room, uint32_t id);
void relay_send(struct relay_peer *p, const char *text, size_t len);
void relay_room_drop_if_empty(struct relay *r, struct relay_room *room);

/* relay_join.c: a room connection's steps before the join (WZP-RELAY-021..
 * -031) and what every join and leave sends. */
void relay_join_start(struct relay_peer *p);
void relay_join_message(struct relay_peer *p, const struct wzp_signal *s, const uint8_t *body,
			size_t len);
void relay_join_forget(struct relay_peer *p);
void relay_room_update(const struct relay_room *room);

/* relay_route.c: a joined member's DirectCallOffer, DirectCallAnswer and
 * RoomKey (WZP-RELAY-027, -028); 1 if s was one of them. */
int relay_route(struct relay_peer *p, const struct wzp_signal *s, const uint8_t *body,
		size_t len);

#endif
