/* sender.c: spec/04-fec.md 4.2-4.3, from frames to source and repair
 * packets. */
#include <string.h>

#include "wzp/fec.h"
#include "wzp/trace.h"

void wzp_fec_sender_init(struct wzp_fec_sender *s, const struct wzp_fec_layout *layout,
			 uint8_t first_block)
{
	memset(s, 0, offsetof(struct wzp_fec_sender, coder_mem));
	s->layout = *layout;
	s->block_id = first_block;
}

static bool v1(const struct wzp_fec_sender *s)
{
	return s->layout.profile == WZP_PROFILE_V1;
}

static uint8_t *symbol_at(struct wzp_fec_sender *s, uint8_t esi)
{
	return s->block + (size_t)esi * s->layout.symbol_size;
}

/* WZP-FEC-004: the symbol's records in wzp/1, the bare frame upstream. */
static struct wzp_fec_packet source_packet(struct wzp_fec_sender *s)
{
	struct wzp_fec_packet p = { false, s->block_id, s->k, s->symbol_ts, NULL, 0 };

	if (v1(s)) {
		p.payload = symbol_at(s, s->k);
		p.len = WZP_VALUE("WZP-FEC-004", s->used);
	} else {
		p.payload = s->source;
		p.len = s->used - WZP_FEC_RECORD_PREFIX;
	}
	return p;
}

/* The coder depends only on (K, T), and T is the layout's: build it again
 * only when a block's K differs from the last one's (a partial block). */
static enum wzp_err coder_for_block(struct wzp_fec_sender *s, struct wzp_rq_coder **coder)
{
	if (s->coder == NULL || s->coder_k != s->k) {
		enum wzp_err err = wzp_rq_coder_init(s->coder_mem, sizeof s->coder_mem, s->k,
						     s->layout.symbol_size, &s->coder);

		if (err != WZP_OK) {
			s->coder = NULL;
			return err;
		}
		s->coder_k = s->k;
	}
	*coder = s->coder;
	return WZP_OK;
}

/* WZP-FEC-005: ESIs K..K+R-1, after the block's last source packet. */
static enum wzp_err repair_packets(struct wzp_fec_sender *s, struct wzp_fec_packet *out,
				   size_t *count)
{
	size_t T = s->layout.symbol_size, prefix = v1(s) ? 1 : 0;
	uint32_t R = wzp_fec_repair_count(s->k, s->layout.repair_ratio);
	uint32_t ts = v1(s) ? s->block_ts : s->next_ts;
	struct wzp_rq_coder *coder;
	enum wzp_err err = coder_for_block(s, &coder);

	if (err == WZP_OK)
		err = wzp_rq_encode_intermediate(coder, s->block);
	for (uint32_t i = 0; err == WZP_OK && i < R && i < WZP_FEC_REPAIR_MAX; i++) {
		uint8_t esi = WZP_VALUE("WZP-FEC-005", (uint8_t)(s->k + i));

		s->repairs[i][0] = s->k;
		err = wzp_rq_encode_symbol(coder, esi, s->repairs[i] + prefix);
		out[(*count)++] = (struct wzp_fec_packet){ true, s->block_id, esi, ts,
							   s->repairs[i], prefix + T };
	}
	return err;
}

/* WZP-FEC-006: the next block takes the next id, wrapping. */
static enum wzp_err close_block(struct wzp_fec_sender *s, struct wzp_fec_packet *out,
				size_t *count)
{
	enum wzp_err err = s->k > 0 ? repair_packets(s, out, count) : WZP_OK;

	s->block_id = WZP_VALUE("WZP-FEC-006", (uint8_t)(s->block_id + 1));
	s->k = 0;
	return err;
}

static enum wzp_err close_symbol(struct wzp_fec_sender *s, struct wzp_fec_packet *out,
				 size_t *count)
{
	out[(*count)++] = source_packet(s);
	s->k++;
	s->frames = 0;
	s->used = 0;
	if (s->k == s->layout.block_symbols)
		return close_block(s, out, count);
	return WZP_OK;
}

enum wzp_err wzp_fec_sender_add(struct wzp_fec_sender *s, const uint8_t *frame, size_t len,
				uint32_t timestamp_ms, struct wzp_fec_packet *out,
				size_t *count)
{
	enum wzp_err err;

	*count = 0;
	if (s->frames == 0)
		memset(symbol_at(s, s->k), 0, s->layout.symbol_size);
	err = wzp_fec_record_append(symbol_at(s, s->k), &s->used, &s->layout, frame, len);
	if (err != WZP_OK)
		return err;
	if (s->frames == 0)
		s->symbol_ts = timestamp_ms;
	if (s->k == 0 && s->frames == 0)
		s->block_ts = timestamp_ms;
	if (!v1(s))
		memcpy(s->source, frame, len);
	s->frames++;
	s->next_ts = timestamp_ms + s->layout.frame_ms;
	if (s->frames == s->layout.frames_per_symbol)
		return close_symbol(s, out, count);
	return WZP_OK;
}

enum wzp_err wzp_fec_sender_flush(struct wzp_fec_sender *s, struct wzp_fec_packet *out,
				  size_t *count)
{
	*count = 0;
	if (!v1(s))
		return WZP_OK;
	if (s->frames > 0) {
		out[(*count)++] = source_packet(s);
		s->k++;
		s->frames = 0;
		s->used = 0;
	}
	return close_block(s, out, count);
}
