/* fidelity.c: spec/06-media.md 6.7 "Fidelity". */
#include <math.h>

#include "wzp/codec_id.h"
#include "wzp/fidelity.h"
#include "wzp/trace.h"

#define FRAME 960
#define BANDS 32
#define BAND_LOW_HZ 150.0
#define BAND_STEP_HZ 100.0
#define PI 3.14159265358979323846

static double correlation_at(const int16_t *a, const int16_t *b, size_t n)
{
	double ab = 0, aa = 0, bb = 0;

	for (size_t i = 0; i < n; i++) {
		ab += (double)a[i] * b[i];
		aa += (double)a[i] * a[i];
		bb += (double)b[i] * b[i];
	}
	return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0.0;
}

double wzp_fidelity_waveform(const int16_t *ref, const int16_t *out, size_t n, size_t delay,
			     size_t search)
{
	double best = 0.0;
	size_t lo = delay > search ? delay - search : 0;

	for (size_t lag = lo; lag <= delay + search; lag++) {
		double c = correlation_at(ref, out + lag, n);

		if (c > best)
			best = c;
	}
	return best;
}

/* Goertzel energy of one Hann-windowed frame at f Hz (48 kHz). */
static double band_energy(const double *x, double f)
{
	double w = 2.0 * cos(2.0 * PI * f / 48000.0), s1 = 0, s2 = 0;

	for (size_t i = 0; i < FRAME; i++) {
		double s = x[i] + w * s1 - s2;

		s2 = s1;
		s1 = s;
	}
	return s1 * s1 + s2 * s2 - w * s1 * s2;
}

static void log_bands(const int16_t *x, size_t frames, const double *hann, double *out)
{
	double windowed[FRAME];

	for (size_t f = 0; f < frames; f++) {
		for (size_t i = 0; i < FRAME; i++)
			windowed[i] = hann[i] * x[f * FRAME + i];
		for (size_t b = 0; b < BANDS; b++)
			out[f * BANDS + b] =
				log10(1.0 + band_energy(windowed, BAND_LOW_HZ + BAND_STEP_HZ * b));
	}
}

static void remove_band_means(double *m, size_t frames)
{
	for (size_t b = 0; b < BANDS; b++) {
		double mean = 0;

		for (size_t f = 0; f < frames; f++)
			mean += m[f * BANDS + b];
		mean /= (double)frames;
		for (size_t f = 0; f < frames; f++)
			m[f * BANDS + b] -= mean;
	}
}

/* Computed in blocks of 50 frames so that no buffer is
 * needed beyond the stack. */
double wzp_fidelity_spectral(const int16_t *ref, const int16_t *out, size_t n, size_t delay)
{
	enum { BLOCK = 50 };
	double a[BLOCK * BANDS], b[BLOCK * BANDS], hann[FRAME], ab = 0, aa = 0, bb = 0;

	for (size_t i = 0; i < FRAME; i++)
		hann[i] = 0.5 - 0.5 * cos(2.0 * PI * (double)i / FRAME);

	for (size_t at = 0; at + FRAME <= n; at += BLOCK * FRAME) {
		size_t frames = (n - at) / FRAME < BLOCK ? (n - at) / FRAME : BLOCK;

		log_bands(ref + at, frames, hann, a);
		log_bands(out + at + delay, frames, hann, b);
		remove_band_means(a, frames);
		remove_band_means(b, frames);
		for (size_t i = 0; i < frames * BANDS; i++) {
			ab += a[i] * b[i];
			aa += a[i] * a[i];
			bb += b[i] * b[i];
		}
	}
	return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0.0;
}

#define WAVEFORM_SEARCH 24

double wzp_fidelity_measure(uint8_t codec, const int16_t *ref, const int16_t *out, size_t n)
{
	if (codec <= WZP_CODEC_OPUS6K)
		return wzp_fidelity_waveform(ref, out, n, WZP_DELAY_OPUS, WAVEFORM_SEARCH);
	if (codec == WZP_CODEC_CODEC2_3200)
		return wzp_fidelity_spectral(ref, out, n, WZP_DELAY_CODEC2_3200);
	if (codec == WZP_CODEC_CODEC2_1200)
		return wzp_fidelity_spectral(ref, out, n, WZP_DELAY_CODEC2_1200);
	return 0.0;
}

double wzp_fidelity_floor(uint8_t codec)
{
	static const double floors[] = {
		[WZP_CODEC_OPUS24K] = WZP_FLOOR_OPUS24K,
		[WZP_CODEC_OPUS16K] = WZP_FLOOR_OPUS16K,
		[WZP_CODEC_OPUS6K] = WZP_FLOOR_OPUS6K,
		[WZP_CODEC_CODEC2_3200] = WZP_FLOOR_CODEC2_3200,
		[WZP_CODEC_CODEC2_1200] = WZP_FLOOR_CODEC2_1200,
	};

	return codec < WZP_CODEC_COMFORT_NOISE ? floors[codec] : 0.0;
}

/* WZP-MEDIA-060 (Opus, waveform), WZP-MEDIA-061 (Codec2, spectral) */
bool wzp_fidelity_passes(uint8_t codec, double score)
{
	int pass = score >= wzp_fidelity_floor(codec);

	if (codec <= WZP_CODEC_OPUS6K)
		return WZP_VALUE("WZP-MEDIA-060", pass) != 0;
	return WZP_VALUE("WZP-MEDIA-061", pass) != 0;
}
