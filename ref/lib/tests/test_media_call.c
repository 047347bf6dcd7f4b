/* test_media_call.c: 60 s of speech through the full call pipeline per
 * tier (PCM -> encode -> FEC -> framing -> protection -> datagrams -> open
 * -> FEC -> jitter buffer -> decode -> PCM, call.h), with zero loss: no
 * drift, and the fidelity floor of each codec passed by the decoded signal
 * and failed by the negative controls (silence, another voice, the right
 * signal one frame late). Fixtures come from
 * tools/fixtures/speech (espeak-ng) in build/fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "speech_fixture.h"
#include "wzp/call.h"
#include "wzp/fidelity.h"

#define SECONDS 60
#define N (48000 * SECONDS)
#define SLACK 48000 /* room for the codec delay and the jitter buffer */

struct call_result {
	size_t in, out;
	double real, silence, other, shifted;
};

static const uint8_t key[WZP_MEDIA_KEY_SIZE] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static void deliver(struct wzp_call_rx *r, const struct wzp_datagram *d, size_t count,
		    uint32_t now)
{
	for (size_t i = 0; i < count; i++)
		assert_int_equal(wzp_call_rx_push(r, d[i].bytes, d[i].len, now), WZP_OK);
}

/* Sends every frame at its own time, pulls once per frame tick, then
 * closes the last block and drains; returns what came out. */
static struct call_result run_call(uint8_t codec)
{
	static const struct wzp_jb_config jb = { 40, 200, 64 };
	struct wzp_call_tx_config tc = { { codec, false, false, WZP_PROFILE_V1 }, key,
					 WZP_DIR_CALLER, 250 };
	struct wzp_call_tx *s = calloc(1, sizeof *s);
	struct wzp_call_rx *r = calloc(1, sizeof *r);
	struct wzp_datagram *d = calloc(WZP_CALL_OUT_MAX, sizeof *d);
	struct call_result res = { 0 };
	int16_t *in = speech_load(SPEECH_A, N, SLACK);
	int16_t *other = speech_load(SPEECH_B, N, SLACK);
	int16_t *out = calloc(N + SLACK, sizeof *out), *silence = calloc(N + SLACK, sizeof *out);
	size_t fs = wzp_codec_frame_samples(codec), n, count, ticks = 0;
	int16_t frame[WZP_MAX_FRAME_SAMPLES], pcm[WZP_MAX_FRAME_SAMPLES];

	assert_int_equal(wzp_call_tx_init(s, &tc), WZP_OK);
	assert_int_equal(wzp_call_rx_init(r, &jb, WZP_PROFILE_V1, 1, key, WZP_DIR_CALLER), WZP_OK);
	for (res.in = 0; res.in + fs <= N; res.in += fs) {
		memcpy(frame, in + res.in, fs * sizeof *frame);
		assert_int_equal(wzp_call_tx_frame(s, frame, fs, d, &count), WZP_OK);
		deliver(r, d, count, (uint32_t)(res.in / 48));
		assert_int_equal(wzp_call_rx_pull(r, pcm, &n), WZP_OK);
		memcpy(out + res.out, pcm, n * sizeof *pcm);
		res.out += n;
	}
	assert_int_equal(wzp_call_tx_flush(s, d, &count), WZP_OK);
	deliver(r, d, count, (uint32_t)(res.in / 48));
	do {
		assert_int_equal(wzp_call_rx_pull(r, pcm, &n), WZP_OK);
		assert_true(res.out + n <= N + SLACK);
		memcpy(out + res.out, pcm, n * sizeof *pcm);
		res.out += n;
	} while (n > 0 && ++ticks < 100);
	struct wzp_call_rx_stats rs = wzp_call_rx_stats(r);
	assert_int_equal(rs.frames_received, s->stats.frames);
	assert_int_equal(rs.packets, s->stats.packets);
	assert_int_equal(rs.bytes, s->stats.bytes);
	assert_int_equal(rs.frames_recovered + rs.auth_failures + rs.malformed, 0);
	print_message("codec %u: %u frames, %u datagrams (%u repairs), %.1f kbit/s on the wire\n",
		      codec, s->stats.frames, s->stats.packets, s->stats.repairs,
		      (double)s->stats.bytes * 8 / SECONDS / 1000);
	struct wzp_jb_stats st = wzp_jb_stats(&r->media.jb);
	assert_int_equal(st.lost + st.late + st.overruns, 0);
	res.real = wzp_fidelity_measure(codec, in, out, N - SLACK);
	res.silence = wzp_fidelity_measure(codec, in, silence, N - SLACK);
	res.other = wzp_fidelity_measure(codec, other, out, N - SLACK);
	res.shifted = wzp_fidelity_measure(codec, in, out + fs, N - SLACK);
	print_message("codec %u: %zu samples in, %zu out; fidelity %.3f (floor %.2f); controls: "
		      "silence %.3f, other voice %.3f, one frame late %.3f\n",
		      codec, res.in, res.out, res.real, wzp_fidelity_floor(codec), res.silence,
		      res.other, res.shifted);
	wzp_call_tx_free(s);
	wzp_call_rx_free(r);
	free(s);
	free(r);
	free(d);
	free(in);
	free(other);
	free(out);
	free(silence);
	return res;
}

static void check_call(uint8_t codec)
{
	struct call_result res = run_call(codec);

	assert_int_equal(res.out, res.in); /* WZP-MEDIA-052: no drift */
	assert_true(wzp_fidelity_passes(codec, res.real));
	assert_false(wzp_fidelity_passes(codec, res.silence));
	assert_false(wzp_fidelity_passes(codec, res.other));
	assert_false(wzp_fidelity_passes(codec, res.shifted));
}

/* verifies: WZP-MEDIA-052, WZP-MEDIA-060 */
static void test_good_opus24k(void **state)
{
	(void)state;
	check_call(WZP_CODEC_OPUS24K);
}

/* verifies: WZP-MEDIA-052, WZP-MEDIA-060 */
static void test_opus16k(void **state)
{
	(void)state;
	check_call(WZP_CODEC_OPUS16K);
}

/* verifies: WZP-MEDIA-052, WZP-MEDIA-060 */
static void test_degraded_opus6k(void **state)
{
	(void)state;
	check_call(WZP_CODEC_OPUS6K);
}

/* verifies: WZP-MEDIA-052, WZP-MEDIA-061 */
static void test_codec2_3200(void **state)
{
	(void)state;
	check_call(WZP_CODEC_CODEC2_3200);
}

/* verifies: WZP-MEDIA-052, WZP-MEDIA-061 */
static void test_catastrophic_codec2_1200(void **state)
{
	(void)state;
	check_call(WZP_CODEC_CODEC2_1200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_opus24k),
		cmocka_unit_test(test_opus16k),
		cmocka_unit_test(test_degraded_opus6k),
		cmocka_unit_test(test_codec2_3200),
		cmocka_unit_test(test_catastrophic_codec2_1200),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
