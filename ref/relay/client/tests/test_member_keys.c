/* test_member_keys.c: two room members (member_keys.h) through an
 * in-memory relay that hands each signal text to the other member, in
 * order or reversed: they pair, each holds the other's current sender
 * key, a change of membership draws a new one, junk is counted
 * (spec/05-crypto.md 5.7, spec/10-client.md WZP-CLIENT-003). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "member_keys.h"

#define QUEUE_MAX 16

/* One member and what its events told it. */
struct side {
	struct wzp_identity id;
	struct member_keys keys;
	char *queue[QUEUE_MAX]; /* texts sent, not yet delivered */
	size_t queued;
	uint8_t own[WZP_MEDIA_KEY_SIZE], peer[WZP_MEDIA_KEY_SIZE];
	uint8_t own_dir, peer_dir;
	int own_keys, peer_keys, paired, joined, left;
};

static void on_send(void *user, const char *text, size_t len)
{
	struct side *s = user;

	assert_true(s->queued < QUEUE_MAX);
	s->queue[s->queued++] = strndup(text, len);
}

static void on_joined(void *user, size_t slot, const char *hex)
{
	(void)slot;
	assert_int_equal(strlen(hex), WZP_FINGERPRINT_HEX_LEN);
	((struct side *)user)->joined++;
}

static void on_left(void *user, size_t slot)
{
	(void)slot;
	((struct side *)user)->left++;
}

static void on_own(void *user, const uint8_t key[WZP_MEDIA_KEY_SIZE], uint8_t direction)
{
	struct side *s = user;

	memcpy(s->own, key, WZP_MEDIA_KEY_SIZE);
	s->own_dir = direction;
	s->own_keys++;
}

static enum wzp_err on_peer(void *user, size_t slot, const uint8_t key[WZP_MEDIA_KEY_SIZE],
			    uint8_t direction, bool expect_index, uint32_t next_index)
{
	struct side *s = user;

	(void)slot;
	assert_int_equal(next_index, expect_index ? 7 : 0);
	memcpy(s->peer, key, WZP_MEDIA_KEY_SIZE);
	s->peer_dir = direction;
	s->peer_keys++;
	return WZP_OK;
}

static uint32_t on_next(void *user)
{
	(void)user;
	return 7;
}

static void on_paired(void *user, size_t slot)
{
	(void)slot;
	((struct side *)user)->paired++;
}

static const struct member_keys_events EVENTS = { on_send, on_joined, on_left, on_own,
						  on_peer, on_next,   on_paired };

static void side_init(struct side *s, uint8_t fill, bool one_to_one)
{
	uint8_t seed[WZP_SEED_SIZE];

	memset(s, 0, sizeof *s);
	memset(seed, fill, sizeof seed);
	wzp_identity_derive(&s->id, seed);
	member_keys_init(&s->keys, &s->id, one_to_one, &EVENTS, s);
}

static void side_free(struct side *s)
{
	for (size_t i = 0; i < s->queued; i++)
		free(s->queue[i]);
	member_keys_free(&s->keys);
	wzp_identity_wipe(&s->id);
}

/* Every text from one side to the other, oldest first or reversed. */
static void deliver(struct side *from, struct side *to, bool reversed)
{
	size_t n = from->queued;
	char *texts[QUEUE_MAX];

	memcpy(texts, from->queue, n * sizeof *texts);
	from->queued = 0;
	for (size_t k = 0; k < n; k++) {
		char *t = texts[reversed ? n - 1 - k : k];
		struct wzp_signal sig;

		assert_int_equal(wzp_signal_parse(&sig, t, strlen(t), WZP_PROFILE_V1), WZP_OK);
		member_keys_on_signal(&to->keys, &sig, 0);
		wzp_signal_clear(&sig);
		free(t);
	}
}

/* a joins first, then b: both see the room, then their signals flow until
 * none is left. */
static void meet(struct side *a, struct side *b, bool reversed)
{
	uint8_t fps[2][WZP_FINGERPRINT_SIZE];

	memcpy(fps[0], a->id.fingerprint, WZP_FINGERPRINT_SIZE);
	memcpy(fps[1], b->id.fingerprint, WZP_FINGERPRINT_SIZE);
	member_keys_on_update(&a->keys, (const uint8_t(*)[WZP_FINGERPRINT_SIZE])fps, 1, 0);
	member_keys_on_update(&a->keys, (const uint8_t(*)[WZP_FINGERPRINT_SIZE])fps, 2, 0);
	member_keys_on_update(&b->keys, (const uint8_t(*)[WZP_FINGERPRINT_SIZE])fps, 2, 0);
	assert_int_equal(a->queued, 0); /* the first member waits for the offer */
	assert_int_equal(b->queued, 1);
	while (a->queued + b->queued > 0) {
		deliver(b, a, reversed);
		deliver(a, b, reversed);
	}
}

