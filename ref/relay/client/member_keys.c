/* member_keys.c: RoomUpdate, pairwise handshakes and room keys of a room
 * member (member_keys.h). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "member_keys.h"

void member_keys_init(struct member_keys *k, const struct wzp_identity *id, bool one_to_one,
		      const struct member_keys_events *ev, void *user)
{
	memset(k, 0, sizeof *k);
	k->id = id;
	k->one_to_one = one_to_one;
	k->ev = *ev;
	k->user = user;
	wzp_room_member_init(&k->member, id->fingerprint);
}

void member_keys_free(struct member_keys *k)
{
	wzp_room_member_wipe(&k->member);
	sodium_memzero(k->pend, sizeof k->pend);
}

uint32_t member_keys_members(const struct member_keys *k)
{
	uint32_t n = 0;

	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		n += k->member.peers[i].present;
	return n;
}

/* WZP-CLIENT-003: nothing is sent that no member could open. */
bool member_keys_heard(const struct member_keys *k)
{
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		const struct wzp_room_peer *p = &k->member.peers[i];

		if (p->present && (k->one_to_one ? p->paired : p->sent))
			return true;
	}
	return false;
}

static void send_text(struct member_keys *k, char *text, size_t len)
{
	if (text != NULL)
		k->ev.send_signal(k->user, text, len);
	free(text);
}

/* One to one, the one member we pair with: the first present one. */
static bool is_partner(const struct member_keys *k, size_t slot)
{
	size_t first = 0;

	while (first < WZP_ROOM_PEERS_MAX && !k->member.peers[first].present)
		first++;
	return !k->one_to_one || first == slot;
}

static void offer(struct member_keys *k, size_t slot)
{
	struct member_pending *p = &k->pend[slot];
	uint8_t raw[PAIR_CALL_ID_LEN / 2];
	size_t len = 0;
	char *text;

	randombytes_buf(p->eph, sizeof p->eph);
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(p->call_id, sizeof p->call_id, raw, sizeof raw);
	p->calling = true;
	p->sent_ms = k->now_ms;
	text = pair_offer_text(k->id, p->eph, p->call_id, k->member.peers[slot].fp, &len);
	send_text(k, text, len);
}

static void send_owed_keys(struct member_keys *k)
{
	char from[WZP_FINGERPRINT_HEX_LEN + 1], to[WZP_FINGERPRINT_HEX_LEN + 1];
	uint32_t next = k->ev.next_index(k->user);
	uint8_t msg[WZP_ROOM_KEY_MSG_SIZE];
	size_t len = 0;
	char *text;

	wzp_fingerprint_hex(from, k->member.fp);
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		if (!wzp_room_member_owes_key(&k->member, i) ||
		    wzp_room_member_seal_key(&k->member, i, next, msg) != WZP_OK)
			continue;
		wzp_fingerprint_hex(to, k->member.peers[i].fp);
		text = wzp_signal_text(json_pack("{s:{s:s, s:s, s:o}}", "RoomKey",
						 "sender_fingerprint", from, "recipient_fingerprint",
						 to, "message", pair_bytes_json(msg, sizeof msg)),
				       WZP_PROFILE_V1, &len);
		send_text(k, text, len);
	}
}

/* A new sender key when the membership changed (room mode; WZP-CLIENT-003). */
static void rotate_if_due(struct member_keys *k)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE];

	if (k->one_to_one || !k->member.rotate_due)
		return;
	randombytes_buf(key, sizeof key);
	wzp_room_member_rotate(&k->member, key);
	k->ev.own_key(k->user, key, WZP_DIR_ROOM);
	sodium_memzero(key, sizeof key);
	send_owed_keys(k);
}

static void open_room_key(struct member_keys *k, size_t slot, const uint8_t *msg)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE];
	uint32_t next;

	if (wzp_room_member_open_key(&k->member, slot, msg, WZP_ROOM_KEY_MSG_SIZE, key, &next) !=
		    WZP_OK ||
	    k->ev.peer_key(k->user, slot, key, WZP_DIR_ROOM, true, next) != WZP_OK)
		k->bad_signals++;
	sodium_memzero(key, sizeof key);
}

/* The pair with slot is done: key the 1:1 call, or send our room key and
 * open one that waited. */
static void paired(struct member_keys *k, size_t slot, const uint8_t key[WZP_KEY_SIZE])
{
	struct member_pending *p = &k->pend[slot];
	uint8_t role = k->member.peers[slot].role;

	wzp_room_member_paired(&k->member, slot, key);
	sodium_memzero(p->eph, sizeof p->eph);
	p->calling = false;
	if (k->ev.paired != NULL)
		k->ev.paired(k->user, slot);
	if (k->one_to_one) {
		k->ev.own_key(k->user, key, role);
		k->ev.peer_key(k->user, slot, key, (uint8_t)(1 - role), false, 0);
		return;
	}
	send_owed_keys(k);
	if (p->has_key_msg) {
		p->has_key_msg = false;
		open_room_key(k, slot, p->key_msg);
	}
}

