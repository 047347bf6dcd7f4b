/* codec_codec2.c: spec/06-media.md 6.1, "Codec2 and resampling"
 * (libcodec2 1.0.5 behind speexdsp's resampler). */
#include <codec2/codec2.h>
#include <string.h>

#include "codec_backend.h"
#include "wzp/trace.h"

#define RATIO 6 /* 48 kHz / 8 kHz */
#define CONCEAL_FRAMES 3

static int mode_of(uint8_t codec)
{
	return codec == WZP_CODEC_CODEC2_3200 ? CODEC2_MODE_3200 : CODEC2_MODE_1200;
}

enum wzp_err wzp_codec2_encoder_init(struct wzp_encoder *e, uint8_t codec)
{
	e->codec2 = codec2_create(mode_of(codec));
	if (e->codec2 == NULL)
		return WZP_ERR_NO_MEMORY;
	return wzp_resampler_init(&e->down, WZP_SAMPLE_RATE, 8000);
}

void wzp_codec2_encoder_free(struct wzp_encoder *e)
{
	if (e->codec2 != NULL)
		codec2_destroy(e->codec2);
	e->codec2 = NULL;
	wzp_resampler_free(&e->down);
}

enum wzp_err wzp_codec2_encode(struct wzp_encoder *e, const int16_t *pcm, size_t n,
			       uint8_t *out, size_t cap, size_t *written)
{
	int16_t low[WZP_MAX_FRAME_SAMPLES / RATIO];
	size_t bytes = (size_t)codec2_bytes_per_frame(e->codec2);
	enum wzp_err err;

	if (cap < bytes)
		return WZP_ERR_BAD_PARAM;
	err = wzp_resampler_run(&e->down, pcm, n, low, n / RATIO);
	if (err != WZP_OK)
		return err;
	codec2_encode(e->codec2, out, low);
	*written = bytes;
	return WZP_OK;
}

enum wzp_err wzp_codec2_decoder_init(struct wzp_decoder *d)
{
	d->codec2[0] = codec2_create(CODEC2_MODE_3200);
	d->codec2[1] = codec2_create(CODEC2_MODE_1200);
	if (d->codec2[0] == NULL || d->codec2[1] == NULL)
		return WZP_ERR_NO_MEMORY;
	return wzp_resampler_init(&d->up, 8000, WZP_SAMPLE_RATE);
}

void wzp_codec2_decoder_free(struct wzp_decoder *d)
{
	for (size_t i = 0; i < 2; i++)
		if (d->codec2[i] != NULL)
			codec2_destroy(d->codec2[i]);
	d->codec2[0] = d->codec2[1] = NULL;
	wzp_resampler_free(&d->up);
}

static struct CODEC2 *state_of(struct wzp_decoder *d, uint8_t codec)
{
	return d->codec2[codec == WZP_CODEC_CODEC2_3200 ? 0 : 1];
}

static enum wzp_err synthesize(struct wzp_decoder *d, uint8_t codec, const uint8_t *bits,
			       int16_t *pcm, size_t n)
{
	int16_t low[WZP_MAX_FRAME_SAMPLES / RATIO];

	codec2_decode(state_of(d, codec), low, bits);
	return wzp_resampler_run(&d->up, low, n / RATIO, pcm, n);
}

enum wzp_err wzp_codec2_decode(struct wzp_decoder *d, uint8_t codec, const uint8_t *data,
			       size_t len, int16_t *pcm, size_t n)
{
	size_t bytes = (size_t)codec2_bytes_per_frame(state_of(d, codec));

	WZP_REJECT("WZP-MEDIA-002", len < bytes, WZP_ERR_TRUNCATED);
	memcpy(d->last_frame, data, bytes);
	return synthesize(d, codec, data, pcm, n);
}

/* WZP-MEDIA-003: the last frame again, halved in amplitude for each
 * consecutive loss; silence from the fourth. The resampler runs either way
 * so the stream keeps its timing. */
enum wzp_err wzp_codec2_conceal(struct wzp_decoder *d, int16_t *pcm, size_t n)
{
	size_t frame = wzp_codec_frame_samples(d->last_codec);
	uint32_t shift = WZP_VALUE("WZP-MEDIA-003", d->losses);

	for (size_t at = 0; at < n; at += frame) {
		size_t len = n - at < frame ? n - at : frame;
		int16_t whole[WZP_MAX_FRAME_SAMPLES];
		enum wzp_err err = synthesize(d, d->last_codec, d->last_frame, whole, frame);

		if (err != WZP_OK)
			return err;
		for (size_t i = 0; i < len; i++)
			pcm[at + i] = shift > CONCEAL_FRAMES ? 0 : (int16_t)(whole[i] >> shift);
	}
	return WZP_OK;
}
