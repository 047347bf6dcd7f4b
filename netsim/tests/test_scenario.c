/* test_scenario.c: the scenario file format (netsim/README.md) and its
 * typed errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../src/scenario.h"

static struct netsim_scenario s;

static enum netsim_scenario_err parse(const char *text, unsigned *line)
{
	struct netsim_scenario_error err;
	enum netsim_scenario_err e = netsim_scenario_parse(&s, text, strlen(text), &err);

	assert_int_equal(err.code, e);
	if (line)
		*line = err.line;
	return e;
}

static const char FULL[] = "# a comment\n"
			   "name full-1\n"
			   "duration 60s\n"
			   "codec null\n"
			   "members 4\n"
			   "seed 7\n"
			   "expect recovery bitrate\n"
			   "at 0s\n"
			   "  loss 5%\n"
			   "  delay 150ms\n"
			   "  jitter 20ms normal   # trailing comment\n"
			   "at 0s down\n"
			   "  rate 100kbps\n"
			   "  queue 4KB\n"
			   "at 20.5s up\n"
			   "  burst 30% 4\n"
			   "  reorder 2.5% 30ms\n"
			   "  duplicate 1%\n"
			   "  tier degraded\n"
			   "  blackout 2s\n"
			   "at 40s\n"
			   "  clear\n"
			   "  gilbert 1% 50%\n";

/* verifies: WZP-NETSIM-001 */
static void test_parses_every_key(void **state)
{
	struct netsim_conditions c;

	(void)state;
	assert_int_equal(parse(FULL, NULL), NETSIM_SCENARIO_OK);
	assert_string_equal(s.name, "full-1");
	assert_int_equal(s.duration_us, 60000000);
	assert_int_equal(s.codec, NETSIM_CODEC_NULL);
	assert_int_equal(s.members, 4);
	assert_int_equal(s.seed, 7);
	assert_int_equal(s.expect, NETSIM_EXPECT_RECOVERY | NETSIM_EXPECT_BITRATE);
	assert_int_equal(s.nsteps, 3);

	netsim_scenario_at(&s, NETSIM_UP, 10000000, &c);
	assert_int_equal(c.loss_ppm, 50000);
	assert_int_equal(c.delay_us, 150000);
	assert_int_equal(c.jitter_us, 20000);
	assert_int_equal(c.jitter, NETSIM_JITTER_NORMAL);
	assert_int_equal(c.rate_bps, 0);
	netsim_scenario_at(&s, NETSIM_DOWN, 10000000, &c);
	assert_int_equal(c.rate_bps, 100000);
	assert_int_equal(c.queue_bytes, 4000);
	assert_int_equal(netsim_scenario_tier(&s, 10000000), NETSIM_TIER_AUTO);

	netsim_scenario_at(&s, NETSIM_UP, 21000000, &c);
	assert_true(c.blackout);
	assert_int_equal(c.ge_r_ppm, 250000);  /* mean burst 4 */
	assert_int_equal(c.ge_p_ppm, 107142);  /* r L / (1 - L) */
	assert_int_equal(c.reorder_ppm, 25000);
	assert_int_equal(c.reorder_gap_us, 30000);
	assert_int_equal(c.duplicate_ppm, 10000);
	assert_int_equal(c.loss_ppm, 50000);   /* kept from the step before */
	netsim_scenario_at(&s, NETSIM_DOWN, 21000000, &c);
	assert_false(c.blackout);               /* the blackout was `up` only */
	assert_int_equal(c.ge_p_ppm, 0);
	netsim_scenario_at(&s, NETSIM_UP, 22500000, &c);
	assert_false(c.blackout);               /* [20.5 s, 22.5 s) */
	assert_int_equal(netsim_scenario_tier(&s, 30000000), NETSIM_TIER_DEGRADED);

	netsim_scenario_at(&s, NETSIM_DOWN, 50000000, &c);
	assert_int_equal(c.loss_ppm, 0);        /* cleared */
	assert_int_equal(c.rate_bps, 0);
	assert_int_equal(c.ge_p_ppm, 10000);
	assert_int_equal(c.ge_bad_loss_ppm, 1000000);
	assert_int_equal(netsim_scenario_min_rate(&s, NETSIM_DOWN), 100000);
	assert_int_equal(netsim_scenario_min_rate(&s, NETSIM_UP), 0);
}

/* verifies: WZP-NETSIM-001 */
static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse("name x\nduration 1.5s\n", NULL), NETSIM_SCENARIO_OK);
	assert_int_equal(s.duration_us, 1500000);
	assert_int_equal(s.members, 2);
	assert_int_equal(s.seed, 1);
	assert_int_equal(s.codec, NETSIM_CODEC_REAL);
	assert_int_equal(s.expect, NETSIM_EXPECT_DEFAULT);
	assert_int_equal(s.nsteps, 1);
	assert_int_equal(parse("name x\nduration 1s\nexpect nothing\n", NULL), NETSIM_SCENARIO_OK);
	assert_int_equal(s.expect, 0);
}