static void member_joined(struct member_keys *k, size_t slot)
{
	char hex[WZP_FINGERPRINT_HEX_LEN + 1];

	wzp_fingerprint_hex(hex, k->member.peers[slot].fp);
	k->ev.joined(k->user, slot, hex);
	if (k->member.peers[slot].role == WZP_DIR_CALLER && is_partner(k, slot))
		offer(k, slot);
}

void member_keys_on_update(struct member_keys *k, const uint8_t (*fps)[WZP_FINGERPRINT_SIZE],
			   size_t n, uint64_t now_ms)
{
	struct wzp_room_change ch;

	k->now_ms = now_ms;
	if (wzp_room_member_update(&k->member, fps, n, &ch) != WZP_OK) {
		k->bad_signals++;
		return;
	}
	for (size_t i = 0; i < ch.n_left; i++) {
		k->ev.left(k->user, ch.left[i]);
		sodium_memzero(&k->pend[ch.left[i]], sizeof k->pend[0]);
	}
	for (size_t i = 0; i < ch.n_joined; i++)
		member_joined(k, ch.joined[i]);
	rotate_if_due(k);
}

bool member_keys_on_room(struct member_keys *k, const struct relay_session_member *m, size_t n,
			 uint64_t now_ms)
{
	uint8_t (*fps)[WZP_FINGERPRINT_SIZE] = calloc(n + 1, sizeof *fps);

	if (fps == NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		memcpy(fps[i], m[i].fingerprint, WZP_FINGERPRINT_SIZE);
	member_keys_on_update(k, (const uint8_t(*)[WZP_FINGERPRINT_SIZE])fps, n, now_ms);
	free(fps);
	return true;
}

/* The slot of the member a fingerprint field names, or -1. */
static int slot_of(const struct member_keys *k, const json_t *fields, const char *name)
{
	const char *t = json_string_value(json_object_get(fields, name));
	uint8_t fp[WZP_FINGERPRINT_SIZE];

	if (t == NULL || wzp_fingerprint_parse(fp, t, strlen(t), WZP_PROFILE_V1) != WZP_OK)
		return -1;
	return wzp_room_member_find(&k->member, fp);
}

static void on_offer(struct member_keys *k, const json_t *fields)
{
	int slot = slot_of(k, fields, "caller_fingerprint");
	uint8_t eph[WZP_KEY_SIZE], key[WZP_KEY_SIZE];
	char *answer = NULL;
	size_t len;

	if (slot < 0 || k->member.peers[slot].role != WZP_DIR_CALLEE ||
	    !is_partner(k, (size_t)slot)) {
		k->bad_signals++;
		return;
	}
	randombytes_buf(eph, sizeof eph);
	if (pair_accept(&answer, &len, key, k->id, eph, k->member.peers[slot].fp, fields) !=
	    WZP_OK) {
		k->bad_signals++;
	} else {
		send_text(k, answer, len);
		paired(k, (size_t)slot, key);
	}
	sodium_memzero(eph, sizeof eph);
	sodium_memzero(key, sizeof key);
}

static void on_answer(struct member_keys *k, const json_t *fields)
{
	const char *call_id = json_string_value(json_object_get(fields, "call_id"));
	uint8_t key[WZP_KEY_SIZE];

	for (size_t i = 0; call_id != NULL && i < WZP_ROOM_PEERS_MAX; i++) {
		struct member_pending *p = &k->pend[i];

		if (!p->calling || strcmp(p->call_id, call_id) != 0)
			continue;
		if (pair_finish(key, p->eph, k->member.peers[i].fp, fields) == WZP_OK) {
			paired(k, i, key);
			sodium_memzero(key, sizeof key);
			return;
		}
		break;
	}
	k->bad_signals++;
}

static void on_room_key(struct member_keys *k, const json_t *fields)
{
	int slot = slot_of(k, fields, "sender_fingerprint");
	uint8_t msg[WZP_ROOM_KEY_MSG_SIZE];

	if (slot < 0 || k->one_to_one || !pair_bytes_field(fields, "message", msg, sizeof msg)) {
		k->bad_signals++;
		return;
	}
	if (k->member.peers[slot].paired) {
		open_room_key(k, (size_t)slot, msg);
		return;
	}
	memcpy(k->pend[slot].key_msg, msg, sizeof msg);
	k->pend[slot].has_key_msg = true;
}

void member_keys_on_signal(struct member_keys *k, const struct wzp_signal *s, uint64_t now_ms)
{
	const char *name = wzp_signal_variant_name(s->variant);
	const json_t *fields = wzp_signal_fields(s);

	k->now_ms = now_ms;
	if (strcmp(name, "DirectCallOffer") == 0)
		on_offer(k, fields);
	else if (strcmp(name, "DirectCallAnswer") == 0)
		on_answer(k, fields);
	else if (strcmp(name, "RoomKey") == 0)
		on_room_key(k, fields);
}

void member_keys_tick(struct member_keys *k, uint64_t now_ms)
{
	k->now_ms = now_ms;
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		if (k->pend[i].calling && now_ms - k->pend[i].sent_ms >= MEMBER_KEYS_RETRY_MS)
			offer(k, i);
}
