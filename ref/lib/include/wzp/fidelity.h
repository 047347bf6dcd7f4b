/* fidelity.h: how close a decoded signal is to what was sent
 * (spec/06-media.md 6.7), one measure per kind of codec.
 *
 * Contract: both measures compare `ref` with `out` read `delay` samples
 * later (the codec path's fixed delay), over n reference samples (out must
 * hold n + delay + search). They return a correlation in [-1, 1], and 0
 * when either signal has no energy (silence cannot pass). Pure arithmetic
 * in binary64; no allocation.
 *   waveform: the best normalised cross-correlation of the samples over
 *     lags delay - search .. delay + search (for Opus, a waveform codec);
 *   spectral: the correlation of log band energies (20 ms Hann frames, 32
 *     bands 150-3250 Hz, each band's mean removed) (for Codec2, a vocoder,
 *     whose output waveform does not follow the input's).
 */
#ifndef WZP_FIDELITY_H
#define WZP_FIDELITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The codec paths' delays at 48 kHz (6.7): Opus's 6.5 ms
 * look-ahead; Codec2's frame, analysis and both resamplers. */
#define WZP_DELAY_OPUS 312
#define WZP_DELAY_CODEC2_3200 1592
#define WZP_DELAY_CODEC2_1200 1664

/* The floors of WZP-MEDIA-060 (waveform, Opus) and WZP-MEDIA-061 (spectral, Codec2). */
#define WZP_FLOOR_OPUS24K 0.90
#define WZP_FLOOR_OPUS16K 0.90
#define WZP_FLOOR_OPUS6K 0.60
#define WZP_FLOOR_CODEC2_3200 0.80
#define WZP_FLOOR_CODEC2_1200 0.80

double wzp_fidelity_waveform(const int16_t *ref, const int16_t *out, size_t n, size_t delay,
			     size_t search);
double wzp_fidelity_spectral(const int16_t *ref, const int16_t *out, size_t n, size_t delay);
/* The codec's own measure at its own delay (WZP-MEDIA-060, -061): the
 * waveform measure (search 24) for Opus, the spectral one for Codec2; 0
 * for comfort noise and unknown ids. out must hold n + 1664 + 24 samples. */
double wzp_fidelity_measure(uint8_t codec, const int16_t *ref, const int16_t *out, size_t n);
/* The floor for a codec (0 for comfort noise and unknown ids). */
double wzp_fidelity_floor(uint8_t codec);
/* score >= the codec's floor. */
bool wzp_fidelity_passes(uint8_t codec, double score);

#endif
