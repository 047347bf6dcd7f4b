/* media_packet.c: spec/02-wire.md 2.5 "MediaPacket". */
#include <string.h>

#include "wzp/media_packet.h"
#include "wzp/trace.h"

/* WZP-WIRE-030: the payload runs to the end of the body, less the report
 * when the Q bit says one is there. */
enum wzp_err wzp_media_body_decode(struct wzp_media_packet *p, const uint8_t *body, size_t len)
{
	size_t trailer = p->header.has_quality_report ? WZP_QUALITY_REPORT_SIZE : 0;

	WZP_REJECT("WZP-WIRE-030", len < trailer, WZP_ERR_TRUNCATED);
	p->payload = body;
	p->payload_len = WZP_VALUE("WZP-WIRE-030", len - trailer);
	p->has_report = trailer != 0;
	if (p->has_report)
		return wzp_quality_report_decode(&p->report, body + p->payload_len, trailer);
	return WZP_OK;
}

enum wzp_err wzp_media_packet_decode(struct wzp_media_packet *p, const uint8_t *buf, size_t len,
				     enum wzp_profile profile)
{
	struct wzp_media_packet out = { 0 };
	enum wzp_err err = wzp_media_header_decode(&out.header, buf, len, profile);

	if (err == WZP_OK)
		err = wzp_media_body_decode(&out, buf + WZP_MEDIA_HEADER_SIZE,
					    len - WZP_MEDIA_HEADER_SIZE);
	if (err == WZP_OK)
		*p = out;
	return err;
}

enum wzp_err wzp_media_body_encode(uint8_t *out, size_t cap, size_t *written,
				   const struct wzp_media_packet *p)
{
	size_t need = p->payload_len + (p->has_report ? WZP_QUALITY_REPORT_SIZE : 0);

	if (need > cap)
		return WZP_ERR_NO_MEMORY;
	if (p->payload_len > 0)
		memcpy(out, p->payload, p->payload_len);
	if (p->has_report)
		wzp_quality_report_encode(out + p->payload_len, &p->report);
	*written = need;
	return WZP_OK;
}

/* WZP-WIRE-031: in wzp/1 the trailer is there exactly when Q says so;
 * upstream appends a report whenever it has one, whatever Q says. */
enum wzp_err wzp_media_packet_encode(uint8_t *out, size_t cap, size_t *written,
				     const struct wzp_media_packet *p, enum wzp_profile profile)
{
	uint8_t head[WZP_MEDIA_HEADER_SIZE];
	size_t body;
	enum wzp_err err;

	WZP_REJECT("WZP-WIRE-031",
		   profile == WZP_PROFILE_V1 && p->has_report != p->header.has_quality_report,
		   WZP_ERR_FIELD_RANGE);
	err = wzp_media_header_encode(head, &p->header, profile);
	if (err != WZP_OK)
		return err;
	if (cap < WZP_MEDIA_HEADER_SIZE)
		return WZP_ERR_NO_MEMORY;
	err = wzp_media_body_encode(out + WZP_MEDIA_HEADER_SIZE, cap - WZP_MEDIA_HEADER_SIZE,
				    &body, p);
	if (err != WZP_OK)
		return err;
	memcpy(out, head, sizeof head);
	*written = WZP_MEDIA_HEADER_SIZE + body;
	return WZP_OK;
}
