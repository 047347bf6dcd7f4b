/* denoise.h: noise suppression before encoding (spec/06-media.md 6.2),
 * with speexdsp's preprocessor (RNNoise, which upstream uses, is not
 * packaged in Debian).
 *
 * Contract: processes 48 kHz frames in place in 10 ms pieces, every piece
 * of a 20 or 40 ms frame (upstream skips the second half of 40 ms frames).
 * Only denoising is on: no AGC, no VAD, no dereverberation. The caller owns
 * the struct; init allocates, free releases. WZP_ERR_BAD_PARAM for a frame
 * that is not a whole number of 10 ms pieces.
 */
#ifndef WZP_DENOISE_H
#define WZP_DENOISE_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

#define WZP_DENOISE_PIECE 480

struct SpeexPreprocessState_;

struct wzp_denoiser {
	struct SpeexPreprocessState_ *st;
};

enum wzp_err wzp_denoiser_init(struct wzp_denoiser *d);
void wzp_denoiser_free(struct wzp_denoiser *d);
enum wzp_err wzp_denoise(struct wzp_denoiser *d, int16_t *pcm, size_t n);

#endif
