/* test_stream_frame.c: the 1 MiB limit on both sides, and reassembly at
 * every split point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/stream_frame.h"

/* verifies: WZP-WIRE-061 */
static void test_encoder_limit_is_one_mebibyte(void **state)
{
	size_t cap = WZP_SIGNAL_MAX_LEN + 8, written;
	uint8_t *msg = calloc(1, cap), *out = malloc(cap);
	struct wzp_stream_reader r;
	const uint8_t *got;
	size_t got_len;
	uint8_t *buf = malloc(WZP_SIGNAL_MAX_LEN);

	(void)state;
	assert_int_equal(wzp_stream_frame_encode(out, cap, &written, msg, WZP_SIGNAL_MAX_LEN),
			 WZP_OK);
	assert_int_equal(written, WZP_SIGNAL_MAX_LEN + 4);
	assert_int_equal(wzp_stream_frame_encode(out, cap, &written, msg, WZP_SIGNAL_MAX_LEN + 1),
			 WZP_ERR_TOO_LARGE);
	wzp_stream_reader_init(&r, buf, WZP_SIGNAL_MAX_LEN, WZP_PROFILE_V1);
	assert_int_equal(wzp_stream_reader_feed(&r, out, WZP_SIGNAL_MAX_LEN + 4), WZP_OK);
	assert_int_equal(wzp_stream_reader_finish(&r, &got, &got_len), WZP_OK);
	assert_int_equal(got_len, WZP_SIGNAL_MAX_LEN);
	free(msg);
	free(out);
	free(buf);
}

/* verifies: WZP-WIRE-060 WZP-WIRE-062 */
static void test_every_split_point(void **state)
{
	static const char msg[] = "{\"Ping\":{\"timestamp_ms\":1711800000000}}";
	uint8_t frame[64], buf[64];
	size_t len;

	(void)state;
	assert_int_equal(wzp_stream_frame_encode(frame, sizeof frame, &len, (const uint8_t *)msg,
						 strlen(msg)), WZP_OK);
	for (size_t a = 0; a <= len; a++) {
		for (size_t b = a; b <= len; b++) {
			struct wzp_stream_reader r;
			const uint8_t *got;
			size_t got_len;

			wzp_stream_reader_init(&r, buf, sizeof buf, WZP_PROFILE_V1);
			assert_int_equal(wzp_stream_reader_feed(&r, frame, a), WZP_OK);
			assert_int_equal(wzp_stream_reader_feed(&r, frame + a, b - a), WZP_OK);
			assert_int_equal(wzp_stream_reader_feed(&r, frame + b, len - b), WZP_OK);
			assert_int_equal(wzp_stream_reader_finish(&r, &got, &got_len), WZP_OK);
			assert_memory_equal(got, msg, strlen(msg));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoder_limit_is_one_mebibyte),
		cmocka_unit_test(test_every_split_point),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
