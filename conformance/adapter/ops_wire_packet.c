/* ops_wire_packet.c: MediaPacket, datagram framing, TrunkFrame and signal
 * stream framing ops (spec/02-wire.md 2.5-2.8 and 2.10; ADAPTER.md). */
#include <stdlib.h>
#include <string.h>

#include "json_args.h"
#include "ops.h"
#include "wire_json.h"
#include "wzp/compact.h"
#include "wzp/compact_upstream.h"
#include "wzp/stream_frame.h"
#include "wzp/trunk.h"

#define DATAGRAM_MAX 65536

/* p->payload points into *storage, which the caller frees. */
static const char *packet_from_json(const json_t *j, struct wzp_media_packet *p,
				    uint8_t **storage)
{
	const json_t *report = json_object_get(j, "report");
	const char *err = header_from_json(json_object_get(j, "header"), &p->header);

	*storage = NULL;
	if (err != NULL)
		return err;
	p->has_report = report != NULL && !json_is_null(report);
	if (p->has_report && (err = report_from_json(report, &p->report)) != NULL)
		return err;
	if (!arg_hex(j, "payload", storage, &p->payload_len))
		return "bad_request";
	p->payload = *storage;
	return NULL;
}

/* args: { "bytes": hex }  result: { header, payload, report } */
static const char *media_packet_decode(const struct op_request *req, json_t **result)
{
	struct wzp_media_packet p;
	enum wzp_err err;
	uint8_t *bytes;
	size_t len;

	if (!arg_hex(req->args, "bytes", &bytes, &len))
		return "bad_request";
	err = wzp_media_packet_decode(&p, bytes, len, req->profile);
	if (err == WZP_OK)
		*result = packet_to_json(&p);
	free(bytes);
	return err == WZP_OK ? NULL : wzp_err_name(err);
}

/* args: { header, payload, report }  result: { "bytes": hex } */
static const char *media_packet_encode(const struct op_request *req, json_t **result)
{
	static uint8_t out[DATAGRAM_MAX];
	struct wzp_media_packet p;
	uint8_t *storage;
	size_t written;
	const char *bad = packet_from_json(req->args, &p, &storage);
	enum wzp_err err = bad == NULL ? wzp_media_packet_encode(out, sizeof out, &written, &p,
								  req->profile)
				       : WZP_OK;

	free(storage);
	if (bad != NULL)
		return bad;
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:o}", "bytes", json_hex(out, written));
	return NULL;
}

/* One datagram of a wzp/1 sequence: the receiver's reference moves only
 * when a frame is accepted. */
static json_t *decode_v1_frame(const uint8_t *buf, size_t len, struct wzp_ts_reference *ref)
{
	struct wzp_media_packet p;
	enum wzp_frame_kind kind;
	enum wzp_err err = wzp_frame_kind_of(buf, len, &kind);

	if (err == WZP_OK && kind == WZP_FRAME_TRUNK)
		return json_pack("{s:b, s:s}", "ok", 1, "kind", "trunk");
	if (err == WZP_OK)
		err = wzp_media_frame_decode(&p, buf, len, ref);
	if (err != WZP_OK)
		return json_pack("{s:b, s:s}", "ok", 0, "error", wzp_err_name(err));
	wzp_ts_reference_update(ref, p.header.timestamp_ms);
	return json_pack("{s:b, s:s, s:o}", "ok", 1, "kind",
			 kind == WZP_FRAME_MINI ? "mini" : "full", "packet", packet_to_json(&p));
}

static json_t *decode_upstream_frame(const uint8_t *buf, size_t len,
				     struct wzp_upstream_mini_context *ctx)
{
	struct wzp_media_packet p;
	enum wzp_err err = wzp_upstream_compact_decode(&p, buf, len, ctx);

	if (err != WZP_OK)
		return json_pack("{s:b, s:s}", "ok", 0, "error", wzp_err_name(err));
	return json_pack("{s:b, s:s, s:o}", "ok", 1, "kind",
			 buf[0] == WZP_UPSTREAM_FRAME_MINI ? "mini" : "full",
			 "packet", packet_to_json(&p));
}

