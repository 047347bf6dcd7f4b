/* wire_json.c: the JSON forms of headers, reports and packets (ADAPTER.md). */
#include "json_args.h"
#include "wire_json.h"

json_t *header_to_json(const struct wzp_media_header *h)
{
	return json_pack("{s:i, s:b, s:i, s:b, s:i, s:i, s:I, s:i, s:i, s:i, s:i}",
			 "version", h->version, "is_repair", h->is_repair,
			 "codec_id", h->codec_id, "has_quality_report", h->has_quality_report,
			 "fec_ratio_encoded", h->fec_ratio_encoded, "seq", h->seq,
			 "timestamp_ms", (json_int_t)h->timestamp_ms, "fec_block", h->fec_block,
			 "fec_symbol", h->fec_symbol, "reserved", h->reserved,
			 "csrc_count", h->csrc_count);
}

/* Integer fields in struct order. Each is read up to its C type's range:
 * what a wider value means on the wire is the profile's decision, made in
 * libwzp, not here. */
static const struct uint_field header_uints[] = {
	{ "version", UINT8_MAX },  { "codec_id", UINT8_MAX },   { "fec_ratio_encoded", UINT8_MAX },
	{ "seq", UINT16_MAX },     { "timestamp_ms", UINT32_MAX }, { "fec_block", UINT8_MAX },
	{ "fec_symbol", UINT8_MAX }, { "reserved", UINT8_MAX }, { "csrc_count", UINT8_MAX },
};

const char *header_from_json(const json_t *j, struct wzp_media_header *h)
{
	uint64_t v[COUNT(header_uints)];
	const char *err = arg_uints(j, header_uints, COUNT(header_uints), v);
	bool repair, quality;

	if (err != NULL)
		return err;
	if (!arg_bool(j, "is_repair", &repair) || !arg_bool(j, "has_quality_report", &quality))
		return "bad_request";
	*h = (struct wzp_media_header){
		.version = (uint8_t)v[0], .is_repair = repair, .codec_id = (uint8_t)v[1],
		.has_quality_report = quality, .fec_ratio_encoded = (uint8_t)v[2],
		.seq = (uint16_t)v[3], .timestamp_ms = (uint32_t)v[4],
		.fec_block = (uint8_t)v[5], .fec_symbol = (uint8_t)v[6],
		.reserved = (uint8_t)v[7], .csrc_count = (uint8_t)v[8],
	};
	return NULL;
}

static const struct uint_field report_uints[] = {
	{ "loss_pct", UINT8_MAX }, { "rtt_4ms", UINT8_MAX },
	{ "jitter_ms", UINT8_MAX }, { "bitrate_cap_kbps", UINT8_MAX },
};

json_t *report_to_json(const struct wzp_quality_report *r)
{
	return json_pack("{s:i, s:i, s:i, s:i}", "loss_pct", r->loss_pct, "rtt_4ms", r->rtt_4ms,
			 "jitter_ms", r->jitter_ms, "bitrate_cap_kbps", r->bitrate_cap_kbps);
}

const char *report_from_json(const json_t *j, struct wzp_quality_report *r)
{
	uint64_t v[COUNT(report_uints)];
	const char *err = arg_uints(j, report_uints, COUNT(report_uints), v);

	if (err != NULL)
		return err;
	*r = (struct wzp_quality_report){ (uint8_t)v[0], (uint8_t)v[1], (uint8_t)v[2],
					  (uint8_t)v[3] };
	return NULL;
}

json_t *packet_to_json(const struct wzp_media_packet *p)
{
	return json_pack("{s:o, s:o, s:o}", "header", header_to_json(&p->header),
			 "payload", json_hex(p->payload, p->payload_len),
			 "report", p->has_report ? report_to_json(&p->report) : json_null());
}
