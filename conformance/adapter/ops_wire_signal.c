/* ops_wire_signal.c: SignalMessage JSON and featherChat's call payload
 * (spec/02-wire.md 2.9; ADAPTER.md). The JSON text travels as hex so that
 * invalid UTF-8 and NUL bytes can be tested. */
#include <stdlib.h>

#include "json_args.h"
#include "ops.h"
#include "wzp/signal.h"

/* The two ops differ only in what they parse the text into. */
struct parsed {
	struct wzp_signal signal; /* wire.signal.decode */
	json_t *payload;          /* wire.call_payload.decode */
};

typedef enum wzp_err (*parse_fn)(struct parsed *p, const char *text, size_t len,
				 enum wzp_profile profile);

static enum wzp_err parse_signal(struct parsed *p, const char *text, size_t len,
				 enum wzp_profile profile)
{
	return wzp_signal_parse(&p->signal, text, len, profile);
}

static enum wzp_err parse_payload(struct parsed *p, const char *text, size_t len,
				  enum wzp_profile profile)
{
	return wzp_call_payload_parse(&p->payload, text, len, profile);
}

/* args: { "text": hex } parsed by parse; NULL or an error code. */
static const char *parse_text(const struct op_request *req, parse_fn parse, struct parsed *p)
{
	enum wzp_err err;
	uint8_t *text;
	size_t len;

	if (!arg_hex(req->args, "text", &text, &len))
		return "bad_request";
	err = parse(p, (const char *)text, len, req->profile);
	free(text);
	return err == WZP_OK ? NULL : wzp_err_name(err);
}

/* result: { variant, call_signal_type, canonical } */
static const char *signal_decode(const struct op_request *req, json_t **result)
{
	struct parsed p;
	const char *bad = parse_text(req, parse_signal, &p);
	size_t len;
	char *canonical;

	if (bad != NULL)
		return bad;
	canonical = wzp_signal_serialize(&p.signal, &len);
	*result = json_pack("{s:s, s:s, s:s%}", "variant",
			    wzp_signal_variant_name(p.signal.variant), "call_signal_type",
			    wzp_signal_call_type(&p.signal), "canonical", canonical, len);
	free(canonical);
	wzp_signal_clear(&p.signal);
	return NULL;
}

/* result: { canonical } */
static const char *call_payload_decode(const struct op_request *req, json_t **result)
{
	struct parsed p;
	const char *bad = parse_text(req, parse_payload, &p);
	size_t len;
	char *canonical;

	if (bad != NULL)
		return bad;
	canonical = wzp_call_payload_serialize(p.payload, &len);
	*result = json_pack("{s:s%}", "canonical", canonical, len);
	free(canonical);
	json_decref(p.payload);
	return NULL;
}

static const struct op ops[] = {
	{ "wire.signal.decode", signal_decode },
	{ "wire.call_payload.decode", call_payload_decode },
};

const struct op_table ops_wire_signal_table = OP_TABLE(ops);
