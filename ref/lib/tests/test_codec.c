/* test_codec.c: the codecs, their frame lengths, concealment, the
 * resampler and the size cap; Opus in-band FEC measured against plain
 * concealment (decision 0040). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <opus/opus.h>

#include "wzp/codec.h"
#include "wzp/fidelity.h"
#include "wzp/pipeline.h"
#include "wzp/resample.h"

#define PI 3.14159265358979323846

/* A chirp 200 -> 3000 Hz repeating every 0.5 s, amplitude 8000. */
static int16_t chirp(size_t i)
{
	double t = (double)(i % 24000) / 48000.0;

	return (int16_t)(8000.0 * sin(2.0 * PI * (200.0 * t + 2800.0 * t * t)));
}

static void fill_chirp(int16_t *pcm, size_t at, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = chirp(at + i);
}

/* verifies: WZP-MEDIA-001 */
static void test_frame_lengths_and_refusals(void **state)
{
	static const size_t samples[] = { 960, 960, 1920, 960, 1920, 960 };
	struct wzp_encoder e;
	int16_t pcm[1920] = { 0 };
	uint8_t out[WZP_MAX_ENCODED_FRAME];
	size_t n;

	(void)state;
	for (uint8_t c = 0; c <= WZP_CODEC_COMFORT_NOISE; c++)
		assert_int_equal(wzp_codec_frame_samples(c), samples[c]);
	assert_int_equal(wzp_encoder_init(&e, WZP_CODEC_COMFORT_NOISE), WZP_ERR_UNKNOWN_CODEC);
	assert_int_equal(wzp_encoder_init(&e, 6), WZP_ERR_UNKNOWN_CODEC);
	assert_int_equal(wzp_encoder_init(&e, WZP_CODEC_OPUS24K), WZP_OK);
	assert_int_equal(wzp_encoder_encode(&e, pcm, 1920, out, sizeof out, &n), WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_encoder_encode(&e, pcm, 960, out, sizeof out, &n), WZP_OK);
	wzp_encoder_free(&e);
}

/* verifies: WZP-MEDIA-002 */
static void test_decoder_follows_each_packets_codec(void **state)
{
	static const size_t bytes[] = { 0, 0, 0, 8, 6 };
	struct wzp_decoder d;
	int16_t pcm[1920];
	uint8_t out[WZP_MAX_ENCODED_FRAME];

	(void)state;
	assert_int_equal(wzp_decoder_init(&d), WZP_OK);
	for (uint8_t c = 0; c < WZP_CODEC_COMFORT_NOISE; c++) {
		struct wzp_encoder e;
		size_t n = wzp_codec_frame_samples(c), len, got = 0;

		fill_chirp(pcm, 0, n);
		assert_int_equal(wzp_encoder_init(&e, c), WZP_OK);
		assert_int_equal(wzp_encoder_encode(&e, pcm, n, out, sizeof out, &len), WZP_OK);
		if (bytes[c])
			assert_int_equal(len, bytes[c]);
		assert_int_equal(wzp_decoder_decode(&d, c, out, len, pcm, &got), WZP_OK);
		assert_int_equal(got, n);
		wzp_encoder_free(&e);
	}
	assert_int_equal(wzp_decoder_decode(&d, WZP_CODEC_CODEC2_3200, out, 7, pcm, &(size_t){ 0 }),
			 WZP_ERR_TRUNCATED);
	assert_int_equal(wzp_decoder_decode(&d, 5, out, 1, pcm, &(size_t){ 0 }),
			 WZP_ERR_UNKNOWN_CODEC);
	wzp_decoder_free(&d);
}

static double peak(const int16_t *pcm, size_t n)
{
	double p = 0;

	for (size_t i = 0; i < n; i++)
		p = fmax(p, fabs((double)pcm[i]));
	return p;
}

