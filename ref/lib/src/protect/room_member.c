/* room_member.c: a room member's key bookkeeping (spec/05-crypto.md 5.7,
 * spec/10-client.md 10.4). */
#include <sodium.h>
#include <string.h>

#include "wzp/room_member.h"
#include "wzp/trace.h"

void wzp_room_member_init(struct wzp_room_member *m, const uint8_t fp[WZP_FINGERPRINT_SIZE])
{
	memset(m, 0, sizeof *m);
	memcpy(m->fp, fp, WZP_FINGERPRINT_SIZE);
}

void wzp_room_member_wipe(struct wzp_room_member *m)
{
	sodium_memzero(m, sizeof *m);
}

int wzp_room_member_find(const struct wzp_room_member *m, const uint8_t fp[WZP_FINGERPRINT_SIZE])
{
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		if (m->peers[i].present && memcmp(m->peers[i].fp, fp, WZP_FINGERPRINT_SIZE) == 0)
			return (int)i;
	return -1;
}

/* Where fp is in the list, or n. */
static size_t position(const uint8_t (*fps)[WZP_FINGERPRINT_SIZE], size_t n,
		       const uint8_t fp[WZP_FINGERPRINT_SIZE])
{
	size_t i = 0;

	while (i < n && memcmp(fps[i], fp, WZP_FINGERPRINT_SIZE) != 0)
		i++;
	return i;
}

/* The list names us once, nobody twice, and at most WZP_ROOM_PEERS_MAX others. */
static enum wzp_err check_list(const struct wzp_room_member *m,
			       const uint8_t (*fps)[WZP_FINGERPRINT_SIZE], size_t n)
{
	if (n > WZP_ROOM_PEERS_MAX + 1)
		return WZP_ERR_TOO_LARGE;
	if (position(fps, n, m->fp) == n)
		return WZP_ERR_BAD_PARAM;
	for (size_t i = 1; i < n; i++)
		if (position(fps, i, fps[i]) < i)
			return WZP_ERR_BAD_PARAM;
	return WZP_OK;
}

static size_t free_slot(const struct wzp_room_member *m)
{
	size_t i = 0;

	while (m->peers[i].present)
		i++;
	return i;
}

enum wzp_err wzp_room_member_update(struct wzp_room_member *m,
				    const uint8_t (*fps)[WZP_FINGERPRINT_SIZE], size_t n,
				    struct wzp_room_change *out)
{
	enum wzp_err e = check_list(m, fps, n);
	size_t self;

	if (e != WZP_OK)
		return e;
	self = position(fps, n, m->fp);
	out->n_joined = out->n_left = 0;
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		if (!m->peers[i].present || position(fps, n, m->peers[i].fp) < n)
			continue;
		sodium_memzero(&m->peers[i], sizeof m->peers[i]);
		out->left[out->n_left++] = i;
	}
	for (size_t i = 0; i < n; i++) {
		struct wzp_room_peer *p;
		size_t slot;

		if (i == self || wzp_room_member_find(m, fps[i]) >= 0)
			continue;
		slot = free_slot(m);
		p = &m->peers[slot];
		p->present = true;
		memcpy(p->fp, fps[i], WZP_FINGERPRINT_SIZE);
		/* 5.7: the member that joined later is the caller. */
		p->role = WZP_VALUE("WZP-CLIENT-020", i > self ? WZP_DIR_CALLEE : WZP_DIR_CALLER);
		out->joined[out->n_joined++] = slot;
	}
	if (!m->joined || out->n_joined || out->n_left)
		m->rotate_due = true;
	m->joined = true;
	return WZP_OK;
}

enum wzp_err wzp_room_member_paired(struct wzp_room_member *m, size_t slot,
				    const uint8_t pair_key[WZP_MEDIA_KEY_SIZE])
{
	if (slot >= WZP_ROOM_PEERS_MAX || !m->peers[slot].present)
		return WZP_ERR_BAD_PARAM;
	memcpy(m->peers[slot].pair_key, pair_key, WZP_MEDIA_KEY_SIZE);
	m->peers[slot].paired = true;
	m->peers[slot].sent = false; /* a new pair key: our key again under it */
	return WZP_OK;
}

void wzp_room_member_rotate(struct wzp_room_member *m, const uint8_t key[WZP_MEDIA_KEY_SIZE])
{
	/* WZP-CRYPTO-080: generations start at 0 and only grow. */
	m->generation = WZP_VALUE("WZP-CLIENT-020", m->keyed ? m->generation + 1 : 0);
	m->keyed = true;
	m->rotate_due = false;
	memcpy(m->sender_key, key, WZP_MEDIA_KEY_SIZE);
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		m->peers[i].sent = false;
}

bool wzp_room_member_owes_key(const struct wzp_room_member *m, size_t slot)
{
	return slot < WZP_ROOM_PEERS_MAX && m->keyed && m->peers[slot].present &&
	       m->peers[slot].paired && !m->peers[slot].sent;
}

enum wzp_err wzp_room_member_seal_key(struct wzp_room_member *m, size_t slot,
				      uint32_t next_index, uint8_t msg[WZP_ROOM_KEY_MSG_SIZE])
{
	struct wzp_room_peer *p;

	if (!wzp_room_member_owes_key(m, slot))
		return WZP_ERR_BAD_PARAM;
	p = &m->peers[slot];
	wzp_room_key_seal(msg, p->pair_key, p->role, m->generation, m->fp, p->fp, m->sender_key,
			  next_index);
	p->sent = true;
	return WZP_OK;
}

enum wzp_err wzp_room_member_open_key(struct wzp_room_member *m, size_t slot,
				      const uint8_t *msg, size_t len,
				      uint8_t key[WZP_MEDIA_KEY_SIZE], uint32_t *next_index)
{
	struct wzp_room_peer *p;
	uint32_t gen;
	enum wzp_err e;

	if (slot >= WZP_ROOM_PEERS_MAX || !m->peers[slot].present || !m->peers[slot].paired)
		return WZP_ERR_BAD_PARAM;
	p = &m->peers[slot];
	/* The peer sealed with its own role: the other side of ours. */
	e = wzp_room_key_open(key, &gen, next_index, p->pair_key, (uint8_t)(1 - p->role), p->fp,
			      m->fp, msg, len, p->has_gen ? &p->last_gen : NULL);
	if (e != WZP_OK)
		return e;
	p->has_gen = true;
	p->last_gen = gen;
	return WZP_OK;
}
