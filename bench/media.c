/* bench/media.c: CPU per frame of the media path, per tier and direction:
 * the codec (for Codec2 with its resampling), the denoiser, and everything
 * else (voice detector and frame building when sending; the jitter buffer
 * and comfort-noise bookkeeping when receiving). The target (spec 6.8):
 * everything else at most 15 % of the codec's cost at complexity 5.
 *
 * Input is the speech fixture (build/fixtures/speech_a.raw, `make bench`
 * makes it). Each measurement runs FRAMES frames three times and keeps the
 * fastest run, in process CPU time. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wzp/codec.h"
#include "wzp/denoise.h"
#include "wzp/jitter.h"
#include "wzp/pipeline.h"
#include "wzp/quality.h"
#include "wzp/silence.h"

#define FRAMES 500
#define REPEATS 3

static int16_t *speech;
static size_t speech_len;
static uint64_t checksum;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static const int16_t *frame_at(size_t f, size_t n)
{
	return speech + (f * n) % (speech_len - n);
}

struct encoded {
	uint8_t bytes[FRAMES][WZP_MAX_ENCODED_FRAME];
	size_t len[FRAMES];
};

typedef void (*stage_fn)(uint8_t codec, size_t n, struct encoded *enc);

static void run_encode(uint8_t codec, size_t n, struct encoded *enc)
{
	struct wzp_encoder e;

	wzp_encoder_init(&e, codec);
	for (size_t f = 0; f < FRAMES; f++)
		wzp_encoder_encode(&e, frame_at(f, n), n, enc->bytes[f], WZP_MAX_ENCODED_FRAME,
				   &enc->len[f]);
	wzp_encoder_free(&e);
}

static void run_decode(uint8_t codec, size_t n, struct encoded *enc)
{
	struct wzp_decoder d;
	int16_t pcm[WZP_MAX_FRAME_SAMPLES];
	size_t got;

	wzp_decoder_init(&d);
	for (size_t f = 0; f < FRAMES; f++) {
		wzp_decoder_decode(&d, codec, enc->bytes[f], enc->len[f], pcm, &got);
		checksum += (uint16_t)pcm[n / 2];
	}
	wzp_decoder_free(&d);
}

static void run_denoise(uint8_t codec, size_t n, struct encoded *enc)
{
	struct wzp_denoiser dn;
	int16_t pcm[WZP_MAX_FRAME_SAMPLES];

	(void)codec;
	(void)enc;
	wzp_denoiser_init(&dn);
	for (size_t f = 0; f < FRAMES; f++) {
		memcpy(pcm, frame_at(f, n), n * sizeof *pcm);
		wzp_denoise(&dn, pcm, n);
		checksum += (uint16_t)pcm[0];
	}
	wzp_denoiser_free(&dn);
}

/* Sending, less codec and denoiser: the voice detector and the frame. */
static void run_send_rest(uint8_t codec, size_t n, struct encoded *enc)
{
	struct wzp_vad v;
	struct wzp_media_frame mf;

	wzp_vad_init(&v);
	for (size_t f = 0; f < FRAMES; f++) {
		checksum += wzp_vad_suppress(&v, frame_at(f, n), n);
		mf.codec = codec;
		mf.ts_ms = (uint32_t)f * (uint32_t)(n / 48);
		mf.len = (uint16_t)enc->len[f];
		memcpy(mf.payload, enc->bytes[f], enc->len[f]);
		checksum += mf.payload[0];
	}
}

/* Receiving, less codec: the jitter buffer, one push and one pop a frame. */
static void run_receive_rest(uint8_t codec, size_t n, struct encoded *enc)
{
	static struct wzp_jitter_buffer jb;
	static const struct wzp_jb_config cfg = { 40, 200, 32 };
	struct wzp_jb_frame in = { .codec_id = codec, .duration_ms = (uint32_t)(n / 48) }, out;
	enum wzp_jb_push_result res;
	uint32_t ms;

	wzp_jb_init(&jb, &cfg);
	for (size_t f = 0; f < FRAMES; f++) {
		in.ts_ms = (uint32_t)f * in.duration_ms;
		in.len = (uint16_t)enc->len[f];
		memcpy(in.payload, enc->bytes[f], enc->len[f]);
		wzp_jb_push(&jb, &in, in.ts_ms + (uint32_t)(f % 3), &res);
		checksum += wzp_jb_pop(&jb, &out, &ms) + ms;
	}
}

static double us_per_frame(stage_fn fn, uint8_t codec, size_t n, struct encoded *enc)
{
	double best = 1e30;

	for (int rep = 0; rep < REPEATS; rep++) {
		double start = now_ns(), t;

		fn(codec, n, enc);
		t = now_ns() - start;
		if (t < best)
			best = t;
	}
	return best / FRAMES / 1000.0;
}

static int load_speech(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	speech = malloc(48000 * 20 * sizeof *speech);
	speech_len = fread(speech, sizeof *speech, 48000 * 20, f);
	fclose(f);
	return speech_len > 48000 ? 0 : -1;
}

int main(void)
{
	static const char *const names[] = { "GOOD", "DEGRADED", "CATASTROPHIC" };
	static struct encoded enc;

	if (load_speech("build/fixtures/speech_a.raw") != 0) {
		fprintf(stderr, "bench/media: build/fixtures/speech_a.raw missing (make bench)\n");
		return 1;
	}
	printf("media path, CPU microseconds per frame (Opus complexity %d)\n", WZP_OPUS_COMPLEXITY);
	printf("%-13s %-5s %-9s %9s %9s %9s %12s\n", "tier", "dir", "frame", "codec", "denoise",
	       "rest", "rest/codec");
	for (int t = WZP_TIER_GOOD; t <= WZP_TIER_CATASTROPHIC; t++) {
		uint8_t codec = wzp_tier_profile((enum wzp_tier)t)->codec_id;
		size_t n = wzp_codec_frame_samples(codec);
		double enc_us = us_per_frame(run_encode, codec, n, &enc);
		double dn_us = us_per_frame(run_denoise, codec, n, &enc);
		double send_rest = us_per_frame(run_send_rest, codec, n, &enc);
		double dec_us = us_per_frame(run_decode, codec, n, &enc);
		double recv_rest = us_per_frame(run_receive_rest, codec, n, &enc);

		printf("%-13s %-5s %3zu ms    %9.2f %9.2f %9.2f %11.1f%%\n", names[t], "send", n / 48,
		       enc_us, dn_us, send_rest, 100.0 * send_rest / enc_us);
		printf("%-13s %-5s %3zu ms    %9.2f %9s %9.2f %11.1f%%\n", names[t], "recv", n / 48,
		       dec_us, "-", recv_rest, 100.0 * recv_rest / dec_us);
	}
	printf("target: rest/codec <= 15%%  (checksum %llu)\n", (unsigned long long)checksum);
	return 0;
}
