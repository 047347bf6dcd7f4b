/* test_silence.c: the voice detector's hangover, the comfort-noise
 * cadence per profile, the generator, and the denoiser. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/denoise.h"
#include "wzp/silence.h"

static void fill(int16_t *pcm, size_t n, int16_t v)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)(i % 2 ? v : -v);
}

/* verifies: WZP-MEDIA-010 */
static void test_vad_hangover_and_threshold(void **state)
{
	struct wzp_vad v;
	int16_t loud[960], quiet[960];

	(void)state;
	fill(loud, 960, 100); /* RMS exactly 100: speech (not strictly below) */
	fill(quiet, 960, 99);
	wzp_vad_init(&v);
	assert_false(wzp_vad_suppress(&v, loud, 960));
	for (int i = 1; i <= 5; i++)
		assert_false(wzp_vad_suppress(&v, quiet, 960));
	assert_true(wzp_vad_suppress(&v, quiet, 960)); /* the 6th silent frame */
	assert_true(wzp_vad_suppress(&v, quiet, 960));
	assert_false(wzp_vad_suppress(&v, loud, 960));
	assert_false(wzp_vad_suppress(&v, quiet, 960));
	assert_true(wzp_frame_rms(loud, 0) == 0.0);
}

static int cn_frames(enum wzp_profile profile, int *first)
{
	struct wzp_vad v;
	int16_t quiet[960] = { 0 };
	int count = 0;

	*first = -1;
	wzp_vad_init(&v);
	for (int i = 1; i <= 45; i++)
		if (wzp_vad_suppress(&v, quiet, 960) && wzp_vad_send_cn(&v, profile)) {
			count++;
			if (*first < 0)
				*first = i;
		}
	return count;
}

/* verifies: WZP-MEDIA-011 */
static void test_cn_cadence(void **state)
{
	int first;

	(void)state;
	/* 40 suppressed frames (6..45): wzp/1 on the 1st, 11th, 21st, 31st */
	assert_int_equal(cn_frames(WZP_PROFILE_V1, &first), 4);
	assert_int_equal(first, 6);
	/* upstream on the 10th, 20th, 30th, 40th: the first at frame 15 */
	assert_int_equal(cn_frames(WZP_PROFILE_UPSTREAM, &first), 4);
	assert_int_equal(first, 15);
}

/* verifies: WZP-MEDIA-012 */
static void test_comfort_noise_level_and_range(void **state)
{
	struct wzp_comfort_noise a, b;
	int16_t x[4800], y[4800];
	uint8_t payload[1] = { 20 };
	int lo = 0, hi = 0;

	(void)state;
	assert_int_equal(wzp_cn_level(payload, 1, WZP_PROFILE_V1), 20);
	assert_int_equal(wzp_cn_level(payload, 1, WZP_PROFILE_UPSTREAM), 50);
	assert_int_equal(wzp_cn_level(payload, 0, WZP_PROFILE_V1), 50);
	wzp_cn_init(&a, 7);
	wzp_cn_init(&b, 7);
	wzp_cn_fill(&a, 20, x, 4800);
	wzp_cn_fill(&b, 20, y, 4800);
	assert_memory_equal(x, y, sizeof x);
	for (size_t i = 0; i < 4800; i++) {
		lo = x[i] < lo ? x[i] : lo;
		hi = x[i] > hi ? x[i] : hi;
	}
	assert_int_equal(lo, -20);
	assert_int_equal(hi, 20);
}

/* verifies: WZP-MEDIA-013 */
static void test_denoiser_quietens_noise_in_every_piece(void **state)
{
	struct wzp_denoiser d;
	struct wzp_comfort_noise rng;
	int16_t pcm[1920];
	double first = 0, second = 0, in = 0;

	(void)state;
	assert_int_equal(wzp_denoiser_init(&d), WZP_OK);
	wzp_cn_init(&rng, 3);
	for (int f = 0; f < 100; f++) {
		wzp_cn_fill(&rng, 200, pcm, 1920);
		if (f == 99)
			for (size_t i = 0; i < 1920; i++)
				in += (double)pcm[i] * pcm[i];
		assert_int_equal(wzp_denoise(&d, pcm, 1920), WZP_OK);
	}
	for (size_t i = 0; i < 960; i++) {
		first += (double)pcm[i] * pcm[i];
		second += (double)pcm[960 + i] * pcm[960 + i];
	}
	/* both halves of a 40 ms frame, where upstream skips the second */
	assert_true(first < in / 2 / 4);
	assert_true(second < in / 2 / 4);
	assert_int_equal(wzp_denoise(&d, pcm, 500), WZP_ERR_BAD_PARAM);
	wzp_denoiser_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vad_hangover_and_threshold),
		cmocka_unit_test(test_cn_cadence),
		cmocka_unit_test(test_comfort_noise_level_and_range),
		cmocka_unit_test(test_denoiser_quietens_noise_in_every_piece),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
