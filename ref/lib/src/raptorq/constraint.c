/* constraint.c: the rows of the constraint matrix A (RFC 6330 5.3.3.3). */
#include <string.h>

#include "gf256.h"
#include "rq_internal.h"

/* RFC 6330 5.3.3.3 LDPC relations, rows 0 .. S-1:
 * G_LDPC,1 (columns 0 .. B-1), I_S (columns B .. W-1) and G_LDPC,2 (the PI
 * columns W .. L-1). Entries are added (XOR) rather than set, exactly as
 * the RFC's D[b] = D[b] + C[i] does, so coinciding positions cancel. */
static void ldpc_rows(const struct wzp_rq_params *p, uint8_t *A)
{
	const uint32_t L = p->L, S = p->S;

	for (uint32_t i = 0; i < p->B; i++) {
		uint32_t a = 1 + i / S;
		uint32_t b = i % S;

		A[b * L + i] ^= 1;
		b = (b + a) % S;
		A[b * L + i] ^= 1;
		b = (b + a) % S;
		A[b * L + i] ^= 1;
	}
	for (uint32_t i = 0; i < S; i++) {
		uint32_t a = i % p->P;
		uint32_t b = (i + 1) % p->P;

		A[i * L + p->B + i] ^= 1;
		A[i * L + p->W + a] ^= 1;
		A[i * L + p->W + b] ^= 1;
	}
}

/* RFC 6330 5.3.3.3 HDPC relations, rows S .. S+H-1: G_HDPC = MT * GAMMA in
 * columns 0 .. K'+S-1, then I_H.
 * GAMMA[k][j] = alpha^^(k-j) for k >= j, so entry (i, j) of MT * GAMMA is
 * sum over k >= j of MT[i][k] * alpha^^(k-j), which satisfies
 *     G[i][j] = MT[i][j] + alpha * G[i][j+1],
 * and we fill each row from the last column leftwards.
 * MT[i][j], j < K'+S-1, is 1 in the two rows Rand[j+1, 6, H] and
 * (Rand[j+1, 6, H] + Rand[j+1, 7, H-1] + 1) % H; the last column of MT is
 * alpha^^i. */
static void hdpc_rows(const struct wzp_rq_params *p, uint8_t *A)
{
	const uint32_t L = p->L, H = p->H, KS = p->K_prime + p->S;
	uint8_t *G = A + (size_t)p->S * L;

	for (uint32_t i = 0; i < H; i++)
		G[i * L + KS - 1] = wzp_gf_alpha_pow(i);
	for (uint32_t j = KS - 1; j-- > 0;) {
		uint32_t r1 = wzp_rq_rand(j + 1, 6, H);
		uint32_t r2 = (r1 + wzp_rq_rand(j + 1, 7, H - 1) + 1) % H;

		for (uint32_t i = 0; i < H; i++)
			G[i * L + j] = wzp_gf_mul(2, G[i * L + j + 1]);
		G[r1 * L + j] ^= 1;
		G[r2 * L + j] ^= 1;
	}
	for (uint32_t i = 0; i < H; i++)
		G[i * L + KS + i] = 1;
}

void wzp_rq_precode_rows(const struct wzp_rq_params *p, uint8_t *rows)
{
	memset(rows, 0, (size_t)(p->S + p->H) * p->L);
	ldpc_rows(p, rows);
	hdpc_rows(p, rows);
}

/* The columns that RFC 6330 5.3.5.3 Enc[K', (d, a, b, d1, a1, b1)] adds up
 * for ISI X: d LT columns b, b+a, ... (mod W), then d1 PI columns W + b1,
 * ... stepping by a1 modulo the prime P1 and skipping values >= P.
 * Returns how many (at most 30 + 3 = RQ_LT_MAX_COLUMNS). */
uint32_t wzp_rq_lt_columns(const struct wzp_rq_params *p, uint32_t X,
			   uint32_t cols[RQ_LT_MAX_COLUMNS])
{
	struct wzp_rq_tuple t = wzp_rq_tuple(p, X);
	uint32_t n = 0, b = t.b, b1 = t.b1;

	cols[n++] = b;
	for (uint32_t j = 1; j < t.d; j++) {
		b = (b + t.a) % p->W;
		cols[n++] = b;
	}
	while (b1 >= p->P)
		b1 = (b1 + t.a1) % p->P1;
	cols[n++] = p->W + b1;
	for (uint32_t j = 1; j < t.d1; j++) {
		b1 = (b1 + t.a1) % p->P1;
		while (b1 >= p->P)
			b1 = (b1 + t.a1) % p->P1;
		cols[n++] = p->W + b1;
	}
	return n;
}

/* One row of G_ENC (RFC 6330 5.3.3.4.2): the LT row of ISI X. */
void wzp_rq_lt_row(const struct wzp_rq_params *p, uint32_t X, uint8_t *row)
{
	uint32_t cols[RQ_LT_MAX_COLUMNS];
	uint32_t n = wzp_rq_lt_columns(p, X, cols);

	memset(row, 0, p->L);
	for (uint32_t k = 0; k < n; k++)
		row[cols[k]] ^= 1;
}
