/* relay.h: the running relay's rooms and connections (spec/08-relay.md).
 *
 * relay_events() are the wzp_quic_events a server is opened with, with the
 * relay as their user pointer. After the handshake a connection's SNI
 * (relay_sni.h) and ALPN profile pick what it is:
 *  - a room member: it joins the room keyed by (profile, room key), made
 *    on first join and freed when the last member leaves. Each media
 *    datagram it sends goes unchanged to the room's other members
 *    (relay_room.h decides, from the first byte only); one that the core
 *    refuses is counted and dropped, and the connection stays.
 *  - a probe ("probe"): no room; it may only send signals.
 *  - anything else: closed with RELAY_CLOSE_BAD_NAME or
 *    RELAY_CLOSE_NOT_SERVED.
 * Signal messages from any connection are parsed for its profile; a Ping
 * is answered with a Pong carrying the same timestamp_ms, other valid
 * messages are counted and ignored, invalid ones (bad JSON, unknown
 * variant, bad fields) are counted and dropped, the connection kept.
 *
 * Each event is one line on stdout (`join`, `probe`, `refused`, `leave`,
 * `drop`, `signal`, `bad-signal`), flushed at once.
 *
 * Contract: relay_new() returns NULL when out of memory. relay_close_all()
 * sends CONNECTION_CLOSE (code 0, "relay shutting down") to every
 * connection; relay_free() forgets whatever is left (call it after the
 * server is freed) and frees the relay.
 */
#ifndef WZP_RELAY_H
#define WZP_RELAY_H

#include <stddef.h>
#include <stdint.h>

#include "quic_conn.h"

/* Application error codes of the relay's CONNECTION_CLOSE (WZP-RELAY-012). */
#define RELAY_CLOSE_NORMAL 0x0     /* "normal close", "relay shutting down" */
#define RELAY_CLOSE_BAD_NAME 0x101 /* "unknown server name" */
#define RELAY_CLOSE_NOT_SERVED 0x102 /* "not served": a reserved name not yet served */
#define RELAY_CLOSE_ROOM_FULL 0x103 /* "room full" */

struct relay;

struct relay_stats {
	uint64_t connections;  /* handshakes completed */
	uint64_t forwarded;    /* datagrams sent on to members */
	uint64_t forwarded_bytes; /* their bytes (whole datagrams) */
	uint64_t dropped;      /* datagrams refused */
	uint64_t signals;      /* valid signal messages received */
	uint64_t bad_signals;  /* invalid signal messages received */
	uint64_t pongs;        /* Pongs sent */
};

struct relay *relay_new(void);
void relay_free(struct relay *r);
struct wzp_quic_events relay_events(void);
void relay_close_all(struct relay *r);
/* Connections past their handshake and not yet closed; rooms with members. */
size_t relay_peer_count(const struct relay *r);
size_t relay_room_count(const struct relay *r);
const struct relay_stats *relay_stats(const struct relay *r);

#endif
