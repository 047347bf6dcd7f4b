/* test_verdict.c: the Clopper-Pearson bound and the session assertions
 * (netsim/src/verdict.h), on results made up to sit either side of each
 * line. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../src/verdict.h"

static void near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("%.6f, want %.6f", got, want);
}

/* verifies: WZP-NETSIM-004 */
static void test_clopper_pearson_known_values(void **state)
{
	double lo, hi;

	(void)state;
	/* x = 0: hi = 1 - (alpha/2)^(1/n) */
	netsim_clopper_pearson(0, 10, 0.99, &lo, &hi);
	near(lo, 0, 0);
	near(hi, 1 - pow(0.005, 0.1), 1e-9);
	/* x = n: lo = (alpha/2)^(1/n) */
	netsim_clopper_pearson(20, 20, 0.95, &lo, &hi);
	near(lo, pow(0.025, 1.0 / 20), 1e-9);
	near(hi, 1, 0);
	/* 5 of 10 at 95 %: 0.187086 - 0.812914 (the textbook interval) */
	netsim_clopper_pearson(5, 10, 0.95, &lo, &hi);
	near(lo, 0.187086, 1e-6);
	near(hi, 0.812914, 1e-6);
	near(netsim_betai(2, 3, 0.4), 0.5248, 1e-9); /* I_0.4(2,3) = 1 - 0.6^4 - 4*0.4*0.6^3 */
	netsim_clopper_pearson(0, 0, 0.99, &lo, &hi);
	near(hi, 0, 0);
}

static struct netsim_scenario scenario(const char *text)
{
	struct netsim_scenario s;

	assert_int_equal(netsim_scenario_parse(&s, text, strlen(text), NULL), NETSIM_SCENARIO_OK);
	return s;
}

/* verifies: WZP-NETSIM-004 */
static void test_recovery_against_the_ideal(void **state)
{
	struct netsim_scenario s = scenario("name r\nduration 60s\nexpect recovery\n");
	struct netsim_result r = { .frames_sent = 3000, .frames_played = 2800,
				   .frames_ideal_lost = 180 };
	struct netsim_verdict_set v;

	(void)state;
	/* 200 lost against 180 ideal: within the interval (99 % CP lower 5.7 %) */
	netsim_judge(&s, &r, &v);
	assert_true(v.check[NETSIM_CHECK_RECOVERY].pass);
	assert_true(v.pass);
	/* 300 lost: the lower bound (8.5 %) is above the ideal 6 % */
	r.frames_played = 2700;
	netsim_judge(&s, &r, &v);
	assert_false(v.check[NETSIM_CHECK_RECOVERY].pass);
	assert_false(v.pass);
	/* nothing sent cannot pass */
	r = (struct netsim_result){ 0 };
	netsim_judge(&s, &r, &v);
	assert_false(v.pass);
}

/* verifies: WZP-NETSIM-005, WZP-NETSIM-006 */
static void test_drift_and_latency_lines(void **state)
{
	struct netsim_scenario s = scenario("name d\nduration 60s\nexpect drift latency\n");
	struct netsim_result r = { .drift_ms = -206, .drift_bound_ms = 206,
				   .latency_p95_ms = 320, .latency_budget_ms = 320 };
	struct netsim_verdict_set v;

	(void)state;
	netsim_judge(&s, &r, &v);
	assert_true(v.pass);
	r.drift_ms = 207;
	netsim_judge(&s, &r, &v);
	assert_false(v.check[NETSIM_CHECK_DRIFT].pass);
	assert_true(v.check[NETSIM_CHECK_LATENCY].pass);
	r.drift_ms = 0;
	r.latency_p95_ms = 321;
	netsim_judge(&s, &r, &v);
	assert_false(v.pass);
	/* not asked: recovery fails here yet does not fail the session */
	assert_false(v.check[NETSIM_CHECK_RECOVERY].asked);
}

/* verifies: WZP-NETSIM-007 */
static void test_bitrate_against_the_lowest_cap(void **state)
{
	struct netsim_scenario s = scenario("name b\nduration 60s\nmembers 3\nexpect bitrate\n"
					    "at 0s down\nrate 200kbps\nat 10s down\nrate 100kbps\n");
	struct netsim_result r = { .up_bps = { 500000, 0, 0 }, .down_bps = { 90000, 100000, 0 } };
	struct netsim_verdict_set v;

	(void)state;
	netsim_judge(&s, &r, &v); /* up is not capped; down at most 100 kbps */
	assert_true(v.pass);
	r.down_bps[2] = 100001;
	netsim_judge(&s, &r, &v);
	assert_false(v.pass);
}

/* verifies: WZP-NETSIM-008 */
static void test_fidelity_floor(void **state)
{
	struct netsim_scenario s = scenario("name f\nduration 60s\nexpect fidelity\n");
	struct netsim_result r = { .fidelity = 0.90, .fidelity_floor = 0.90 };
	struct netsim_verdict_set v;

	(void)state;
	netsim_judge(&s, &r, &v);
	assert_true(v.pass);
	r.fidelity = 0.8999;
	netsim_judge(&s, &r, &v);
	assert_false(v.pass);
	r.fidelity = -1; /* not measured (a tier change, the null codec) */
	r.fidelity_floor = 0;
	netsim_judge(&s, &r, &v);
	assert_false(v.pass);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clopper_pearson_known_values),
		cmocka_unit_test(test_recovery_against_the_ideal),
		cmocka_unit_test(test_drift_and_latency_lines),
		cmocka_unit_test(test_bitrate_against_the_lowest_cap),
		cmocka_unit_test(test_fidelity_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
