/* stream_frame.c: spec/02-wire.md 2.10 "Signal stream framing". */
#include <string.h>

#include "bytes.h"
#include "wzp/stream_frame.h"
#include "wzp/trace.h"

void wzp_stream_reader_init(struct wzp_stream_reader *r, uint8_t *buf, size_t cap,
			    enum wzp_profile profile)
{
	memset(r, 0, sizeof *r);
	r->buf = buf;
	r->cap = cap;
	r->profile = profile;
}

static size_t take(uint8_t *dst, size_t want, const uint8_t **chunk, size_t *len)
{
	size_t n = want < *len ? want : *len;

	if (n > 0)
		memcpy(dst, *chunk, n);
	*chunk += n;
	*len -= n;
	return n;
}

/* WZP-WIRE-060, WZP-WIRE-061: the prefix, checked the moment it is whole. */
static enum wzp_err feed_prefix(struct wzp_stream_reader *r, const uint8_t **chunk, size_t *len)
{
	r->prefix_have += take(r->prefix + r->prefix_have, WZP_STREAM_PREFIX - r->prefix_have,
			       chunk, len);
	if (r->prefix_have < WZP_STREAM_PREFIX)
		return WZP_OK;
	r->len = WZP_VALUE("WZP-WIRE-060", load_be32(r->prefix));
	WZP_REJECT("WZP-WIRE-061", r->len > WZP_SIGNAL_MAX_LEN, WZP_ERR_TOO_LARGE);
	if (r->len > r->cap)
		return WZP_ERR_NO_MEMORY;
	return WZP_OK;
}

enum wzp_err wzp_stream_reader_feed(struct wzp_stream_reader *r, const uint8_t *chunk,
				    size_t len)
{
	if (r->prefix_have < WZP_STREAM_PREFIX) {
		enum wzp_err err = feed_prefix(r, &chunk, &len);

		if (err != WZP_OK || r->prefix_have < WZP_STREAM_PREFIX)
			return err;
	}
	r->have += take(r->buf + r->have, r->len - r->have, &chunk, &len);
	/* WZP-WIRE-062: one message per stream. */
	WZP_REJECT("WZP-WIRE-062", r->profile == WZP_PROFILE_V1 && len > 0,
		   WZP_ERR_TRAILING_BYTES);
	return WZP_OK;
}

enum wzp_err wzp_stream_reader_finish(const struct wzp_stream_reader *r, const uint8_t **msg,
				      size_t *msg_len)
{
	WZP_REJECT("WZP-WIRE-062", r->prefix_have < WZP_STREAM_PREFIX || r->have < r->len,
		   WZP_ERR_TRUNCATED);
	*msg = r->buf;
	*msg_len = r->len;
	return WZP_OK;
}

enum wzp_err wzp_stream_frame_encode(uint8_t *out, size_t cap, size_t *written,
				     const uint8_t *msg, size_t len)
{
	WZP_REJECT("WZP-WIRE-061", len > WZP_SIGNAL_MAX_LEN, WZP_ERR_TOO_LARGE);
	if (cap < WZP_STREAM_PREFIX + len)
		return WZP_ERR_NO_MEMORY;
	store_be32(out, WZP_VALUE("WZP-WIRE-060", (uint32_t)len));
	if (len > 0)
		memcpy(out + WZP_STREAM_PREFIX, msg, len);
	*written = WZP_STREAM_PREFIX + len;
	return WZP_OK;
}