/* verifies: WZP-CLIENT-003 */
static void test_two_members_pair_and_hold_each_others_sender_key(void **state)
{
	struct side a, b;

	(void)state;
	side_init(&a, 1, false);
	side_init(&b, 2, false);
	assert_false(member_keys_heard(&b.keys));
	meet(&a, &b, false);
	assert_int_equal(a.paired, 1);
	assert_int_equal(b.paired, 1);
	assert_int_equal(a.joined + b.joined, 2);
	assert_memory_equal(a.peer, b.own, WZP_MEDIA_KEY_SIZE);
	assert_memory_equal(b.peer, a.own, WZP_MEDIA_KEY_SIZE);
	assert_memory_not_equal(a.own, b.own, WZP_MEDIA_KEY_SIZE);
	assert_int_equal(a.peer_dir, WZP_DIR_ROOM);
	assert_int_equal(b.own_dir, WZP_DIR_ROOM);
	assert_true(member_keys_heard(&a.keys) && member_keys_heard(&b.keys));
	assert_int_equal(a.keys.bad_signals + b.keys.bad_signals, 0);
	side_free(&a);
	side_free(&b);
}

/* verifies: WZP-CLIENT-003 */
static void test_a_room_key_before_its_pair_is_done_is_opened_once_it_is(void **state)
{
	struct side a, b;

	(void)state;
	side_init(&a, 3, false);
	side_init(&b, 4, false);
	meet(&a, &b, true); /* b gets a's RoomKey before a's answer */
	assert_int_equal(b.peer_keys, 1);
	assert_memory_equal(b.peer, a.own, WZP_MEDIA_KEY_SIZE);
	assert_int_equal(a.keys.bad_signals + b.keys.bad_signals, 0);
	side_free(&a);
	side_free(&b);
}

/* verifies: WZP-CLIENT-003 */
static void test_a_leave_draws_a_new_sender_key_and_junk_is_counted(void **state)
{
	struct side a, b;
	uint8_t before[WZP_MEDIA_KEY_SIZE];
	struct wzp_signal sig;
	char junk[512], from[WZP_FINGERPRINT_HEX_LEN + 1], to[WZP_FINGERPRINT_HEX_LEN + 1];
	size_t n;

	(void)state;
	side_init(&a, 5, false);
	side_init(&b, 6, false);
	meet(&a, &b, false);
	wzp_fingerprint_hex(from, b.id.fingerprint);
	wzp_fingerprint_hex(to, a.id.fingerprint);
	n = (size_t)snprintf(junk, sizeof junk,
			     "{\"RoomKey\":{\"sender_fingerprint\":\"%s\","
			     "\"recipient_fingerprint\":\"%s\",\"message\":[7",
			     from, to);
	for (size_t i = 1; i < WZP_ROOM_KEY_MSG_SIZE; i++) /* 56 bytes of 7: no RoomKey */
		n += (size_t)snprintf(junk + n, sizeof junk - n, ",7");
	n += (size_t)snprintf(junk + n, sizeof junk - n, "]}}");
	assert_int_equal(wzp_signal_parse(&sig, junk, n, WZP_PROFILE_V1), WZP_OK);
	member_keys_on_signal(&a.keys, &sig, 0);
	wzp_signal_clear(&sig);
	assert_int_equal(a.keys.bad_signals, 1);
	assert_int_equal(a.peer_keys, 1);
	memcpy(before, a.own, sizeof before);
	member_keys_on_update(&a.keys, (const uint8_t(*)[WZP_FINGERPRINT_SIZE]) & a.id.fingerprint,
			      1, 0);
	assert_int_equal(a.left, 1);
	assert_int_equal(a.own_keys, 3); /* alone, with b, alone again */
	assert_memory_not_equal(a.own, before, WZP_MEDIA_KEY_SIZE);
	assert_int_equal(member_keys_members(&a.keys), 0);
	assert_false(member_keys_heard(&a.keys));
	side_free(&a);
	side_free(&b);
}

/* verifies: WZP-CLIENT-003 */
static void test_one_to_one_the_pair_key_is_the_media_key(void **state)
{
	struct side a, b;

	(void)state;
	side_init(&a, 7, true);
	side_init(&b, 8, true);
	meet(&a, &b, false);
	assert_int_equal(a.own_keys, 1);
	assert_memory_equal(a.own, b.own, WZP_MEDIA_KEY_SIZE);
	assert_memory_equal(a.peer, b.own, WZP_MEDIA_KEY_SIZE);
	assert_int_equal(b.own_dir, WZP_DIR_CALLER); /* b joined later: it called */
	assert_int_equal(a.own_dir, WZP_DIR_CALLEE);
	assert_int_equal(a.peer_dir, WZP_DIR_CALLER);
	side_free(&a);
	side_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_members_pair_and_hold_each_others_sender_key),
		cmocka_unit_test(test_a_room_key_before_its_pair_is_done_is_opened_once_it_is),
		cmocka_unit_test(test_a_leave_draws_a_new_sender_key_and_junk_is_counted),
		cmocka_unit_test(test_one_to_one_the_pair_key_is_the_media_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
