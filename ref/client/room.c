/* room.c: RoomUpdate, pairwise handshakes and room keys for the client (room.h). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "room.h"

void room_init(struct client_room *r, const struct client_opts *opts,
	       const struct wzp_identity *id, struct client_media *media, room_signal_fn send,
	       void *user)
{
	memset(r, 0, sizeof *r);
	r->opts = opts;
	r->id = id;
	r->media = media;
	r->send = send;
	r->user = user;
	wzp_room_member_init(&r->member, id->fingerprint);
}

void room_free(struct client_room *r)
{
	wzp_room_member_wipe(&r->member);
	sodium_memzero(r->pend, sizeof r->pend);
}

uint32_t room_members(const struct client_room *r)
{
	uint32_t n = 0;

	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		n += r->member.peers[i].present;
	return n;
}

/* WZP-CLIENT-003: nothing is sent that no member could open. */
bool room_heard(const struct client_room *r)
{
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		const struct wzp_room_peer *p = &r->member.peers[i];

		if (p->present && (r->opts->one_to_one ? p->paired : p->sent))
			return true;
	}
	return false;
}

static void send_text(struct client_room *r, char *text, size_t len)
{
	if (text != NULL)
		r->send(r->user, text, len);
	free(text);
}

/* The gain --volume gives the member (1 when none names it). */
static double gain_of(const struct client_opts *o, const char *hex)
{
	double g = 1;

	for (int i = 0; i < o->n_volumes; i++)
		if (strncmp(hex, o->volumes[i].prefix, strlen(o->volumes[i].prefix)) == 0)
			g = o->volumes[i].gain;
	return g;
}

/* In a 1:1 call, the one member we pair with: the first present one. */
static bool is_partner(const struct client_room *r, size_t slot)
{
	size_t first = 0;

	while (first < WZP_ROOM_PEERS_MAX && !r->member.peers[first].present)
		first++;
	return !r->opts->one_to_one || first == slot;
}

static void offer(struct client_room *r, size_t slot)
{
	struct room_pending *p = &r->pend[slot];
	uint8_t raw[PAIR_CALL_ID_LEN / 2];
	size_t len = 0;
	char *text;

	randombytes_buf(p->eph, sizeof p->eph);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(p->call_id, sizeof p->call_id, raw, sizeof raw);
	p->calling = true;
	p->sent_ms = r->now_ms;
	text = pair_offer_text(r->id, p->eph, p->call_id, r->member.peers[slot].fp, &len);
	send_text(r, text, len);
}

static void send_owed_keys(struct client_room *r)
{
	char from[WZP_FINGERPRINT_HEX_LEN + 1], to[WZP_FINGERPRINT_HEX_LEN + 1];
	uint32_t next = media_next_index(r->media);
	uint8_t msg[WZP_ROOM_KEY_MSG_SIZE];
	size_t len = 0;
	char *text;

	wzp_fingerprint_hex(from, r->member.fp);
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		if (!wzp_room_member_owes_key(&r->member, i) ||
		    wzp_room_member_seal_key(&r->member, i, next, msg) != WZP_OK)
			continue;
		wzp_fingerprint_hex(to, r->member.peers[i].fp);
		text = wzp_signal_text(json_pack("{s:{s:s, s:s, s:o}}", "RoomKey",
						 "sender_fingerprint", from, "recipient_fingerprint",
						 to, "message", pair_bytes_json(msg, sizeof msg)),
				       WZP_PROFILE_V1, &len);
		send_text(r, text, len);
	}
}

/* A new sender key when the membership changed (room mode; WZP-CLIENT-003). */
static void rotate_if_due(struct client_room *r)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE];

	if (r->opts->one_to_one || !r->member.rotate_due)
		return;
	randombytes_buf(key, sizeof key);
	wzp_room_member_rotate(&r->member, key);
	media_set_key(r->media, key, WZP_DIR_ROOM);
	sodium_memzero(key, sizeof key);
	send_owed_keys(r);
}

static void open_room_key(struct client_room *r, size_t slot, const uint8_t *msg)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE];
	uint32_t next;

	if (wzp_room_member_open_key(&r->member, slot, msg, WZP_ROOM_KEY_MSG_SIZE, key, &next) ==
		    WZP_OK &&
	    media_peer_key(r->media, slot, key, WZP_DIR_ROOM, true, next) == WZP_OK)
		return;
	sodium_memzero(key, sizeof key);
	r->bad_signals++;
}

/* The pair with slot is done: key the 1:1 call, or send our room key and
 * open one that waited. */
static void paired(struct client_room *r, size_t slot, const uint8_t key[WZP_KEY_SIZE])
{
	struct room_pending *p = &r->pend[slot];
	uint8_t role = r->member.peers[slot].role;

	wzp_room_member_paired(&r->member, slot, key);
	r->paired++;
	sodium_memzero(p->eph, sizeof p->eph);
	p->calling = false;
	if (r->opts->one_to_one) {
		media_set_key(r->media, key, role);
		media_peer_key(r->media, slot, key, (uint8_t)(1 - role), false, 0);
		return;
	}
	send_owed_keys(r);
	if (p->has_key_msg) {
		p->has_key_msg = false;
		open_room_key(r, slot, p->key_msg);
	}
}

