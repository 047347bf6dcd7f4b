/* pipeline.c: spec/06-media.md 6.6 "Call pipeline", the codec stage. */
#include <string.h>

#include "wzp/pipeline.h"
#include "wzp/trace.h"

enum wzp_err wzp_sender_init(struct wzp_call_sender *s, const struct wzp_sender_config *cfg)
{
	enum wzp_err err;

	memset(s, 0, sizeof *s);
	s->cfg = *cfg;
	s->frame_cap = WZP_MAX_ENCODED_FRAME;
	wzp_vad_init(&s->vad);
	err = wzp_encoder_init(&s->enc, cfg->codec);
	if (err == WZP_OK && cfg->denoise)
		err = wzp_denoiser_init(&s->dn);
	if (err != WZP_OK)
		wzp_sender_free(s);
	return err;
}

void wzp_sender_free(struct wzp_call_sender *s)
{
	wzp_encoder_free(&s->enc);
	wzp_denoiser_free(&s->dn);
}

enum wzp_err wzp_sender_set_codec(struct wzp_call_sender *s, uint8_t codec)
{
	struct wzp_encoder next;
	enum wzp_err err = wzp_encoder_init(&next, codec);

	if (err != WZP_OK)
		return err;
	wzp_encoder_free(&s->enc);
	s->enc = next;
	s->cfg.codec = codec;
	return WZP_OK;
}

static void comfort_frame(struct wzp_media_frame *out)
{
	out->codec = WZP_CODEC_COMFORT_NOISE;
	out->len = WZP_CN_PAYLOAD_SIZE;
	out->payload[0] = WZP_CN_LEVEL;
}

/* The null codec's frame: nominal size, bytes from the timestamp. */
static void null_frame(const struct wzp_call_sender *s, const struct wzp_codec_info *info,
		       struct wzp_media_frame *out)
{
	size_t len = (size_t)info->bitrate * info->frame_ms / 8000;

	if (len > s->frame_cap)
		len = s->frame_cap;
	for (size_t i = 0; i < len; i++)
		out->payload[i] = (uint8_t)(out->ts_ms + i);
	out->codec = s->cfg.codec;
	out->len = (uint16_t)len;
}

/* WZP-MEDIA-050: denoise, detect, then encode or send comfort noise; the
 * timestamp advances by the frame either way. */
enum wzp_err wzp_sender_frame(struct wzp_call_sender *s, int16_t *pcm, size_t n,
			      struct wzp_media_frame *out, bool *sent)
{
	const struct wzp_codec_info *info = wzp_codec_info(s->cfg.codec);
	size_t written = 0;
	enum wzp_err err;

	WZP_REJECT("WZP-MEDIA-001", n != wzp_codec_frame_samples(s->cfg.codec), WZP_ERR_BAD_PARAM);
	if (s->cfg.denoise && (err = wzp_denoise(&s->dn, pcm, n)) != WZP_OK)
		return err;
	out->ts_ms = s->ts_ms;
	out->duration_ms = info->frame_ms;
	s->ts_ms += WZP_VALUE("WZP-MEDIA-050", (uint32_t)info->frame_ms);
	*sent = true;
	if (s->null_codec) {
		null_frame(s, info, out);
		return WZP_OK;
	}
	if (s->cfg.suppress_silence && wzp_vad_suppress(&s->vad, pcm, n)) {
		*sent = wzp_vad_send_cn(&s->vad, s->cfg.profile);
		comfort_frame(out);
		return WZP_OK;
	}
	err = wzp_encoder_encode(&s->enc, pcm, n, out->payload, s->frame_cap, &written);
	if (err != WZP_OK)
		return err;
	out->codec = s->cfg.codec;
	out->len = (uint16_t)written;
	return WZP_OK;
}

enum wzp_err wzp_receiver_init(struct wzp_call_receiver *r, const struct wzp_jb_config *jb,
			       enum wzp_profile profile, uint32_t seed)
{
	enum wzp_err err;

	memset(r, 0, sizeof *r);
	r->profile = profile;
	r->opus_fec = profile == WZP_PROFILE_V1;
	r->cn_level = WZP_CN_LEVEL;
	wzp_cn_init(&r->cn, seed);
	err = wzp_jb_init(&r->jb, jb);
	if (err == WZP_OK)
		err = wzp_decoder_init(&r->dec);
	return err;
}

void wzp_receiver_free(struct wzp_call_receiver *r)
{
	wzp_decoder_free(&r->dec);
}

enum wzp_err wzp_receiver_push(struct wzp_call_receiver *r, const struct wzp_media_frame *f,
			       uint32_t arrival_ms)
{
	struct wzp_jb_frame jf = { .ts_ms = f->ts_ms, .duration_ms = f->duration_ms,
				   .comfort_noise = f->codec == WZP_CODEC_COMFORT_NOISE,
				   .codec_id = f->codec, .len = f->len };
	enum wzp_jb_push_result res;

	memcpy(jf.payload, f->payload, f->len);
	return wzp_jb_push(&r->jb, &jf, arrival_ms, &res);
}

/* WZP-MEDIA-051: a lost Opus frame is rebuilt from the next frame's in-band
 * FEC when that frame is already held, and concealed otherwise. */
static enum wzp_err conceal(struct wzp_call_receiver *r, int16_t *pcm, size_t n)
{
	const struct wzp_jb_frame *next = wzp_jb_peek(&r->jb, r->jb.next_ts);

	if (r->opus_fec && next != NULL && next->codec_id <= WZP_CODEC_OPUS6K &&
	    r->dec.last_codec <= WZP_CODEC_OPUS6K) {
		r->fec_rebuilt = WZP_VALUE("WZP-MEDIA-051", r->fec_rebuilt + 1);
		return wzp_decoder_recover(&r->dec, next->payload, next->len, pcm, n);
	}
	return wzp_decoder_conceal(&r->dec, pcm, n);
}

enum wzp_err wzp_receiver_pull(struct wzp_call_receiver *r, int16_t *pcm, size_t *n)
{
	struct wzp_jb_frame f;
	uint32_t ms;
	enum wzp_jb_pop_kind kind = wzp_jb_pop(&r->jb, &f, &ms);

	/* WZP-MEDIA-052: exactly the samples of the media time played */
	*n = kind == WZP_JB_EMPTY ? 0 : WZP_VALUE("WZP-MEDIA-052", (size_t)ms * 48);
	if (*n > WZP_MAX_FRAME_SAMPLES)
		return WZP_ERR_BAD_PARAM;
	if (r->null_codec && (kind == WZP_JB_CONCEAL || (kind == WZP_JB_FRAME && !f.comfort_noise))) {
		memset(pcm, 0, *n * sizeof *pcm);
		return WZP_OK;
	}
	switch (kind) {
	case WZP_JB_FRAME:
		if (f.comfort_noise) {
			r->cn_level = wzp_cn_level(f.payload, f.len, r->profile);
			wzp_cn_fill(&r->cn, r->cn_level, pcm, *n);
			return WZP_OK;
		}
		return wzp_decoder_decode(&r->dec, f.codec_id, f.payload, f.len, pcm, n);
	case WZP_JB_CONCEAL:
		return conceal(r, pcm, *n);
	case WZP_JB_COMFORT:
		wzp_cn_fill(&r->cn, r->cn_level, pcm, *n);
		return WZP_OK;
	case WZP_JB_EMPTY:
		break;
	}
	return WZP_OK;
}
