/* latency.c: the latency histogram (latency.h). */
#include "latency.h"

void latency_add(struct latency *h, uint64_t us)
{
	uint64_t b = us / LATENCY_BUCKET_US;

	h->bucket[b < LATENCY_BUCKETS ? b : LATENCY_BUCKETS - 1]++;
	h->count++;
	if (us > h->max_us)
		h->max_us = us;
}

uint64_t latency_quantile_us(const struct latency *h, double q)
{
	uint64_t want = (uint64_t)(q * (double)h->count + 0.999999);
	uint64_t seen = 0;

	if (h->count == 0)
		return 0;
	if (want == 0)
		want = 1;
	for (uint64_t b = 0; b < LATENCY_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= want)
			return b + 1 == LATENCY_BUCKETS ? h->max_us : (b + 1) * LATENCY_BUCKET_US;
	}
	return h->max_us;
}
