/* resample.h: 48 kHz <-> 8 kHz for Codec2 (spec/06-media.md 6.1), with
 * speexdsp's resampler.
 *
 * Contract: the ratio is exactly 6, so every call turns 6n input samples
 * into exactly n output samples (or n into 6n) and the stream never drifts;
 * the filter's history carries over between calls. Unlike upstream's
 * averaging it adds delay (wzp_resampler_delay). The caller owns the
 * struct; init allocates, free releases. WZP_ERR_BAD_PARAM for a length
 * that is not a whole number of output samples or an output too small.
 */
#ifndef WZP_RESAMPLE_H
#define WZP_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

#define WZP_RESAMPLE_QUALITY 5

struct SpeexResamplerState_;

struct wzp_resampler {
	struct SpeexResamplerState_ *st;
	uint32_t in_rate, out_rate;
};

enum wzp_err wzp_resampler_init(struct wzp_resampler *r, uint32_t in_rate, uint32_t out_rate);
void wzp_resampler_free(struct wzp_resampler *r);
enum wzp_err wzp_resampler_run(struct wzp_resampler *r, const int16_t *in, size_t n_in,
			       int16_t *out, size_t n_out);
/* The delay it adds, in output samples. */
uint32_t wzp_resampler_delay(const struct wzp_resampler *r);

#endif
