/* media_packet.h: a MediaPacket, [MediaHeader 12][payload][QualityReport 4
 * iff Q] (spec/02-wire.md 2.5).
 *
 * There is no length field: the payload is what the datagram holds between
 * the header and the trailer. Decoding borrows: p->payload points into the
 * caller's buffer and lives as long as it does. Encoding writes into a
 * caller buffer and reports WZP_ERR_NO_MEMORY when it is too small. Nothing
 * allocates; on failure nothing is written to the output.
 */
#ifndef WZP_MEDIA_PACKET_H
#define WZP_MEDIA_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/media_header.h"
#include "wzp/quality_report.h"

struct wzp_media_packet {
	struct wzp_media_header header;
	const uint8_t *payload; /* borrowed */
	size_t payload_len;
	bool has_report;        /* equals header.has_quality_report in wzp/1 */
	struct wzp_quality_report report;
};

enum wzp_err wzp_media_packet_decode(struct wzp_media_packet *p, const uint8_t *buf, size_t len,
				     enum wzp_profile profile);

/* Writes header, payload and (if p->has_report) the report; *written is
 * the packet's length. */
enum wzp_err wzp_media_packet_encode(uint8_t *out, size_t cap, size_t *written,
				     const struct wzp_media_packet *p, enum wzp_profile profile);

/* The trailer layout shared with compact frames: [payload][report iff q]. */
enum wzp_err wzp_media_body_decode(struct wzp_media_packet *p, const uint8_t *body, size_t len);
enum wzp_err wzp_media_body_encode(uint8_t *out, size_t cap, size_t *written,
				   const struct wzp_media_packet *p);

#endif
