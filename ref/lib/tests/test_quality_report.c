/* test_quality_report.c: the report's conversions checked against
 * independent formulations (cross-multiplication instead of division). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wzp/quality_report.h"

/* k is lost/expected*255 rounded half up iff
 * (2k - 1) * expected <= 2 * 255 * lost < (2k + 1) * expected. */
static void assert_rounded_ratio(uint64_t k, uint64_t num, uint64_t den)
{
	assert_true((2 * k + 1) * den > 2 * num);
	if (k > 0)
		assert_true((2 * k - 1) * den <= 2 * num);
}

/* verifies: WZP-WIRE-024 */
static void test_loss_is_ratio_rounded_half_up(void **state)
{
	struct wzp_quality_report r;

	(void)state;
	for (uint32_t expected = 1; expected <= 600; expected++) {
		for (uint32_t lost = 0; lost <= expected; lost++) {
			struct wzp_link_measurements m = { .packets_expected = expected,
							   .packets_lost = lost };

			assert_int_equal(wzp_quality_report_from_measurements(&r, &m), WZP_OK);
			assert_rounded_ratio(r.loss_pct, 255ull * lost, expected);
		}
	}
}

/* verifies: WZP-WIRE-024 */
static void test_more_lost_than_expected_is_refused(void **state)
{
	struct wzp_link_measurements m = { .packets_expected = 9, .packets_lost = 10 };
	struct wzp_quality_report r;

	(void)state;
	assert_int_equal(wzp_quality_report_from_measurements(&r, &m), WZP_ERR_BAD_PARAM);
}

/* verifies: WZP-WIRE-025 WZP-WIRE-023 */
static void test_rtt_rounds_half_up_and_saturates(void **state)
{
	struct wzp_quality_report r;

	(void)state;
	for (uint32_t rtt = 0; rtt <= 1100; rtt++) {
		struct wzp_link_measurements m = { .packets_expected = 1, .rtt_ms = rtt };

		assert_int_equal(wzp_quality_report_from_measurements(&r, &m), WZP_OK);
		if (rtt <= 1021) {
			assert_rounded_ratio(r.rtt_4ms, rtt, 4);
			assert_true(wzp_quality_report_rtt_ms(&r) + 2u >= rtt);
		} else {
			assert_int_equal(r.rtt_4ms, 255);
		}
	}
}

/* verifies: WZP-WIRE-022 */
static void test_loss_percent_thresholds(void **state)
{
	struct wzp_quality_report r = { 0 };

	(void)state;
	r.loss_pct = 102;
	assert_true(wzp_quality_report_loss_percent(&r) == 40.0f);
	r.loss_pct = 103;
	assert_true(wzp_quality_report_loss_percent(&r) > 40.0f);
	r.loss_pct = 255;
	assert_true(wzp_quality_report_loss_percent(&r) == 100.0f);
}

/* verifies: WZP-WIRE-020 WZP-WIRE-021 */
static void test_decode_encode_round_trip(void **state)
{
	uint8_t in[4], out[4];
	struct wzp_quality_report r;
	uint32_t x = 2463534242u;

	(void)state;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13; /* xorshift32, fixed seed */
		x ^= x >> 17;
		x ^= x << 5;
		for (int b = 0; b < 4; b++)
			in[b] = (uint8_t)(x >> (8 * b));
		assert_int_equal(wzp_quality_report_decode(&r, in, 4), WZP_OK);
		wzp_quality_report_encode(out, &r);
		assert_memory_equal(in, out, 4);
	}
	assert_int_equal(wzp_quality_report_decode(&r, in, 3), WZP_ERR_TRUNCATED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loss_is_ratio_rounded_half_up),
		cmocka_unit_test(test_more_lost_than_expected_is_refused),
		cmocka_unit_test(test_rtt_rounds_half_up_and_saturates),
		cmocka_unit_test(test_loss_percent_thresholds),
		cmocka_unit_test(test_decode_encode_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
