/* relay_join.c: a room connection's way in (spec/08-relay.md 8.2,
 * WZP-RELAY-021..-031): AuthToken, CallOffer and CallAnswer, the checks,
 * the join, and the RoomUpdate that every join and leave sends. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay_int.h"
#include "wzp/profile.h"
#include "wzp/trace.h"

static void on_join_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct relay_peer *p = w->data;

	(void)loop;
	(void)revents;
	relay_refuse(p, RELAY_CLOSE_JOIN_TIMEOUT); /* WZP-RELAY-030 */
}

void relay_join_start(struct relay_peer *p)
{
	struct relay *r = p->relay;

	p->state = WZP_SITE("WZP-RELAY-022", r->auth != NULL) ? PEER_WAIT_TOKEN : PEER_WAIT_OFFER;
	ev_timer_init(&p->join_timer, on_join_timeout, (double)r->set.join_timeout_ms / 1000., 0.);
	p->join_timer.data = p;
	ev_timer_start(r->set.loop, &p->join_timer);
}

void relay_join_forget(struct relay_peer *p)
{
	if (p->state == PEER_PROBE)
		return;
	ev_timer_stop(p->relay->set.loop, &p->join_timer);
	if (p->auth_req != NULL)
		relay_auth_cancel(p->relay->auth, p->auth_req);
	p->auth_req = NULL;
	free(p->pending_offer);
	p->pending_offer = NULL;
	free(p->calls);
	p->calls = NULL;
	p->call_cap = 0;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = (*(const struct relay_peer *const *)a)->id;
	uint32_t y = (*(const struct relay_peer *const *)b)->id;

	return (x > y) - (x < y);
}

/* The room's members in join order into m[]; their number. */
static size_t members(const struct relay_room *room,
		      struct relay_peer *m[WZP_RELAY_ROOM_MAX])
{
	size_t n = 0;

	for (struct relay_peer *p = room->members;
	     WZP_SITE("WZP-RELAY-026", p != NULL) && n < WZP_RELAY_ROOM_MAX; p = p->room_next)
		m[n++] = p;
	qsort(m, n, sizeof m[0], by_id);
	return n;
}

static json_t *participant(const struct relay_peer *p)
{
	char hex[WZP_FINGERPRINT_HEX_LEN + 1];

	wzp_fingerprint_hex(hex, p->who.fingerprint);
	return json_pack("{s:s, s:o, s:n}", "fingerprint", hex, "alias",
			 p->who.alias[0] != '\0' ? json_string(p->who.alias) : json_null(),
			 "relay_label");
}

/* WZP-RELAY-026: the member list, to every member (wzp/1 rooms). */
void relay_room_update(const struct relay_room *room)
{
	struct relay_peer *m[WZP_RELAY_ROOM_MAX];
	size_t n = members(room, m), len = 0;
	json_t *list = json_array();
	char *text;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, participant(m[i]));
	text = wzp_signal_text(json_pack("{s:{s:I, s:o}}", "RoomUpdate", "count", (json_int_t)n,
					 "participants", list),
			       room->profile, &len);
	for (size_t i = 0; i < n; i++)
		relay_send(m[i], text, len);
	free(text);
}

static struct relay_room *room_get(struct relay *r, const char *key, enum wzp_profile profile)
{
	struct relay_room *room;

	for (room = r->rooms; room != NULL; room = room->next)
		if (WZP_SITE("WZP-RELAY-010",
			     room->profile == profile && strcmp(room->key, key) == 0))
			return room;
	if ((room = calloc(1, sizeof *room)) == NULL)
		return NULL;
	memcpy(room->key, key, RELAY_ROOM_KEY_MAX);
	room->profile = profile;
	wzp_relay_room_init(&room->core);
	room->next = r->rooms;
	r->rooms = room;
	return room;
}

static size_t joined_total(const struct relay *r)
{
	size_t n = 0;

	for (const struct relay_room *room = r->rooms; room != NULL; room = room->next)
		n += room->core.count;
	return n;
}

static int fingerprint_in_room(struct relay *r, const struct relay_peer *p)
{
	for (const struct relay_peer *q = r->peers; q != NULL; q = q->next)
		if (q->state == PEER_JOINED && q->profile == p->profile &&
		    strcmp(q->room->key, p->room_key) == 0 &&
		    memcmp(q->who.fingerprint, p->who.fingerprint, WZP_FINGERPRINT_SIZE) == 0)
			return 1;
	return 0;
}

/* The checks after a verified offer (D-0061, WZP-RELAY-029, -031, -032):
 * 0, or the close code. A valid token counts as an auth success here,
 * once its fingerprint is known to match. */
static uint64_t check(struct relay *r, const struct relay_peer *p)
{
	if (p->authed && p->profile == WZP_PROFILE_V1 &&
	    memcmp(p->auth.fingerprint, p->who.fingerprint, WZP_FINGERPRINT_SIZE) != 0) {
		r->stats.auth_fail++;
		return RELAY_CLOSE_AUTH_FAILED;
	}
	if (p->authed)
		r->stats.auth_ok++;
	if (r->set.acl != NULL && !relay_acl_allows(r->set.acl, p->room_key, p->who.fingerprint))
		return RELAY_CLOSE_NOT_ALLOWED;
	if (fingerprint_in_room(r, p))
		return RELAY_CLOSE_ALREADY_JOINED;
	if (joined_total(r) >= r->set.max_sessions)
		return RELAY_CLOSE_RELAY_FULL;
	return 0;
}

