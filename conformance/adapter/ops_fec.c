/* ops_fec.c: the FEC layer's ops (spec/04-fec.md; ADAPTER.md). */
#include <stdlib.h>

#include "json_args.h"
#include "ops.h"
#include "wzp/fec.h"

static struct wzp_fec_sender sender;
static struct wzp_fec_receiver receiver;

static const char *layout_arg(const struct op_request *req, struct wzp_fec_layout *l)
{
	uint64_t codec;
	const char *bad = arg_uint(req->args, "codec_id", UINT8_MAX, &codec);

	if (bad != NULL)
		return bad;
	if (wzp_fec_layout_for((uint8_t)codec, req->profile, l) != WZP_OK)
		return wzp_err_name(WZP_ERR_UNKNOWN_CODEC);
	return NULL;
}

/* args: { codec_id }  result: the layout's fields */
static const char *fec_layout(const struct op_request *req, json_t **result)
{
	struct wzp_fec_layout l;
	const char *bad = layout_arg(req, &l);

	if (bad != NULL)
		return bad;
	*result = json_pack("{s:i, s:i, s:i, s:i, s:i, s:o}", "codec_id", l.codec_id,
			    "frame_ms", l.frame_ms, "frames_per_symbol", l.frames_per_symbol,
			    "symbol_size", l.symbol_size, "block_symbols", l.block_symbols,
			    "repair_ratio", json_f32(l.repair_ratio));
	return NULL;
}

/* args: { k, ratio (f32) }  result: { r } */
static const char *fec_repair_count(const struct op_request *req, json_t **result)
{
	uint64_t k;
	float ratio;
	const char *bad = arg_uint(req->args, "k", UINT32_MAX, &k);

	if (bad != NULL)
		return bad;
	if (!arg_f32(req->args, "ratio", &ratio))
		return "bad_request";
	*result = json_pack("{s:I}", "r", (json_int_t)wzp_fec_repair_count((uint32_t)k, ratio));
	return NULL;
}

static json_t *packet_json(const struct wzp_fec_packet *p)
{
	return json_pack("{s:b, s:i, s:i, s:I, s:o}", "is_repair", p->is_repair, "block",
			 p->block, "esi", p->esi, "timestamp_ms", (json_int_t)p->timestamp_ms,
			 "payload", json_hex(p->payload, p->len));
}

static const char *send_frame(const json_t *j, json_t *packets)
{
	struct wzp_fec_packet out[WZP_FEC_PACKETS_MAX];
	uint64_t ts;
	uint8_t *data;
	size_t len, n;
	const char *bad = arg_uint(j, "timestamp_ms", UINT32_MAX, &ts);
	enum wzp_err err;

	if (bad != NULL)
		return bad;
	if (!arg_hex(j, "data", &data, &len))
		return "bad_request";
	err = wzp_fec_sender_add(&sender, data, len, (uint32_t)ts, out, &n);
	free(data);
	for (size_t i = 0; err == WZP_OK && i < n; i++)
		json_array_append_new(packets, packet_json(&out[i]));
	return err == WZP_OK ? NULL : wzp_err_name(err);
}

/* args: { codec_id, first_block, frames: [{data, timestamp_ms}], flush }
 * result: { packets: [...] } */
static const char *fec_encode(const struct op_request *req, json_t **result)
{
	const json_t *frames = json_object_get(req->args, "frames");
	struct wzp_fec_packet out[WZP_FEC_PACKETS_MAX];
	struct wzp_fec_layout l;
	uint64_t first;
	bool flush;
	size_t n;
	json_t *packets;
	const char *bad = layout_arg(req, &l);

	if (bad == NULL)
		bad = arg_uint(req->args, "first_block", UINT8_MAX, &first);
	if (bad == NULL && (!json_is_array(frames) || !arg_bool(req->args, "flush", &flush)))
		bad = "bad_request";
	if (bad != NULL)
		return bad;
	wzp_fec_sender_init(&sender, &l, (uint8_t)first);
	packets = json_array();
	for (size_t i = 0; bad == NULL && i < json_array_size(frames); i++)
		bad = send_frame(json_array_get(frames, i), packets);
	if (bad == NULL && flush && wzp_fec_sender_flush(&sender, out, &n) == WZP_OK)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(packets, packet_json(&out[i]));
	if (bad != NULL) {
		json_decref(packets);
		return bad;
	}
	*result = json_pack("{s:o}", "packets", packets);
	return NULL;
}

