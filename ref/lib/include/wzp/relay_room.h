/* relay_room.h: the relay's pure forwarding core (spec/08-relay.md,
 * WZP-RELAY-001..-005): who is in a room, where each datagram goes, and
 * what each participant sent and received. No I/O, no clock, no keys:
 * the relay reads the first byte of a datagram to classify it and nothing
 * else, and forwards the bytes unchanged. The netsim simulator and the
 * real relay both drive it.
 *
 * Members get ids 1, 2, 3, ... never reused within a room. Errors change
 * nothing except the sender's drop counter. Zero-initialise or call
 * wzp_relay_room_init.
 */
#ifndef WZP_RELAY_ROOM_H
#define WZP_RELAY_ROOM_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

#define WZP_RELAY_ROOM_MAX 64

struct wzp_relay_member {
	uint32_t id; /* 0: a free slot */
	uint64_t rx_packets, rx_bytes; /* datagrams received from this member */
	uint64_t tx_packets, tx_bytes; /* datagrams forwarded to this member */
	uint64_t signals_in, signals_out;
	uint64_t dropped; /* this member's datagrams that were refused */
};

struct wzp_relay_room {
	struct wzp_relay_member members[WZP_RELAY_ROOM_MAX];
	size_t count;
	uint32_t last_id;
};

void wzp_relay_room_init(struct wzp_relay_room *r);
/* WZP_ERR_TOO_LARGE when the room is full. */
enum wzp_err wzp_relay_room_join(struct wzp_relay_room *r, uint32_t *id);
/* WZP_ERR_BAD_PARAM for an id not in the room. */
enum wzp_err wzp_relay_room_leave(struct wzp_relay_room *r, uint32_t id);
const struct wzp_relay_member *wzp_relay_room_member(const struct wzp_relay_room *r,
						     uint32_t id);

/* Where a media datagram from `from` goes: every other member, in join
 * order, written to to[] (room for WZP_RELAY_ROOM_MAX). WZP_ERR_BAD_PARAM
 * for a sender not in the room; the errors of wzp_frame_kind_of, and
 * WZP_ERR_UNKNOWN_FRAME_TYPE for a TRUNK frame from a client. */
enum wzp_err wzp_relay_room_fanout(struct wzp_relay_room *r, uint32_t from, const uint8_t *dgram,
				   size_t len, uint32_t *to, size_t *n);

/* A signal from one member addressed to another (an offer, an answer, a
 * room key message): WZP_ERR_BAD_PARAM unless both are members and
 * distinct. The relay does not read it. */
enum wzp_err wzp_relay_room_direct(struct wzp_relay_room *r, uint32_t from, uint32_t to);

#endif