/* verifies: WZP-MEDIA-003 */
static void test_codec2_concealment_fades_out(void **state)
{
	struct wzp_encoder e;
	struct wzp_decoder d;
	int16_t pcm[1920];
	uint8_t out[16];
	size_t len, n;
	double level[5];

	(void)state;
	assert_int_equal(wzp_decoder_init(&d), WZP_OK);
	assert_int_equal(wzp_encoder_init(&e, WZP_CODEC_CODEC2_3200), WZP_OK);
	for (size_t f = 0; f < 10; f++) {
		fill_chirp(pcm, f * 960, 960);
		assert_int_equal(wzp_encoder_encode(&e, pcm, 960, out, sizeof out, &len), WZP_OK);
		assert_int_equal(wzp_decoder_decode(&d, WZP_CODEC_CODEC2_3200, out, len, pcm, &n),
				 WZP_OK);
	}
	level[0] = peak(pcm, 960);
	for (size_t k = 1; k < 5; k++) {
		assert_int_equal(wzp_decoder_conceal(&d, pcm, 960), WZP_OK);
		level[k] = peak(pcm, 960);
	}
	assert_true(level[0] > 500);
	assert_true(level[1] > 0 && level[1] < level[0] * 0.8);
	assert_true(level[3] > 0 && level[3] < level[1]);
	assert_true(level[4] == 0);
	assert_int_equal(wzp_decoder_conceal(&d, pcm, 100), WZP_ERR_BAD_PARAM);
	wzp_encoder_free(&e);
	wzp_decoder_free(&d);
}

/* verifies: WZP-MEDIA-003 */
static void test_opus_concealment_fills_the_frame(void **state)
{
	struct wzp_decoder d;
	int16_t pcm[1920];

	(void)state;
	assert_int_equal(wzp_decoder_init(&d), WZP_OK);
	memset(pcm, 0x55, sizeof pcm);
	assert_int_equal(wzp_decoder_conceal(&d, pcm, 960), WZP_OK);
	assert_int_equal(wzp_decoder_conceal(&d, pcm, 1920), WZP_OK);
	wzp_decoder_free(&d);
}

/* verifies: WZP-MEDIA-004 */
static void test_resampler_is_exact_and_its_delay_known(void **state)
{
	struct wzp_resampler down, up;
	int16_t in[1920], low[320], out[1920];

	(void)state;
	assert_int_equal(wzp_resampler_init(&down, 48000, 8000), WZP_OK);
	assert_int_equal(wzp_resampler_init(&up, 8000, 48000), WZP_OK);
	for (size_t f = 0; f < 500; f++) {
		size_t n = f % 2 ? 1920 : 960;

		fill_chirp(in, f * 960, n);
		assert_int_equal(wzp_resampler_run(&down, in, n, low, n / 6), WZP_OK);
		assert_int_equal(wzp_resampler_run(&up, low, n / 6, out, n), WZP_OK);
	}
	assert_int_equal(wzp_resampler_run(&down, in, 961, low, 160), WZP_ERR_BAD_PARAM);
	/* 5 ms each way at quality 5: 40 samples at 8 kHz, 240 at 48 kHz */
	assert_int_equal(wzp_resampler_delay(&down), 40);
	assert_int_equal(wzp_resampler_delay(&up), 240);
	wzp_resampler_free(&down);
	wzp_resampler_free(&up);
}

/* verifies: WZP-MEDIA-005 */
static void test_opus_settings(void **state)
{
	struct wzp_encoder e;
	opus_int32 v;

	(void)state;
	assert_int_equal(wzp_encoder_init(&e, WZP_CODEC_OPUS24K), WZP_OK);
	assert_int_equal(opus_encoder_ctl(e.opus, OPUS_GET_BITRATE(&v)), OPUS_OK);
	assert_int_equal(v, 24000);
	assert_int_equal(opus_encoder_ctl(e.opus, OPUS_GET_COMPLEXITY(&v)), OPUS_OK);
	assert_int_equal(v, WZP_OPUS_COMPLEXITY);
	assert_int_equal(opus_encoder_ctl(e.opus, OPUS_GET_INBAND_FEC(&v)), OPUS_OK);
	assert_int_equal(v, 1);
	assert_int_equal(opus_encoder_ctl(e.opus, OPUS_GET_PACKET_LOSS_PERC(&v)), OPUS_OK);
	assert_int_equal(v, 10);
	assert_int_equal(opus_encoder_ctl(e.opus, OPUS_GET_DTX(&v)), OPUS_OK);
	assert_int_equal(v, 0);
	wzp_encoder_free(&e);
}

