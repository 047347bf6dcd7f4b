/* call.c: spec/06-media.md 6.6 "Call pipeline": the codec stage
 * (pipeline.c) through FEC (chapter 4), framing (2.6) and media protection
 * (5.4-5.6). */
#include <string.h>

#include "wzp/call.h"
#include "wzp/fec_ratio.h"
#include "wzp/trace.h"

static enum wzp_err use_layout(struct wzp_call_tx *t, uint8_t codec)
{
	struct wzp_fec_layout l;
	enum wzp_err err = wzp_fec_layout_for(codec, t->media.cfg.profile, &l);

	if (err != WZP_OK)
		return err;
	t->layout = l;
	wzp_fec_sender_init(&t->fec, &l, t->fec.block_id);
	/* WZP-MEDIA-070: frames are encoded to fit one record of the layout */
	t->media.frame_cap = WZP_VALUE("WZP-MEDIA-070", wzp_fec_frame_capacity(&l));
	return WZP_OK;
}

enum wzp_err wzp_call_tx_init(struct wzp_call_tx *t, const struct wzp_call_tx_config *cfg)
{
	enum wzp_err err;

	memset(t, 0, sizeof *t);
	if (cfg->media.profile != WZP_PROFILE_V1)
		return WZP_ERR_UNKNOWN_PROFILE;
	err = wzp_sender_init(&t->media, &cfg->media);
	if (err != WZP_OK)
		return err;
	t->fec.block_id = cfg->first_block;
	err = use_layout(t, cfg->media.codec);
	if (err != WZP_OK) {
		wzp_sender_free(&t->media);
		return err;
	}
	wzp_media_sender_init(&t->prot, cfg->key, cfg->direction);
	return WZP_OK;
}

void wzp_call_tx_free(struct wzp_call_tx *t)
{
	wzp_sender_free(&t->media);
	wzp_media_sender_wipe(&t->prot);
}

/* Frames, seals and appends one MediaPacket. */
static enum wzp_err emit(struct wzp_call_tx *t, const struct wzp_media_header *h,
			 const uint8_t *payload, size_t len, struct wzp_datagram *out,
			 size_t *count)
{
	struct wzp_media_packet p = { .header = *h, .payload = payload, .payload_len = len };
	struct wzp_datagram *d = &out[*count];
	enum wzp_err err;

	if (*count >= WZP_CALL_OUT_MAX)
		return WZP_ERR_NO_MEMORY;
	err = wzp_media_send(&t->prot, d->bytes, sizeof d->bytes, &d->len, &p);
	if (err != WZP_OK)
		return err;
	(*count)++;
	t->stats.packets++;
	t->stats.bytes += d->len;
	return WZP_OK;
}

/* WZP-MEDIA-070: an FEC packet becomes a MediaPacket of the layout's codec
 * with the packet's T bit, block, symbol and timestamp, and the layout's
 * FEC ratio. */
static enum wzp_err emit_fec(struct wzp_call_tx *t, size_t pkts, struct wzp_datagram *out,
			     size_t *count)
{
	for (size_t i = 0; i < pkts; i++) {
		const struct wzp_fec_packet *f = &t->pkts[i];
		struct wzp_media_header h = {
			.is_repair = f->is_repair, .codec_id = t->layout.codec_id,
			.fec_ratio_encoded = wzp_fec_ratio_encode(t->layout.repair_ratio),
			.timestamp_ms = f->timestamp_ms, .fec_block = f->block, .fec_symbol = f->esi
		};
		enum wzp_err err = emit(t, &h, f->payload, f->len, out, count);

		if (err != WZP_OK)
			return err;
		t->stats.repairs += f->is_repair;
	}
	return WZP_OK;
}

static bool block_open(const struct wzp_call_tx *t)
{
	return t->fec.k > 0 || t->fec.frames > 0;
}

/* WZP-MEDIA-071: close the block early, with its repairs. */
static enum wzp_err close_block(struct wzp_call_tx *t, struct wzp_datagram *out, size_t *count)
{
	size_t pkts;
	enum wzp_err err;

	if (!block_open(t))
		return WZP_OK;
	err = wzp_fec_sender_flush(&t->fec, t->pkts, &pkts);
	if (err != WZP_OK)
		return err;
	t->stats.blocks_closed_early++;
	return emit_fec(t, pkts, out, count);
}

