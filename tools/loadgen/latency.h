/* latency.h: a histogram of one-way latencies, for percentiles.
 *
 * Buckets are LATENCY_BUCKET_US wide up to LATENCY_MAX_US; anything above
 * lands in the last bucket (and max_us keeps the true maximum), so a
 * percentile is exact to one bucket below LATENCY_MAX_US. No allocation:
 * the struct is the histogram (about 80 KiB; one per process).
 */
#ifndef LOADGEN_LATENCY_H
#define LOADGEN_LATENCY_H

#include <stdint.h>

#define LATENCY_BUCKET_US 10
#define LATENCY_MAX_US 200000
#define LATENCY_BUCKETS (LATENCY_MAX_US / LATENCY_BUCKET_US + 1)

struct latency {
	uint64_t count;
	uint64_t max_us;
	uint32_t bucket[LATENCY_BUCKETS];
};

void latency_add(struct latency *h, uint64_t us);
/* The smallest latency (a bucket's upper edge) at or below which a
 * fraction q (0..1) of the samples lie; 0 when there are none. */
uint64_t latency_quantile_us(const struct latency *h, double q);

#endif