/* verifies: WZP-MEDIA-006 */
static void test_encoded_frames_fit_the_symbol(void **state)
{
	struct wzp_encoder e;
	int16_t pcm[960];
	uint8_t out[400];
	size_t len;
	uint32_t x = 1;

	(void)state;
	assert_int_equal(wzp_encoder_init(&e, WZP_CODEC_OPUS24K), WZP_OK);
	assert_int_equal(opus_encoder_ctl(e.opus, OPUS_SET_BITRATE(256000)), OPUS_OK);
	for (size_t f = 0; f < 20; f++) {
		for (size_t i = 0; i < 960; i++) {
			x = x * 1103515245u + 12345u;
			pcm[i] = (int16_t)(x >> 16);
		}
		assert_int_equal(wzp_encoder_encode(&e, pcm, 960, out, sizeof out, &len), WZP_OK);
		assert_true(len <= WZP_MAX_ENCODED_FRAME);
		assert_int_equal(wzp_encoder_encode(&e, pcm, 960, out, 40, &len), WZP_OK);
		assert_true(len <= 40);
	}
	wzp_encoder_free(&e);
}

/* Speech-like input (a chirp) through Opus 24k with every 5th frame lost:
 * rebuilt from the next frame's in-band FEC, or concealed. */
static double lossy_fidelity(bool use_fec)
{
	enum { FRAMES = 150, N = FRAMES * 960 };
	static int16_t in[N + 960], out[N + 960];
	uint8_t bytes[FRAMES][WZP_MAX_ENCODED_FRAME];
	size_t len[FRAMES], n;
	struct wzp_encoder e;
	struct wzp_decoder d;

	assert_int_equal(wzp_encoder_init(&e, WZP_CODEC_OPUS24K), WZP_OK);
	assert_int_equal(wzp_decoder_init(&d), WZP_OK);
	for (size_t f = 0; f < FRAMES; f++) {
		fill_chirp(in + f * 960, f * 960, 960);
		assert_int_equal(wzp_encoder_encode(&e, in + f * 960, 960, bytes[f], WZP_MAX_ENCODED_FRAME,
						    &len[f]), WZP_OK);
	}
	for (size_t f = 0; f < FRAMES; f++) {
		int16_t *pcm = out + f * 960;

		if (f % 5 != 2)
			assert_int_equal(wzp_decoder_decode(&d, 0, bytes[f], len[f], pcm, &n), WZP_OK);
		else if (use_fec)
			assert_int_equal(wzp_decoder_recover(&d, bytes[f + 1], len[f + 1], pcm, 960),
					 WZP_OK);
		else
			assert_int_equal(wzp_decoder_conceal(&d, pcm, 960), WZP_OK);
	}
	wzp_encoder_free(&e);
	wzp_decoder_free(&d);
	return wzp_fidelity_waveform(in, out, N - 960, WZP_DELAY_OPUS, 24);
}

/* verifies: WZP-MEDIA-005, WZP-MEDIA-051 */
static void test_inband_fec_beats_concealment_at_20_percent_loss(void **state)
{
	double fec = lossy_fidelity(true), plc = lossy_fidelity(false);

	(void)state;
	print_message("Opus 24k, 20 %% loss: in-band FEC %.3f, concealment %.3f\n", fec, plc);
	assert_true(fec > plc + 0.05);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_lengths_and_refusals),
		cmocka_unit_test(test_decoder_follows_each_packets_codec),
		cmocka_unit_test(test_codec2_concealment_fades_out),
		cmocka_unit_test(test_opus_concealment_fills_the_frame),
		cmocka_unit_test(test_resampler_is_exact_and_its_delay_known),
		cmocka_unit_test(test_opus_settings),
		cmocka_unit_test(test_encoded_frames_fit_the_symbol),
		cmocka_unit_test(test_inband_fec_beats_concealment_at_20_percent_loss),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
