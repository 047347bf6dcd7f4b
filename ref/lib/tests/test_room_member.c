/* test_room_member.c: three members' key bookkeeping through joins and a
 * leave (room_member.h): roles, generations, who is owed a key, and that
 * what one member seals the others open, once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/room_member.h"

#define A 0
#define B 1
#define C 2

static struct wzp_room_member m[3];
static uint8_t fps[3][WZP_FINGERPRINT_SIZE];

/* The same pairwise key on both sides of i and j, as a handshake gives. */
static void pair(int i, int j)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE];
	int si = wzp_room_member_find(&m[i], fps[j]), sj = wzp_room_member_find(&m[j], fps[i]);

	memset(key, 0x10 * (i < j ? i : j) + (i < j ? j : i) + 1, sizeof key);
	assert_true(si >= 0 && sj >= 0);
	assert_int_equal(wzp_room_member_paired(&m[i], (size_t)si, key), WZP_OK);
	assert_int_equal(wzp_room_member_paired(&m[j], (size_t)sj, key), WZP_OK);
}

/* Member s rotates to key (all bytes k) and every owed peer opens it. */
static void rotate_and_deliver(int s, uint8_t k, uint32_t next_index, int expect_sent)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE], got[WZP_MEDIA_KEY_SIZE], msg[WZP_ROOM_KEY_MSG_SIZE];
	uint32_t next;
	int sent = 0;

	memset(key, k, sizeof key);
	wzp_room_member_rotate(&m[s], key);
	for (size_t slot = 0; slot < WZP_ROOM_PEERS_MAX; slot++) {
		int r, from;

		if (!wzp_room_member_owes_key(&m[s], slot))
			continue;
		assert_int_equal(wzp_room_member_seal_key(&m[s], slot, next_index, msg), WZP_OK);
		assert_false(wzp_room_member_owes_key(&m[s], slot));
		for (r = 0; r < 3; r++)
			if (memcmp(fps[r], m[s].peers[slot].fp, WZP_FINGERPRINT_SIZE) == 0)
				break;
		from = wzp_room_member_find(&m[r], fps[s]);
		assert_true(from >= 0);
		assert_int_equal(wzp_room_member_open_key(&m[r], (size_t)from, msg, sizeof msg, got,
							  &next),
				 WZP_OK);
		assert_memory_equal(got, key, sizeof key);
		assert_int_equal(next, next_index);
		assert_int_equal(wzp_room_member_open_key(&m[r], (size_t)from, msg, sizeof msg, got,
							  &next),
				 WZP_ERR_REPLAY);
		sent++;
	}
	assert_int_equal(sent, expect_sent);
}

static void update(int who, const int *order, size_t n, size_t joined, size_t left)
{
	uint8_t list[4][WZP_FINGERPRINT_SIZE];
	struct wzp_room_change ch;

	for (size_t i = 0; i < n; i++)
		memcpy(list[i], fps[order[i]], WZP_FINGERPRINT_SIZE);
	assert_int_equal(wzp_room_member_update(&m[who], (const uint8_t(*)[16])list, n, &ch),
			 WZP_OK);
	assert_int_equal(ch.n_joined, joined);
	assert_int_equal(ch.n_left, left);
	assert_true(m[who].rotate_due);
}

/* verifies: WZP-CLIENT-020 */
static void test_join_join_leave(void **state)
{
	static const int a[] = { A }, ab[] = { A, B }, abc[] = { A, B, C }, ac[] = { A, C };
	int s;

	(void)state;
	for (int i = 0; i < 3; i++) {
		memset(fps[i], 0xA0 + i, WZP_FINGERPRINT_SIZE);
		wzp_room_member_init(&m[i], fps[i]);
	}
	update(A, a, 1, 0, 0);
	rotate_and_deliver(A, 1, 0, 0);
	assert_int_equal(m[A].generation, 0);

	update(A, ab, 2, 1, 0);
	update(B, ab, 2, 1, 0);
	/* B joined later: B calls A. */
	s = wzp_room_member_find(&m[A], fps[B]);
	assert_int_equal(m[A].peers[s].role, WZP_DIR_CALLEE);
	assert_int_equal(m[B].peers[wzp_room_member_find(&m[B], fps[A])].role, WZP_DIR_CALLER);
	assert_false(wzp_room_member_owes_key(&m[A], (size_t)s)); /* not paired yet */
	pair(A, B);
	rotate_and_deliver(A, 2, 50, 1);
	assert_int_equal(m[A].generation, 1);
	rotate_and_deliver(B, 3, 0, 1);
	assert_int_equal(m[B].generation, 0);

	update(A, abc, 3, 1, 0);
	update(B, abc, 3, 1, 0);
	update(C, abc, 3, 2, 0);
	pair(A, C);
	pair(B, C);
	rotate_and_deliver(A, 4, 80, 2);
	rotate_and_deliver(B, 5, 30, 2);
	rotate_and_deliver(C, 6, 0, 2);

	update(A, ac, 2, 0, 1);
	update(C, ac, 2, 0, 1);
	assert_int_equal(wzp_room_member_find(&m[A], fps[B]), -1);
	rotate_and_deliver(A, 7, 120, 1);
	assert_int_equal(m[A].generation, 3);
	/* An update that changes nothing asks for no new key. */
	{
		struct wzp_room_change ch;
		uint8_t list[2][WZP_FINGERPRINT_SIZE];

		memcpy(list[0], fps[A], sizeof list[0]);
		memcpy(list[1], fps[C], sizeof list[1]);
		assert_int_equal(wzp_room_member_update(&m[A], (const uint8_t(*)[16])list, 2, &ch),
				 WZP_OK);
		assert_false(m[A].rotate_due);
	}
	for (int i = 0; i < 3; i++)
		wzp_room_member_wipe(&m[i]);
}

