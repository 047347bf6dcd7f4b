/* fec_ratio.h: the 7-bit FEC ratio field of the MediaHeader
 * (spec/02-wire.md, "FEC ratio encoding", WZP-WIRE-016..018).
 *
 * The scale is 63.5 steps per unit, so 0..127 maps to 0.0..2.0. All
 * arithmetic is IEEE-754 single precision with round-to-nearest-even, as the
 * spec states; results are exact and portable under FLT_EVAL_METHOD == 0.
 */
#ifndef WZP_FEC_RATIO_H
#define WZP_FEC_RATIO_H

#include <stdint.h>

#define WZP_FEC_RATIO_SCALE 63.5f
#define WZP_FEC_RATIO_MAX_ENCODED 127

/* Any float, including NaN and infinities, to 0..127. Never fails. */
uint8_t wzp_fec_ratio_encode(float ratio);

/* The low 7 bits of encoded to a ratio in [0.0, 2.0]. */
float wzp_fec_ratio_decode(uint8_t encoded);

#endif
