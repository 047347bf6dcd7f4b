/* tuple.c: the pseudo-random choices of RFC 6330 5.3.5.1 .. 5.3.5.4. */
#include "rq_internal.h"

/* RFC 6330 5.3.5.1 Rand[y, i, m]: a value in [0, m), m > 0. */
uint32_t wzp_rq_rand(uint32_t y, uint32_t i, uint32_t m)
{
	uint32_t x = wzp_rq_v0[(y + i) % 256] ^ wzp_rq_v1[((y >> 8) + i) % 256] ^
		     wzp_rq_v2[((y >> 16) + i) % 256] ^ wzp_rq_v3[((y >> 24) + i) % 256];

	return x % m;
}

/* RFC 6330 5.3.5.2 Deg[v]: the d with f[d-1] <= v < f[d] (Table 1),
 * capped at W - 2 so that an LT row never covers all LT symbols. */
uint32_t wzp_rq_deg(uint32_t v, uint32_t W)
{
	uint32_t d = 1;

	while (v >= wzp_rq_deg_f[d])
		d++;
	return d < W - 2 ? d : W - 2;
}

/* RFC 6330 5.3.5.4 Tuple[K', X] for the ISI X. All arithmetic is modulo
 * 2^^32, which uint32_t does for us. */
struct wzp_rq_tuple wzp_rq_tuple(const struct wzp_rq_params *p, uint32_t X)
{
	struct wzp_rq_tuple t;
	uint32_t A = 53591 + p->J * 997;
	uint32_t B, y;

	if (A % 2 == 0)
		A = A + 1;
	B = 10267 * (p->J + 1);
	y = B + X * A;
	t.d = wzp_rq_deg(wzp_rq_rand(y, 0, 1u << 20), p->W);
	t.a = 1 + wzp_rq_rand(y, 1, p->W - 1);
	t.b = wzp_rq_rand(y, 2, p->W);
	t.d1 = t.d < 4 ? 2 + wzp_rq_rand(X, 3, 2) : 2;
	t.a1 = 1 + wzp_rq_rand(X, 4, p->P1 - 1);
	t.b1 = wzp_rq_rand(X, 5, p->P1);
	return t;
}
