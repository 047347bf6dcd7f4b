/* media_header.c: spec/02-wire.md, section 2.2 "MediaHeader".
 *
 * Decode and encode walk the header in wire order, one field at a time, and
 * each field names the requirement that defines it.
 */
#include "bytes.h"
#include "wzp/codec_id.h"
#include "wzp/media_header.h"
#include "wzp/trace.h"

/* Byte 0: V(7) T(6) CodecId(5..2) Q(1) FecRatio bit 6 (0). */
#define B0_VERSION_SHIFT 7
#define B0_REPAIR_SHIFT 6
#define B0_CODEC_SHIFT 2
#define B0_CODEC_MASK 0x0F
#define B0_QUALITY_SHIFT 1
/* Byte 1: FecRatio bits 5..0 in bits 7..2; bits 1..0 unused. */
#define B1_FEC_SHIFT 2
#define FEC_LOW_MASK 0x3F
#define FEC_MASK 0x7F

static enum wzp_err decode_byte0(struct wzp_media_header *h, uint8_t b0,
				 enum wzp_profile profile)
{
	uint8_t version = WZP_VALUE("WZP-WIRE-002", b0 >> B0_VERSION_SHIFT);
	uint8_t codec = WZP_VALUE("WZP-WIRE-004", (b0 >> B0_CODEC_SHIFT) & B0_CODEC_MASK);

	WZP_REJECT("WZP-WIRE-002", profile == WZP_PROFILE_V1 && version != 0,
		   WZP_ERR_UNSUPPORTED_VERSION);
	WZP_REJECT("WZP-WIRE-005", !wzp_codec_id_known(codec), WZP_ERR_UNKNOWN_CODEC);
	h->version = version;
	h->is_repair = WZP_VALUE("WZP-WIRE-003", (b0 >> B0_REPAIR_SHIFT) & 1);
	h->codec_id = codec;
	h->has_quality_report = WZP_VALUE("WZP-WIRE-006", (b0 >> B0_QUALITY_SHIFT) & 1);
	return WZP_OK;
}

/* WZP-WIRE-007: bit 6 in byte 0, bits 5..0 in byte 1; WZP-WIRE-008: the two
 * low bits of byte 1 are shifted out, so whatever they hold is ignored. */
static uint8_t decode_fec_ratio(uint8_t b0, uint8_t b1)
{
	uint8_t low = WZP_VALUE("WZP-WIRE-008", b1 >> B1_FEC_SHIFT);

	return WZP_VALUE("WZP-WIRE-007", (uint8_t)((b0 & 1) << 6 | low));
}

enum wzp_err wzp_media_header_decode(struct wzp_media_header *h, const uint8_t *buf,
				     size_t len, enum wzp_profile profile)
{
	struct wzp_media_header out;
	enum wzp_err err;

	WZP_REJECT("WZP-WIRE-001", len < WZP_MEDIA_HEADER_SIZE, WZP_ERR_TRUNCATED);
	err = decode_byte0(&out, buf[0], profile);
	if (err != WZP_OK)
		return err;
	out.fec_ratio_encoded = decode_fec_ratio(buf[0], buf[1]);
	out.seq = WZP_VALUE("WZP-WIRE-009", load_be16(buf + 2));
	out.timestamp_ms = WZP_VALUE("WZP-WIRE-010", load_be32(buf + 4));
	out.fec_block = WZP_VALUE("WZP-WIRE-011", buf[8]);
	out.fec_symbol = WZP_VALUE("WZP-WIRE-012", buf[9]);
	out.reserved = WZP_VALUE("WZP-WIRE-013", buf[10]);
	out.csrc_count = WZP_VALUE("WZP-WIRE-014", buf[11]);
	*h = out;
	return WZP_OK;
}

/* The checks an encoder makes before writing anything. In upstream-aa09275
 * out-of-width values are masked, as the original writer does; wzp/1
 * refuses them. */
static enum wzp_err check_fields(const struct wzp_media_header *h, enum wzp_profile profile)
{
	bool v1 = profile == WZP_PROFILE_V1;

	WZP_REJECT("WZP-WIRE-002", v1 && h->version != 0, WZP_ERR_UNSUPPORTED_VERSION);
	WZP_REJECT("WZP-WIRE-005", !wzp_codec_id_known(h->codec_id), WZP_ERR_UNKNOWN_CODEC);
	WZP_REJECT("WZP-WIRE-015", v1 && h->fec_ratio_encoded > FEC_MASK, WZP_ERR_FIELD_RANGE);
	WZP_REJECT("WZP-WIRE-013", v1 && h->reserved != 0, WZP_ERR_FIELD_RANGE);
	WZP_REJECT("WZP-WIRE-014", v1 && h->csrc_count != 0, WZP_ERR_FIELD_RANGE);
	return WZP_OK;
}

static uint8_t encode_byte0(const struct wzp_media_header *h, uint8_t fec)
{
	uint8_t b0 = 0;

	b0 |= WZP_VALUE("WZP-WIRE-002", (h->version & 1) << B0_VERSION_SHIFT);
	b0 |= WZP_VALUE("WZP-WIRE-003", h->is_repair << B0_REPAIR_SHIFT);
	b0 |= WZP_VALUE("WZP-WIRE-004", h->codec_id << B0_CODEC_SHIFT);
	b0 |= WZP_VALUE("WZP-WIRE-006", h->has_quality_report << B0_QUALITY_SHIFT);
	b0 |= WZP_VALUE("WZP-WIRE-007", fec >> 6);
	return b0;
}

enum wzp_err wzp_media_header_encode(uint8_t out[WZP_MEDIA_HEADER_SIZE],
				     const struct wzp_media_header *h,
				     enum wzp_profile profile)
{
	enum wzp_err err = check_fields(h, profile);
	uint8_t fec;

	if (err != WZP_OK)
		return err;
	fec = WZP_VALUE("WZP-WIRE-015", h->fec_ratio_encoded & FEC_MASK);
	out[0] = encode_byte0(h, fec);
	out[1] = WZP_VALUE("WZP-WIRE-008", (fec & FEC_LOW_MASK) << B1_FEC_SHIFT);
	store_be16(out + 2, WZP_VALUE("WZP-WIRE-009", h->seq));
	store_be32(out + 4, WZP_VALUE("WZP-WIRE-010", h->timestamp_ms));
	out[8] = WZP_VALUE("WZP-WIRE-011", h->fec_block);
	out[9] = WZP_VALUE("WZP-WIRE-012", h->fec_symbol);
	out[10] = WZP_VALUE("WZP-WIRE-013", h->reserved);
	out[11] = WZP_VALUE("WZP-WIRE-014", h->csrc_count);
	return WZP_OK;
}
