/* test_fec_ratio.c: the FEC ratio codec's algebra: decode then encode is
 * the identity, encode is monotonic, and every NaN saturates to 0. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/fec_ratio.h"

static float from_bits(uint32_t bits)
{
	float f;

	memcpy(&f, &bits, sizeof f);
	return f;
}

/* verifies: WZP-WIRE-016 WZP-WIRE-018 */
static void test_encode_inverts_decode(void **state)
{
	(void)state;
	for (unsigned e = 0; e <= 127; e++)
		assert_int_equal(wzp_fec_ratio_encode(wzp_fec_ratio_decode((uint8_t)e)), e);
}

/* verifies: WZP-WIRE-018 */
static void test_decode_reads_seven_bits(void **state)
{
	(void)state;
	for (unsigned e = 0; e <= 127; e++)
		assert_true(wzp_fec_ratio_decode((uint8_t)e) == wzp_fec_ratio_decode((uint8_t)(e | 128)));
	assert_true(wzp_fec_ratio_decode(127) == 2.0f);
}

/* verifies: WZP-WIRE-016 WZP-WIRE-017 */
static void test_encode_is_monotonic(void **state)
{
	uint8_t last = 0;

	(void)state;
	/* Every 64th binary32 from +0 to 4.0 (bit patterns are ordered like
	 * the values for non-negative floats). */
	for (uint32_t bits = 0; bits <= 0x40800000u; bits += 64) {
		uint8_t e = wzp_fec_ratio_encode(from_bits(bits));

		assert_true(e >= last);
		last = e;
	}
	assert_int_equal(last, 127);
}

/* verifies: WZP-WIRE-017 */
static void test_nan_and_negative_saturate_to_zero(void **state)
{
	(void)state;
	for (uint32_t mantissa = 1; mantissa < (1u << 23); mantissa = mantissa * 3 + 1) {
		assert_int_equal(wzp_fec_ratio_encode(from_bits(0x7F800000u | mantissa)), 0);
		assert_int_equal(wzp_fec_ratio_encode(from_bits(0xFF800000u | mantissa)), 0);
	}
	assert_int_equal(wzp_fec_ratio_encode(-INFINITY), 0);
	assert_int_equal(wzp_fec_ratio_encode(-1e-30f), 0);
	assert_int_equal(wzp_fec_ratio_encode(INFINITY), 127);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_inverts_decode),
		cmocka_unit_test(test_decode_reads_seven_bits),
		cmocka_unit_test(test_encode_is_monotonic),
		cmocka_unit_test(test_nan_and_negative_saturate_to_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
