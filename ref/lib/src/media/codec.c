/* codec.c: spec/06-media.md 6.1 "Codecs": the registry's audio properties
 * and the dispatch to Opus or Codec2. */
#include <string.h>

#include "codec_backend.h"
#include "wzp/trace.h"

static const struct wzp_codec_info infos[] = {
	[WZP_CODEC_OPUS24K] = { 24000, 20, 48000, 10 },
	[WZP_CODEC_OPUS16K] = { 16000, 20, 48000, 10 },
	[WZP_CODEC_OPUS6K] = { 6000, 40, 48000, 20 },
	[WZP_CODEC_CODEC2_3200] = { 3200, 20, 8000, 0 },
	[WZP_CODEC_CODEC2_1200] = { 1200, 40, 8000, 0 },
	[WZP_CODEC_COMFORT_NOISE] = { 0, 20, 48000, 0 },
};

const struct wzp_codec_info *wzp_codec_info(uint8_t codec)
{
	return wzp_codec_id_known(codec) ? &infos[codec] : NULL;
}

/* WZP-MEDIA-001 */
size_t wzp_codec_frame_samples(uint8_t codec)
{
	return wzp_codec_id_known(codec) ? WZP_VALUE("WZP-MEDIA-001", 48u * infos[codec].frame_ms)
					 : 0;
}

static bool is_opus(uint8_t codec)
{
	return codec <= WZP_CODEC_OPUS6K;
}

enum wzp_err wzp_encoder_init(struct wzp_encoder *e, uint8_t codec)
{
	enum wzp_err err;

	WZP_REJECT("WZP-MEDIA-001", !wzp_codec_id_known(codec) || codec == WZP_CODEC_COMFORT_NOISE,
		   WZP_ERR_UNKNOWN_CODEC);
	memset(e, 0, sizeof *e);
	e->codec = (enum wzp_codec_id)codec;
	err = is_opus(codec) ? wzp_opus_encoder_init(e, &infos[codec])
			     : wzp_codec2_encoder_init(e, codec);
	if (err != WZP_OK)
		wzp_encoder_free(e);
	return err;
}

void wzp_encoder_free(struct wzp_encoder *e)
{
	wzp_opus_encoder_free(e);
	wzp_codec2_encoder_free(e);
}

enum wzp_err wzp_encoder_encode(struct wzp_encoder *e, const int16_t *pcm, size_t n,
				uint8_t *out, size_t cap, size_t *written)
{
	WZP_REJECT("WZP-MEDIA-001", n != wzp_codec_frame_samples(e->codec), WZP_ERR_BAD_PARAM);
	if (cap > WZP_MAX_ENCODED_FRAME)
		cap = WZP_MAX_ENCODED_FRAME;
	if (is_opus(e->codec))
		return wzp_opus_encode(e, pcm, n, out, cap, written);
	return wzp_codec2_encode(e, pcm, n, out, cap, written);
}

enum wzp_err wzp_decoder_init(struct wzp_decoder *d)
{
	enum wzp_err err;

	memset(d, 0, sizeof *d);
	d->last_codec = WZP_CODEC_OPUS24K;
	err = wzp_opus_decoder_init(d);
	if (err == WZP_OK)
		err = wzp_codec2_decoder_init(d);
	if (err != WZP_OK)
		wzp_decoder_free(d);
	return err;
}

void wzp_decoder_free(struct wzp_decoder *d)
{
	wzp_opus_decoder_free(d);
	wzp_codec2_decoder_free(d);
}

enum wzp_err wzp_decoder_decode(struct wzp_decoder *d, uint8_t codec, const uint8_t *data,
				size_t len, int16_t *pcm, size_t *n)
{
	enum wzp_err err;

	WZP_REJECT("WZP-MEDIA-002", !wzp_codec_id_known(codec) || codec == WZP_CODEC_COMFORT_NOISE,
		   WZP_ERR_UNKNOWN_CODEC);
	*n = wzp_codec_frame_samples(codec);
	if (is_opus(codec))
		err = wzp_opus_decode(d, data, len, pcm, *n, 0);
	else
		err = wzp_codec2_decode(d, codec, data, len, pcm, *n);
	if (err == WZP_OK) {
		d->last_codec = codec;
		d->losses = 0;
	}
	return err;
}

/* WZP-MEDIA-003: Opus conceals with its own PLC, Codec2 as 6.1 defines. */
enum wzp_err wzp_decoder_conceal(struct wzp_decoder *d, int16_t *pcm, size_t n)
{
	WZP_REJECT("WZP-MEDIA-003", n == 0 || n % 480 != 0 || n > WZP_MAX_FRAME_SAMPLES,
		   WZP_ERR_BAD_PARAM);
	d->losses++;
	if (is_opus(d->last_codec))
		return wzp_opus_decode(d, NULL, 0, pcm, n, 0);
	return wzp_codec2_conceal(d, pcm, n);
}

enum wzp_err wzp_decoder_recover(struct wzp_decoder *d, const uint8_t *next, size_t len,
				 int16_t *pcm, size_t n)
{
	d->losses++;
	return wzp_opus_decode(d, next, len, pcm, n, 1);
}