/* args: { "datagrams": [hex] }  result: { "frames": [ outcome per datagram ] } */
static const char *frames_decode_sequence(const struct op_request *req, json_t **result)
{
	const json_t *list = json_object_get(req->args, "datagrams");
	struct wzp_ts_reference ref = { 0 };
	struct wzp_upstream_mini_context ctx = { 0 };
	json_t *frames;

	if (!json_is_array(list))
		return "bad_request";
	frames = json_array();
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *holder = json_pack("{s:O}", "d", json_array_get(list, i));
		uint8_t *buf;
		size_t len;

		if (!arg_hex(holder, "d", &buf, &len)) {
			json_decref(holder);
			json_decref(frames);
			return "bad_request";
		}
		json_array_append_new(frames, req->profile == WZP_PROFILE_V1
						      ? decode_v1_frame(buf, len, &ref)
						      : decode_upstream_frame(buf, len, &ctx));
		free(buf);
		json_decref(holder);
	}
	*result = json_pack("{s:o}", "frames", frames);
	return NULL;
}

struct sender {
	struct wzp_compact_sender v1;
	struct wzp_upstream_mini_context ctx;
	uint32_t since_full;
};

static const char *encode_one(struct sender *s, const json_t *packet, enum wzp_profile profile,
			      json_t *out_list)
{
	static uint8_t out[DATAGRAM_MAX];
	struct wzp_media_packet p;
	uint8_t *storage;
	size_t written;
	const char *bad = packet_from_json(packet, &p, &storage);
	enum wzp_err err = WZP_OK;

	if (bad == NULL && profile == WZP_PROFILE_V1)
		err = wzp_media_frame_encode(out, sizeof out, &written, &p, &s->v1);
	else if (bad == NULL)
		err = wzp_upstream_compact_encode(out, sizeof out, &written, &p, &s->ctx,
						  &s->since_full);
	free(storage);
	if (bad != NULL)
		return bad;
	if (err != WZP_OK)
		return wzp_err_name(err);
	json_array_append_new(out_list, json_hex(out, written));
	return NULL;
}

/* args: { "packets": [packet] }  result: { "datagrams": [hex] } */
static const char *frames_encode_sequence(const struct op_request *req, json_t **result)
{
	const json_t *list = json_object_get(req->args, "packets");
	struct sender s = { 0 };
	json_t *datagrams;

	if (!json_is_array(list))
		return "bad_request";
	datagrams = json_array();
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *err = encode_one(&s, json_array_get(list, i), req->profile, datagrams);

		if (err != NULL) {
			json_decref(datagrams);
			return err;
		}
	}
	*result = json_pack("{s:o}", "datagrams", datagrams);
	return NULL;
}

/* The TrunkFrame inside a datagram: after the escape byte in wzp/1. */
static const char *trunk_body(const uint8_t *buf, size_t len, enum wzp_profile profile,
			      size_t *skip)
{
	*skip = 0;
	if (profile != WZP_PROFILE_V1)
		return NULL;
	if (len == 0)
		return "truncated";
	if (buf[0] != WZP_TRUNK_ESCAPE)
		return "unknown_frame_type";
	*skip = 1;
	return NULL;
}

/* args: { "bytes": hex } (a trunk datagram)  result: { "entries": [...] } */
static const char *trunk_decode(const struct op_request *req, json_t **result)
{
	uint8_t *bytes;
	size_t len, skip;
	uint16_t count = 0;
	const char *bad;
	enum wzp_err err = WZP_OK;

	if (!arg_hex(req->args, "bytes", &bytes, &len))
		return "bad_request";
	bad = trunk_body(bytes, len, req->profile, &skip);
	if (bad == NULL)
		err = wzp_trunk_decode(bytes + skip, len - skip, req->profile, &count);
	if (bad == NULL && err == WZP_OK) {
		json_t *entries = json_array();
		size_t at = WZP_TRUNK_FIRST_ENTRY;

		for (uint16_t i = 0; i < count; i++) {
			struct wzp_trunk_entry e;

			at = wzp_trunk_entry(bytes + skip, at, &e);
			json_array_append_new(entries, json_pack("{s:o, s:o}",
				"session_id", json_hex(e.session_id, 2),
				"payload", json_hex(e.payload, e.payload_len)));
		}
		*result = json_pack("{s:o}", "entries", entries);
	}
	free(bytes);
	return bad != NULL ? bad : err == WZP_OK ? NULL : wzp_err_name(err);
}

static void free_entries(struct wzp_trunk_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free((void *)entries[i].payload);
	free(entries);
}

/* e->payload is malloc'd even on failure (or NULL); the caller frees it. */
static const char *entry_from_json(const json_t *j, struct wzp_trunk_entry *e)
{
	uint8_t *sid, *payload;
	size_t sid_len, payload_len;

	if (!arg_hex(j, "session_id", &sid, &sid_len))
		return "bad_request";
	if (sid_len == 2)
		memcpy(e->session_id, sid, 2);
	free(sid);
	if (sid_len != 2)
		return "field_range";
	if (!arg_hex(j, "payload", &payload, &payload_len))
		return "bad_request";
	e->payload = payload;
	if (payload_len > UINT16_MAX)
		return "field_range";
	e->payload_len = (uint16_t)payload_len;
	return NULL;
}

