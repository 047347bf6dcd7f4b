/* analysis.c: the echo test's delay, windows and scores; the drift test (analysis.h). */
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "wzp/fidelity.h"

#define DECIMATE 8
#define SEARCH 48
#define FIND_SPAN (2 * AUDIO_RATE)  /* samples compared to find a delay */
#define TRACK 4800                   /* a block's delay: within 100 ms of the last */
#define BLOCK AUDIO_RATE             /* 1 s: each scored at its own delay */

bool echo_init(struct echo_test *e, double seconds)
{
	e->cap = (size_t)(seconds * AUDIO_RATE) + ECHO_MAX_DELAY + 3 * AUDIO_RATE;
	e->n = 0;
	e->sent = calloc(e->cap, sizeof *e->sent);
	e->heard = calloc(e->cap, sizeof *e->heard);
	return e->sent != NULL && e->heard != NULL;
}

void echo_free(struct echo_test *e)
{
	free(e->sent);
	free(e->heard);
	e->sent = e->heard = NULL;
}

/* A whole 48 kHz mono file; NULL (why filled) when it is not one. */
static int16_t *load_wav(const char *path, size_t *n, char *why)
{
	SF_INFO info = { 0 };
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	int16_t *pcm = NULL;

	if (f == NULL || info.samplerate != AUDIO_RATE || info.channels != 1 || info.frames <= 0) {
		snprintf(why, 128, "%s: not a 48 kHz mono WAV file", path);
	} else if ((pcm = malloc((size_t)info.frames * sizeof *pcm)) != NULL) {
		*n = (size_t)sf_read_short(f, pcm, info.frames);
	}
	if (f != NULL)
		sf_close(f);
	return pcm;
}

/* The first 20 ms block whose RMS is above 300, or n. */
static size_t onset(const int16_t *x, size_t n)
{
	for (size_t i = 0; i + AUDIO_TICK <= n; i += AUDIO_TICK) {
		double e = 0;

		for (size_t k = 0; k < AUDIO_TICK; k++)
			e += (double)x[i + k] * x[i + k];
		if (e / AUDIO_TICK > 300.0 * 300.0)
			return i;
	}
	return n;
}

bool echo_load(struct echo_test *e, const char *sent, const char *heard, char *why)
{
	size_t ns = 0, nh = 0, s0, h0;
	int16_t *s = load_wav(sent, &ns, why), *h = s ? load_wav(heard, &nh, why) : NULL;
	bool ok = false;

	if (h != NULL) {
		s0 = onset(s, ns);
		h0 = onset(h, nh);
		h0 = h0 > AUDIO_RATE / 2 ? h0 - AUDIO_RATE / 2 : 0;
		e->n = e->cap = s0 < ns && h0 < nh ? (ns - s0 < nh - h0 ? ns - s0 : nh - h0) : 0;
		e->sent = malloc((e->n + 1) * sizeof *e->sent);
		e->heard = malloc((e->n + 1) * sizeof *e->heard);
		ok = e->sent != NULL && e->heard != NULL;
		if (ok) {
			memcpy(e->sent, s + s0, e->n * sizeof *s);
			memcpy(e->heard, h + h0, e->n * sizeof *h);
		}
	}
	free(s);
	free(h);
	return ok;
}

void echo_add(struct echo_test *e, const int16_t sent[AUDIO_TICK],
	      const int16_t heard[AUDIO_TICK])
{
	if (e->n + AUDIO_TICK > e->cap)
		return;
	memcpy(e->sent + e->n, sent, AUDIO_TICK * sizeof *sent);
	memcpy(e->heard + e->n, heard, AUDIO_TICK * sizeof *heard);
	e->n += AUDIO_TICK;
}

/* x decimated by DECIMATE (block means) into out, m values. */
static void decimate(const int16_t *x, size_t m, double *out)
{
	for (size_t i = 0; i < m; i++) {
		double s = 0;

		for (size_t k = 0; k < DECIMATE; k++)
			s += x[i * DECIMATE + k];
		out[i] = s / DECIMATE;
	}
}

/* The lag in [lo, hi) (samples, a multiple of DECIMATE) at which heard,
 * from `start` on, best matches sent over `span` samples; -1 when there
 * is not enough of it or it is silent. */
static long find_delay(const struct echo_test *e, size_t start, size_t span, size_t lo,
		       size_t hi)
{
	size_t m = span / DECIMATE, l0 = lo / DECIMATE, lags = (hi - lo) / DECIMATE;
	double *a, *b, best = 0;
	long at = -1;

	if (start + hi + span > e->n)
		return -1;
	a = malloc(m * sizeof *a);
	b = malloc((m + l0 + lags) * sizeof *b);
	if (a != NULL && b != NULL) {
		decimate(e->sent + start, m, a);
		decimate(e->heard + start, m + l0 + lags, b);
		for (size_t l = l0; l < l0 + lags; l++) {
			double xy = 0, yy = 1e-9;

			for (size_t i = 0; i < m; i++) {
				xy += a[i] * b[i + l];
				yy += b[i + l] * b[i + l];
			}
			if (xy / sqrt(yy) > best) {
				best = xy / sqrt(yy);
				at = (long)(l * DECIMATE);
			}
		}
	}
	free(a);
	free(b);
	return at;
}

