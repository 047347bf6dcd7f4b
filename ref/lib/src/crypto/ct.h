/* ct.h: constant-time helpers for secret bytes (internal header).
 *
 * None of these branches on, or indexes memory by, the value it looks at:
 * masks are all ones (0xFF..) or zero, built by arithmetic.
 */
#ifndef WZP_CT_H
#define WZP_CT_H

#include <stdint.h>

/* 0xFFFFFFFF when lo <= c <= hi (each at most 255), else 0. */
static inline uint32_t ct_range_mask(uint32_t c, uint32_t lo, uint32_t hi)
{
	return ((c - lo) >> 31 ^ 1) * 0xFFFFFFFFu & ((hi - c) >> 31 ^ 1) * 0xFFFFFFFFu;
}

/* The value of the hex digit c (either case); *bad gets all ones when c is
 * not one. */
static inline uint8_t ct_hex_value(uint8_t c, uint32_t *bad)
{
	uint32_t digit = ct_range_mask(c, '0', '9');
	uint32_t lower = ct_range_mask(c, 'a', 'f');
	uint32_t upper = ct_range_mask(c, 'A', 'F');

	*bad |= ~(digit | lower | upper);
	return (uint8_t)((digit & (c - '0')) | (lower & (c - 'a' + 10)) | (upper & (c - 'A' + 10)));
}

/* Two lowercase hex digits of b at out[0..1]. */
static inline void ct_hex_put(char *out, uint8_t b)
{
	for (int i = 0; i < 2; i++) {
		uint32_t v = (uint32_t)(i == 0 ? b >> 4 : b & 15);
		uint32_t letter = ct_range_mask(v, 10, 15);

		out[i] = (char)((~letter & ('0' + v)) | (letter & ('a' + v - 10)));
	}
}

#endif