static const char *entries_from_json(const json_t *list, struct wzp_trunk_entry **out,
				     size_t *count)
{
	size_t n = json_array_size(list);
	struct wzp_trunk_entry *entries = calloc(n + 1, sizeof *entries);

	for (size_t i = 0; i < n; i++) {
		const char *err = entry_from_json(json_array_get(list, i), &entries[i]);

		if (err != NULL) {
			free_entries(entries, i + 1);
			return err;
		}
	}
	*out = entries;
	*count = n;
	return NULL;
}

/* args: { "entries": [ {session_id, payload} ] }  result: { "bytes": hex } */
static const char *trunk_encode(const struct op_request *req, json_t **result)
{
	static uint8_t out[4 * DATAGRAM_MAX];
	const json_t *list = json_object_get(req->args, "entries");
	struct wzp_trunk_entry *entries;
	size_t count, written, skip = req->profile == WZP_PROFILE_V1;
	const char *bad;
	enum wzp_err err;

	if (!json_is_array(list))
		return "bad_request";
	bad = entries_from_json(list, &entries, &count);
	if (bad != NULL)
		return bad;
	err = wzp_trunk_encode(out + skip, sizeof out - skip, &written, entries, count,
			       req->profile);
	free_entries(entries, count);
	if (err != WZP_OK)
		return wzp_err_name(err);
	if (skip)
		out[0] = WZP_TRUNK_ESCAPE;
	*result = json_pack("{s:o}", "bytes", json_hex(out, written + skip));
	return NULL;
}

static const char *feed_chunks(struct wzp_stream_reader *r, const json_t *chunks)
{
	for (size_t i = 0; i < json_array_size(chunks); i++) {
		json_t *holder = json_pack("{s:O}", "c", json_array_get(chunks, i));
		uint8_t *chunk;
		size_t len;
		enum wzp_err err;

		if (!arg_hex(holder, "c", &chunk, &len)) {
			json_decref(holder);
			return "bad_request";
		}
		err = wzp_stream_reader_feed(r, chunk, len);
		free(chunk);
		json_decref(holder);
		if (err != WZP_OK)
			return wzp_err_name(err);
	}
	return NULL;
}

/* args: { "chunks": [hex] } as the stream delivered them, then FIN
 * result: { "message": hex } */
static const char *stream_decode(const struct op_request *req, json_t **result)
{
	const json_t *chunks = json_object_get(req->args, "chunks");
	uint8_t *buf = malloc(WZP_SIGNAL_MAX_LEN);
	struct wzp_stream_reader r;
	const uint8_t *msg;
	size_t msg_len;
	const char *bad = json_is_array(chunks) ? NULL : "bad_request";
	enum wzp_err err;

	wzp_stream_reader_init(&r, buf, WZP_SIGNAL_MAX_LEN, req->profile);
	if (bad == NULL)
		bad = feed_chunks(&r, chunks);
	if (bad == NULL) {
		err = wzp_stream_reader_finish(&r, &msg, &msg_len);
		if (err == WZP_OK)
			*result = json_pack("{s:o}", "message", json_hex(msg, msg_len));
		else
			bad = wzp_err_name(err);
	}
	free(buf);
	return bad;
}

/* args: { "message": hex }  result: { "bytes": hex } */
static const char *stream_encode(const struct op_request *req, json_t **result)
{
	uint8_t *msg, *out;
	size_t len, written;
	enum wzp_err err;

	if (!arg_hex(req->args, "message", &msg, &len))
		return "bad_request";
	out = malloc(len + WZP_STREAM_PREFIX);
	err = wzp_stream_frame_encode(out, len + WZP_STREAM_PREFIX, &written, msg, len);
	if (err == WZP_OK)
		*result = json_pack("{s:o}", "bytes", json_hex(out, written));
	free(out);
	free(msg);
	return err == WZP_OK ? NULL : wzp_err_name(err);
}

static const struct op ops[] = {
	{ "wire.media_packet.decode", media_packet_decode },
	{ "wire.media_packet.encode", media_packet_encode },
	{ "wire.frames.decode_sequence", frames_decode_sequence },
	{ "wire.frames.encode_sequence", frames_encode_sequence },
	{ "wire.trunk.decode", trunk_decode },
	{ "wire.trunk.encode", trunk_encode },
	{ "wire.stream.decode", stream_decode },
	{ "wire.stream.encode", stream_encode },
};

const struct op_table ops_wire_packet_table = OP_TABLE(ops);
