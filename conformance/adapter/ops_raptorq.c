/* ops_raptorq.c: RaptorQ encode and decode of one source block
 * (spec/03-raptorq.md; arguments and results as in ADAPTER.md).
 *
 * K and T are passed to libwzp as given (up to 2^32-1 and 65535), so that
 * libwzp, not the adapter, decides what is out of range (bad_param). The
 * memory libwzp asks for is allocated here per request and freed before
 * answering; a request too large to allocate is answered no_memory.
 */
#include <stdlib.h>
#include <string.h>

#include "json_args.h"
#include "ops.h"
#include "wzp/raptorq.h"

#define RQ_T_MAX 65535u

/* A coder for (K, T) in memory of its own; caller frees *mem. */
static enum wzp_err make_coder(uint32_t K, size_t T, void **mem, struct wzp_rq_coder **coder)
{
	size_t size = wzp_rq_coder_size(K, T);

	*mem = NULL;
	if (size == 0)
		return WZP_ERR_BAD_PARAM;
	*mem = malloc(size);
	if (*mem == NULL)
		return WZP_ERR_NO_MEMORY;
	return wzp_rq_coder_init(*mem, size, K, T, coder);
}

/* "k" and "t" of the request. */
static const char *read_kt(const json_t *args, uint32_t *K, size_t *T)
{
	uint64_t k, t;
	const char *err = arg_uint(args, "k", UINT32_MAX, &k);

	if (err == NULL)
		err = arg_uint(args, "t", RQ_T_MAX, &t);
	if (err != NULL)
		return err;
	*K = (uint32_t)k;
	*T = (size_t)t;
	return NULL;
}

/* ESIs wider than 32 bits are out of range for any implementation; those
 * between 2^24 and 2^32-1 go to libwzp, which refuses them (WZP-RQ-002). */
static const char *read_esi(const json_t *v, uint32_t *esi)
{
	json_int_t n;

	if (!json_is_integer(v))
		return "bad_request";
	n = json_integer_value(v);
	if (n < 0 || n > (json_int_t)UINT32_MAX)
		return "field_range";
	*esi = (uint32_t)n;
	return NULL;
}

/* The requested symbols, in order, as a JSON array of hex strings. */
static const char *encode_symbols(struct wzp_rq_coder *coder, size_t T, const json_t *esis,
				  json_t *out)
{
	uint8_t *sym = malloc(T);
	const char *err = sym == NULL ? "no_memory" : NULL;

	for (size_t i = 0; err == NULL && i < json_array_size(esis); i++) {
		uint32_t esi;
		enum wzp_err e;

		err = read_esi(json_array_get(esis, i), &esi);
		if (err != NULL)
			break;
		e = wzp_rq_encode_symbol(coder, esi, sym);
		if (e != WZP_OK)
			err = wzp_err_name(e);
		else
			json_array_append_new(out, json_hex(sym, T));
	}
	free(sym);
	return err;
}

/* A coder holding the block "source" (k * t octets). */
static const char *encode_block(const json_t *args, uint32_t K, size_t T, void **mem,
				struct wzp_rq_coder **coder)
{
	enum wzp_err err;
	uint8_t *source;
	size_t len;

	if (!arg_hex(args, "source", &source, &len))
		return "bad_request";
	err = make_coder(K, T, mem, coder);
	if (err == WZP_OK && len != (size_t)K * T)
		err = WZP_ERR_BAD_PARAM;
	if (err == WZP_OK)
		err = wzp_rq_encode_intermediate(*coder, source);
	free(source);
	return err == WZP_OK ? NULL : wzp_err_name(err);
}

/* args: { "k", "t", "source": hex (k * t octets), "esis": [esi...] }
 * result: { "symbols": [hex...] } in the order of "esis"  errors: bad_param */
