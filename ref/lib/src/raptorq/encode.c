/* encode.c: the RaptorQ encoder (RFC 6330 5.3).
 *
 * wzp_rq_coder_init does everything that depends only on K' (and K):
 *   - A0, the L x L constraint matrix of 5.3.3.4.2 for ISIs 0..K'-1;
 *   - for K' <= WZP_RQ_GENERATOR_MAX_KP, the generator G (L x K) with
 *     C = G * (source symbols): the columns of A0^^-1 that meet the LT rows
 *     of the K source ISIs. The padding symbols are zero and drop out.
 * Small blocks (generator mode) never form C: Enc (5.3.5.3) is a sum of
 * rows of C, so the symbol of ISI X is sum over k of g[k] * source[k] with
 * g = the sum of the same rows of G. That is K symbol operations per
 * symbol, and none at all for the K source symbols.
 * Large blocks (solve mode) copy A0 and solve for C once per block, where
 * L * K symbol operations would cost more than one elimination.
 */
#include <string.h>

#include "gf256.h"
#include "rq_internal.h"
#include "wzp/trace.h"

#define PARTS 8

static int use_generator(const struct wzp_rq_params *p)
{
	return p->K_prime <= WZP_RQ_GENERATOR_MAX_KP;
}

/* Sizes of the parts of a coder's memory, in carving order; 0 = absent. */
static void layout(const struct wzp_rq_params *p, size_t T, size_t sizes[PARTS])
{
	int gen = use_generator(p);
	size_t L = p->L, width = gen && p->K > T ? p->K : T; /* D: G's or C's rows */

	sizes[0] = sizeof(struct wzp_rq_coder);
	sizes[1] = gen ? L * p->K : 0;        /* G */
	sizes[2] = gen ? (size_t)p->K * T : 0; /* source */
	sizes[3] = gen ? 0 : L * T;           /* C */
	sizes[4] = L * L;                     /* A0 */
	sizes[5] = L * L;                     /* A */
	sizes[6] = L * width;                 /* D */
	sizes[7] = wzp_rq_solve_scratch_size(p->L, p->L);
}

size_t wzp_rq_coder_size(uint32_t K, size_t T)
{
	struct wzp_rq_params p;
	size_t sizes[PARTS], total = 0;

	if (T == 0 || wzp_rq_params_init(&p, K) != WZP_OK)
		return 0;
	layout(&p, T, sizes);
	for (int i = 0; i < PARTS; i++)
		total += rq_align8(sizes[i]);
	return total;
}

static void carve(struct wzp_rq_coder *c, uint8_t *mem)
{
	uint8_t **parts[PARTS - 2] = { &c->G, &c->source, &c->C, &c->A0, &c->A, &c->D };
	size_t sizes[PARTS];
	uint8_t *m = mem;

	layout(&c->p, c->T, sizes);
	m += rq_align8(sizes[0]);
	for (int i = 1; i < PARTS - 1; i++) {
		*parts[i - 1] = sizes[i] ? m : NULL;
		m += rq_align8(sizes[i]);
	}
	c->scratch = m;
}

/* RFC 6330 5.3.3.4.2: the rows S+H+i of A are the LT rows of ISI i. */
static void build_A0(const struct wzp_rq_params *p, uint8_t *A0)
{
	wzp_rq_precode_rows(p, A0);
	for (uint32_t i = 0; i < p->K_prime; i++)
		wzp_rq_lt_row(p, i, A0 + (size_t)(p->S + p->H + i) * p->L);
}

/* Solve A0 * X = D with D already filled; X gets width octets per row. */
static enum wzp_err solve_A0(struct wzp_rq_coder *c, size_t width, uint8_t *X)
{
	struct wzp_rq_system sys = {
		.A = c->A, .D = c->D, .M = c->p.L, .L = c->p.L, .first_pi = c->p.W,
		.hdpc_first = c->p.S, .hdpc_count = c->p.H, .T = width,
		.scratch = c->scratch,
	};

	memcpy(c->A, c->A0, (size_t)c->p.L * c->p.L);
	return wzp_rq_solve(&sys, X);
}

/* G = A0^^-1 restricted to the K source rows: solve with D = the unit
 * vectors e_k on rows S+H+k (the "symbols" are K octets wide). */
static enum wzp_err build_G(struct wzp_rq_coder *c)
{
	const struct wzp_rq_params *p = &c->p;

	memset(c->D, 0, (size_t)p->L * p->K);
	for (uint32_t k = 0; k < p->K; k++)
		c->D[(size_t)(p->S + p->H + k) * p->K + k] = 1;
	return solve_A0(c, p->K, c->G);
}

