/* solve.c: A * C = D over GF(256) by inactivation decoding (RFC 6330 5.4.2).
 *
 * This is the RFC's method in a plain form, chosen for reading rather than
 * for the last factor of speed. Columns are in one of three states:
 *   V         still to be decided (starts as the W LT columns),
 *   PIVOTED   solved in phase 1 by one pivot row,
 *   INACTIVE  left for the dense phase 2 (starts as the P PI columns).
 * Phase 1 (5.4.2.2): repeatedly take a row with the fewest nonzeros r >= 1
 * in V, make its first V column a pivot and inactivate its other r - 1 V
 * columns, then eliminate the pivot column from every other free row. The
 * pivot row then has nonzeros only in its pivot column and in INACTIVE
 * columns, so elimination never creates nonzeros in V, only in INACTIVE
 * columns. The H dense HDPC rows are never chosen here (5.4.2.2 says the
 * same), they are only eliminated into.
 * Phase 2 (5.4.2.3): the free rows now have nonzeros only in INACTIVE
 * columns; Gauss-Jordan on them solves the inactive symbols, or finds the
 * rank short of L (insufficient symbols).
 * Phase 3 (back-substitution, 5.4.2.4 .. 5.4.2.5 in effect): each pivot row
 * gives its pivot column's symbol from the inactive ones.
 * Because A has rank L whenever we succeed, C is the unique solution and
 * does not depend on the pivot choices made here.
 */
#include <string.h>

#include "gf256.h"
#include "rq_internal.h"

enum { COL_V, COL_PIVOTED, COL_INACTIVE };
enum { ROW_FREE, ROW_PIVOT, ROW_DONE };

#define NONE UINT32_MAX

struct solver {
	const struct wzp_rq_system *sys;
	uint32_t *count;     /* M: nonzeros of a free row in V columns */
	uint32_t *row_of;    /* L: the row that determines column c */
	uint32_t *inactive;  /* L: INACTIVE columns, in order of inactivation */
	uint8_t *col_state;  /* L */
	uint8_t *row_state;  /* M */
	uint32_t n_inactive;
};

size_t wzp_rq_solve_scratch_size(uint32_t M, uint32_t L)
{
	return rq_align8((size_t)M * 4) + rq_align8((size_t)L * 4) * 2 + rq_align8(L) +
	       rq_align8(M);
}

static void carve(struct solver *s, const struct wzp_rq_system *sys)
{
	uint8_t *m = sys->scratch;

	s->sys = sys;
	s->count = (uint32_t *)(void *)m;
	m += rq_align8((size_t)sys->M * 4);
	s->row_of = (uint32_t *)(void *)m;
	m += rq_align8((size_t)sys->L * 4);
	s->inactive = (uint32_t *)(void *)m;
	m += rq_align8((size_t)sys->L * 4);
	s->col_state = m;
	m += rq_align8(sys->L);
	s->row_state = m;
}

static uint8_t *row(const struct solver *s, uint32_t r)
{
	return s->sys->A + (size_t)r * s->sys->L;
}

static uint8_t *sym(const struct solver *s, uint32_t r)
{
	return s->sys->D + (size_t)r * s->sys->T;
}

static int is_hdpc(const struct solver *s, uint32_t r)
{
	return r >= s->sys->hdpc_first && r - s->sys->hdpc_first < s->sys->hdpc_count;
}

/* Columns W .. L-1 (the PI symbols) start inactive (5.4.2.1). */
static void init_state(struct solver *s)
{
	const struct wzp_rq_system *sys = s->sys;

	s->n_inactive = 0;
	for (uint32_t c = 0; c < sys->L; c++) {
		s->row_of[c] = NONE;
		s->col_state[c] = c < sys->first_pi ? COL_V : COL_INACTIVE;
		if (c >= sys->first_pi)
			s->inactive[s->n_inactive++] = c;
	}
	for (uint32_t r = 0; r < sys->M; r++) {
		const uint8_t *a = row(s, r);

		s->row_state[r] = ROW_FREE;
		s->count[r] = 0;
		for (uint32_t c = 0; c < sys->first_pi; c++)
			s->count[r] += a[c] != 0;
	}
}

/* Column c leaves V: free rows that had a nonzero there lose one. */
static void leave_v(struct solver *s, uint32_t c, uint8_t new_state)
{
	s->col_state[c] = new_state;
	if (new_state == COL_INACTIVE)
		s->inactive[s->n_inactive++] = c;
	for (uint32_t r = 0; r < s->sys->M; r++)
		if (s->row_state[r] == ROW_FREE && row(s, r)[c] != 0)
			s->count[r]--;
}

/* 5.4.2.2: a free non-HDPC row with the smallest r >= 1, or NONE. */
static uint32_t pick_row(const struct solver *s)
{
	uint32_t best = NONE;

	for (uint32_t r = 0; r < s->sys->M; r++) {
		if (s->row_state[r] != ROW_FREE || s->count[r] == 0 || is_hdpc(s, r))
			continue;
		if (best == NONE || s->count[r] < s->count[best])
			best = r;
	}
	return best;
}

/* Row dst += f * row src, over the pivot column p and the inactive columns
 * (the only columns where src can be nonzero), and the same on D. */
