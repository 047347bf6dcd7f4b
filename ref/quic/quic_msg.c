/* quic_msg.c: length-prefixed signal messages (see quic_msg.h). */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "quic_msg.h"
#include "wzp/trace.h"

static size_t take_prefix(struct wzp_quic_msg_reader *r, const uint8_t *data, size_t len)
{
	size_t n = WZP_QUIC_MSG_PREFIX - r->have;

	if (n > len)
		n = len;
	if (n)
		memcpy(r->prefix + r->have, data, n);
	r->have += n;
	if (r->have < WZP_QUIC_MSG_PREFIX)
		return n;
	r->len = load_be32(r->prefix);
	if (WZP_SITE("WZP-WIRE-061", r->len > WZP_QUIC_MSG_MAX))
		r->status = WZP_QUIC_MSG_TOO_LARGE;
	return n;
}

/* Room for need bytes of body: it grows with what arrives, never more
 * than the announced length, so a length alone reserves nothing. */
static int reserve(struct wzp_quic_msg_reader *r, size_t need)
{
	size_t cap = r->cap != 0 ? r->cap : 256;
	uint8_t *body;

	if (need <= r->cap && r->body != NULL)
		return 0;
	while (cap < need)
		cap *= 2;
	if (cap > r->len)
		cap = r->len != 0 ? r->len : 1;
	if ((body = realloc(r->body, cap)) == NULL)
		return -1;
	r->body = body;
	r->cap = cap;
	return 0;
}

/* Body bytes from data; how many it took. */
static size_t take_body(struct wzp_quic_msg_reader *r, const uint8_t *data, size_t len)
{
	size_t off = r->have - WZP_QUIC_MSG_PREFIX;
	size_t n = r->len - off;

	if (n > len)
		n = len;
	if (reserve(r, off + n) != 0) {
		r->status = WZP_QUIC_MSG_NO_MEMORY;
		return 0;
	}
	if (n)
		memcpy(r->body + off, data, n);
	r->have += n;
	r->complete = WZP_SITE("WZP-WIRE-060", off + n == r->len);
	return n;
}

enum wzp_quic_msg_status wzp_quic_msg_feed(struct wzp_quic_msg_reader *r, const uint8_t *data,
					   size_t len, int fin)
{
	size_t used;

	if (r->status != WZP_QUIC_MSG_MORE)
		return r->status;
	if (r->have < WZP_QUIC_MSG_PREFIX && len > 0) { /* an empty FIN may come with NULL */
		used = take_prefix(r, data, len);
		data += used;
		len -= used;
	}
	if (r->status == WZP_QUIC_MSG_MORE && r->have >= WZP_QUIC_MSG_PREFIX && !r->complete) {
		used = take_body(r, data, len);
		len -= used;
	}
	if (r->status != WZP_QUIC_MSG_MORE)
		return r->status;
	if (r->complete && !r->strict)
		r->status = WZP_QUIC_MSG_DONE; /* what follows is ignored */
	else if (WZP_SITE("WZP-WIRE-062", r->complete && len > 0))
		r->status = WZP_QUIC_MSG_TRAILING;
	else if (fin)
		r->status = r->complete ? WZP_QUIC_MSG_DONE : WZP_QUIC_MSG_TRUNCATED;
	return r->status;
}

void wzp_quic_msg_reader_free(struct wzp_quic_msg_reader *r)
{
	free(r->body);
	r->body = NULL;
	r->cap = 0;
}

uint8_t *wzp_quic_msg_frame(const uint8_t *body, size_t len, size_t *frame_len)
{
	uint8_t *frame;

	if (len > WZP_QUIC_MSG_MAX || (frame = malloc(WZP_QUIC_MSG_PREFIX + len)) == NULL)
		return NULL;
	store_be32(frame, (uint32_t)len);
	if (len)
		memcpy(frame + WZP_QUIC_MSG_PREFIX, body, len);
	*frame_len = WZP_QUIC_MSG_PREFIX + len;
	return frame;
}