/* verifies: WZP-CLIENT-020 */
static void test_bad_lists_and_messages(void **state)
{
	uint8_t list[3][WZP_FINGERPRINT_SIZE], key[WZP_MEDIA_KEY_SIZE] = { 1 }, msg[56], got[32];
	struct wzp_room_member x, y;
	struct wzp_room_change ch;
	uint32_t next;

	(void)state;
	memset(list, 0, sizeof list);
	list[0][0] = 1;
	list[1][0] = 2;
	list[2][0] = 1;
	wzp_room_member_init(&x, list[0]);
	wzp_room_member_init(&y, list[1]);
	assert_int_equal(wzp_room_member_update(&x, (const uint8_t(*)[16])list, 3, &ch),
			 WZP_ERR_BAD_PARAM); /* a fingerprint twice */
	assert_int_equal(wzp_room_member_update(&x, (const uint8_t(*)[16])list + 1, 1, &ch),
			 WZP_ERR_BAD_PARAM); /* we are not in it */
	assert_int_equal(wzp_room_member_update(&x, (const uint8_t(*)[16])list,
						WZP_ROOM_PEERS_MAX + 2, &ch),
			 WZP_ERR_TOO_LARGE);
	assert_false(x.joined);
	assert_int_equal(wzp_room_member_update(&x, (const uint8_t(*)[16])list, 2, &ch), WZP_OK);
	assert_int_equal(wzp_room_member_update(&y, (const uint8_t(*)[16])list, 2, &ch), WZP_OK);
	assert_int_equal(wzp_room_member_paired(&x, 5, key), WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_room_member_open_key(&x, 0, msg, sizeof msg, got, &next),
			 WZP_ERR_BAD_PARAM); /* not paired */
	assert_int_equal(wzp_room_member_seal_key(&x, 0, 0, msg), WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_room_member_paired(&x, 0, key), WZP_OK);
	assert_int_equal(wzp_room_member_paired(&y, 0, key), WZP_OK);
	assert_int_equal(wzp_room_member_seal_key(&x, 0, 0, msg), WZP_ERR_BAD_PARAM); /* no key */
	wzp_room_member_rotate(&x, key);
	assert_int_equal(wzp_room_member_seal_key(&x, 0, 7, msg), WZP_OK);
	assert_int_equal(wzp_room_member_seal_key(&x, 0, 7, msg), WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_room_member_open_key(&y, 0, msg, 55, got, &next), WZP_ERR_BAD_LENGTH);
	msg[10] ^= 1;
	assert_int_equal(wzp_room_member_open_key(&y, 0, msg, sizeof msg, got, &next),
			 WZP_ERR_AUTH_FAILED);
	msg[10] ^= 1;
	/* Opened as if the roles were the other way round: does not authenticate. */
	y.peers[0].role = (uint8_t)(1 - y.peers[0].role);
	assert_int_equal(wzp_room_member_open_key(&y, 0, msg, sizeof msg, got, &next),
			 WZP_ERR_AUTH_FAILED);
	y.peers[0].role = (uint8_t)(1 - y.peers[0].role);
	assert_int_equal(wzp_room_member_open_key(&y, 0, msg, sizeof msg, got, &next), WZP_OK);
	assert_int_equal(next, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_join_leave),
		cmocka_unit_test(test_bad_lists_and_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
