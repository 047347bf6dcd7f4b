/* codec_opus.c: spec/06-media.md 6.1, "Opus" (libopus 1.3.1). */
#include <opus/opus.h>

#include "codec_backend.h"
#include "wzp/trace.h"

#define SET(enc, req) \
	do { \
		if (opus_encoder_ctl((enc), req) != OPUS_OK) \
			return WZP_ERR_BAD_PARAM; \
	} while (0)

/* WZP-MEDIA-005: VOIP, voice, the nominal bit rate, complexity 5, in-band
 * FEC with the tier's expected loss (so that it is not inert), no DTX. */
enum wzp_err wzp_opus_encoder_init(struct wzp_encoder *e, const struct wzp_codec_info *info)
{
	int err = 0;

	e->opus = opus_encoder_create(WZP_SAMPLE_RATE, 1, OPUS_APPLICATION_VOIP, &err);
	if (e->opus == NULL || err != OPUS_OK)
		return WZP_ERR_NO_MEMORY;
	SET(e->opus, OPUS_SET_BITRATE((opus_int32)info->bitrate));
	SET(e->opus, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
	SET(e->opus, OPUS_SET_COMPLEXITY(WZP_OPUS_COMPLEXITY));
	SET(e->opus, OPUS_SET_INBAND_FEC(1));
	SET(e->opus, OPUS_SET_PACKET_LOSS_PERC(WZP_VALUE("WZP-MEDIA-005",
							    (int)info->expected_loss_pct)));
	SET(e->opus, OPUS_SET_DTX(0));
	return WZP_OK;
}

void wzp_opus_encoder_free(struct wzp_encoder *e)
{
	if (e->opus != NULL)
		opus_encoder_destroy(e->opus);
	e->opus = NULL;
}

/* WZP-MEDIA-006: never more than the symbol's capacity. */
enum wzp_err wzp_opus_encode(struct wzp_encoder *e, const int16_t *pcm, size_t n, uint8_t *out,
			     size_t cap, size_t *written)
{
	opus_int32 got = opus_encode(e->opus, pcm, (int)n, out,
				     WZP_VALUE("WZP-MEDIA-006", (opus_int32)cap));

	if (got < 0)
		return WZP_ERR_BAD_PARAM;
	*written = (size_t)got;
	return WZP_OK;
}

enum wzp_err wzp_opus_decoder_init(struct wzp_decoder *d)
{
	int err = 0;

	d->opus = opus_decoder_create(WZP_SAMPLE_RATE, 1, &err);
	return d->opus != NULL && err == OPUS_OK ? WZP_OK : WZP_ERR_NO_MEMORY;
}

void wzp_opus_decoder_free(struct wzp_decoder *d)
{
	if (d->opus != NULL)
		opus_decoder_destroy(d->opus);
	d->opus = NULL;
}

/* data NULL: packet loss concealment; fec 1: the frame before `data`. */
enum wzp_err wzp_opus_decode(struct wzp_decoder *d, const uint8_t *data, size_t len,
			     int16_t *pcm, size_t n, int fec)
{
	int got = opus_decode(d->opus, data, (opus_int32)len, pcm, (int)n, fec);

	if (got < 0)
		return WZP_ERR_BAD_PARAM;
	WZP_REJECT("WZP-MEDIA-002", (size_t)got != n, WZP_ERR_BAD_PARAM);
	return WZP_OK;
}
