/* test_member.c: the simulator's FEC block bookkeeping, the ideal code's
 * count and the recovery window (netsim/src/member.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../src/member.h"

static struct netsim_sender *sender(uint8_t fps)
{
	struct netsim_sender *s = calloc(1, sizeof *s);

	assert_non_null(s);
	s->tx.layout.frames_per_symbol = fps;
	return s;
}

static void free_all(struct netsim_sender *s, struct netsim_stream *st)
{
	free(s->blocks);
	free(st->seen);
	free(st->played_ts);
	free(st->arrived_sec);
	free(st->delay_sec_us);
	free(s);
}

/* One block of K = 2 sources (4 frames each) and R = 2 repairs, sent the
 * way call.c writes it: frames that fill symbols, then the closing call
 * with the last source and both repairs; the FEC block id moves on. */
static void send_block(struct netsim_sender *s, uint32_t ts, struct netsim_tag *tags)
{
	struct netsim_tag t[4];

	for (int f = 0; f < 4; f++)
		assert_true(netsim_sender_account(s, f == 3, 1, 0, ts + 40 * (uint32_t)f, 0, t));
	tags[0] = t[0];
	for (int f = 4; f < 7; f++)
		assert_true(netsim_sender_account(s, 0, 1, 0, ts + 40 * (uint32_t)f, 0, t));
	s->tx.fec.block_id++;
	assert_true(netsim_sender_account(s, 3, 1, 2, ts + 280, 0, t));
	memcpy(tags + 1, t, 3 * sizeof *t);
}

/* verifies: WZP-NETSIM-004 */
static void test_tags_follow_sources_then_repairs(void **state)
{
	struct netsim_sender *s = sender(4);
	struct netsim_stream st = { .first_block = UINT32_MAX };
	struct netsim_tag tags[4];

	(void)state;
	send_block(s, 0, tags);
	assert_int_equal(tags[0].index, 0);
	assert_int_equal(tags[1].index, 1);
	assert_int_equal(tags[2].index, 16);
	assert_int_equal(tags[3].index, 17);
	for (int i = 0; i < 4; i++)
		assert_int_equal(tags[i].block, 0);
	assert_int_equal(s->nblocks, 2); /* the next one is open */
	assert_int_equal(s->blocks[0].frames, 8);
	assert_int_equal(s->blocks[0].sources, 2);
	assert_int_equal(s->blocks[0].repairs, 2);
	assert_int_equal(s->blocks[0].first_ts, 0);
	free_all(s, &st);
}

/* verifies: WZP-NETSIM-004 */
static void test_ideal_code_and_window(void **state)
{
	struct netsim_sender *s = sender(4);
	struct netsim_stream st = { .first_block = UINT32_MAX };
	struct netsim_tag tags[3][4];
	struct netsim_window w;

	(void)state;
	st.arrived_sec = calloc(4, sizeof *st.arrived_sec);
	st.delay_sec_us = calloc(4, sizeof *st.delay_sec_us);
	for (uint32_t b = 0; b < 3; b++)
		send_block(s, 320 * b, tags[b]);
	/* block 0: nothing arrives (acquisition); block 1: one source and one
	 * repair (2 of 4: rebuilt); block 2: one repair, and a later copy */
	assert_int_equal(netsim_stream_arrived(&st, &tags[1][1], 10), 1);
	assert_int_equal(netsim_stream_arrived(&st, &tags[1][2], 10), 1);
	assert_int_equal(netsim_stream_arrived(&st, &tags[2][3], 10), 1);
	assert_int_equal(netsim_stream_arrived(&st, &tags[2][3], 11), 0);
	st.first_block = 0; /* the receiver's first accepted datagram was in block 0 */
	for (uint32_t ts = 320; ts < 640; ts += 40)
		assert_true(netsim_stream_played(&st, ts));
	assert_true(netsim_stream_played(&st, 0)); /* before the window */
	netsim_stream_window(s, &st, &w);
	assert_int_equal(w.before_sent, 8);
	assert_int_equal(w.before_played, 1);
	assert_int_equal(w.sent, 16);
	assert_int_equal(w.played, 8);
	assert_int_equal(w.ideal_lost, 8); /* block 2: both sources, 4 frames each */
	free_all(s, &st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags_follow_sources_then_repairs),
		cmocka_unit_test(test_ideal_code_and_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