static json_t *frames_json(const struct wzp_fec_frame *f, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:i, s:i, s:I, s:b, s:o}", "block",
			f[i].block, "esi", f[i].esi, "timestamp_ms", (json_int_t)f[i].timestamp_ms,
			"recovered", f[i].recovered, "data", json_hex(f[i].data, f[i].len)));
	return list;
}

static const struct uint_field packet_uints[] = {
	{ "block", UINT8_MAX }, { "esi", UINT8_MAX }, { "timestamp_ms", UINT32_MAX },
};

static json_t *receive_one(const json_t *j)
{
	struct wzp_fec_frame frames[WZP_FEC_FRAMES_OUT_MAX];
	struct wzp_fec_packet p;
	uint64_t v[COUNT(packet_uints)];
	uint8_t *payload = NULL;
	size_t n = 0;
	const char *bad = arg_uints(j, packet_uints, COUNT(packet_uints), v);
	enum wzp_err err = WZP_OK;

	if (bad == NULL && (!arg_bool(j, "is_repair", &p.is_repair) ||
			    !arg_hex(j, "payload", &payload, &p.len)))
		bad = "bad_request";
	if (bad == NULL) {
		p.block = (uint8_t)v[0];
		p.esi = (uint8_t)v[1];
		p.timestamp_ms = (uint32_t)v[2];
		p.payload = payload;
		err = wzp_fec_receiver_push(&receiver, &p, frames, &n);
		bad = err == WZP_OK ? NULL : wzp_err_name(err);
	}
	free(payload);
	if (bad != NULL)
		return json_pack("{s:b, s:s}", "ok", 0, "error", bad);
	return json_pack("{s:b, s:o}", "ok", 1, "frames", frames_json(frames, n));
}

/* args: { codec_id, packets: [...] }  result: { outcomes: [...] } */
static const char *fec_receive(const struct op_request *req, json_t **result)
{
	const json_t *packets = json_object_get(req->args, "packets");
	struct wzp_fec_layout l;
	json_t *outcomes;
	const char *bad = layout_arg(req, &l);

	if (bad == NULL && !json_is_array(packets))
		bad = "bad_request";
	if (bad != NULL)
		return bad;
	wzp_fec_receiver_init(&receiver, &l);
	outcomes = json_array();
	for (size_t i = 0; i < json_array_size(packets); i++)
		json_array_append_new(outcomes, receive_one(json_array_get(packets, i)));
	*result = json_pack("{s:o}", "outcomes", outcomes);
	return NULL;
}

/* args: { counts: [...] }  result: { order: [[block, slot], ...] } */
static const char *fec_interleave(const struct op_request *req, json_t **result)
{
	const json_t *counts = json_object_get(req->args, "counts");
	uint8_t c[256];
	struct wzp_fec_slot order[256 * 255];
	size_t n, blocks = json_array_size(counts);
	json_t *list;

	if (!json_is_array(counts) || blocks > sizeof c)
		return "bad_request";
	for (size_t i = 0; i < blocks; i++) {
		json_int_t v = json_integer_value(json_array_get(counts, i));

		if (!json_is_integer(json_array_get(counts, i)) || v < 0 || v > UINT8_MAX)
			return "field_range";
		c[i] = (uint8_t)v;
	}
	n = wzp_fec_interleave(c, blocks, order);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("[i, i]", order[i].block, order[i].slot));
	*result = json_pack("{s:o}", "order", list);
	return NULL;
}

static const struct op ops[] = {
	{ "fec.layout", fec_layout },
	{ "fec.repair_count", fec_repair_count },
	{ "fec.encode", fec_encode },
	{ "fec.receive", fec_receive },
	{ "fec.interleave", fec_interleave },
};

const struct op_table ops_fec_table = OP_TABLE(ops);
