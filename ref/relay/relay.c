/* relay.c: connections, datagrams and signal dispatch of the running relay
 * (relay.h; spec/08-relay.md 8.1, 8.4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay_int.h"
#include "wzp/profile.h"
#include "wzp/trace.h"

const double relay_hs_bounds[RELAY_HS_BUCKETS] = {
	0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
};

static const char *const reasons[] = {
	"unknown server name", "not served", "room full", "auth failed", "not allowed",
	"relay full", "handshake failed", "join timeout", "protocol", "auth unavailable",
	"already joined",
};

const char *relay_close_reason(uint64_t code)
{
	if (code < RELAY_CLOSE_FIRST || code > RELAY_CLOSE_LAST)
		return "";
	return reasons[code - RELAY_CLOSE_FIRST];
}

struct relay *relay_new(const struct relay_settings *settings)
{
	struct relay *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	r->set = *settings;
	if (r->set.join_timeout_ms == 0)
		r->set.join_timeout_ms = RELAY_JOIN_TIMEOUT_MS;
	if (r->set.max_sessions == 0)
		r->set.max_sessions = RELAY_MAX_SESSIONS;
	if (r->set.auth_timeout_ms == 0)
		r->set.auth_timeout_ms = RELAY_AUTH_TIMEOUT_MS;
	if (r->set.auth_url != NULL &&
	    (r->auth = relay_auth_new(r->set.loop, r->set.auth_url, r->set.auth_timeout_ms)) ==
		    NULL) {
		free(r);
		return NULL;
	}
	return r;
}

/* The peer a connection was given at its handshake, or NULL. */
static struct relay_peer *peer_of(const struct wzp_quic_conn *c)
{
	return wzp_quic_conn_data(c);
}

struct relay_peer *relay_member(const struct relay_room *room, uint32_t id)
{
	for (struct relay_peer *p = room->members; p != NULL; p = p->room_next)
		if (p->id == id)
			return p;
	return NULL;
}

/* Closes with a code of 8.2's table, counted by code (WZP-RELAY-035), once. */
void relay_refuse(struct relay_peer *p, uint64_t code)
{
	const char *why = relay_close_reason(code);

	if (p->state == PEER_CLOSING)
		return; /* refused once already */
	printf("refused sni=\"%s\" code=0x%llx reason=\"%s\"\n", wzp_quic_sni(p->conn),
	       (unsigned long long)code, why);
	p->relay->stats.refused[code - RELAY_CLOSE_FIRST]++;
	p->state = PEER_CLOSING;
	wzp_quic_close(p->conn, code, why);
}

void relay_send(struct relay_peer *p, const char *text, size_t len)
{
	if (text != NULL)
		wzp_quic_send_message(p->conn, (const uint8_t *)text, len);
}

/* WZP-RELAY-010..-012: the SNI picks a room, a probe, or a refusal; 0 to
 * keep the connection. */
static int admit(struct relay_peer *p)
{
	const char *sni = wzp_quic_sni(p->conn);
	enum relay_sni_kind kind = relay_sni_classify(sni, p->room_key);

	if (kind == RELAY_SNI_PROBE) {
		printf("probe profile=%s\n", wzp_profile_name(p->profile));
		p->state = PEER_PROBE;
		return 0;
	}
	if (WZP_SITE("WZP-RELAY-012", kind != RELAY_SNI_ROOM)) {
		relay_refuse(p, kind == RELAY_SNI_INVALID ? RELAY_CLOSE_BAD_NAME
							  : RELAY_CLOSE_NOT_SERVED);
		return -1;
	}
	return 0;
}

