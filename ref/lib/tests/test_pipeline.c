/* test_pipeline.c: the sender's timestamps and silence handling, the
 * receiver's comfort noise and its use of Opus in-band FEC, over a few
 * seconds of synthetic audio. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/pipeline.h"

#define PI 3.14159265358979323846

static void tone(int16_t *pcm, size_t at, size_t n, double amplitude)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)(amplitude * sin(2.0 * PI * 440.0 * (double)(at + i) / 48000.0));
}

/* verifies: WZP-MEDIA-050 */
static void test_sender_timestamps_and_silence(void **state)
{
	struct wzp_sender_config cfg = { WZP_CODEC_OPUS6K, false, true, WZP_PROFILE_V1 };
	struct wzp_call_sender s;
	int16_t pcm[1920];
	int sent_speech = 0, sent_cn = 0;

	(void)state;
	assert_int_equal(wzp_sender_init(&s, &cfg), WZP_OK);
	for (size_t f = 0; f < 60; f++) {
		struct wzp_media_frame mf;
		bool sent;

		tone(pcm, f * 1920, 1920, f < 20 ? 8000.0 : 0.0);
		assert_int_equal(wzp_sender_frame(&s, pcm, 1920, &mf, &sent), WZP_OK);
		assert_int_equal(s.ts_ms, (f + 1) * 40);
		if (!sent)
			continue;
		assert_int_equal(mf.ts_ms, f * 40);
		assert_int_equal(mf.duration_ms, 40);
		if (mf.codec == WZP_CODEC_COMFORT_NOISE) {
			assert_int_equal(mf.len, 1);
			sent_cn++;
		} else {
			sent_speech++;
		}
	}
	/* 20 speech + 5 hangover; 35 suppressed: CN on the 1st, 11th, 21st, 31st */
	assert_int_equal(sent_speech, 25);
	assert_int_equal(sent_cn, 4);
	assert_int_equal(wzp_sender_frame(&s, pcm, 960, &(struct wzp_media_frame){ 0 }, &(bool){ 0 }),
			 WZP_ERR_BAD_PARAM);
	wzp_sender_free(&s);
}

/* verifies: WZP-MEDIA-051 */
static void test_receiver_rebuilds_a_lost_opus_frame_from_fec(void **state)
{
	static const struct wzp_jb_config jb = { 40, 200, 32 };
	struct wzp_sender_config cfg = { WZP_CODEC_OPUS24K, false, false, WZP_PROFILE_V1 };
	struct wzp_call_sender s;
	struct wzp_call_receiver r;
	int16_t pcm[1920];
	size_t n;

	(void)state;
	assert_int_equal(wzp_sender_init(&s, &cfg), WZP_OK);
	assert_int_equal(wzp_receiver_init(&r, &jb, WZP_PROFILE_V1, 9), WZP_OK);
	for (size_t f = 0; f < 50; f++) {
		struct wzp_media_frame mf;
		bool sent;

		tone(pcm, f * 960, 960, 8000.0);
		assert_int_equal(wzp_sender_frame(&s, pcm, 960, &mf, &sent), WZP_OK);
		if (f % 10 != 5)
			assert_int_equal(wzp_receiver_push(&r, &mf, (uint32_t)(f * 20)), WZP_OK);
		assert_int_equal(wzp_receiver_pull(&r, pcm, &n), WZP_OK);
	}
	assert_int_equal(r.fec_rebuilt, 5);
	assert_int_equal(wzp_jb_stats(&r.jb).lost, 5);
	wzp_sender_free(&s);
	wzp_receiver_free(&r);
}

/* verifies: WZP-MEDIA-012 */
static void test_receiver_plays_comfort_noise_at_the_sent_level(void **state)
{
	static const struct wzp_jb_config jb = { 40, 200, 32 };
	struct wzp_call_receiver r;
	struct wzp_media_frame cn = { WZP_CODEC_COMFORT_NOISE, 0, 20, 1, { 7 } };
	int16_t pcm[1920];
	size_t n, total = 0;
	int peak = 0;

	(void)state;
	assert_int_equal(wzp_receiver_init(&r, &jb, WZP_PROFILE_V1, 5), WZP_OK);
	assert_int_equal(wzp_receiver_push(&r, &cn, 0), WZP_OK);
	for (int t = 0; t < 10; t++) {
		assert_int_equal(wzp_receiver_pull(&r, pcm, &n), WZP_OK);
		for (size_t i = 0; i < n; i++)
			peak = abs(pcm[i]) > peak ? abs(pcm[i]) : peak;
		total += n;
	}
	assert_int_equal(total, 10 * 960);
	assert_int_equal(peak, 7);
	wzp_receiver_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sender_timestamps_and_silence),
		cmocka_unit_test(test_receiver_rebuilds_a_lost_opus_frame_from_fec),
		cmocka_unit_test(test_receiver_plays_comfort_noise_at_the_sent_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