enum wzp_err wzp_call_tx_flush(struct wzp_call_tx *t, struct wzp_datagram *out, size_t *count)
{
	*count = 0;
	return close_block(t, out, count);
}

enum wzp_err wzp_call_tx_set_codec(struct wzp_call_tx *t, uint8_t codec,
				   struct wzp_datagram *out, size_t *count)
{
	struct wzp_fec_layout l;
	enum wzp_err err = wzp_fec_layout_for(codec, t->media.cfg.profile, &l);

	*count = 0;
	if (err != WZP_OK)
		return err;
	if (WZP_VALUE("WZP-MEDIA-071", (int)(codec != t->layout.codec_id)) &&
	    (err = close_block(t, out, count)) != WZP_OK)
		return err;
	err = wzp_sender_set_codec(&t->media, codec);
	return err == WZP_OK ? use_layout(t, codec) : err;
}

/* Comfort noise is not FEC-protected: a packet of its own, T = 0, in the
 * current block's id with symbol 0. */
static enum wzp_err emit_cn(struct wzp_call_tx *t, const struct wzp_media_frame *mf,
			    struct wzp_datagram *out, size_t *count)
{
	struct wzp_media_header h = { .codec_id = WZP_CODEC_COMFORT_NOISE,
				      .timestamp_ms = mf->ts_ms, .fec_block = t->fec.block_id };

	t->stats.cn_frames++;
	return emit(t, &h, mf->payload, mf->len, out, count);
}

enum wzp_err wzp_call_tx_frame(struct wzp_call_tx *t, int16_t *pcm, size_t n,
			       struct wzp_datagram *out, size_t *count)
{
	struct wzp_media_frame mf;
	bool sent;
	size_t pkts;
	bool speech;
	enum wzp_err err = wzp_sender_frame(&t->media, pcm, n, &mf, &sent);

	*count = 0;
	if (err != WZP_OK)
		return err;
	speech = mf.codec != WZP_CODEC_COMFORT_NOISE;
	/* WZP-MEDIA-071: a talk spurt's end closes the block */
	if (!WZP_VALUE("WZP-MEDIA-071", (int)speech) && (err = close_block(t, out, count)) != WZP_OK)
		return err;
	if (!sent) {
		t->stats.suppressed++;
		return WZP_OK;
	}
	if (!speech)
		return emit_cn(t, &mf, out, count);
	err = wzp_fec_sender_add(&t->fec, mf.payload, mf.len, mf.ts_ms, t->pkts, &pkts);
	if (err != WZP_OK)
		return err;
	t->stats.frames++;
	return emit_fec(t, pkts, out, count);
}

enum wzp_err wzp_call_rx_init(struct wzp_call_rx *r, const struct wzp_jb_config *jb,
			      enum wzp_profile profile, uint32_t seed, const uint8_t *key,
			      uint8_t sender_direction)
{
	enum wzp_err err;

	memset(r, 0, sizeof *r);
	if (profile != WZP_PROFILE_V1)
		return WZP_ERR_UNKNOWN_PROFILE;
	err = wzp_receiver_init(&r->media, jb, profile, seed);
	if (err != WZP_OK)
		return err;
	wzp_media_receiver_init(&r->prot, sender_direction);
	wzp_media_receiver_install(&r->prot, key);
	return WZP_OK;
}

void wzp_call_rx_free(struct wzp_call_rx *r)
{
	wzp_receiver_free(&r->media);
	wzp_media_receiver_wipe(&r->prot);
}

static enum wzp_err push_frame(struct wzp_call_rx *r, uint8_t codec, uint32_t ts,
			       uint32_t duration, const uint8_t *data, size_t len, bool recovered,
			       uint32_t arrival_ms)
{
	struct wzp_jb_frame jf = { .ts_ms = ts, .duration_ms = duration,
				   .comfort_noise = codec == WZP_CODEC_COMFORT_NOISE,
				   .recovered = recovered, .codec_id = codec,
				   .len = (uint16_t)len };
	enum wzp_jb_push_result res;

	if (len > sizeof jf.payload)
		return WZP_ERR_TOO_LARGE;
	memcpy(jf.payload, data, len);
	return wzp_jb_push(&r->media.jb, &jf, arrival_ms, &res);
}

/* The FEC layout of the packet's codec (WZP-FEC-001); a new codec starts a
 * new FEC receiver, and the playout delay floor covers the layout's stack
 * delay so that recovered frames arrive in time. */
