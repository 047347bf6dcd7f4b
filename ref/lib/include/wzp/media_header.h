/* media_header.h: the 12-byte MediaHeader (spec/02-wire.md, section 2.2).
 *
 *   byte 0: V(1) T(1) CodecId(4) Q(1) FecRatio bit 6
 *   byte 1: FecRatio bits 5..0, two unused bits
 *   bytes 2-3: seq (BE16)      bytes 4-7: timestamp_ms (BE32)
 *   byte 8: fec_block   byte 9: fec_symbol   byte 10: reserved   byte 11: csrc_count
 *
 * Decoding reads only the first 12 bytes of the buffer (the rest is the
 * packet's payload and trailer) and fills *h only on success. Encoding
 * validates every field against its wire width and the profile's rules and
 * writes nothing on failure. Neither allocates nor keeps pointers.
 */
#ifndef WZP_MEDIA_HEADER_H
#define WZP_MEDIA_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

#define WZP_MEDIA_HEADER_SIZE 12

struct wzp_media_header {
	uint8_t version;           /* V: 0 in wzp/1; 0 or 1 in upstream-aa09275 */
	bool is_repair;            /* T: FEC repair symbol rather than source media */
	uint8_t codec_id;          /* enum wzp_codec_id, 0..5 */
	bool has_quality_report;   /* Q: a 4-byte QualityReport trails the payload */
	uint8_t fec_ratio_encoded; /* 7-bit FEC ratio, see fec_ratio.h */
	uint16_t seq;              /* wrapping packet sequence number */
	uint32_t timestamp_ms;     /* milliseconds since the session started */
	uint8_t fec_block;         /* wrapping FEC source block id */
	uint8_t fec_symbol;        /* symbol index within the block */
	uint8_t reserved;          /* byte 10 */
	uint8_t csrc_count;        /* byte 11 */
};

enum wzp_err wzp_media_header_decode(struct wzp_media_header *h, const uint8_t *buf,
				     size_t len, enum wzp_profile profile);

enum wzp_err wzp_media_header_encode(uint8_t out[WZP_MEDIA_HEADER_SIZE],
				     const struct wzp_media_header *h,
				     enum wzp_profile profile);

#endif
