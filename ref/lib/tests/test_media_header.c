/* test_media_header.c: properties of the MediaHeader codec over every
 * value of its first two bytes, and the no-partial-output contract. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/media_header.h"

static const uint8_t tail[10] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x00, 0x00 };

static void fill(uint8_t buf[12], unsigned b0, unsigned b1)
{
	buf[0] = (uint8_t)b0;
	buf[1] = (uint8_t)b1;
	memcpy(buf + 2, tail, sizeof tail);
}

/* verifies: WZP-WIRE-002 WZP-WIRE-003 WZP-WIRE-004 WZP-WIRE-005 WZP-WIRE-006 WZP-WIRE-007 WZP-WIRE-008 */
static void test_every_first_two_bytes_round_trip(void **state)
{
	uint8_t in[12], out[12];
	struct wzp_media_header h;

	(void)state;
	for (unsigned b0 = 0; b0 < 256; b0++) {
		for (unsigned b1 = 0; b1 < 256; b1++) {
			bool known = ((b0 >> 2) & 15) <= 5;

			fill(in, b0, b1);
			assert_int_equal(wzp_media_header_decode(&h, in, 12, WZP_PROFILE_UPSTREAM) == WZP_OK,
					 known);
			if (!known)
				continue;
			assert_int_equal(wzp_media_header_encode(out, &h, WZP_PROFILE_UPSTREAM), WZP_OK);
			in[1] &= 0xFC; /* the unused bits come back as 0 */
			assert_memory_equal(in, out, 12);
		}
	}
}

/* verifies: WZP-WIRE-002 WZP-WIRE-005 */
static void test_v1_accepts_exactly_version_0_and_known_codecs(void **state)
{
	uint8_t in[12];
	struct wzp_media_header h;

	(void)state;
	for (unsigned b0 = 0; b0 < 256; b0++) {
		enum wzp_err want = (b0 >> 7) ? WZP_ERR_UNSUPPORTED_VERSION
				    : ((b0 >> 2) & 15) > 5 ? WZP_ERR_UNKNOWN_CODEC : WZP_OK;

		fill(in, b0, 0);
		assert_int_equal(wzp_media_header_decode(&h, in, 12, WZP_PROFILE_V1), want);
	}
}

/* verifies: WZP-WIRE-001 */
static void test_failed_decode_leaves_output_untouched(void **state)
{
	uint8_t in[12] = { 0 };
	struct wzp_media_header h, before;

	(void)state;
	memset(&h, 0xA5, sizeof h);
	before = h;
	for (size_t len = 0; len < 12; len++)
		assert_int_equal(wzp_media_header_decode(&h, in, len, WZP_PROFILE_V1), WZP_ERR_TRUNCATED);
	in[0] = 0x80;
	assert_int_equal(wzp_media_header_decode(&h, in, 12, WZP_PROFILE_V1),
			 WZP_ERR_UNSUPPORTED_VERSION);
	assert_memory_equal(&h, &before, sizeof h);
}

/* verifies: WZP-WIRE-013 WZP-WIRE-014 WZP-WIRE-015 */
static void test_failed_encode_writes_nothing(void **state)
{
	struct wzp_media_header bad[] = {
		{ .fec_ratio_encoded = 128 }, { .reserved = 1 }, { .csrc_count = 1 },
		{ .version = 1 }, { .codec_id = 6 },
	};
	uint8_t out[12], before[12];

	(void)state;
	memset(out, 0x5A, sizeof out);
	memcpy(before, out, sizeof out);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_not_equal(wzp_media_header_encode(out, &bad[i], WZP_PROFILE_V1), WZP_OK);
		assert_memory_equal(out, before, sizeof out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_first_two_bytes_round_trip),
		cmocka_unit_test(test_v1_accepts_exactly_version_0_and_known_codecs),
		cmocka_unit_test(test_failed_decode_leaves_output_untouched),
		cmocka_unit_test(test_failed_encode_writes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