static enum wzp_err follow_layout(struct wzp_call_rx *r, uint8_t codec)
{
	struct wzp_fec_layout l;
	struct wzp_jb_config *jb = &r->media.jb.cfg;
	uint32_t delay, burst;
	enum wzp_err err;

	if (r->has_layout && r->layout.codec_id == codec)
		return WZP_OK;
	err = wzp_fec_layout_for(codec, r->media.profile, &l);
	if (err != WZP_OK)
		return err;
	r->layout = l;
	r->has_layout = true;
	wzp_fec_receiver_init(&r->fec, &l);
	delay = wzp_fec_stack_delay_ms(&l, l.interleave_depth);
	burst = 2u * l.frame_ms * l.frames_per_symbol; /* a symbol's frames arrive at once */
	if (jb->min_delay_ms < delay)
		jb->min_delay_ms = delay;
	if (jb->max_delay_ms < jb->min_delay_ms + burst)
		jb->max_delay_ms = jb->min_delay_ms + burst;
	return WZP_OK;
}

/* WZP-MEDIA-073: FEC frames go to the jitter buffer at their timestamps,
 * recovered ones marked. */
static enum wzp_err push_fec(struct wzp_call_rx *r, const struct wzp_media_packet *p,
			     uint32_t arrival_ms)
{
	const struct wzp_media_header *h = &p->header;
	struct wzp_fec_packet fp = { h->is_repair, h->fec_block, h->fec_symbol, h->timestamp_ms,
				     p->payload, p->payload_len };
	size_t count;
	enum wzp_err err = follow_layout(r, h->codec_id);

	if (err == WZP_OK)
		err = wzp_fec_receiver_push(&r->fec, &fp, r->frames, &count);
	if (err != WZP_OK) {
		r->stats.malformed++;
		return err;
	}
	for (size_t i = 0; i < count && err == WZP_OK; i++) {
		const struct wzp_fec_frame *f = &r->frames[i];
		bool recovered = WZP_VALUE("WZP-MEDIA-073", (int)f->recovered) != 0;

		r->stats.frames_recovered += recovered;
		r->stats.frames_received += !recovered;
		err = push_frame(r, h->codec_id, f->timestamp_ms, r->layout.frame_ms, f->data,
				 f->len, recovered, arrival_ms);
	}
	return err;
}

enum wzp_err wzp_call_rx_push(struct wzp_call_rx *r, const uint8_t *dgram, size_t len,
			      uint32_t arrival_ms)
{
	struct wzp_media_opened o;
	enum wzp_err err;

	memset(&o, 0, sizeof o);
	err = wzp_media_open(&r->prot, &o, r->plain, sizeof r->plain, dgram, len);
	r->stats.auth_failures += err == WZP_ERR_AUTH_FAILED;
	r->stats.replayed += err == WZP_ERR_REPLAY;
	r->stats.malformed += err != WZP_OK && err != WZP_ERR_AUTH_FAILED && err != WZP_ERR_REPLAY;
	/* WZP-MEDIA-072: nothing that did not open goes further */
	WZP_REJECT("WZP-MEDIA-072", err != WZP_OK, err);
	r->stats.packets++;
	r->stats.bytes += len;
	if (o.packet.header.codec_id == WZP_CODEC_COMFORT_NOISE)
		return push_frame(r, WZP_CODEC_COMFORT_NOISE, o.packet.header.timestamp_ms,
				  wzp_codec_info(WZP_CODEC_COMFORT_NOISE)->frame_ms,
				  o.packet.payload, o.packet.payload_len, false, arrival_ms);
	return push_fec(r, &o.packet, arrival_ms);
}

enum wzp_err wzp_call_rx_pull(struct wzp_call_rx *r, int16_t *pcm, size_t *n)
{
	return wzp_receiver_pull(&r->media, pcm, n);
}

struct wzp_call_rx_stats wzp_call_rx_stats(const struct wzp_call_rx *r)
{
	struct wzp_call_rx_stats s = r->stats;
	struct wzp_jb_stats jb = wzp_jb_stats(&r->media.jb);

	s.played = jb.played;
	s.lost = jb.lost;
	s.concealed = jb.concealed - jb.underruns;
	s.underruns = jb.underruns;
	s.late = jb.late;
	s.recovered_played = jb.recovered;
	return s;
}