enum wzp_err wzp_rq_coder_init(void *mem, size_t size, uint32_t K, size_t T,
			       struct wzp_rq_coder **coder)
{
	struct wzp_rq_coder *c = mem;

	if (mem == NULL || coder == NULL || T == 0 || K < 1 || K > WZP_RQ_K_MAX)
		return WZP_ERR_BAD_PARAM;
	if (size < wzp_rq_coder_size(K, T))
		return WZP_ERR_NO_MEMORY;
	wzp_rq_params_init(&c->p, K);
	c->T = T;
	c->have_block = 0;
	carve(c, mem);
	build_A0(&c->p, c->A0);
	if (c->G != NULL && build_G(c) != WZP_OK)
		return WZP_ERR_BAD_PARAM; /* A0 singular: Table 2 is wrong */
	*coder = c;
	return WZP_OK;
}

const struct wzp_rq_params *wzp_rq_coder_params(const struct wzp_rq_coder *coder)
{
	return &coder->p;
}

/* RFC 6330 5.3.3.4: D = S+H zero symbols, the K source symbols, then
 * K' - K zero padding symbols; solve A0 * C = D. */
static enum wzp_err solve_block(struct wzp_rq_coder *c, const uint8_t *source)
{
	const struct wzp_rq_params *p = &c->p;
	const size_t T = c->T;

	memset(c->D, 0, (size_t)p->L * T);
	memcpy(c->D + (size_t)(p->S + p->H) * T, source, (size_t)p->K * T);
	return solve_A0(c, T, c->C);
}

enum wzp_err wzp_rq_encode_intermediate(struct wzp_rq_coder *coder, const uint8_t *source)
{
	enum wzp_err err = WZP_OK;

	if (coder == NULL || source == NULL)
		return WZP_ERR_BAD_PARAM;
	if (coder->G != NULL)
		memcpy(coder->source, source, (size_t)coder->p.K * coder->T);
	else
		err = solve_block(coder, source);
	coder->have_block = err == WZP_OK;
	return err;
}

/* RFC 6330 5.3.5.3 Enc: the sum of the intermediate symbols that the LT
 * row of ISI X names. */
void wzp_rq_enc(const struct wzp_rq_params *p, const uint8_t *C, size_t T, uint32_t X,
		uint8_t *out)
{
	uint32_t cols[RQ_LT_MAX_COLUMNS];
	uint32_t n = wzp_rq_lt_columns(p, X, cols);

	memset(out, 0, T);
	for (uint32_t k = 0; k < n; k++)
		wzp_gf_axpy(out, C + (size_t)cols[k] * T, 1, T);
}

/* Enc applied to G instead of C: the same rows, K octets wide. */
void wzp_rq_enc_coeffs(const struct wzp_rq_coder *c, uint32_t X, uint8_t *g)
{
	wzp_rq_enc(&c->p, c->G, c->p.K, X, g);
}

/* Generator mode: symbol of ISI X = sum over k of g[k] * source[k]. */
static void symbol_from_source(const struct wzp_rq_coder *c, uint32_t X, uint8_t *out)
{
	uint8_t g[WZP_RQ_GENERATOR_MAX_KP];

	wzp_rq_enc_coeffs(c, X, g);
	memset(out, 0, c->T);
	for (uint32_t k = 0; k < c->p.K; k++)
		wzp_gf_axpy(out, c->source + (size_t)k * c->T, g[k], c->T);
}

/* RFC 6330 5.3.4: the encoding symbol of an ESI is Enc of its ISI. A
 * source ESI gives the source symbol back, since the LT rows of ISIs
 * 0..K-1 are the equations C was solved from; generator mode copies it. */
enum wzp_err wzp_rq_encode_symbol(const struct wzp_rq_coder *coder, uint32_t esi,
				  uint8_t *out)
{
	const struct wzp_rq_coder *c = coder;

	if (c == NULL || out == NULL || !c->have_block)
		return WZP_ERR_BAD_PARAM;
	WZP_REJECT("WZP-RQ-002", esi > WZP_RQ_ESI_MAX, WZP_ERR_BAD_PARAM);
	if (c->G == NULL)
		wzp_rq_enc(&c->p, c->C, c->T, wzp_rq_isi(&c->p, esi), out);
	else if (esi < c->p.K)
		memcpy(out, c->source + (size_t)esi * c->T, c->T);
	else
		symbol_from_source(c, wzp_rq_isi(&c->p, esi), out);
	out[0] = (uint8_t)WZP_VALUE("WZP-RQ-001", out[0]);
	return WZP_OK;
}
