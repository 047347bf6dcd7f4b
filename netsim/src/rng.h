/* rng.h: the netsim random number generator, xoshiro256** seeded through
 * splitmix64 (Blackman and Vigna). Integer-only, so a seed gives the same
 * sequence on every platform; one caller-owned state per stream, no
 * globals. Header-only: a proxy or test links nothing for it.
 */
#ifndef NETSIM_RNG_H
#define NETSIM_RNG_H

#include <stdint.h>

struct netsim_rng {
	uint64_t s[4];
};

static inline uint64_t netsim_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Seeds a stream; `stream` separates independent streams of one seed
 * (one per channel direction, say), so adding a stream never shifts
 * another's numbers. */
static inline void netsim_rng_seed(struct netsim_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ull);

	for (int i = 0; i < 4; i++)
		r->s[i] = netsim_splitmix64(&x);
}

static inline uint64_t netsim_rotl(uint64_t v, int k)
{
	return (v << k) | (v >> (64 - k));
}

static inline uint64_t netsim_rng_next(struct netsim_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = netsim_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = netsim_rotl(s[3], 45);
	return out;
}

/* True with probability ppm / 1 000 000 (bias below 2^-44; no floating
 * point). */
static inline int netsim_rng_chance(struct netsim_rng *r, uint32_t ppm)
{
	return netsim_rng_next(r) % 1000000u < ppm;
}

/* Uniform in [0, n) for n > 0 (the modulo bias is below 2^-40 for the
 * spans netsim draws, microseconds up to seconds). */
static inline uint64_t netsim_rng_below(struct netsim_rng *r, uint64_t n)
{
	return netsim_rng_next(r) % n;
}

#endif
