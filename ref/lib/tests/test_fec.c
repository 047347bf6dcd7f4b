/* test_fec.c: frames through the FEC sender, a lossy channel and the
 * receiver, for every layout of both profiles: whatever arrives or is
 * recovered is exactly what was sent, nothing is handed on twice, and
 * without loss everything arrives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/codec_id.h"
#include "wzp/fec.h"

#define FRAMES 120

struct sent_frame {
	uint8_t data[256];
	size_t len;
	int seen;
};

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static struct sent_frame sent[FRAMES];
static struct wzp_fec_sender sender;
static struct wzp_fec_receiver receiver;

/* Frame i is captured at i * frame_ms, so a timestamp names its frame. */
static void check_frames(const struct wzp_fec_layout *l, const struct wzp_fec_frame *f,
			 size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t index = f[i].timestamp_ms / l->frame_ms;

		assert_true(index < FRAMES);
		assert_int_equal(f[i].len, sent[index].len);
		assert_memory_equal(f[i].data, sent[index].data, f[i].len);
		assert_int_equal(sent[index].seen, 0);
		sent[index].seen = 1;
	}
}

static void deliver(const struct wzp_fec_layout *l, const struct wzp_fec_packet *p, size_t n,
		    unsigned loss_percent, uint32_t *rng)
{
	struct wzp_fec_frame frames[WZP_FEC_FRAMES_OUT_MAX];
	size_t count;

	for (size_t i = 0; i < n; i++) {
		if (next(rng) % 100 < loss_percent)
			continue;
		assert_int_equal(wzp_fec_receiver_push(&receiver, &p[i], frames, &count), WZP_OK);
		check_frames(l, frames, count);
	}
}

/* Returns how many frames reached the receiver. */
static int run(const struct wzp_fec_layout *l, unsigned loss_percent, uint32_t seed)
{
	struct wzp_fec_packet packets[WZP_FEC_PACKETS_MAX];
	uint32_t rng = seed;
	size_t n;
	int seen = 0;

	wzp_fec_sender_init(&sender, l, (uint8_t)seed);
	wzp_fec_receiver_init(&receiver, l);
	for (int i = 0; i < FRAMES; i++) {
		sent[i].len = 1 + next(&rng) % wzp_fec_frame_capacity(l);
		for (size_t b = 0; b < sent[i].len; b++)
			sent[i].data[b] = (uint8_t)next(&rng);
		sent[i].seen = 0;
		assert_int_equal(wzp_fec_sender_add(&sender, sent[i].data, sent[i].len,
						    (uint32_t)i * l->frame_ms, packets, &n), WZP_OK);
		deliver(l, packets, n, loss_percent, &rng);
	}
	assert_int_equal(wzp_fec_sender_flush(&sender, packets, &n), WZP_OK);
	deliver(l, packets, n, loss_percent, &rng);
	for (int i = 0; i < FRAMES; i++)
		seen += sent[i].seen;
	return seen;
}

static void each_layout(void (*check)(const struct wzp_fec_layout *l))
{
	for (int profile = 0; profile < 2; profile++) {
		for (uint8_t codec = 0; codec < WZP_CODEC_COMFORT_NOISE; codec++) {
			struct wzp_fec_layout l;

			assert_int_equal(wzp_fec_layout_for(codec, (enum wzp_profile)profile, &l),
					 WZP_OK);
			check(&l);
		}
	}
}

static void lossless(const struct wzp_fec_layout *l)
{
	int expect = FRAMES;

	/* upstream blocks hold K symbols: a last partial block stays unsent */
	if (l->profile == WZP_PROFILE_UPSTREAM)
		expect -= FRAMES % l->block_symbols;
	assert_int_equal(run(l, 0, 7), expect);
	assert_int_equal(receiver.stats.frames_recovered, 0);
}

static void lossy(const struct wzp_fec_layout *l)
{
	for (uint32_t seed = 1; seed <= 20; seed++)
		run(l, 30, seed);
	assert_true(receiver.stats.frames_received > 0);
}

/* verifies: WZP-FEC-004 WZP-FEC-006 WZP-FEC-007 */
static void test_without_loss_every_frame_arrives_once(void **state)
{
	(void)state;
	each_layout(lossless);
}