static void add_row(struct solver *s, uint32_t dst, uint32_t src, uint32_t p, uint8_t f)
{
	uint8_t *a = row(s, dst);
	const uint8_t *b = row(s, src);

	a[p] ^= wzp_gf_mul(f, b[p]);
	for (uint32_t k = 0; k < s->n_inactive; k++) {
		uint32_t c = s->inactive[k];

		a[c] ^= wzp_gf_mul(f, b[c]);
	}
	wzp_gf_axpy(sym(s, dst), sym(s, src), f, s->sys->T);
}

/* Make column p of row r its pivot and clear p from every other free row. */
static void pivot_phase1(struct solver *s, uint32_t r)
{
	uint8_t *a = row(s, r);
	uint32_t p = NONE;

	for (uint32_t c = 0; c < s->sys->first_pi; c++) {
		if (s->col_state[c] != COL_V || a[c] == 0)
			continue;
		if (p == NONE)
			p = c;
		else
			leave_v(s, c, COL_INACTIVE);
	}
	leave_v(s, p, COL_PIVOTED);
	s->row_state[r] = ROW_PIVOT;
	s->row_of[p] = r;
	for (uint32_t r2 = 0; r2 < s->sys->M; r2++) {
		uint8_t v = row(s, r2)[p];

		if (s->row_state[r2] == ROW_FREE && v != 0)
			add_row(s, r2, r, p, wzp_gf_div(v, a[p]));
	}
}

static void phase1(struct solver *s)
{
	uint32_t r;

	while ((r = pick_row(s)) != NONE)
		pivot_phase1(s, r);
	/* Columns still in V now have nonzeros only in HDPC rows (free
	 * non-HDPC rows have count 0, pivot rows none in V): phase 2 takes
	 * them as inactive columns. */
	for (uint32_t c = 0; c < s->sys->first_pi; c++)
		if (s->col_state[c] == COL_V)
			leave_v(s, c, COL_INACTIVE);
}

/* A free row with a nonzero in column c, or NONE. */
static uint32_t find_phase2_row(const struct solver *s, uint32_t c)
{
	for (uint32_t r = 0; r < s->sys->M; r++)
		if (s->row_state[r] == ROW_FREE && row(s, r)[c] != 0)
			return r;
	return NONE;
}

/* Gauss-Jordan step on inactive column inactive[t] with pivot row r:
 * scale r to 1 there, clear the column from all other non-phase-1 rows.
 * Entries of r in inactive[0 .. t-1] are already zero. */
static void pivot_phase2(struct solver *s, uint32_t t, uint32_t r)
{
	uint32_t c = s->inactive[t];
	uint8_t *a = row(s, r);
	uint8_t inv = wzp_gf_div(1, a[c]);

	for (uint32_t k = t; k < s->n_inactive; k++)
		a[s->inactive[k]] = wzp_gf_mul(inv, a[s->inactive[k]]);
	wzp_gf_scale(sym(s, r), inv, s->sys->T);
	s->row_state[r] = ROW_DONE;
	s->row_of[c] = r;
	for (uint32_t r2 = 0; r2 < s->sys->M; r2++) {
		uint8_t *b = row(s, r2);
		uint8_t f = b[c];

		if (r2 == r || s->row_state[r2] == ROW_PIVOT || f == 0)
			continue;
		for (uint32_t k = t; k < s->n_inactive; k++)
			b[s->inactive[k]] ^= wzp_gf_mul(f, a[s->inactive[k]]);
		wzp_gf_axpy(sym(s, r2), sym(s, r), f, s->sys->T);
	}
}

static enum wzp_err phase2(struct solver *s)
{
	for (uint32_t t = 0; t < s->n_inactive; t++) {
		uint32_t r = find_phase2_row(s, s->inactive[t]);

		if (r == NONE)
			return WZP_ERR_INSUFFICIENT;
		pivot_phase2(s, t, r);
	}
	return WZP_OK;
}

/* C[inactive] come straight from their phase 2 rows; each phase 1 pivot
 * row r of column p then reads A[r][p] C[p] + sum A[r][c] C[c] = D[r]. */
static void back_substitute(const struct solver *s, uint8_t *C)
{
	const size_t T = s->sys->T;

	for (uint32_t k = 0; k < s->n_inactive; k++) {
		uint32_t c = s->inactive[k];

		memcpy(C + (size_t)c * T, sym(s, s->row_of[c]), T);
	}
	for (uint32_t p = 0; p < s->sys->L; p++) {
		uint32_t r = s->row_of[p];
		uint8_t *out = C + (size_t)p * T;

		if (s->col_state[p] != COL_PIVOTED)
			continue;
		memcpy(out, sym(s, r), T);
		for (uint32_t k = 0; k < s->n_inactive; k++) {
			uint32_t c = s->inactive[k];

			wzp_gf_axpy(out, C + (size_t)c * T, row(s, r)[c], T);
		}
		wzp_gf_scale(out, wzp_gf_div(1, row(s, r)[p]), T);
	}
}

enum wzp_err wzp_rq_solve(const struct wzp_rq_system *sys, uint8_t *C)
{
	struct solver s;
	enum wzp_err err;

	carve(&s, sys);
	init_state(&s);
	phase1(&s);
	err = phase2(&s);
	if (err != WZP_OK)
		return err;
	back_substitute(&s, C);
	return WZP_OK;
}