static void member_joined(struct client_room *r, size_t slot)
{
	char hex[WZP_FINGERPRINT_HEX_LEN + 1], path[4096];

	wzp_fingerprint_hex(hex, r->member.peers[slot].fp);
	media_peer_add(r->media, slot, hex, gain_of(r->opts, hex));
	if (r->opts->dump_dir != NULL) {
		snprintf(path, sizeof path, "%s/post_decode_%.8s.wav", r->opts->dump_dir, hex);
		media_peer_dump(r->media, slot, path);
	}
	if (r->member.peers[slot].role == WZP_DIR_CALLER && is_partner(r, slot))
		offer(r, slot);
}

void room_on_update(struct client_room *r, const uint8_t (*fps)[WZP_FINGERPRINT_SIZE], size_t n,
		    uint64_t now_ms)
{
	struct wzp_room_change ch;

	r->now_ms = now_ms;
	if (wzp_room_member_update(&r->member, fps, n, &ch) != WZP_OK) {
		r->bad_signals++;
		return;
	}
	for (size_t i = 0; i < ch.n_left; i++) {
		media_peer_remove(r->media, ch.left[i]);
		sodium_memzero(&r->pend[ch.left[i]], sizeof r->pend[0]);
	}
	for (size_t i = 0; i < ch.n_joined; i++)
		member_joined(r, ch.joined[i]);
	rotate_if_due(r);
}

/* The slot of the member a fingerprint field names, or -1. */
static int slot_of(const struct client_room *r, const json_t *fields, const char *name)
{
	const char *t = json_string_value(json_object_get(fields, name));
	uint8_t fp[WZP_FINGERPRINT_SIZE];

	if (t == NULL || wzp_fingerprint_parse(fp, t, strlen(t), WZP_PROFILE_V1) != WZP_OK)
		return -1;
	return wzp_room_member_find(&r->member, fp);
}

static void on_offer(struct client_room *r, const json_t *fields)
{
	int slot = slot_of(r, fields, "caller_fingerprint");
	uint8_t eph[WZP_KEY_SIZE], key[WZP_KEY_SIZE];
	char *answer = NULL;
	size_t len;

	if (slot < 0 || r->member.peers[slot].role != WZP_DIR_CALLEE ||
	    !is_partner(r, (size_t)slot)) {
		r->bad_signals++;
		return;
	}
	randombytes_buf(eph, sizeof eph);
	if (pair_accept(&answer, &len, key, r->id, eph, r->member.peers[slot].fp, fields) !=
	    WZP_OK) {
		r->bad_signals++;
	} else {
		send_text(r, answer, len);
		paired(r, (size_t)slot, key);
	}
	sodium_memzero(eph, sizeof eph);
	sodium_memzero(key, sizeof key);
}

static void on_answer(struct client_room *r, const json_t *fields)
{
	const char *call_id = json_string_value(json_object_get(fields, "call_id"));
	uint8_t key[WZP_KEY_SIZE];

	for (size_t i = 0; call_id != NULL && i < WZP_ROOM_PEERS_MAX; i++) {
		struct room_pending *p = &r->pend[i];

		if (!p->calling || strcmp(p->call_id, call_id) != 0)
			continue;
		if (pair_finish(key, p->eph, r->member.peers[i].fp, fields) == WZP_OK) {
			paired(r, i, key);
			sodium_memzero(key, sizeof key);
			return;
		}
		break;
	}
	r->bad_signals++;
}

static void on_room_key(struct client_room *r, const json_t *fields)
{
	int slot = slot_of(r, fields, "sender_fingerprint");
	uint8_t msg[WZP_ROOM_KEY_MSG_SIZE];

	if (slot < 0 || r->opts->one_to_one ||
	    !pair_bytes_field(fields, "message", msg, sizeof msg)) {
		r->bad_signals++;
		return;
	}
	if (r->member.peers[slot].paired) {
		open_room_key(r, (size_t)slot, msg);
		return;
	}
	memcpy(r->pend[slot].key_msg, msg, sizeof msg);
	r->pend[slot].has_key_msg = true;
}

void room_on_signal(struct client_room *r, const struct wzp_signal *s, uint64_t now_ms)
{
	const char *name = wzp_signal_variant_name(s->variant);
	const json_t *fields = wzp_signal_fields(s);

	r->now_ms = now_ms;
	if (strcmp(name, "DirectCallOffer") == 0)
		on_offer(r, fields);
	else if (strcmp(name, "DirectCallAnswer") == 0)
		on_answer(r, fields);
	else if (strcmp(name, "RoomKey") == 0)
		on_room_key(r, fields);
}

void room_tick(struct client_room *r, uint64_t now_ms)
{
	r->now_ms = now_ms;
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		if (r->pend[i].calling && now_ms - r->pend[i].sent_ms >= ROOM_RETRY_MS)
			offer(r, i);
}
