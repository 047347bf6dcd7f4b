/* fec_ratio.c: spec/02-wire.md, "FEC ratio encoding". */
#include <float.h>
#include <math.h>

#include "wzp/fec_ratio.h"
#include "wzp/trace.h"

/* The spec's arithmetic is single precision. On a target that evaluates
 * float expressions in wider precision the product below would round
 * differently for some inputs, so refuse to build there. */
#if FLT_EVAL_METHOD != 0
#error "wzp_fec_ratio_encode needs FLT_EVAL_METHOD == 0 (e.g. SSE2 on x86)"
#endif

/* WZP-WIRE-016: s = round_half_away(ratio * 63.5), both steps in binary32. */
static float scaled_ratio(float ratio)
{
	float product = WZP_VALUE_F32("WZP-WIRE-016", ratio * WZP_FEC_RATIO_SCALE);

	return roundf(product);
}

/* WZP-WIRE-017: saturate s to 0..127; NaN becomes 0. */
static uint8_t saturate(float s)
{
	if (isnan(s) || s <= 0.0f)
		return WZP_VALUE("WZP-WIRE-017", 0);
	if (s >= (float)WZP_FEC_RATIO_MAX_ENCODED)
		return WZP_VALUE("WZP-WIRE-017", WZP_FEC_RATIO_MAX_ENCODED);
	return (uint8_t)s;
}

uint8_t wzp_fec_ratio_encode(float ratio)
{
	return saturate(scaled_ratio(ratio));
}

/* WZP-WIRE-018: e / 63.5 in binary32, e taken modulo 128. */
float wzp_fec_ratio_decode(uint8_t encoded)
{
	uint8_t e = WZP_VALUE("WZP-WIRE-018", encoded & 0x7F);

	return (float)e / WZP_FEC_RATIO_SCALE;
}
