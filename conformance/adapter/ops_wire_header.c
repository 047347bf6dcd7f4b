/* ops_wire_header.c: MediaHeader, FEC ratio and QualityReport ops
 * (spec/02-wire.md sections 2.2-2.4; field names as in ADAPTER.md). */
#include <stdlib.h>

#include "json_args.h"
#include "ops.h"
#include "wzp/fec_ratio.h"
#include "wzp/media_header.h"
#include "wzp/quality_report.h"

#define COUNT(a) (sizeof a / sizeof a[0])

static json_t *header_to_json(const struct wzp_media_header *h)
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

static const char *header_from_json(const json_t *j, struct wzp_media_header *h)
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

/* args: { "bytes": hex }  result: the header's fields */
static const char *media_header_decode(const struct op_request *req, json_t **result)
{
	struct wzp_media_header h;
	enum wzp_err err;
	uint8_t *bytes;
	size_t len;

	if (!arg_hex(req->args, "bytes", &bytes, &len))
		return "bad_request";
	err = wzp_media_header_decode(&h, bytes, len, req->profile);
	free(bytes);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = header_to_json(&h);
	return NULL;
}

/* args: { "header": fields }  result: { "bytes": hex } */
static const char *media_header_encode(const struct op_request *req, json_t **result)
{
	uint8_t out[WZP_MEDIA_HEADER_SIZE];
	struct wzp_media_header h;
	const char *bad = header_from_json(json_object_get(req->args, "header"), &h);
	enum wzp_err err;

	if (bad != NULL)
		return bad;
	err = wzp_media_header_encode(out, &h, req->profile);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:o}", "bytes", json_hex(out, sizeof out));
	return NULL;
}

/* args: { "ratio": f32 }  result: { "encoded": int } */
static const char *fec_ratio_encode(const struct op_request *req, json_t **result)
{
	float ratio;

	if (!arg_f32(req->args, "ratio", &ratio))
		return "bad_request";
	*result = json_pack("{s:i}", "encoded", wzp_fec_ratio_encode(ratio));
	return NULL;
}

/* args: { "encoded": 0..255 }  result: { "ratio": f32 } */
static const char *fec_ratio_decode(const struct op_request *req, json_t **result)
{
	uint64_t encoded;
	const char *err = arg_uint(req->args, "encoded", UINT8_MAX, &encoded);

	if (err != NULL)
		return err;
	*result = json_pack("{s:o}", "ratio", json_f32(wzp_fec_ratio_decode((uint8_t)encoded)));
	return NULL;
}

static const struct uint_field report_uints[] = {
	{ "loss_pct", UINT8_MAX }, { "rtt_4ms", UINT8_MAX },
	{ "jitter_ms", UINT8_MAX }, { "bitrate_cap_kbps", UINT8_MAX },
};

static json_t *report_to_json(const struct wzp_quality_report *r)
{
	return json_pack("{s:i, s:i, s:i, s:i}", "loss_pct", r->loss_pct, "rtt_4ms", r->rtt_4ms,
			 "jitter_ms", r->jitter_ms, "bitrate_cap_kbps", r->bitrate_cap_kbps);
}

/* args: { "bytes": hex }  result: the fields plus loss_percent (f32), rtt_ms */
static const char *quality_report_decode(const struct op_request *req, json_t **result)
{
	struct wzp_quality_report r;
	enum wzp_err err;
	uint8_t *bytes;
	size_t len;

	if (!arg_hex(req->args, "bytes", &bytes, &len))
		return "bad_request";
	err = wzp_quality_report_decode(&r, bytes, len);
	free(bytes);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = report_to_json(&r);
	json_object_set_new(*result, "loss_percent", json_f32(wzp_quality_report_loss_percent(&r)));
	json_object_set_new(*result, "rtt_ms", json_integer(wzp_quality_report_rtt_ms(&r)));
	return NULL;
}

/* args: { "report": fields }  result: { "bytes": hex } */
static const char *quality_report_encode(const struct op_request *req, json_t **result)
{
	uint8_t out[WZP_QUALITY_REPORT_SIZE];
	uint64_t v[COUNT(report_uints)];
	const char *err = arg_uints(json_object_get(req->args, "report"), report_uints,
				    COUNT(report_uints), v);

	if (err != NULL)
		return err;
	wzp_quality_report_encode(out, &(struct wzp_quality_report){
		(uint8_t)v[0], (uint8_t)v[1], (uint8_t)v[2], (uint8_t)v[3] });
	*result = json_pack("{s:o}", "bytes", json_hex(out, sizeof out));
	return NULL;
}

static const struct uint_field measurement_uints[] = {
	{ "packets_expected", UINT32_MAX }, { "packets_lost", UINT32_MAX },
	{ "rtt_ms", UINT32_MAX }, { "jitter_ms", UINT32_MAX }, { "bitrate_cap_kbps", UINT32_MAX },
};

/* args: the measurements (u32 each)  result: the report's fields */
static const char *quality_report_from_measurements(const struct op_request *req,
						    json_t **result)
{
	uint64_t v[COUNT(measurement_uints)];
	const char *bad = arg_uints(req->args, measurement_uints, COUNT(measurement_uints), v);
	struct wzp_link_measurements m;
	struct wzp_quality_report r;
	enum wzp_err err;

	if (bad != NULL)
		return bad;
	m = (struct wzp_link_measurements){
		.packets_expected = (uint32_t)v[0], .packets_lost = (uint32_t)v[1],
		.rtt_ms = (uint32_t)v[2], .jitter_ms = (uint32_t)v[3],
		.bitrate_cap_kbps = (uint32_t)v[4],
	};
	err = wzp_quality_report_from_measurements(&r, &m);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = report_to_json(&r);
	return NULL;
}

static const struct op ops[] = {
	{ "wire.media_header.decode", media_header_decode },
	{ "wire.media_header.encode", media_header_encode },
	{ "wire.fec_ratio.encode", fec_ratio_encode },
	{ "wire.fec_ratio.decode", fec_ratio_decode },
	{ "wire.quality_report.decode", quality_report_decode },
	{ "wire.quality_report.encode", quality_report_encode },
	{ "wire.quality_report.from_measurements", quality_report_from_measurements },
};

const struct op_table ops_wire_header_table = OP_TABLE(ops);
