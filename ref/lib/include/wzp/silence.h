/* silence.h: the voice detector and comfort noise (spec/06-media.md 6.2).
 *
 * Contract: the detector is upstream's RMS threshold with hangover (not
 * speexdsp's VAD, which marks low noise as speech). Comfort noise is drawn
 * from a caller-seeded xorshift32 generator kept in the caller's struct, so
 * the same seed gives the same noise; nothing reads a clock or a global
 * random source. No allocation, no failure modes beyond those listed.
 */
#ifndef WZP_SILENCE_H
#define WZP_SILENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/profile.h"

#define WZP_VAD_THRESHOLD 100.0
#define WZP_VAD_HANGOVER 5
#define WZP_CN_INTERVAL 10   /* a CN packet every 10th suppressed frame */
#define WZP_CN_LEVEL 50      /* default level, carried in the CN packet's byte */
#define WZP_CN_PAYLOAD_SIZE 1

struct wzp_vad {
	double threshold;
	uint32_t hangover;
	uint32_t silent_frames; /* consecutive frames under the threshold */
	uint32_t suppressed;    /* consecutive suppressed frames */
};

void wzp_vad_init(struct wzp_vad *v);
/* RMS of the frame in binary64; 0 for an empty frame. */
double wzp_frame_rms(const int16_t *pcm, size_t n);
/* True when the frame is suppressed (not sent as speech). */
bool wzp_vad_suppress(struct wzp_vad *v, const int16_t *pcm, size_t n);
/* After a suppressed frame: true when it is sent as a CN packet instead. */
bool wzp_vad_send_cn(const struct wzp_vad *v, enum wzp_profile profile);

struct wzp_comfort_noise {
	uint32_t state; /* xorshift32; never 0 */
};

void wzp_cn_init(struct wzp_comfort_noise *cn, uint32_t seed);
/* The level a decoder plays for a CN payload (wzp/1: its byte; upstream: 50). */
uint8_t wzp_cn_level(const uint8_t *payload, size_t len, enum wzp_profile profile);
/* n samples, each uniform in [-level, +level]. */
void wzp_cn_fill(struct wzp_comfort_noise *cn, uint8_t level, int16_t *pcm, size_t n);

#endif
