/* ops_wire_header.c: MediaHeader, FEC ratio and QualityReport ops
 * (spec/02-wire.md sections 2.2-2.4; field names as in ADAPTER.md). */
#include <stdlib.h>

#include "json_args.h"
#include "ops.h"
#include "wire_json.h"
#include "wzp/fec_ratio.h"
#include "wzp/media_header.h"
#include "wzp/quality_report.h"

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
	struct wzp_quality_report r;
	const char *err = report_from_json(json_object_get(req->args, "report"), &r);

	if (err != NULL)
		return err;
	wzp_quality_report_encode(out, &r);
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