/* verifies: WZP-FEC-005 WZP-FEC-007 WZP-FEC-008 */
static void test_with_loss_nothing_arrives_wrong_or_twice(void **state)
{
	(void)state;
	each_layout(lossy);
}

/* verifies: WZP-FEC-008 */
static void test_repairs_alone_rebuild_a_block(void **state)
{
	struct wzp_fec_packet packets[WZP_FEC_PACKETS_MAX], repairs[WZP_FEC_PACKETS_MAX];
	struct wzp_fec_frame frames[WZP_FEC_FRAMES_OUT_MAX];
	struct wzp_fec_layout l;
	size_t n, count, r = 0;
	uint8_t frame[6] = { 1, 2, 3, 4, 5, 6 };

	(void)state;
	wzp_fec_layout_for(WZP_CODEC_CODEC2_1200, WZP_PROFILE_V1, &l);
	wzp_fec_sender_init(&sender, &l, 250);
	wzp_fec_receiver_init(&receiver, &l);
	for (int i = 0; i < 8; i++) {
		frame[0] = (uint8_t)i;
		wzp_fec_sender_add(&sender, frame, sizeof frame, (uint32_t)i * 40, packets, &n);
		for (size_t p = 0; p < n; p++)
			if (packets[p].is_repair)
				repairs[r++] = packets[p];
	}
	assert_int_equal(r, 2); /* K = 2, R = 2: one block of 8 frames */
	assert_int_equal(wzp_fec_receiver_push(&receiver, &repairs[0], frames, &count), WZP_OK);
	assert_int_equal(count, 0);
	assert_int_equal(wzp_fec_receiver_push(&receiver, &repairs[1], frames, &count), WZP_OK);
	assert_int_equal(count, 8);
	for (size_t i = 0; i < count; i++) {
		assert_int_equal(frames[i].timestamp_ms, 40 * i);
		assert_int_equal(frames[i].data[0], i);
		assert_true(frames[i].recovered);
	}
}

/* verifies: WZP-FEC-002 */
static void test_frames_that_do_not_fit_are_refused(void **state)
{
	struct wzp_fec_packet packets[WZP_FEC_PACKETS_MAX];
	struct wzp_fec_layout l;
	uint8_t frame[256] = { 0 };
	size_t n;

	(void)state;
	wzp_fec_layout_for(WZP_CODEC_OPUS24K, WZP_PROFILE_V1, &l);
	wzp_fec_sender_init(&sender, &l, 0);
	assert_int_equal(wzp_fec_sender_add(&sender, frame, 63, 0, packets, &n), WZP_ERR_TOO_LARGE);
	assert_int_equal(wzp_fec_sender_add(&sender, frame, 0, 0, packets, &n),
			 WZP_ERR_FIELD_RANGE);
	assert_int_equal(wzp_fec_sender_add(&sender, frame, 62, 0, packets, &n), WZP_OK);
	assert_int_equal(n, 1);
}

/* verifies: WZP-FEC-012 */
static void test_depth_is_the_largest_within_the_budget(void **state)
{
	static const uint8_t tiers[] = { WZP_CODEC_OPUS24K, WZP_CODEC_OPUS6K,
					 WZP_CODEC_CODEC2_1200 };

	(void)state;
	for (size_t t = 0; t < sizeof tiers; t++) {
		struct wzp_fec_layout l;

		wzp_fec_layout_for(tiers[t], WZP_PROFILE_V1, &l);
		assert_true(l.interleave_depth >= 1);
		assert_true(wzp_fec_stack_delay_ms(&l, l.interleave_depth) <= l.delay_budget_ms);
		assert_true(wzp_fec_stack_delay_ms(&l, l.interleave_depth + 1u) > l.delay_budget_ms);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_without_loss_every_frame_arrives_once),
		cmocka_unit_test(test_with_loss_nothing_arrives_wrong_or_twice),
		cmocka_unit_test(test_repairs_alone_rebuild_a_block),
		cmocka_unit_test(test_frames_that_do_not_fit_are_refused),
		cmocka_unit_test(test_depth_is_the_largest_within_the_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
