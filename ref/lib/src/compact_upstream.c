/* compact_upstream.c: spec/02-wire.md 2.7 "Upstream compact framing". */
#include <string.h>

#include "bytes.h"
#include "wzp/compact_upstream.h"
#include "wzp/trace.h"

#define MINI_FIXED 5 /* type, delta, length */

/* WZP-WIRE-046: seq + 1 and timestamp + delta from the baseline, which the
 * expanded header then replaces. */
static enum wzp_err expand(struct wzp_media_header *h, uint16_t delta,
			   struct wzp_upstream_mini_context *ctx)
{
	WZP_REJECT("WZP-WIRE-046", !ctx->has_baseline, WZP_ERR_NO_REFERENCE);
	*h = ctx->last;
	h->seq = WZP_VALUE("WZP-WIRE-046", (uint16_t)(ctx->last.seq + 1));
	h->timestamp_ms = WZP_VALUE("WZP-WIRE-046", ctx->last.timestamp_ms + delta);
	ctx->last = *h;
	return WZP_OK;
}

static enum wzp_err decode_mini(struct wzp_media_packet *p, const uint8_t *buf, size_t len,
				struct wzp_upstream_mini_context *ctx)
{
	uint16_t payload_len;

	WZP_REJECT("WZP-WIRE-045", len < MINI_FIXED, WZP_ERR_TRUNCATED);
	payload_len = WZP_VALUE("WZP-WIRE-045", load_be16(buf + 3));
	WZP_REJECT("WZP-WIRE-045", len - MINI_FIXED < payload_len, WZP_ERR_TRUNCATED);
	p->payload = buf + MINI_FIXED;
	p->payload_len = payload_len;
	p->has_report = false;
	return expand(&p->header, load_be16(buf + 1), ctx);
}

enum wzp_err wzp_upstream_compact_decode(struct wzp_media_packet *p, const uint8_t *buf,
					 size_t len, struct wzp_upstream_mini_context *ctx)
{
	struct wzp_media_packet out = { 0 };
	enum wzp_err err;

	WZP_REJECT("WZP-WIRE-045", len == 0, WZP_ERR_TRUNCATED);
	if (buf[0] == WZP_UPSTREAM_FRAME_MINI) {
		err = decode_mini(&out, buf, len, ctx);
	} else {
		WZP_REJECT("WZP-WIRE-045", buf[0] != WZP_UPSTREAM_FRAME_FULL,
			   WZP_ERR_UNKNOWN_FRAME_TYPE);
		err = wzp_media_packet_decode(&out, buf + 1, len - 1, WZP_PROFILE_UPSTREAM);
		if (err == WZP_OK) {
			ctx->has_baseline = true;
			ctx->last = out.header;
		}
	}
	if (err == WZP_OK)
		*p = out;
	return err;
}

static enum wzp_err encode_mini(uint8_t *out, size_t cap, size_t *written,
				const struct wzp_media_packet *p,
				const struct wzp_upstream_mini_context *ctx)
{
	if (cap < MINI_FIXED + p->payload_len)
		return WZP_ERR_NO_MEMORY;
	out[0] = WZP_UPSTREAM_FRAME_MINI;
	/* Both fields are cut to 16 bits without a check, as upstream does. */
	store_be16(out + 1, (uint16_t)(p->header.timestamp_ms - ctx->last.timestamp_ms));
	store_be16(out + 3, (uint16_t)p->payload_len);
	if (p->payload_len > 0)
		memcpy(out + MINI_FIXED, p->payload, p->payload_len);
	*written = MINI_FIXED + p->payload_len;
	return WZP_OK;
}

/* WZP-WIRE-047: frames 0, 50, 100, ... are FULL, the rest MINI; a MINI
 * drops the report and every field but seq and timestamp. */
enum wzp_err wzp_upstream_compact_encode(uint8_t *out, size_t cap, size_t *written,
					 const struct wzp_media_packet *p,
					 struct wzp_upstream_mini_context *ctx,
					 uint32_t *frames_since_full)
{
	bool mini = *frames_since_full > 0 && *frames_since_full < WZP_UPSTREAM_FULL_INTERVAL;
	enum wzp_err err;

	if (WZP_VALUE("WZP-WIRE-047", mini)) {
		err = encode_mini(out, cap, written, p, ctx);
	} else {
		if (cap < 1)
			return WZP_ERR_NO_MEMORY;
		err = wzp_media_packet_encode(out + 1, cap - 1, written, p, WZP_PROFILE_UPSTREAM);
		if (err == WZP_OK) {
			out[0] = WZP_UPSTREAM_FRAME_FULL;
			*written += 1;
		}
	}
	if (err != WZP_OK)
		return err;
	ctx->has_baseline = true;
	ctx->last = p->header;
	*frames_since_full = mini ? *frames_since_full + 1 : 1;
	return WZP_OK;
}
