/* relay.h: the running relay's rooms and connections (spec/08-relay.md
 * 8.1, 8.2).
 *
 * relay_events() are the wzp_quic_events a server is opened with, with the
 * relay as their user pointer. After the QUIC handshake a connection's
 * SNI (relay_sni.h) and ALPN profile pick what it is:
 *  - a room connection: it joins the room keyed by (profile, room key)
 *    after the steps of 8.2: an AuthToken validated over HTTP when
 *    settings.auth_url is set (relay_auth.h), then a CallOffer answered
 *    with a CallAnswer under the relay's identity (hop.h), then the
 *    checks (auth fingerprint, ACL, already joined, session limit, room
 *    size). Joined, its media datagrams go unchanged to the room's other
 *    members (relay_room.h decides, from the first byte only), member
 *    signals are routed unread (relay_route.c), and every join and leave
 *    sends the room a RoomUpdate (wzp/1 rooms).
 *  - a probe ("probe"): no room; it may only send signals.
 *  - anything else: closed with RELAY_CLOSE_BAD_NAME or _NOT_SERVED.
 * Invalid inputs (datagrams, signal messages, member signals) are counted
 * and dropped; only the steps of 8.2 close a connection, with the codes
 * below. A Ping is answered with a Pong at any time.
 *
 * Each event is one line on stdout, `word key=value ...` (`join`,
 * `probe`, `refused`, `leave`, `drop`, `signal`, `bad-signal`, `auth`,
 * `route`, `route-drop`), flushed at once.
 *
 * Contract: relay_new() copies the settings (the identity and ACL it
 * points to must outlive the relay) and returns NULL when out of memory
 * or when the auth client cannot be set up. relay_close_all() sends
 * CONNECTION_CLOSE (code 0, "relay shutting down") to every connection;
 * relay_free() forgets whatever is left (call it after the server is
 * freed) and frees the relay.
 */
#ifndef WZP_RELAY_H
#define WZP_RELAY_H

#include <ev.h>
#include <stddef.h>
#include <stdint.h>

#include "quic_conn.h"
#include "relay_acl.h"
#include "wzp/identity.h"

/* Application error codes of the relay's CONNECTION_CLOSE (8.2's table). */
#define RELAY_CLOSE_NORMAL 0x0       /* "normal close", "relay shutting down" */
#define RELAY_CLOSE_BAD_NAME 0x101   /* "unknown server name" */
#define RELAY_CLOSE_NOT_SERVED 0x102 /* "not served": a reserved name not yet served */
#define RELAY_CLOSE_ROOM_FULL 0x103  /* "room full" */
#define RELAY_CLOSE_AUTH_FAILED 0x104
#define RELAY_CLOSE_NOT_ALLOWED 0x105
#define RELAY_CLOSE_RELAY_FULL 0x106
#define RELAY_CLOSE_HANDSHAKE 0x107
#define RELAY_CLOSE_JOIN_TIMEOUT 0x108
#define RELAY_CLOSE_PROTOCOL 0x109
#define RELAY_CLOSE_AUTH_UNAVAILABLE 0x10a
#define RELAY_CLOSE_ALREADY_JOINED 0x10b
#define RELAY_CLOSE_FIRST RELAY_CLOSE_BAD_NAME
#define RELAY_CLOSE_LAST RELAY_CLOSE_ALREADY_JOINED

#define RELAY_JOIN_TIMEOUT_MS 10000
#define RELAY_MAX_SESSIONS 100 /* upstream's fixed limit */
#define RELAY_HS_BUCKETS 10    /* upstream's histogram buckets */

struct relay_settings {
	struct ev_loop *loop;
	const struct wzp_identity *identity; /* the relay's, for the CallAnswer */
	const char *auth_url;                /* NULL: no auth */
	uint64_t auth_timeout_ms;            /* 0: RELAY_AUTH_TIMEOUT_MS */
	uint64_t join_timeout_ms;            /* 0: RELAY_JOIN_TIMEOUT_MS */
	unsigned max_sessions;               /* 0: RELAY_MAX_SESSIONS */
	const struct relay_acl *acl;         /* NULL: no ACL */
};

struct relay_stats {
	uint64_t connections;     /* handshakes completed */
	uint64_t joins;           /* members admitted to a room */
	uint64_t forwarded;       /* datagrams sent on to members */
	uint64_t forwarded_bytes; /* their bytes (whole datagrams) */
	uint64_t dropped;         /* datagrams refused */
	uint64_t signals;         /* valid signal messages received */
	uint64_t bad_signals;     /* invalid signal messages received */
	uint64_t pongs;           /* Pongs sent */
	uint64_t routed;          /* member signals forwarded */
	uint64_t route_dropped;   /* member signals refused */
	uint64_t auth_ok, auth_fail;
	uint64_t refused[RELAY_CLOSE_LAST - RELAY_CLOSE_FIRST + 1]; /* by close code */
	uint64_t hs_count;        /* relay-hop handshakes answered */
	double hs_sum;            /* their durations, seconds */
	uint64_t hs_le[RELAY_HS_BUCKETS]; /* cumulative: at most relay_hs_bounds[i] */
};

extern const double relay_hs_bounds[RELAY_HS_BUCKETS];

struct relay;

struct relay *relay_new(const struct relay_settings *settings);
void relay_free(struct relay *r);
struct wzp_quic_events relay_events(void);
void relay_close_all(struct relay *r);
/* Connections past their handshake and not yet closed; rooms with members. */
size_t relay_peer_count(const struct relay *r);
size_t relay_room_count(const struct relay *r);
const struct relay_stats *relay_stats(const struct relay *r);
/* The reason sent with a close code of 8.2's table ("" for another code). */
const char *relay_close_reason(uint64_t code);

#endif
