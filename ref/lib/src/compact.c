/* compact.c: spec/02-wire.md 2.6 "Datagram framing in wzp/1". */
#include <string.h>

#include "bytes.h"
#include "wzp/compact.h"
#include "wzp/trace.h"

#define MINI_BIT 0x80
#define CODEC_ESCAPE 15
#define TS_BITS 24
#define TS_MASK 0xFFFFFFu
#define TS_HALF 0x800000u

/* WZP-WIRE-040 */
enum wzp_err wzp_frame_kind_of(const uint8_t *buf, size_t len, enum wzp_frame_kind *kind)
{
	WZP_REJECT("WZP-WIRE-040", len == 0, WZP_ERR_TRUNCATED);
	if (buf[0] == WZP_TRUNK_ESCAPE) {
		*kind = WZP_VALUE("WZP-WIRE-040", WZP_FRAME_TRUNK);
		return WZP_OK;
	}
	WZP_REJECT("WZP-WIRE-040", ((buf[0] >> 2) & 0x0F) == CODEC_ESCAPE,
		   WZP_ERR_UNKNOWN_FRAME_TYPE);
	*kind = WZP_VALUE("WZP-WIRE-040", (buf[0] & MINI_BIT) ? WZP_FRAME_MINI : WZP_FRAME_FULL);
	return WZP_OK;
}

/* WZP-WIRE-042: the timestamp nearest the reference with these low 24
 * bits, that is reference + the signed 24-bit difference. */
static uint32_t extend_timestamp(uint32_t low24, uint32_t reference)
{
	uint32_t d = (low24 - reference) & TS_MASK;

	if (d >= TS_HALF)
		d -= 1u << TS_BITS;
	return WZP_VALUE("WZP-WIRE-042", reference + d);
}

/* WZP-WIRE-041: bytes 0-1 as in the MediaHeader but bit 7 set; seq; the
 * timestamp's low 24 bits; fec_block; fec_symbol. Reserved and CSRC are 0. */
static enum wzp_err decode_mini(struct wzp_media_packet *p, const uint8_t *buf, size_t len,
				const struct wzp_ts_reference *ref)
{
	uint8_t full[WZP_MEDIA_HEADER_SIZE] = { 0 };
	enum wzp_err err;

	WZP_REJECT("WZP-WIRE-041", len < WZP_MINI_HEADER_SIZE, WZP_ERR_TRUNCATED);
	WZP_REJECT("WZP-WIRE-043", !ref->valid, WZP_ERR_NO_REFERENCE);
	full[0] = WZP_VALUE("WZP-WIRE-041", buf[0] & ~MINI_BIT);
	full[1] = buf[1];
	memcpy(full + 2, buf + 2, 2);
	store_be32(full + 4, extend_timestamp(load_be32(buf + 3) & TS_MASK, ref->ts));
	full[8] = WZP_VALUE("WZP-WIRE-041", buf[7]);
	full[9] = WZP_VALUE("WZP-WIRE-041", buf[8]);
	err = wzp_media_header_decode(&p->header, full, sizeof full, WZP_PROFILE_V1);
	if (err != WZP_OK)
		return err;
	return wzp_media_body_decode(p, buf + WZP_MINI_HEADER_SIZE, len - WZP_MINI_HEADER_SIZE);
}

enum wzp_err wzp_media_frame_decode(struct wzp_media_packet *p, const uint8_t *buf, size_t len,
				    const struct wzp_ts_reference *ref)
{
	struct wzp_media_packet out = { 0 };
	enum wzp_frame_kind kind;
	enum wzp_err err = wzp_frame_kind_of(buf, len, &kind);

	if (err != WZP_OK)
		return err;
	if (kind == WZP_FRAME_MINI)
		err = decode_mini(&out, buf, len, ref);
	else
		err = wzp_media_packet_decode(&out, buf, len, WZP_PROFILE_V1);
	if (err == WZP_OK)
		*p = out;
	return err;
}

/* WZP-WIRE-043: the reference only moves forward, in serial-number order
 * (RFC 1982) over 32 bits. */
void wzp_ts_reference_update(struct wzp_ts_reference *ref, uint32_t ts)
{
	if (!ref->valid || (int32_t)(ts - ref->ts) > 0)
		ref->ts = WZP_VALUE("WZP-WIRE-043", ts);
	ref->valid = true;
}

/* WZP-WIRE-082: FULL while a receiver may still lack a reference: the
 * first 10 frames, then at least once a second of timestamps. */
static bool should_send_full(const struct wzp_compact_sender *s, const struct wzp_media_header *h)
{
	if (s->frames_sent < WZP_FULL_LEAD)
		return WZP_VALUE("WZP-WIRE-082", true);
	return (int32_t)(h->timestamp_ms - s->last_full_ts) >= WZP_FULL_PERIOD_MS;
}

/* WZP-WIRE-044: FULL for the first frame, every 50th, after a timestamp
 * jump a MINI cannot carry, and whenever reserved or CSRC are nonzero. */
static bool must_send_full(const struct wzp_compact_sender *s, const struct wzp_media_header *h)
{
	uint32_t jump = h->timestamp_ms - s->last_ts;

	if (!s->started || s->frames_since_full >= WZP_FULL_INTERVAL)
		return WZP_VALUE("WZP-WIRE-044", true);
	if (jump >= TS_HALF && -jump >= TS_HALF)
		return true;
	return h->reserved != 0 || h->csrc_count != 0;
}

static enum wzp_err encode_mini(uint8_t *out, size_t cap, size_t *written,
				const struct wzp_media_packet *p)
{
	uint8_t full[WZP_MEDIA_HEADER_SIZE];
	size_t body;
	enum wzp_err err = wzp_media_header_encode(full, &p->header, WZP_PROFILE_V1);

	if (err != WZP_OK)
		return err;
	if (cap < WZP_MINI_HEADER_SIZE)
		return WZP_ERR_NO_MEMORY;
	err = wzp_media_body_encode(out + WZP_MINI_HEADER_SIZE, cap - WZP_MINI_HEADER_SIZE,
				    &body, p);
	if (err != WZP_OK)
		return err;
	out[0] = full[0] | MINI_BIT;
	memcpy(out + 1, full + 1, 3);  /* byte 1 and seq */
	memcpy(out + 4, full + 5, 3);  /* timestamp, low 24 bits */
	memcpy(out + 7, full + 8, 2);  /* fec_block, fec_symbol */
	*written = WZP_MINI_HEADER_SIZE + body;
	return WZP_OK;
}

enum wzp_err wzp_media_frame_encode(uint8_t *out, size_t cap, size_t *written,
				    const struct wzp_media_packet *p,
				    struct wzp_compact_sender *s)
{
	bool full = must_send_full(s, &p->header) || should_send_full(s, &p->header);
	enum wzp_err err;

	WZP_REJECT("WZP-WIRE-031", p->has_report != p->header.has_quality_report,
		   WZP_ERR_FIELD_RANGE);
	err = full ? wzp_media_packet_encode(out, cap, written, p, WZP_PROFILE_V1)
		   : encode_mini(out, cap, written, p);
	if (err != WZP_OK)
		return err;
	s->started = true;
	s->frames_sent++;
	s->frames_since_full = full ? 1 : s->frames_since_full + 1;
	if (full)
		s->last_full_ts = p->header.timestamp_ms;
	s->last_ts = p->header.timestamp_ms;
	return WZP_OK;
}