static void on_handshake(struct wzp_quic_conn *c, void *user)
{
	struct relay *r = user;
	struct relay_peer *p = calloc(1, sizeof *p);
	const char *alpn = wzp_quic_alpn(c);

	if (p == NULL) {
		wzp_quic_close(c, RELAY_CLOSE_NORMAL, "out of memory");
		return;
	}
	p->relay = r;
	p->conn = c;
	/* The server accepted only the ALPN ids of known profiles. */
	if (wzp_profile_from_alpn((const uint8_t *)alpn, strlen(alpn), &p->profile) != WZP_OK ||
	    admit(p) != 0) {
		free(p);
		return;
	}
	r->stats.connections++;
	p->next = r->peers;
	r->peers = p;
	wzp_quic_set_conn_data(c, p);
	if (p->state != PEER_PROBE)
		relay_join_start(p);
}

static void forward(struct relay *r, struct relay_peer *p, const uint8_t *data, size_t len)
{
	uint32_t to[WZP_RELAY_ROOM_MAX];
	size_t n = 0;
	enum wzp_err err = wzp_relay_room_fanout(&p->room->core, p->id, data, len, to, &n);

	if (WZP_SITE("WZP-RELAY-013", err != WZP_OK)) {
		r->stats.dropped++;
		printf("drop room=%s member=%u len=%zu error=%s\n", p->room->key, (unsigned)p->id,
		       len, wzp_err_name(err));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct relay_peer *dst = relay_member(p->room, to[i]);

		if (dst != NULL && wzp_quic_send_datagram(dst->conn, data, len) == WZP_QUIC_OK) {
			r->stats.forwarded++;
			r->stats.forwarded_bytes += len;
		}
	}
}

/* WZP-RELAY-002, -003, -013, WZP-TRANS-004: opaque bytes to the others,
 * refusals counted and dropped;
 * nothing before the join (WZP-RELAY-021). */
static void on_datagram(struct wzp_quic_conn *c, const uint8_t *data, size_t len, void *user)
{
	struct relay *r = user;
	struct relay_peer *p = peer_of(c);

	if (p != NULL && p->state == PEER_JOINED) {
		forward(r, p, data, len);
		return;
	}
	if (WZP_SITE("WZP-TRANS-004", 1))
		r->stats.dropped++;
	printf("drop room=- member=0 len=%zu error=not_joined\n", len);
}

/* WZP-RELAY-016: Pong{timestamp_ms} with the Ping's value, unchanged. */
static void pong(struct relay_peer *p, const struct wzp_signal *ping)
{
	json_t *ts = json_object_get(wzp_signal_fields(ping), "timestamp_ms");
	size_t len = 0;
	char *text = wzp_signal_text(json_pack("{s:{s:O}}", "Pong", "timestamp_ms", ts),
				     p->profile, &len);

	if (text != NULL &&
	    wzp_quic_send_message(p->conn, (const uint8_t *)text, len) == WZP_QUIC_OK)
		p->relay->stats.pongs++;
	free(text);
}

/* WZP-RELAY-033: a Hangup ends the member's connection normally. */
static void joined_message(struct relay_peer *p, const struct wzp_signal *s,
			   const uint8_t *body, size_t len)
{
	if (relay_route(p, s, body, len))
		return;
	if (WZP_SITE("WZP-RELAY-033", strcmp(wzp_signal_variant_name(s->variant), "Hangup") == 0))
		wzp_quic_close(p->conn, RELAY_CLOSE_NORMAL, "normal close");
}

/* WZP-RELAY-015, -016: signals are checked, then handled by state. */
static void on_message(struct wzp_quic_conn *c, const uint8_t *body, size_t len, void *user)
{
	struct relay *r = user;
	struct relay_peer *p = peer_of(c);
	struct wzp_signal s = { 0 };
	enum wzp_err err;
	const char *variant;

	if (p == NULL)
		return;
	err = wzp_signal_parse(&s, (const char *)body, len, p->profile);
	if (err != WZP_OK) {
		if (WZP_SITE("WZP-RELAY-015", 1))
			r->stats.bad_signals++;
		printf("bad-signal member=%u len=%zu error=%s\n", (unsigned)p->id, len,
		       wzp_err_name(err));
		return;
	}
	r->stats.signals++;
	variant = wzp_signal_variant_name(s.variant);
	printf("signal member=%u variant=%s\n", (unsigned)p->id, variant);
	if (WZP_SITE("WZP-RELAY-016", strcmp(variant, "Ping") == 0))
		pong(p, &s);
	else if (p->state == PEER_JOINED)
		joined_message(p, &s, body, len);
	else if (p->state != PEER_PROBE)
		relay_join_message(p, &s, body, len);
	wzp_signal_clear(&s);
}

