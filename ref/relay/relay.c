/* relay.c: rooms, connections and forwarding of the running relay
 * (relay.h; spec/08-relay.md 8.1, 8.4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relay.h"
#include "relay_signal.h"
#include "relay_sni.h"
#include "wzp/profile.h"
#include "wzp/relay_room.h"

struct relay_room {
	char key[RELAY_ROOM_KEY_MAX];
	enum wzp_profile profile;
	struct wzp_relay_room core;
	struct relay_room *next;
};

struct relay_peer {
	struct wzp_quic_conn *conn;
	enum wzp_profile profile;
	struct relay_room *room; /* NULL for a probe */
	uint32_t id;             /* member id in room */
	struct relay_peer *next;
};

struct relay {
	struct relay_room *rooms;
	struct relay_peer *peers;
	struct relay_stats stats;
};

struct relay *relay_new(void)
{
	return calloc(1, sizeof(struct relay));
}

static struct relay_peer *peer_of(struct relay *r, const struct wzp_quic_conn *c)
{
	for (struct relay_peer *p = r->peers; p != NULL; p = p->next)
		if (p->conn == c)
			return p;
	return NULL;
}

static struct relay_peer *member(struct relay *r, const struct relay_room *room, uint32_t id)
{
	for (struct relay_peer *p = r->peers; p != NULL; p = p->next)
		if (p->room == room && p->id == id)
			return p;
	return NULL;
}

static struct relay_room *room_get(struct relay *r, const char *key, enum wzp_profile profile)
{
	struct relay_room *room;

	for (room = r->rooms; room != NULL; room = room->next)
		if (room->profile == profile && strcmp(room->key, key) == 0)
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

/* A room is freed when its last member leaves (WZP-RELAY-014). */
static void room_drop_if_empty(struct relay *r, struct relay_room *room)
{
	struct relay_room **pp = &r->rooms;

	if (room->core.count != 0)
		return;
	while (*pp != room)
		pp = &(*pp)->next;
	*pp = room->next;
	free(room);
}

static void refuse(struct wzp_quic_conn *c, const char *sni, uint64_t code, const char *why)
{
	printf("refused sni=\"%s\" code=0x%llx reason=\"%s\"\n", sni, (unsigned long long)code,
	       why);
	wzp_quic_close(c, code, why);
}

/* Puts a connection that asked for a room into it; 0, or -1 (closed). */
static int join(struct relay *r, struct relay_peer *p, const char *key)
{
	p->room = room_get(r, key, p->profile);
	if (p->room == NULL || wzp_relay_room_join(&p->room->core, &p->id) != WZP_OK) {
		if (p->room != NULL)
			room_drop_if_empty(r, p->room);
		refuse(p->conn, key, RELAY_CLOSE_ROOM_FULL, "room full");
		return -1;
	}
	printf("join room=%s profile=%s member=%u\n", key, wzp_profile_name(p->profile),
	       (unsigned)p->id);
	return 0;
}

/* WZP-RELAY-010..-012: the SNI picks a room, a probe, or a refusal. */
static int admit(struct relay *r, struct relay_peer *p)
{
	const char *sni = wzp_quic_sni(p->conn);
	char key[RELAY_ROOM_KEY_MAX];
	enum relay_sni_kind kind = relay_sni_classify(sni, key);

	if (kind == RELAY_SNI_ROOM)
		return join(r, p, key);
	if (kind == RELAY_SNI_PROBE) {
		printf("probe profile=%s\n", wzp_profile_name(p->profile));
		return 0;
	}
	if (kind == RELAY_SNI_INVALID)
		refuse(p->conn, sni, RELAY_CLOSE_BAD_NAME, "unknown server name");
	else
		refuse(p->conn, sni, RELAY_CLOSE_NOT_SERVED, "not served");
	return -1;
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
	p->conn = c;
	/* The server accepted only the ALPN ids of known profiles. */
	if (wzp_profile_from_alpn((const uint8_t *)alpn, strlen(alpn), &p->profile) != WZP_OK ||
	    admit(r, p) != 0) {
		free(p);
		return;
	}
	r->stats.connections++;
	p->next = r->peers;
	r->peers = p;
}

static void forward(struct relay *r, struct relay_peer *p, const uint8_t *data, size_t len)
{
	uint32_t to[WZP_RELAY_ROOM_MAX];
	size_t n = 0;
	enum wzp_err err = wzp_relay_room_fanout(&p->room->core, p->id, data, len, to, &n);

	if (err != WZP_OK) {
		r->stats.dropped++;
		printf("drop room=%s member=%u len=%zu error=%s\n", p->room->key, (unsigned)p->id,
		       len, wzp_err_name(err));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct relay_peer *dst = member(r, p->room, to[i]);

		if (dst != NULL && wzp_quic_send_datagram(dst->conn, data, len) == WZP_QUIC_OK) {
			r->stats.forwarded++;
			r->stats.forwarded_bytes += len;
		}
	}
}

/* WZP-RELAY-002, -003, -013: opaque bytes to the others, refusals counted. */
static void on_datagram(struct wzp_quic_conn *c, const uint8_t *data, size_t len, void *user)
{
	struct relay *r = user;
	struct relay_peer *p = peer_of(r, c);

	if (p != NULL && p->room != NULL) {
		forward(r, p, data, len);
		return;
	}
	r->stats.dropped++;
	printf("drop room=- member=0 len=%zu error=no_room\n", len);
}

/* WZP-RELAY-015, -016: signals are checked; Ping gets Pong. */
static void on_message(struct wzp_quic_conn *c, const uint8_t *body, size_t len, void *user)
{
	struct relay *r = user;
	struct relay_peer *p = peer_of(r, c);
	const char *variant;
	char *reply;
	size_t reply_len = 0;
	enum wzp_err err;

	if (p == NULL)
		return;
	err = relay_signal_handle(body, len, p->profile, &variant, &reply, &reply_len);
	if (err != WZP_OK) {
		r->stats.bad_signals++;
		printf("bad-signal member=%u len=%zu error=%s\n", (unsigned)p->id, len,
		       wzp_err_name(err));
		return;
	}
	r->stats.signals++;
	printf("signal member=%u variant=%s\n", (unsigned)p->id, variant);
	if (reply != NULL &&
	    wzp_quic_send_message(c, (const uint8_t *)reply, reply_len) == WZP_QUIC_OK)
		r->stats.pongs++;
	free(reply);
}

static void forget(struct relay *r, struct relay_peer *p)
{
	struct relay_peer **pp = &r->peers;

	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	if (p->room != NULL) {
		wzp_relay_room_leave(&p->room->core, p->id);
		room_drop_if_empty(r, p->room);
	}
	free(p);
}

/* WZP-RELAY-014: a closed connection leaves its room at once. */
static void on_closed(struct wzp_quic_conn *c, const struct wzp_quic_end *end, void *user)
{
	struct relay *r = user;
	struct relay_peer *p = peer_of(r, c);

	if (p == NULL)
		return;
	printf("leave room=%s member=%u end=%d code=0x%llx\n", p->room ? p->room->key : "-",
	       (unsigned)p->id, (int)end->kind, (unsigned long long)end->code);
	forget(r, p);
}

struct wzp_quic_events relay_events(void)
{
	return (struct wzp_quic_events){ on_handshake, on_datagram, on_message, on_closed };
}

void relay_close_all(struct relay *r)
{
	for (struct relay_peer *p = r->peers; p != NULL; p = p->next)
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
	while (r->peers != NULL)
		forget(r, r->peers);
	free(r);
}