/* The CallAnswer, then the member is in and everyone hears of it. */
static void join(struct relay *r, struct relay_peer *p, const char *answer, size_t len)
{
	char hex[WZP_FINGERPRINT_HEX_LEN + 1];

	p->room = room_get(r, p->room_key, p->profile);
	if (p->room == NULL || wzp_relay_room_join(&p->room->core, &p->id) != WZP_OK) {
		if (p->room != NULL)
			relay_room_drop_if_empty(r, p->room);
		p->room = NULL;
		relay_refuse(p, RELAY_CLOSE_ROOM_FULL);
		return;
	}
	p->state = PEER_JOINED;
	p->room_next = p->room->members;
	p->room->members = p;
	ev_timer_stop(r->set.loop, &p->join_timer);
	r->stats.joins++;
	wzp_fingerprint_hex(hex, p->who.fingerprint);
	printf("join room=%s profile=%s member=%u fingerprint=%s\n", p->room_key,
	       wzp_profile_name(p->profile), (unsigned)p->id, hex);
	relay_send(p, answer, len);
	relay_room_update(p->room);
}

static void hs_observe(struct relay_stats *s, double seconds)
{
	s->hs_count++;
	s->hs_sum += seconds;
	for (size_t i = 0; i < RELAY_HS_BUCKETS; i++)
		if (seconds <= relay_hs_bounds[i])
			s->hs_le[i]++;
}

/* WZP-RELAY-024: the relay-hop handshake, then the checks and the join. */
static void offer(struct relay_peer *p, const json_t *fields)
{
	struct relay *r = p->relay;
	uint8_t eph[WZP_KEY_SIZE];
	double t0 = ev_time();
	char *answer = NULL;
	size_t len = 0;
	uint64_t code;
	enum wzp_err err;

	randombytes_buf(eph, sizeof eph);
	err = hop_accept(&answer, &len, &p->who, r->set.identity, eph, fields, p->profile);
	sodium_memzero(eph, sizeof eph);
	if (WZP_SITE("WZP-RELAY-024", err != WZP_OK)) {
		printf("handshake error=%s\n", wzp_err_name(err));
		relay_refuse(p, RELAY_CLOSE_HANDSHAKE);
		return;
	}
	hs_observe(&r->stats, ev_time() - t0);
	if (p->who.alias[0] == '\0' && p->authed)
		memcpy(p->who.alias, p->auth.alias, sizeof p->who.alias);
	if ((code = check(r, p)) != 0)
		relay_refuse(p, code);
	else
		join(r, p, answer, len);
	free(answer);
}

static void offer_text(struct relay_peer *p, const char *text, size_t len)
{
	struct wzp_signal s = { 0 };

	if (wzp_signal_parse(&s, text, len, p->profile) == WZP_OK)
		offer(p, wzp_signal_fields(&s));
	wzp_signal_clear(&s);
}

/* WZP-RELAY-022, -023: the auth server's verdict. */
static void on_auth(void *user, enum relay_auth_verdict v, const struct relay_auth_result *res)
{
	struct relay_peer *p = user;
	struct relay *r = p->relay;
	char *pending = p->pending_offer;

	p->auth_req = NULL;
	printf("auth result=%s\n", relay_auth_verdict_name(v));
	if (v != RELAY_AUTH_OK) {
		r->stats.auth_fail++;
		relay_refuse(p, v == RELAY_AUTH_FAIL ? RELAY_CLOSE_AUTH_FAILED
						     : RELAY_CLOSE_AUTH_UNAVAILABLE);
		return;
	}
	p->auth = *res;
	p->authed = 1;
	p->state = PEER_WAIT_OFFER;
	if (pending != NULL) {
		p->pending_offer = NULL;
		offer_text(p, pending, p->pending_len);
		free(pending);
	}
}

static void token(struct relay_peer *p, const json_t *fields)
{
	const char *t = json_string_value(json_object_get(fields, "token"));

	p->state = PEER_AUTHING;
	p->auth_req = relay_auth_start(p->relay->auth, t, p->profile, on_auth, p);
	if (p->auth_req == NULL) {
		p->relay->stats.auth_fail++;
		relay_refuse(p, RELAY_CLOSE_AUTH_UNAVAILABLE);
	}
}

/* A CallOffer that came while the token was with the auth server. */
static void keep_offer(struct relay_peer *p, const uint8_t *body, size_t len)
{
	if (p->pending_offer != NULL || (p->pending_offer = malloc(len)) == NULL) {
		relay_refuse(p, RELAY_CLOSE_PROTOCOL);
		return;
	}
	memcpy(p->pending_offer, body, len);
	p->pending_len = len;
}

/* WZP-RELAY-021: the order of 8.2; anything else closes with 0x109. */
void relay_join_message(struct relay_peer *p, const struct wzp_signal *s, const uint8_t *body,
			size_t len)
{
	const char *v = wzp_signal_variant_name(s->variant);
	int is_token = strcmp(v, "AuthToken") == 0, is_offer = strcmp(v, "CallOffer") == 0;

	if (p->state == PEER_WAIT_TOKEN && is_token)
		token(p, wzp_signal_fields(s));
	else if (p->state == PEER_AUTHING && is_offer)
		keep_offer(p, body, len);
	else if (p->state == PEER_WAIT_OFFER && is_offer)
		offer(p, wzp_signal_fields(s));
	else if (p->state == PEER_WAIT_OFFER && is_token)
		printf("ignored variant=AuthToken reason=no_auth\n");
	else if (WZP_SITE("WZP-RELAY-021", p->state != PEER_CLOSING))
		relay_refuse(p, RELAY_CLOSE_PROTOCOL);
}