/* WZP-RELAY-014: a room is freed when its last member leaves. */
void relay_room_drop_if_empty(struct relay *r, struct relay_room *room)
{
	struct relay_room **pp = &r->rooms;

	if (room->core.count != 0)
		return;
	while (*pp != room)
		pp = &(*pp)->next;
	*pp = room->next;
	free(room);
}

static void leave_members(struct relay_peer *p)
{
	struct relay_peer **pp = &p->room->members;

	while (*pp != p)
		pp = &(*pp)->room_next;
	*pp = p->room_next;
}

static void forget(struct relay *r, struct relay_peer *p)
{
	struct relay_peer **pp = &r->peers;

	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	relay_join_forget(p);
	if (WZP_SITE("WZP-RELAY-014", p->room != NULL)) {
		leave_members(p);
		wzp_relay_room_leave(&p->room->core, p->id);
		if (p->room->core.count != 0 && !r->freeing)
			relay_room_update(p->room);
		relay_room_drop_if_empty(r, p->room);
	}
	free(p);
}

/* WZP-RELAY-014: a closed connection leaves its room at once. */
static void on_closed(struct wzp_quic_conn *c, const struct wzp_quic_end *end, void *user)
{
	struct relay *r = user;
	struct relay_peer *p = peer_of(c);

	if (p == NULL)
		return;
	printf("leave room=%s member=%u end=%d code=0x%llx\n", p->room ? p->room->key : "-",
	       (unsigned)p->id, (int)end->kind, (unsigned long long)end->code);
	forget(r, p);
}

/* WZP-RELAY-015, -036: an oversize or cut-short message is counted too. */
static void on_bad_message(struct wzp_quic_conn *c, enum wzp_quic_bad why, void *user)
{
	static const char *const names[] = { "too_large", "truncated", "trailing_bytes",
					     "no_memory" };
	struct relay *r = user;
	struct relay_peer *p = peer_of(c);

	if (WZP_SITE("WZP-RELAY-036", 1))
		r->stats.bad_signals++;
	printf("bad-signal member=%u len=0 error=%s\n", p != NULL ? (unsigned)p->id : 0u,
	       names[why]);
}

struct wzp_quic_events relay_events(void)
{
	return (struct wzp_quic_events){ on_handshake, on_datagram, on_message, on_closed,
					 on_bad_message };
}

/* WZP-RELAY-017: every connection closes with 0 on SIGTERM. */
void relay_close_all(struct relay *r)
{
	for (struct relay_peer *p = r->peers; WZP_SITE("WZP-RELAY-017", p != NULL); p = p->next)
		wzp_quic_close(p->conn, RELAY_CLOSE_NORMAL, "relay shutting down");
}

size_t relay_peer_count(const struct relay *r)
{
	size_t n = 0;

	for (const struct relay_peer *p = r->peers; p != NULL; p = p->next)
		n++;
	return n;
}

size_t relay_room_count(const struct relay *r)
{
	size_t n = 0;

	for (const struct relay_room *room = r->rooms; room != NULL; room = room->next)
		n++;
	return n;
}

const struct relay_stats *relay_stats(const struct relay *r)
{
	return &r->stats;
}

void relay_free(struct relay *r)
{
	if (r == NULL)
		return;
	r->freeing = 1;
	while (r->peers != NULL)
		forget(r, r->peers);
	relay_auth_free(r->auth);
	free(r);
}