static const char *raptorq_encode(const struct op_request *req, json_t **result)
{
	const json_t *esis = json_object_get(req->args, "esis");
	struct wzp_rq_coder *coder = NULL;
	json_t *symbols = json_array();
	void *mem = NULL;
	const char *err;
	uint32_t K;
	size_t T;

	err = read_kt(req->args, &K, &T);
	if (err == NULL && !json_is_array(esis))
		err = "bad_request";
	if (err == NULL)
		err = encode_block(req->args, K, T, &mem, &coder);
	if (err == NULL)
		err = encode_symbols(coder, T, esis, symbols);
	free(mem);
	if (err != NULL) {
		json_decref(symbols);
		return err;
	}
	*result = json_pack("{s:o}", "symbols", symbols);
	return NULL;
}

/* The received symbols: n ESIs and n * T octets, both malloc'd. */
struct received {
	uint32_t *esi;
	uint8_t *data;
	size_t n;
};

static const char *read_one(const json_t *s, size_t T, struct received *r)
{
	const char *err = read_esi(json_object_get(s, "esi"), &r->esi[r->n]);
	uint8_t *data;
	size_t len;

	if (err != NULL)
		return err;
	if (!arg_hex(s, "data", &data, &len))
		return "bad_request";
	if (len != T)
		err = "bad_param";
	else
		memcpy(r->data + r->n++ * T, data, T);
	free(data);
	return err;
}

static const char *read_received(const json_t *symbols, size_t T, struct received *r)
{
	size_t n = json_array_size(symbols);
	const char *err = NULL;

	r->n = 0;
	r->esi = malloc(n * sizeof *r->esi + 1);
	r->data = malloc(n * T + 1);
	if (r->esi == NULL || r->data == NULL)
		return "no_memory";
	for (size_t i = 0; err == NULL && i < n; i++)
		err = read_one(json_array_get(symbols, i), T, r);
	return err;
}

/* Decode through a coder, as a WZP receiver does (wzp_rq_decode_with). */
static enum wzp_err decode(uint32_t K, size_t T, const struct received *r, uint8_t *out)
{
	size_t work_size = wzp_rq_decode_work_size(K, T, r->n);
	struct wzp_rq_coder *coder = NULL;
	void *mem = NULL, *work = malloc(work_size + 1);
	enum wzp_err err = work == NULL ? WZP_ERR_NO_MEMORY : make_coder(K, T, &mem, &coder);

	if (err == WZP_OK)
		err = wzp_rq_decode_with(coder, r->esi, r->data, r->n, out, work, work_size);
	free(mem);
	free(work);
	return err;
}

/* args: { "k", "t", "symbols": [{ "esi", "data": hex (t octets) }...] }
 * result: { "source": hex (k * t octets) }  errors: insufficient, bad_param */
static const char *raptorq_decode(const struct op_request *req, json_t **result)
{
	const json_t *symbols = json_object_get(req->args, "symbols");
	struct received r = { NULL, NULL, 0 };
	uint8_t *out = NULL;
	const char *err;
	enum wzp_err e;
	size_t T;
	uint32_t K;

	err = read_kt(req->args, &K, &T);
	if (err == NULL && !json_is_array(symbols))
		err = "bad_request";
	if (err == NULL)
		err = read_received(symbols, T, &r);
	if (err == NULL && wzp_rq_coder_size(K, T) == 0)
		err = wzp_err_name(WZP_ERR_BAD_PARAM);
	if (err == NULL && (out = malloc((size_t)K * T)) == NULL)
		err = "no_memory";
	if (err == NULL && (e = decode(K, T, &r, out)) != WZP_OK)
		err = wzp_err_name(e);
	if (err == NULL)
		*result = json_pack("{s:o}", "source", json_hex(out, (size_t)K * T));
	free(r.esi);
	free(r.data);
	free(out);
	return err;
}

static const struct op ops[] = {
	{ "fec.raptorq.encode", raptorq_encode },
	{ "fec.raptorq.decode", raptorq_decode },
};

const struct op_table ops_raptorq_table = OP_TABLE(ops);
