/* test_channel.c: the network model (netsim/src/channel.h): loss rates,
 * bursts, order, reordering, duplication, the bottleneck and its queue,
 * blackouts, and the independence of draws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../src/channel.h"

#define N 200000

static struct netsim_verdict v[N];

static void run(const struct netsim_conditions *c, uint64_t seed, uint64_t gap_us, size_t bytes,
		struct netsim_channel *ch)
{
	netsim_channel_init(ch, seed, 0);
	for (size_t i = 0; i < N; i++)
		netsim_channel_send(ch, c, i * gap_us, bytes, &v[i]);
}

/* verifies: WZP-NETSIM-002 */
static void test_iid_loss_rate(void **state)
{
	struct netsim_conditions c = { .loss_ppm = 300000 };
	struct netsim_channel ch;

	(void)state;
	run(&c, 1, 20000, 100, &ch);
	/* 30 % of 200 000: sd 205 packets; 5 sd either side */
	assert_in_range(ch.stats.fate[NETSIM_DROP_LOSS], 60000 - 1025, 60000 + 1025);
	assert_int_equal(ch.stats.packets, N);
	assert_int_equal(netsim_conditions_loss_ppm(&c), 300000);
}

/* verifies: WZP-NETSIM-002 */
static void test_gilbert_elliott_bursts(void **state)
{
	struct netsim_conditions c = { 0 };
	struct netsim_scenario s;
	struct netsim_channel ch;
	uint64_t bursts = 0, lost;

	(void)state;
	assert_int_equal(netsim_scenario_parse(&s, "name b\nduration 1s\nburst 20% 4\n", 30, NULL),
			 NETSIM_SCENARIO_OK);
	netsim_scenario_at(&s, NETSIM_UP, 0, &c);
	run(&c, 2, 20000, 100, &ch);
	lost = ch.stats.fate[NETSIM_DROP_BURST];
	for (size_t i = 0; i < N; i++)
		if (v[i].fate == NETSIM_DROP_BURST && (i == 0 || v[i - 1].fate != NETSIM_DROP_BURST))
			bursts++;
	assert_in_range(lost, 38000, 42000);              /* 20 % */
	assert_in_range(lost * 100 / bursts, 370, 430);   /* mean burst 4 packets */
	assert_in_range(netsim_conditions_loss_ppm(&c), 199990, 200000);
}

/* verifies: WZP-NETSIM-002 */
static void test_jitter_keeps_order_reorder_breaks_it(void **state)
{
	struct netsim_conditions c = { .delay_us = 100000, .jitter_us = 30000,
				       .jitter = NETSIM_JITTER_NORMAL };
	struct netsim_channel ch;
	size_t inversions = 0;
	uint64_t lo = UINT64_MAX;

	(void)state;
	run(&c, 3, 20000, 100, &ch);
	for (size_t i = 1; i < N; i++) {
		assert_true(v[i].deliver_us[0] >= v[i - 1].deliver_us[0]);
		if (v[i].deliver_us[0] - i * 20000 < lo)
			lo = v[i].deliver_us[0] - i * 20000;
	}
	assert_true(lo < 100000 - 30000); /* early arrivals: jitter both ways */
	c.reorder_ppm = 50000;
	c.reorder_gap_us = 50000;
	run(&c, 3, 20000, 100, &ch);
	for (size_t i = 1; i < N; i++)
		inversions += v[i].deliver_us[0] < v[i - 1].deliver_us[0];
	assert_in_range(ch.stats.reordered, 9000, 11000);
	assert_in_range(inversions, 5000, ch.stats.reordered);
}

/* verifies: WZP-NETSIM-002 */
static void test_jitter_distributions(void **state)
{
	static const enum netsim_jitter dists[] = { NETSIM_JITTER_UNIFORM, NETSIM_JITTER_NORMAL,
						    NETSIM_JITTER_EXPONENTIAL };
	struct netsim_channel ch;

	(void)state;
	for (size_t d = 0; d < 3; d++) {
		/* packets 1 s apart: the order clamp never bites */
		struct netsim_conditions c = { .delay_us = 200000, .jitter_us = 20000,
					       .jitter = dists[d] };
		int64_t sum = 0;

		run(&c, 4, 1000000, 100, &ch);
		for (size_t i = 0; i < N; i++) {
			int64_t j = (int64_t)(v[i].deliver_us[0] - i * 1000000) - 200000;

			if (dists[d] == NETSIM_JITTER_UNIFORM)
				assert_in_range(j + 20000, 0, 40000);
			if (dists[d] == NETSIM_JITTER_EXPONENTIAL)
				assert_true(j >= 0);
			sum += j;
		}
		/* mean 0, 0 and 20 ms */
		assert_in_range(sum / N + 1000, dists[d] == NETSIM_JITTER_EXPONENTIAL ? 20700 : 700,
				dists[d] == NETSIM_JITTER_EXPONENTIAL ? 21300 : 1300);
	}
}

