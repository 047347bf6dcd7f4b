/* layout.c: spec/04-fec.md 4.1-4.3, layouts and symbol records. */
#include <math.h>
#include <string.h>

#include "wzp/codec_id.h"
#include "wzp/fec_layout.h"
#include "wzp/trace.h"

/* WZP-FEC-001: the wzp/1 layouts, indexed by CodecId. Delay budgets are
 * the tiers' (GOOD 200, DEGRADED 600, CATASTROPHIC 800 ms; the codecs in
 * no tier take the closest tier's); codec allowances are 7 ms for Opus
 * (6.5 ms lookahead) and 20 ms for Codec2 with its 48/8 kHz resampling. */
static const struct wzp_fec_layout v1_layouts[] = {
	{ WZP_PROFILE_V1, WZP_CODEC_OPUS24K, 20, 1, 64, 5, 0.2f, 200, 7, 1 },
	{ WZP_PROFILE_V1, WZP_CODEC_OPUS16K, 20, 1, 44, 5, 0.2f, 200, 7, 1 },
	{ WZP_PROFILE_V1, WZP_CODEC_OPUS6K, 40, 2, 64, 5, 0.5f, 600, 7, 1 },
	{ WZP_PROFILE_V1, WZP_CODEC_CODEC2_3200, 20, 2, 20, 5, 0.5f, 600, 20, 1 },
	{ WZP_PROFILE_V1, WZP_CODEC_CODEC2_1200, 40, 4, 32, 2, 1.0f, 800, 20, 1 },
};

/* Upstream: one frame per 256-byte symbol, the tier's frames per block. */
static const struct wzp_fec_layout upstream_layouts[] = {
	{ WZP_PROFILE_UPSTREAM, WZP_CODEC_OPUS24K, 20, 1, 256, 5, 0.2f, 200, 7, 1 },
	{ WZP_PROFILE_UPSTREAM, WZP_CODEC_OPUS16K, 20, 1, 256, 5, 0.2f, 200, 7, 1 },
	{ WZP_PROFILE_UPSTREAM, WZP_CODEC_OPUS6K, 40, 1, 256, 10, 0.5f, 600, 7, 1 },
	{ WZP_PROFILE_UPSTREAM, WZP_CODEC_CODEC2_3200, 20, 1, 256, 5, 0.5f, 600, 20, 1 },
	{ WZP_PROFILE_UPSTREAM, WZP_CODEC_CODEC2_1200, 40, 1, 256, 8, 1.0f, 800, 20, 1 },
};

enum wzp_err wzp_fec_layout_for(uint8_t codec_id, enum wzp_profile profile,
				struct wzp_fec_layout *out)
{
	const struct wzp_fec_layout *table =
		profile == WZP_PROFILE_V1 ? v1_layouts : upstream_layouts;

	WZP_REJECT("WZP-FEC-001", codec_id >= WZP_CODEC_COMFORT_NOISE, WZP_ERR_UNKNOWN_CODEC);
	*out = table[codec_id];
	out->symbol_size = WZP_VALUE("WZP-FEC-001", out->symbol_size);
	out->interleave_depth = WZP_VALUE("WZP-FEC-012", out->interleave_depth);
	return WZP_OK;
}

uint32_t wzp_fec_stack_delay_ms(const struct wzp_fec_layout *l, uint32_t depth)
{
	uint32_t symbol_ms = (uint32_t)l->frame_ms * l->frames_per_symbol;
	uint32_t capture = symbol_ms;
	uint32_t repair_wait = (uint32_t)(l->block_symbols - 1) * symbol_ms;
	uint32_t interleave = (depth - 1) * l->block_symbols * symbol_ms;

	return capture + repair_wait + interleave + symbol_ms + l->codec_delay_ms;
}

/* WZP-FEC-003: binary32 product, then the ceiling (FLT_EVAL_METHOD 0,
 * checked in fec_ratio.c). */
uint32_t wzp_fec_repair_count(uint32_t k, float ratio)
{
	float product = (float)k * ratio;

	return WZP_VALUE("WZP-FEC-003", (uint32_t)ceilf(product));
}

size_t wzp_fec_frame_capacity(const struct wzp_fec_layout *l)
{
	return (size_t)l->symbol_size / l->frames_per_symbol - WZP_FEC_RECORD_PREFIX;
}

/* WZP-FEC-002 */
enum wzp_err wzp_fec_record_append(uint8_t *symbol, size_t *used,
				   const struct wzp_fec_layout *l, const uint8_t *frame,
				   size_t len)
{
	WZP_REJECT("WZP-FEC-002", len > wzp_fec_frame_capacity(l), WZP_ERR_TOO_LARGE);
	WZP_REJECT("WZP-FEC-002", len == 0, WZP_ERR_FIELD_RANGE);
	symbol[*used] = WZP_VALUE("WZP-FEC-002", (uint8_t)len);
	symbol[*used + 1] = (uint8_t)(len >> 8);
	memcpy(symbol + *used + WZP_FEC_RECORD_PREFIX, frame, len);
	*used += WZP_FEC_RECORD_PREFIX + len;
	return WZP_OK;
}

enum wzp_err wzp_fec_records_read(const uint8_t *symbol, const struct wzp_fec_layout *l,
				  struct wzp_fec_record *records, size_t *count)
{
	size_t at = 0, n = 0;

	while (n < l->frames_per_symbol && l->symbol_size - at >= WZP_FEC_RECORD_PREFIX) {
		size_t len = symbol[at] | (size_t)symbol[at + 1] << 8;

		if (len == 0)
			break;
		at += WZP_FEC_RECORD_PREFIX;
		WZP_REJECT("WZP-FEC-002", len > l->symbol_size - at, WZP_ERR_TRUNCATED);
		WZP_REJECT("WZP-FEC-002", len > wzp_fec_frame_capacity(l), WZP_ERR_FIELD_RANGE);
		records[n].frame = symbol + at;
		records[n].len = len;
		at += len;
		n++;
	}
	*count = n;
	return WZP_OK;
}
