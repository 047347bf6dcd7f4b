/* params.c: the parameters of a source block (RFC 6330 5.3.3.3, 5.6). */
#include "rq_internal.h"
#include "wzp/trace.h"

static int is_prime(uint32_t n)
{
	if (n < 2)
		return 0;
	for (uint32_t f = 2; f * f <= n; f++)
		if (n % f == 0)
			return 0;
	return 1;
}

/* RFC 6330 5.3.1 / 5.6: K' is the smallest K' in Table 2 with K' >= K.
 * Rows are sorted by K', so a binary search finds it. */
static const struct wzp_rq_table2_row *table2_row(uint32_t K)
{
	uint32_t lo = 0, hi = RQ_TABLE2_ROWS - 1;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (wzp_rq_table2[mid].K_prime < K)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &wzp_rq_table2[lo];
}

/* RFC 6330 5.3.3.3: L = K' + S + H, P = L - W, P1 = smallest prime >= P,
 * U = P - H, B = W - S. */
enum wzp_err wzp_rq_params_init(struct wzp_rq_params *p, uint32_t K)
{
	const struct wzp_rq_table2_row *row;

	if (p == NULL || K < 1 || K > WZP_RQ_K_MAX)
		return WZP_ERR_BAD_PARAM;
	row = table2_row(K);
	p->K = K;
	p->K_prime = WZP_VALUE("WZP-RQ-003", row->K_prime);
	p->J = row->J;
	p->S = row->S;
	p->H = row->H;
	p->W = row->W;
	p->L = p->K_prime + p->S + p->H;
	p->P = p->L - p->W;
	p->P1 = p->P;
	while (!is_prime(p->P1))
		p->P1++;
	p->U = p->P - p->H;
	p->B = p->W - p->S;
	return WZP_OK;
}

/* RFC 6330 5.3.1 / 5.3.3.4: source ESIs 0..K-1 are ISIs 0..K-1; ISIs
 * K..K'-1 are the zero padding symbols, never sent; so repair ESI x >= K
 * is ISI x + (K' - K). */
uint32_t wzp_rq_isi(const struct wzp_rq_params *p, uint32_t esi)
{
	if (esi < p->K)
		return esi;
	return WZP_VALUE("WZP-RQ-002", esi + (p->K_prime - p->K));
}