static int peak(const int16_t *x, size_t n)
{
	int p = 0;

	for (size_t i = 0; i < n; i++)
		p = abs(x[i]) > p ? abs(x[i]) : p;
	return p;
}

static double energy(const int16_t *x, size_t n)
{
	double e = 0;

	for (size_t i = 0; i < n; i++)
		e += (double)x[i] * x[i];
	return e;
}

static double snr_db(double c)
{
	if (c <= 0)
		return 0;
	if (c >= 0.999999)
		return 60;
	return 10 * log10(c * c / (1 - c * c));
}

/* A window's score: the waveform fidelity of each of its 1 s blocks at
 * the block's own delay (tracked within TRACK of *delay: jitter buffers
 * move it), weighted by the energy sent; blocks heard silent are left
 * out. *silent when every block is. */
static double window_score(const struct echo_test *e, size_t start, long *delay, bool *silent)
{
	double num = 0, den = 0;

	for (size_t b = start; b < start + ECHO_WINDOW; b += BLOCK) {
		size_t lo = (size_t)(*delay > TRACK ? *delay - TRACK : 0);
		long d = find_delay(e, b, BLOCK, lo, (size_t)*delay + TRACK);
		double w;

		*delay = d >= 0 ? d : *delay;
		if (b + BLOCK + (size_t)*delay + 2 * SEARCH > e->n)
			break;
		if (peak(e->heard + b + *delay, BLOCK) < ECHO_SILENT_PEAK)
			continue;
		w = energy(e->sent + b, BLOCK);
		num += w * wzp_fidelity_waveform(e->sent + b, e->heard + b, BLOCK,
						 (size_t)(*delay > SEARCH ? *delay : SEARCH), SEARCH);
		den += w;
	}
	*silent = den == 0;
	return den > 0 ? num / den : 0;
}

/* WZP-CLIENT-009 */
struct echo_result echo_report(const struct echo_test *e, double loss_pct, FILE *f)
{
	struct echo_result r = { find_delay(e, 0, FIND_SPAN, 0, ECHO_MAX_DELAY), 0, 0, 0, 1 };
	const char *sep = "";
	long delay = r.delay;

	fprintf(f, "{\"echo_test\":{\"delay_ms\":%.1f,\"loss_pct\":%.2f,\"windows\":[",
		r.delay < 0 ? -1.0 : r.delay / 48.0, loss_pct);
	for (size_t start = 0;
	     delay >= 0 && start + ECHO_WINDOW + (size_t)delay + TRACK + 2 * SEARCH <= e->n;
	     start += ECHO_WINDOW) {
		bool silent;
		double c = window_score(e, start, &delay, &silent);

		fprintf(f, "%s{\"start_s\":%zu,\"delay_ms\":%.1f,\"silent\":%s,"
			   "\"correlation\":%.4f,\"snr_db\":%.1f}",
			sep, start / AUDIO_RATE, delay / 48.0, silent ? "true" : "false", c,
			snr_db(c));
		sep = ",";
		r.windows++;
		r.silent += silent;
		if (!silent) {
			r.mean_corr += c;
			r.min_corr = c < r.min_corr ? c : r.min_corr;
		}
	}
	if (r.windows > r.silent)
		r.mean_corr /= (double)(r.windows - r.silent);
	else
		r.min_corr = 0;
	fprintf(f, "],\"mean_correlation\":%.4f,\"min_correlation\":%.4f,"
		   "\"silent_windows\":%zu}}\n",
		r.mean_corr, r.min_corr, r.silent);
	return r;
}

/* WZP-CLIENT-010 */
struct drift_result drift_measure(const struct media_span *span, uint32_t frames,
				  uint32_t frame_ms)
{
	struct drift_result d = { 0 };
	double expected;

	if (!span->any || span->second == 0 || frame_ms == 0)
		return d;
	d.any = true;
	d.span_ms = span->span_ms;
	d.drift_ms = (double)(span->second_min - span->first_min);
	d.ppm = d.drift_ms / d.span_ms * 1e6;
	expected = d.span_ms / frame_ms + 1;
	d.loss_pct = frames >= expected ? 0 : 100.0 * (1 - frames / expected);
	d.rating = fabs(d.drift_ms) < 5 ? "excellent" : fabs(d.drift_ms) < 20 ? "good"
		   : fabs(d.drift_ms) < 100 ? "fair" : "poor";
	return d;
}

void drift_print(const struct drift_result *d, FILE *f)
{
	if (!d->any) {
		fprintf(f, "{\"drift_test\":{\"heard\":false}}\n");
		return;
	}
	fprintf(f, "{\"drift_test\":{\"heard\":true,\"span_ms\":%.0f,\"drift_ms\":%.1f,"
		   "\"ppm\":%.1f,\"loss_pct\":%.2f,\"rating\":\"%s\"}}\n",
		d->span_ms, d->drift_ms, d->ppm, d->loss_pct, d->rating);
}
