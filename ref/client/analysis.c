/* analysis.c: the echo test's delay, windows and scores; the drift test (analysis.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "wzp/fidelity.h"

#define DECIMATE 8
#define SEARCH 48

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

/* The lag (samples, a multiple of DECIMATE) at which heard best matches
 * sent, over the first sent seconds that leave room for every lag; -1
 * when heard is silent. */
static long find_delay(const struct echo_test *e)
{
	size_t lags = ECHO_MAX_DELAY / DECIMATE, m, total = e->n / DECIMATE;
	double *a, *b, best = 0;
	long at = -1;

	if (total <= lags + AUDIO_RATE / DECIMATE)
		return -1;
	m = total - lags;
	m = m > 4 * AUDIO_RATE / DECIMATE ? 4 * AUDIO_RATE / DECIMATE : m;
	a = malloc(m * sizeof *a);
	b = malloc((m + lags) * sizeof *b);
	if (a != NULL && b != NULL) {
		decimate(e->sent, m, a);
		decimate(e->heard, m + lags, b);
		for (size_t l = 0; l < lags; l++) {
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

static double snr_db(double c)
{
	if (c <= 0)
		return 0;
	if (c >= 0.999999)
		return 60;
	return 10 * log10(c * c / (1 - c * c));
}

struct echo_result echo_report(const struct echo_test *e, double loss_pct, FILE *f)
{
	struct echo_result r = { find_delay(e), 0, 0, 0, 1 };
	const char *sep = "";
	size_t start;

	fprintf(f, "{\"echo_test\":{\"delay_ms\":%.1f,\"loss_pct\":%.2f,\"windows\":[",
		r.delay < 0 ? -1.0 : r.delay / 48.0, loss_pct);
	for (start = 0; r.delay >= 0 && start + ECHO_WINDOW + (size_t)r.delay + 2 * SEARCH <= e->n;
	     start += ECHO_WINDOW) {
		const int16_t *heard = e->heard + start;
		size_t d = (size_t)r.delay > SEARCH ? (size_t)r.delay : SEARCH;
		bool silent = peak(heard + r.delay, ECHO_WINDOW) < ECHO_SILENT_PEAK;
		double c = silent ? 0 : wzp_fidelity_waveform(e->sent + start, heard, ECHO_WINDOW, d,
								 SEARCH);

		fprintf(f, "%s{\"start_s\":%zu,\"silent\":%s,\"correlation\":%.4f,\"snr_db\":%.1f}",
			sep, start / AUDIO_RATE, silent ? "true" : "false", c, snr_db(c));
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
	fprintf(f, "],\"mean_correlation\":%.4f,\"min_correlation\":%.4f,\"silent_windows\":%zu}}\n",
		r.mean_corr, r.min_corr, r.silent);
	return r;
}

struct drift_result drift_measure(const struct media_span *span, uint32_t frames, uint32_t frame_ms)
{
	struct drift_result d = { 0 };
	double expected;

	if (!span->any || span->last_ts == span->first_ts || frame_ms == 0)
		return d;
	d.any = true;
	d.span_ms = (double)(uint32_t)(span->last_ts - span->first_ts);
	d.drift_ms = (double)(uint32_t)(span->last_arrival - span->first_arrival) - d.span_ms;
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
