/* ops_wire_signal.c: SignalMessage JSON and featherChat's call payload
 * (spec/02-wire.md 2.9; ADAPTER.md). The JSON text travels as hex so that
 * invalid UTF-8 and NUL bytes can be tested. */
#include <stdlib.h>

#include "json_args.h"
#include "ops.h"
#include "wzp/signal.h"

/* args: { "text": hex }  result: { variant, call_signal_type, canonical } */
static const char *signal_decode(const struct op_request *req, json_t **result)
{
	struct wzp_signal s;
	enum wzp_err err;
	uint8_t *text;
	size_t len;
	char *canonical;

	if (!arg_hex(req->args, "text", &text, &len))
		return "bad_request";
	err = wzp_signal_parse(&s, (const char *)text, len, req->profile);
	free(text);
	if (err != WZP_OK)
		return wzp_err_name(err);
	canonical = wzp_signal_serialize(&s, &len);
	*result = json_pack("{s:s, s:s, s:s%}", "variant", wzp_signal_variant_name(s.variant),
			    "call_signal_type", wzp_signal_call_type(&s), "canonical", canonical,
			    len);
	free(canonical);
	wzp_signal_clear(&s);
	return NULL;
}

/* args: { "text": hex }  result: { canonical } */
static const char *call_payload_decode(const struct op_request *req, json_t **result)
{
	json_t *payload;
	enum wzp_err err;
	uint8_t *text;
	size_t len;
	char *canonical;

	if (!arg_hex(req->args, "text", &text, &len))
		return "bad_request";
	err = wzp_call_payload_parse(&payload, (const char *)text, len, req->profile);
	free(text);
	if (err != WZP_OK)
		return wzp_err_name(err);
	canonical = wzp_call_payload_serialize(payload, &len);
	*result = json_pack("{s:s%}", "canonical", canonical, len);
	free(canonical);
	json_decref(payload);
	return NULL;
}

static const struct op ops[] = {
	{ "wire.signal.decode", signal_decode },
	{ "wire.call_payload.decode", call_payload_decode },
};

const struct op_table ops_wire_signal_table = OP_TABLE(ops);
