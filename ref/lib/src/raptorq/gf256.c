/* gf256.c: RFC 6330 5.7 octet arithmetic. */
#include <string.h>

#include "gf256.h"
#include "rq_internal.h"

/* RFC 6330 5.7.2: u * v = OCT_EXP[OCT_LOG[u] + OCT_LOG[v]], 0 if either is 0. */
uint8_t wzp_gf_mul(uint8_t u, uint8_t v)
{
	if (u == 0 || v == 0)
		return 0;
	return wzp_rq_oct_exp[wzp_rq_oct_log[u] + wzp_rq_oct_log[v]];
}

/* RFC 6330 5.7.2: u / v = OCT_EXP[OCT_LOG[u] - OCT_LOG[v] + 255]. */
uint8_t wzp_gf_div(uint8_t u, uint8_t v)
{
	if (u == 0)
		return 0;
	return wzp_rq_oct_exp[wzp_rq_oct_log[u] + 255 - wzp_rq_oct_log[v]];
}

/* RFC 6330 5.7.3: alpha^^i = OCT_EXP[i mod 255]. */
uint8_t wzp_gf_alpha_pow(uint32_t i)
{
	return wzp_rq_oct_exp[i % 255];
}

/* dst ^= src, a machine word at a time (memcpy keeps it alias-safe). */
static void xor_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t a, b;

		memcpy(&a, dst + i, 8);
		memcpy(&b, src + i, 8);
		a ^= b;
		memcpy(dst + i, &a, 8);
	}
	for (; i < n; i++)
		dst[i] ^= src[i];
}

/* alpha * u: RFC 6330 5.7.2 multiplication by alpha = x, reduced by the
 * field polynomial x^^8 + x^^4 + x^^3 + x^^2 + 1 (0x11d). */
static uint8_t times_alpha(uint8_t u)
{
	return (uint8_t)((u << 1) ^ (u & 0x80 ? 0x1d : 0));
}

/* c * x for all x, split by nibble: c * x = lo[x & 15] ^ hi[x >> 4],
 * because multiplication by c is linear over GF(2). Built from the eight
 * products c * alpha^^b and XOR, so setting up costs far less than the
 * 256-octet symbols it is then used on. */
static void nibble_tables(uint8_t c, uint8_t lo[16], uint8_t hi[16])
{
	uint8_t basis[8];

	basis[0] = c;
	for (int b = 1; b < 8; b++)
		basis[b] = times_alpha(basis[b - 1]);
	lo[0] = hi[0] = 0;
	for (int b = 0; b < 4; b++) {
		for (int x = 0; x < 1 << b; x++) {
			lo[(1 << b) + x] = lo[x] ^ basis[b];
			hi[(1 << b) + x] = hi[x] ^ basis[b + 4];
		}
	}
}

void wzp_gf_axpy(uint8_t *restrict dst, const uint8_t *restrict src, uint8_t c, size_t n)
{
	uint8_t lo[16], hi[16];

	if (c == 0)
		return;
	if (c == 1) {
		xor_bytes(dst, src, n);
		return;
	}
	nibble_tables(c, lo, hi);
	for (size_t i = 0; i < n; i++)
		dst[i] ^= lo[src[i] & 15] ^ hi[src[i] >> 4];
}

void wzp_gf_scale(uint8_t *restrict dst, uint8_t c, size_t n)
{
	uint8_t lo[16], hi[16];

	if (c == 1)
		return;
	nibble_tables(c, lo, hi);
	for (size_t i = 0; i < n; i++)
		dst[i] = lo[dst[i] & 15] ^ hi[dst[i] >> 4];
}
