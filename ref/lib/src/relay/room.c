/* room.c: spec/08-relay.md, the relay's forwarding core
 * (WZP-RELAY-001..-005). */
#include <string.h>

#include "wzp/compact.h"
#include "wzp/relay_room.h"
#include "wzp/trace.h"

void wzp_relay_room_init(struct wzp_relay_room *r)
{
	memset(r, 0, sizeof *r);
}

static struct wzp_relay_member *find(struct wzp_relay_room *r, uint32_t id)
{
	for (size_t i = 0; id != 0 && i < WZP_RELAY_ROOM_MAX; i++)
		if (r->members[i].id == id)
			return &r->members[i];
	return NULL;
}

const struct wzp_relay_member *wzp_relay_room_member(const struct wzp_relay_room *r,
						     uint32_t id)
{
	return find((struct wzp_relay_room *)r, id);
}

/* WZP-RELAY-001: ids 1, 2, 3, ... never reused; members kept in join
 * order (a leave closes the gap). */
enum wzp_err wzp_relay_room_join(struct wzp_relay_room *r, uint32_t *id)
{
	WZP_REJECT("WZP-RELAY-001", r->count >= WZP_RELAY_ROOM_MAX, WZP_ERR_TOO_LARGE);
	memset(&r->members[r->count], 0, sizeof r->members[0]);
	r->members[r->count].id = WZP_VALUE("WZP-RELAY-001", r->last_id + 1);
	r->last_id = r->members[r->count].id;
	*id = r->last_id;
	r->count++;
	return WZP_OK;
}

enum wzp_err wzp_relay_room_leave(struct wzp_relay_room *r, uint32_t id)
{
	struct wzp_relay_member *m = find(r, id);
	size_t i;

	WZP_REJECT("WZP-RELAY-001", m == NULL, WZP_ERR_BAD_PARAM);
	i = (size_t)(m - r->members);
	memmove(m, m + 1, (r->count - i - 1) * sizeof *m);
	r->count--;
	memset(&r->members[r->count], 0, sizeof *m);
	return WZP_OK;
}

/* WZP-RELAY-003: only the first byte is read. */
static enum wzp_err classify(const uint8_t *dgram, size_t len)
{
	enum wzp_frame_kind kind;
	enum wzp_err err = wzp_frame_kind_of(dgram, len, &kind);

	if (err != WZP_OK)
		return err;
	WZP_REJECT("WZP-RELAY-003", kind == WZP_FRAME_TRUNK, WZP_ERR_UNKNOWN_FRAME_TYPE);
	return WZP_OK;
}

/* WZP-RELAY-002, -004: every other member, never the sender; counters. */
enum wzp_err wzp_relay_room_fanout(struct wzp_relay_room *r, uint32_t from, const uint8_t *dgram,
				   size_t len, uint32_t *to, size_t *n)
{
	struct wzp_relay_member *src = find(r, from);
	enum wzp_err err;
	size_t k = 0;

	WZP_REJECT("WZP-RELAY-002", src == NULL, WZP_ERR_BAD_PARAM);
	err = classify(dgram, len);
	if (err != WZP_OK) {
		src->dropped++;
		return err;
	}
	src->rx_packets++;
	src->rx_bytes += WZP_VALUE("WZP-RELAY-004", len);
	for (size_t i = 0; i < r->count; i++) {
		struct wzp_relay_member *m = &r->members[i];

		if (WZP_VALUE("WZP-RELAY-002", m == src))
			continue;
		m->tx_packets++;
		m->tx_bytes += len;
		to[k++] = m->id;
	}
	*n = k;
	return WZP_OK;
}

/* WZP-RELAY-005: signals between members travel unread, to one member. */
enum wzp_err wzp_relay_room_direct(struct wzp_relay_room *r, uint32_t from, uint32_t to)
{
	struct wzp_relay_member *src = find(r, from), *dst = find(r, to);

	WZP_REJECT("WZP-RELAY-005", src == NULL || dst == NULL || src == dst, WZP_ERR_BAD_PARAM);
	src->signals_in++;
	dst->signals_out++;
	return WZP_OK;
}
