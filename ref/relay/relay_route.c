/* relay_route.c: member signals routed unread (spec/08-relay.md 8.2,
 * WZP-RELAY-027, -028; spec/05-crypto.md 5.7). The relay reads only the
 * routing fields; the bytes go on exactly as they came. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay_int.h"
#include "wzp/trace.h"

/* A fingerprint field equal to the sender's own? */
static int is_sender(const struct relay_peer *p, const json_t *fields, const char *name)
{
	const json_t *f = json_object_get(fields, name);
	uint8_t fp[WZP_FINGERPRINT_SIZE];

	return wzp_fingerprint_parse(fp, json_string_value(f), json_string_length(f),
				     p->profile) == WZP_OK &&
	       memcmp(fp, p->who.fingerprint, sizeof fp) == 0;
}

/* The other member of p's room named by a fingerprint field, or NULL. */
static struct relay_peer *named(struct relay_peer *p, const json_t *fields, const char *name)
{
	const json_t *f = json_object_get(fields, name);
	uint8_t fp[WZP_FINGERPRINT_SIZE];

	if (wzp_fingerprint_parse(fp, json_string_value(f), json_string_length(f), p->profile) !=
	    WZP_OK)
		return NULL;
	for (struct relay_peer *q = p->room->members; q != NULL; q = q->room_next)
		if (q != p && q->state == PEER_JOINED &&
		    memcmp(q->who.fingerprint, fp, sizeof fp) == 0)
			return q;
	return NULL;
}

/* The member of p's room whose DirectCallOffer with call_id p received;
 * the entry is forgotten. */
static struct relay_peer *caller_of(struct relay_peer *p, const char *call_id)
{
	for (size_t i = 0; i < p->call_cap; i++) {
		struct relay_call *c = &p->calls[i];

		if (c->caller != 0 && strcmp(c->call_id, call_id) == 0) {
			struct relay_peer *q = relay_member(p->room, c->caller);

			c->caller = 0;
			return q;
		}
	}
	return NULL;
}

/* Room for the entry at next_call: the memory grows with the offers a
 * member receives (two in a 3-party room), doubling up to RELAY_CALL_IDS;
 * -1 when out of memory. */
static int make_room(struct relay_peer *target)
{
	size_t cap = target->call_cap ? 2 * target->call_cap : RELAY_CALLS_FIRST;
	struct relay_call *calls;

	if (target->next_call < target->call_cap)
		return 0;
	if (cap > RELAY_CALL_IDS)
		cap = RELAY_CALL_IDS;
	if ((calls = realloc(target->calls, cap * sizeof *calls)) == NULL)
		return -1;
	memset(calls + target->call_cap, 0, (cap - target->call_cap) * sizeof *calls);
	target->calls = calls;
	target->call_cap = cap;
	return 0;
}

/* The latest RELAY_CALL_IDS are kept: the oldest entry is overwritten. */
static int remember(struct relay_peer *target, const char *call_id, uint32_t caller)
{
	struct relay_call *c;

	if (make_room(target) != 0)
		return -1;
	c = &target->calls[target->next_call];
	target->next_call = (target->next_call + 1) % RELAY_CALL_IDS;
	strcpy(c->call_id, call_id);
	c->caller = caller;
	return 0;
}

/* The destination of a member signal, or NULL to drop it. */
static struct relay_peer *destination(struct relay_peer *p, const char *v, const json_t *fields)
{
	const char *call_id = json_string_value(json_object_get(fields, "call_id"));
	struct relay_peer *to;

	if (strcmp(v, "RoomKey") == 0)
		return is_sender(p, fields, "sender_fingerprint")
			       ? named(p, fields, "recipient_fingerprint")
			       : NULL;
	if (strlen(call_id) >= RELAY_CALL_ID_MAX)
		return NULL;
	if (WZP_SITE("WZP-RELAY-027", strcmp(v, "DirectCallAnswer") == 0))
		return caller_of(p, call_id);
	if (WZP_SITE("WZP-RELAY-028", !is_sender(p, fields, "caller_fingerprint")) ||
	    (to = named(p, fields, "target_fingerprint")) == NULL ||
	    remember(to, call_id, p->id) != 0)
		return NULL;
	return to;
}

int relay_route(struct relay_peer *p, const struct wzp_signal *s, const uint8_t *body,
		size_t len)
{
	const char *v = wzp_signal_variant_name(s->variant);
	struct relay_stats *st = &p->relay->stats;
	struct relay_peer *to;

	if (strcmp(v, "DirectCallOffer") != 0 && strcmp(v, "DirectCallAnswer") != 0 &&
	    strcmp(v, "RoomKey") != 0)
		return 0;
	to = destination(p, v, wzp_signal_fields(s));
	if (to == NULL || wzp_relay_room_direct(&p->room->core, p->id, to->id) != WZP_OK) {
		st->route_dropped++;
		printf("route-drop variant=%s member=%u\n", v, (unsigned)p->id);
		return 1;
	}
	if (wzp_quic_send_message(to->conn, body, len) == WZP_QUIC_OK)
		st->routed++;
	printf("route variant=%s from=%u to=%u\n", v, (unsigned)p->id, (unsigned)to->id);
	return 1;
}
