/* decode.c: the RaptorQ decoder (RFC 6330 5.4).
 *
 * The decoder sets up the same system as the encoder (5.4.1): the S+H
 * precode rows with zero symbols, one LT row with a zero symbol for each
 * padding ISI K..K'-1 (the receiver knows those symbols), and one LT row
 * per received symbol at its ISI. Duplicates add only dependent rows, and
 * order does not matter. If the rows have rank L the intermediate symbols
 * are unique, and the missing source symbols are Enc of their ISIs.
 *
 * With a coder in generator mode (small K', see encode.c) there is a much
 * smaller system: each received repair symbol of ISI X is
 * sum over k of g_X[k] * source[k], so once the received source symbols
 * are moved to the right-hand side only the E missing source symbols are
 * unknown: an R x E system instead of M x L. The two systems have a
 * unique solution for exactly the same received sets, because both say
 * "the received symbols determine the source block".
 */
#include <string.h>

#include "gf256.h"
#include "rq_internal.h"
#include "wzp/trace.h"

/* Carved work memory of one decode. */
struct decode_work {
	uint8_t *A;       /* M x L */
	uint8_t *D;       /* M x T */
	uint8_t *C;       /* L x T */
	uint8_t *have;    /* K: source symbol k was received */
	uint32_t *missing; /* K: the source indices not received */
	void *scratch;    /* wzp_rq_solve_scratch_size(M, L) */
	uint32_t M;
};

static uint32_t rows_needed(const struct wzp_rq_params *p, size_t n)
{
	return p->S + p->H + (p->K_prime - p->K) + (uint32_t)n;
}

size_t wzp_rq_decode_work_size(uint32_t K, size_t T, size_t n)
{
	struct wzp_rq_params p;
	size_t M;

	if (T == 0 || n > UINT32_MAX / 2 || wzp_rq_params_init(&p, K) != WZP_OK)
		return 0;
	M = rows_needed(&p, n);
	return rq_align8(M * p.L) + rq_align8(M * T) + rq_align8((size_t)p.L * T) +
	       rq_align8(K) + rq_align8((size_t)K * 4) +
	       wzp_rq_solve_scratch_size((uint32_t)M, p.L);
}

static void carve(struct decode_work *w, const struct wzp_rq_params *p, size_t T, size_t n,
		  uint8_t *m)
{
	w->M = rows_needed(p, n);
	w->A = m;
	m += rq_align8((size_t)w->M * p->L);
	w->D = m;
	m += rq_align8((size_t)w->M * T);
	w->C = m;
	m += rq_align8((size_t)p->L * T);
	w->have = m;
	m += rq_align8(p->K);
	w->missing = (uint32_t *)(void *)m;
	m += rq_align8((size_t)p->K * 4);
	w->scratch = m;
}

/* Received source symbols go straight to their place in out. Returns how
 * many distinct source symbols that gave. */
static uint32_t place_source(const struct wzp_rq_params *p, size_t T, const uint32_t *esi,
			     const uint8_t *symbols, size_t n, uint8_t *out, uint8_t *have)
{
	uint32_t distinct = 0;

	memset(have, 0, p->K);
	for (size_t i = 0; i < n; i++) {
		if (esi[i] >= p->K || have[esi[i]])
			continue;
		memcpy(out + (size_t)esi[i] * T, symbols + i * T, T);
		have[esi[i]] = 1;
		distinct++;
	}
	return distinct;
}

/* RFC 6330 5.4.1: precode rows, padding rows, received rows. */
static void build_system(const struct wzp_rq_params *p, size_t T, const uint32_t *esi,
			 const uint8_t *symbols, size_t n, struct decode_work *w)
{
	const uint32_t SH = p->S + p->H, pad = p->K_prime - p->K;
	const size_t L = p->L;

	wzp_rq_precode_rows(p, w->A);
	memset(w->D, 0, (size_t)(SH + pad) * T);
	for (uint32_t i = 0; i < pad; i++)
		wzp_rq_lt_row(p, p->K + i, w->A + (SH + i) * L);
	for (size_t i = 0; i < n; i++) {
		wzp_rq_lt_row(p, wzp_rq_isi(p, esi[i]), w->A + (SH + pad + i) * L);
		memcpy(w->D + (SH + pad + i) * T, symbols + i * T, T);
	}
}

static int esis_valid(const uint32_t *esi, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (esi[i] > WZP_RQ_ESI_MAX)
			return 0;
	return 1;
}

/* The missing source symbols are Enc of their ISIs (= ESIs, k < K). */
static void fill_missing(const struct wzp_rq_params *p, size_t T, const struct decode_work *w,
			 uint8_t *out)
{
	for (uint32_t k = 0; k < p->K; k++) {
		uint8_t *s = out + (size_t)k * T;

		if (w->have[k])
			continue;
		wzp_rq_enc(p, w->C, T, k, s);
		s[0] = (uint8_t)WZP_VALUE("WZP-RQ-004", s[0]);
	}
}