/* verifies: WZP-NETSIM-002 */
static void test_duplicates_never_earlier(void **state)
{
	struct netsim_conditions c = { .delay_us = 50000, .jitter_us = 10000,
				       .duplicate_ppm = 100000 };
	struct netsim_channel ch;

	(void)state;
	run(&c, 5, 20000, 100, &ch);
	assert_in_range(ch.stats.duplicated, 19000, 21000);
	for (size_t i = 0; i < N; i++)
		if (v[i].copies == 2)
			assert_true(v[i].deliver_us[1] >= v[i].deliver_us[0]);
}

/* verifies: WZP-NETSIM-002 */
static void test_bottleneck_rate_and_queue(void **state)
{
	/* 200 B every 10 ms is 160 kbit/s into a 100 kbit/s link, 100 ms queue */
	struct netsim_conditions c = { .rate_bps = 100000, .queue_us = 100000 };
	struct netsim_channel ch;
	uint64_t last = 0, delivered = 0;

	(void)state;
	run(&c, 6, 10000, 200, &ch);
	for (size_t i = 0; i < N; i++) {
		if (!v[i].copies)
			continue;
		delivered++;
		/* one packet takes 16 ms on the link; queue 100 ms ahead of it */
		assert_true(v[i].deliver_us[0] >= last + 16000);
		assert_true(v[i].deliver_us[0] - i * 10000 <= 100000 + 16000);
		last = v[i].deliver_us[0];
	}
	/* the link carries 62.5 % of what is offered */
	assert_in_range(delivered, N * 625 / 1000 - 200, N * 625 / 1000 + 200);
	assert_int_equal(ch.stats.fate[NETSIM_DROP_QUEUE], N - delivered);
	c.queue_us = 0;
	c.queue_bytes = 1000; /* five packets: 80 ms */
	run(&c, 6, 10000, 200, &ch);
	for (size_t i = 0; i < N; i++)
		if (v[i].copies)
			assert_true(v[i].deliver_us[0] - i * 10000 <= 80000 + 16000);
}

/* verifies: WZP-NETSIM-002 */
static void test_blackout_drops_all(void **state)
{
	struct netsim_conditions c = { .blackout = true };
	struct netsim_channel ch;

	(void)state;
	run(&c, 7, 20000, 100, &ch);
	assert_int_equal(ch.stats.fate[NETSIM_DROP_BLACKOUT], N);
}

/* verifies: WZP-NETSIM-003 */
static void test_draws_are_per_packet(void **state)
{
	struct netsim_conditions plain = { .loss_ppm = 100000 };
	struct netsim_conditions jittery = { .loss_ppm = 100000, .delay_us = 80000,
					     .jitter_us = 40000, .jitter = NETSIM_JITTER_NORMAL,
					     .duplicate_ppm = 300000 };
	struct netsim_channel a, b;
	static uint8_t lost[N];

	(void)state;
	run(&plain, 8, 20000, 100, &a);
	for (size_t i = 0; i < N; i++)
		lost[i] = v[i].fate != NETSIM_DELIVERED;
	/* jitter and duplication draw more numbers per packet, yet the same
	 * packets are lost */
	run(&jittery, 8, 20000, 100, &b);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(lost[i], v[i].fate != NETSIM_DELIVERED);
	/* and another seed loses others */
	run(&plain, 9, 20000, 100, &b);
	assert_true(memcmp(&a.rng, &b.rng, sizeof a.rng) != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iid_loss_rate),
		cmocka_unit_test(test_gilbert_elliott_bursts),
		cmocka_unit_test(test_jitter_keeps_order_reorder_breaks_it),
		cmocka_unit_test(test_jitter_distributions),
		cmocka_unit_test(test_duplicates_never_earlier),
		cmocka_unit_test(test_bottleneck_rate_and_queue),
		cmocka_unit_test(test_blackout_drops_all),
		cmocka_unit_test(test_draws_are_per_packet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
