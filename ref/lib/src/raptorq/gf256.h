/* gf256.h: octet arithmetic of RFC 6330 5.7 (GF(256), polynomial 0x11d).
 *
 * Addition is XOR (5.7.2). Multiplication and division go through the
 * OCT_EXP / OCT_LOG tables (5.7.3, 5.7.4). The bulk operations work on
 * whole symbols: they are where nearly all the time of encode and decode
 * is spent.
 */
#ifndef WZP_RQ_GF256_H
#define WZP_RQ_GF256_H

#include <stddef.h>
#include <stdint.h>

/* RFC 6330 5.7.2: u * v. */
uint8_t wzp_gf_mul(uint8_t u, uint8_t v);
/* RFC 6330 5.7.2: u / v, v != 0. */
uint8_t wzp_gf_div(uint8_t u, uint8_t v);
/* alpha^^i (5.7.3), i >= 0. */
uint8_t wzp_gf_alpha_pow(uint32_t i);

/* dst[0..n-1] += c * src[0..n-1] (5.7.5 "beta * U + V"). */
void wzp_gf_axpy(uint8_t *restrict dst, const uint8_t *restrict src, uint8_t c, size_t n);
/* dst[0..n-1] = c * dst[0..n-1]. */
void wzp_gf_scale(uint8_t *restrict dst, uint8_t c, size_t n);

#endif