static enum wzp_err check_args(uint32_t K, size_t T, const uint32_t *esi,
			       const uint8_t *symbols, size_t n, const uint8_t *out, const void *work,
			       size_t work_size)
{
	if (T == 0 || K < 1 || K > WZP_RQ_K_MAX || (n > 0 && (esi == NULL || symbols == NULL)) ||
	    out == NULL || work == NULL)
		return WZP_ERR_BAD_PARAM;
	WZP_REJECT("WZP-RQ-002", !esis_valid(esi, n), WZP_ERR_BAD_PARAM);
	if (work_size < wzp_rq_decode_work_size(K, T, n))
		return WZP_ERR_NO_MEMORY;
	return WZP_OK;
}

/* The general path: the full RFC 6330 5.4 system. */
static enum wzp_err solve_full(const struct wzp_rq_params *p, size_t T, const uint32_t *esi,
			       const uint8_t *symbols, size_t n, struct decode_work *w)
{
	struct wzp_rq_system sys = {
		.A = w->A, .D = w->D, .M = w->M, .L = p->L, .first_pi = p->W,
		.hdpc_first = p->S, .hdpc_count = p->H, .T = T, .scratch = w->scratch,
	};

	build_system(p, T, esi, symbols, n, w);
	return wzp_rq_solve(&sys, w->C);
}

enum wzp_err wzp_rq_decode(uint32_t K, size_t T, const uint32_t *esi, const uint8_t *symbols,
			   size_t n, uint8_t *out, void *work, size_t work_size)
{
	struct wzp_rq_params p;
	struct decode_work w;
	enum wzp_err err = check_args(K, T, esi, symbols, n, out, work, work_size);

	if (err != WZP_OK)
		return err;
	wzp_rq_params_init(&p, K);
	carve(&w, &p, T, n, work);
	if (place_source(&p, T, esi, symbols, n, out, w.have) == K)
		return WZP_OK;
	err = solve_full(&p, T, esi, symbols, n, &w);
	WZP_REJECT("WZP-RQ-005", err == WZP_ERR_INSUFFICIENT, WZP_ERR_INSUFFICIENT);
	fill_missing(&p, T, &w, out);
	return WZP_OK;
}

/* Generator mode: one row per received repair symbol, over the E missing
 * source symbols; the right-hand side is the symbol minus the known part.
 * Returns the number of rows. */
static uint32_t build_reduced(const struct wzp_rq_coder *c, const uint32_t *esi,
			      const uint8_t *symbols, size_t n, const uint8_t *out, uint32_t E,
			      struct decode_work *w)
{
	const struct wzp_rq_params *p = &c->p;
	const size_t T = c->T;
	uint8_t g[WZP_RQ_GENERATOR_MAX_KP];
	uint32_t R = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t *rhs = w->D + (size_t)R * T;

		if (esi[i] < p->K)
			continue;
		wzp_rq_enc_coeffs(c, wzp_rq_isi(p, esi[i]), g);
		memcpy(rhs, symbols + i * T, T);
		for (uint32_t k = 0; k < p->K; k++)
			if (w->have[k])
				wzp_gf_axpy(rhs, out + (size_t)k * T, g[k], T);
		for (uint32_t e = 0; e < E; e++)
			w->A[(size_t)R * E + e] = g[w->missing[e]];
		R++;
	}
	return R;
}

static enum wzp_err solve_reduced(const struct wzp_rq_coder *c, const uint32_t *esi,
				  const uint8_t *symbols, size_t n, uint8_t *out,
				  struct decode_work *w)
{
	uint32_t E = 0, R;
	struct wzp_rq_system sys;
	enum wzp_err err;

	for (uint32_t k = 0; k < c->p.K; k++)
		if (!w->have[k])
			w->missing[E++] = k;
	R = build_reduced(c, esi, symbols, n, out, E, w);
	sys = (struct wzp_rq_system){
		.A = w->A, .D = w->D, .M = R, .L = E, .first_pi = E, .hdpc_first = 0,
		.hdpc_count = 0, .T = c->T, .scratch = w->scratch,
	};
	err = wzp_rq_solve(&sys, w->C);
	WZP_REJECT("WZP-RQ-005", err == WZP_ERR_INSUFFICIENT, WZP_ERR_INSUFFICIENT);
	for (uint32_t e = 0; e < E; e++) {
		uint8_t *s = out + (size_t)w->missing[e] * c->T;

		memcpy(s, w->C + (size_t)e * c->T, c->T);
		s[0] = (uint8_t)WZP_VALUE("WZP-RQ-004", s[0]);
	}
	return WZP_OK;
}

enum wzp_err wzp_rq_decode_with(const struct wzp_rq_coder *coder, const uint32_t *esi,
				const uint8_t *symbols, size_t n, uint8_t *out, void *work,
				size_t work_size)
{
	const struct wzp_rq_params *p;
	struct decode_work w;
	enum wzp_err err;

	if (coder == NULL)
		return WZP_ERR_BAD_PARAM;
	p = &coder->p;
	err = check_args(p->K, coder->T, esi, symbols, n, out, work, work_size);
	if (err != WZP_OK)
		return err;
	if (coder->G == NULL)
		return wzp_rq_decode(p->K, coder->T, esi, symbols, n, out, work, work_size);
	carve(&w, p, coder->T, n, work);
	if (place_source(p, coder->T, esi, symbols, n, out, w.have) == p->K)
		return WZP_OK;
	return solve_reduced(coder, esi, symbols, n, out, &w);
}