struct bad {
	const char *text;
	enum netsim_scenario_err code;
	unsigned line;
};

/* verifies: WZP-NETSIM-001 */
static void test_rejects_with_typed_errors(void **state)
{
	static const struct bad cases[] = {
		{ "name x\n", NETSIM_SCENARIO_MISSING, 0 },
		{ "duration 1s\n", NETSIM_SCENARIO_MISSING, 0 },
		{ "name x\nduration 1s\nname y\n", NETSIM_SCENARIO_DUPLICATE, 3 },
		{ "name x\nduration 1s\nfoo 1\n", NETSIM_SCENARIO_UNKNOWN_KEY, 3 },
		{ "name x\nduration 1s\nloss 101%\n", NETSIM_SCENARIO_RANGE, 3 },
		{ "name x\nduration 1s\nloss 5\n", NETSIM_SCENARIO_SYNTAX, 3 },
		{ "name x\nduration 1s\nloss -5%\n", NETSIM_SCENARIO_SYNTAX, 3 },
		{ "name x\nduration 1s\nloss 5% 6%\n", NETSIM_SCENARIO_SYNTAX, 3 },
		{ "name x\nduration 1s\ndelay 5 ms\n", NETSIM_SCENARIO_SYNTAX, 3 },
		{ "name x\nduration 2h\n", NETSIM_SCENARIO_SYNTAX, 2 },
		{ "name x\nduration 0s\n", NETSIM_SCENARIO_RANGE, 2 },
		{ "name x\nduration 3601s\n", NETSIM_SCENARIO_RANGE, 2 },
		{ "name x\nat 0s\nduration 1s\n", NETSIM_SCENARIO_ORDER, 2 },
		{ "name x\nduration 1s\nat 1s\n", NETSIM_SCENARIO_ORDER, 3 },
		{ "name x\nduration 9s\nat 5s\nat 4s\n", NETSIM_SCENARIO_ORDER, 4 },
		{ "name x\nduration 9s\nat 5s sideways\n", NETSIM_SCENARIO_UNKNOWN_KEY, 3 },
		{ "name x\nduration 1s\nmembers 1\n", NETSIM_SCENARIO_RANGE, 3 },
		{ "name x\nduration 1s\nmembers 17\n", NETSIM_SCENARIO_RANGE, 3 },
		{ "name x\nduration 1s\ncodec mp3\n", NETSIM_SCENARIO_UNKNOWN_KEY, 3 },
		{ "name x\nduration 1s\ntier best\n", NETSIM_SCENARIO_UNKNOWN_KEY, 3 },
		{ "name x\nduration 1s\njitter 5ms pink\n", NETSIM_SCENARIO_UNKNOWN_KEY, 3 },
		{ "name x\nduration 1s\nburst 100% 3\n", NETSIM_SCENARIO_RANGE, 3 },
		{ "name x\nduration 1s\nburst 10% 0.5\n", NETSIM_SCENARIO_RANGE, 3 },
		{ "name x\nduration 1s\nexpect speed\n", NETSIM_SCENARIO_UNKNOWN_KEY, 3 },
		{ "name x y\nduration 1s\n", NETSIM_SCENARIO_SYNTAX, 1 },
		{ "name a/b\nduration 1s\n", NETSIM_SCENARIO_SYNTAX, 1 },
		{ "name x\nduration 1.1234567s\n", NETSIM_SCENARIO_SYNTAX, 2 },
		{ "name x\nduration 1s\nrate 11Mbps\nrate 10001Mbps\n", NETSIM_SCENARIO_RANGE, 4 },
		{ "name x\nduration 1s\nclear 1\n", NETSIM_SCENARIO_SYNTAX, 3 },
		{ "name x\nduration 1s\nqueue 5 s\n", NETSIM_SCENARIO_SYNTAX, 3 },
		{ "name x\nduration 1s\nqueue 5pkts\n", NETSIM_SCENARIO_SYNTAX, 3 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		unsigned line;

		assert_int_equal(parse(cases[i].text, &line), cases[i].code);
		assert_int_equal(line, cases[i].line);
	}
}

/* verifies: WZP-NETSIM-001 */
static void test_limits_and_nul(void **state)
{
	char text[8192] = "name x\nduration 3000s\n";
	struct netsim_scenario_error err;

	(void)state;
	for (int i = 0; i <= NETSIM_STEPS_MAX; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "at %ds\n", i + 1);
	assert_int_equal(parse(text, NULL), NETSIM_SCENARIO_TOO_MANY);
	assert_int_equal(netsim_scenario_parse(&s, "name x\0\nduration 1s\n", 20, &err),
			 NETSIM_SCENARIO_SYNTAX);
	assert_int_equal(err.line, 1);
	assert_string_equal(netsim_scenario_strerror(NETSIM_SCENARIO_ORDER), "out of order");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parses_every_key),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_rejects_with_typed_errors),
		cmocka_unit_test(test_limits_and_nul),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
