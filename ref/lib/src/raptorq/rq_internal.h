/* wzp_rq_internal.h: the pieces of the RaptorQ core, in RFC 6330 terms.
 *
 * Layout of the work (RFC 6330 5.3.3.4): L intermediate symbols C[0..L-1]
 * are the unique solution of A * C = D, where A has
 *   rows 0 .. S-1        the LDPC relations (5.3.3.3),
 *   rows S .. S+H-1      the HDPC relations (5.3.3.3),
 *   rows S+H ..          one LT row per encoding symbol, built from Tuple
 *                        (5.3.5.4) of the symbol's ISI,
 * and D holds zero for the S+H relation rows and the symbol for each LT row.
 * Columns 0 .. W-1 are the LT symbols, W .. L-1 the PI symbols.
 * Matrices are dense, row-major, one octet (GF(256) element) per entry.
 */
#ifndef WZP_RQ_INTERNAL_H
#define WZP_RQ_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/raptorq.h"

/* ---- tables.c: RFC 6330 tables ---- */

#define RQ_TABLE2_ROWS 477
#define RQ_DEG_ROWS 31

struct wzp_rq_table2_row {
	uint32_t K_prime, J, S, H, W;
};

extern const struct wzp_rq_table2_row wzp_rq_table2[RQ_TABLE2_ROWS];
extern const uint32_t wzp_rq_deg_f[RQ_DEG_ROWS];
extern const uint32_t wzp_rq_v0[256], wzp_rq_v1[256], wzp_rq_v2[256], wzp_rq_v3[256];
extern const uint8_t wzp_rq_oct_exp[510];
extern const uint8_t wzp_rq_oct_log[256];

/* ---- params.c ---- */

/* RFC 6330 5.3.1: ISI of an ESI; repair ESIs skip the K' - K padding ISIs. */
uint32_t wzp_rq_isi(const struct wzp_rq_params *p, uint32_t esi);

/* ---- tuple.c: RFC 6330 5.3.5 ---- */

/* The tuple (d, a, b, d1, a1, b1) of RFC 6330 5.3.5.4. */
struct wzp_rq_tuple {
	uint32_t d, a, b, d1, a1, b1;
};

uint32_t wzp_rq_rand(uint32_t y, uint32_t i, uint32_t m);
uint32_t wzp_rq_deg(uint32_t v, uint32_t W);
struct wzp_rq_tuple wzp_rq_tuple(const struct wzp_rq_params *p, uint32_t X);

/* ---- constraint.c: the rows of A ---- */

/* Write the S LDPC rows and the H HDPC rows (S+H rows of L octets). */
void wzp_rq_precode_rows(const struct wzp_rq_params *p, uint8_t *rows);
/* Largest d + d1 of a tuple: Deg is at most 30 (Table 1), d1 at most 3. */
#define RQ_LT_MAX_COLUMNS 33

/* The columns of the LT row of ISI X, in Enc order; returns their count. */
uint32_t wzp_rq_lt_columns(const struct wzp_rq_params *p, uint32_t X,
			   uint32_t cols[RQ_LT_MAX_COLUMNS]);
/* Write the LT row of ISI X (L octets, all 0 or 1). */
void wzp_rq_lt_row(const struct wzp_rq_params *p, uint32_t X, uint8_t *row);

/* ---- solve.c: A * C = D ---- */

/* One linear system. The solver overwrites A and D. */
struct wzp_rq_system {
	uint8_t *A;           /* M x L */
	uint8_t *D;           /* M x T */
	uint32_t M, L;
	uint32_t first_pi;    /* W: columns from here on start inactive */
	uint32_t hdpc_first;  /* the H dense rows, never chosen in phase 1 */
	uint32_t hdpc_count;
	size_t T;
	void *scratch;        /* wzp_rq_solve_scratch_size(M, L) bytes, 8-aligned */
};

size_t wzp_rq_solve_scratch_size(uint32_t M, uint32_t L);
/* Writes C (L x T). WZP_ERR_INSUFFICIENT when A has rank < L. */
enum wzp_err wzp_rq_solve(const struct wzp_rq_system *sys, uint8_t *C);

/* ---- encode.c ---- */

/* The per-(K, T) precomputation (wzp_rq_coder_init) and one block's state. */
struct wzp_rq_coder {
	struct wzp_rq_params p;
	size_t T;
	int have_block;   /* a block was given to wzp_rq_encode_intermediate */
	uint8_t *G;       /* L x K generator, or NULL when K' is large */
	uint8_t *source;  /* K x T copy of the block (generator mode) */
	uint8_t *C;       /* L x T intermediate symbols (solve mode) */
	uint8_t *A0;      /* L x L constraint matrix for ISIs 0..K'-1 */
	uint8_t *A;       /* L x L, overwritten by each solve */
	uint8_t *D;       /* L x T, or L x max(T, K) with G; overwritten by solves */
	void *scratch;    /* wzp_rq_solve_scratch_size(L, L) */
};

/* g[0..K-1]: the symbol of ISI X is sum of g[k] * source[k] (G mode). */
void wzp_rq_enc_coeffs(const struct wzp_rq_coder *c, uint32_t X, uint8_t *g);

/* RFC 6330 5.3.5.3 Enc: the symbol of ISI X from the intermediate C. */
void wzp_rq_enc(const struct wzp_rq_params *p, const uint8_t *C, size_t T, uint32_t X,
		uint8_t *out);

/* ---- memory carving (encode.c) ---- */

/* Round n up to a multiple of 8, so that carved arrays stay aligned. */
static inline size_t rq_align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

#endif
