/* analysis.h: the echo test and the drift test (spec/10-client.md
 * WZP-CLIENT-009, -010).
 *
 * Echo test: the client sends a known signal; a peer sends back what it
 * hears (--reflect). The round-trip delay is found by cross-correlation
 * (decimated by 8, lags up to ECHO_MAX_DELAY), then tracked per 1 s
 * block; each 5 s window of what came back is scored with the waveform
 * measure of fidelity.h, block by block at each block's delay, weighted
 * by the energy sent. SNR follows from the correlation c as
 * 10 log10(c^2 / (1 - c^2)), the SNR after the best gain.
 *
 * Drift test: for the stream heard from a member, each frame's offset
 * (arrival time less media time, from the first frame's); drift = the
 * smallest offset of the latest second of media less that of the first
 * second (positive: the sender's clock runs slow against ours; the
 * minimum leaves out the path's jitter), and ppm = drift / media span.
 *
 * Contract: the echo test owns its two sample buffers (allocated by
 * echo_init, freed by echo_free); results are printed as one JSON object.
 */
#ifndef WZP_CLIENT_ANALYSIS_H
#define WZP_CLIENT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "audio_io.h"
#include "media.h"

#define ECHO_WINDOW (5 * AUDIO_RATE)
#define ECHO_MAX_DELAY (3 * AUDIO_RATE / 2) /* 1.5 s */
#define ECHO_SILENT_PEAK 100

struct echo_test {
	int16_t *sent, *heard;
	size_t n, cap;
};

bool echo_init(struct echo_test *e, double seconds);
void echo_free(struct echo_test *e);
/* One tick: what was sent and what was heard (silently ignored when full). */
void echo_add(struct echo_test *e, const int16_t sent[AUDIO_TICK],
	      const int16_t heard[AUDIO_TICK]);

struct echo_result {
	long delay; /* samples; -1 when nothing came back */
	size_t windows, silent;
	double mean_corr, min_corr;
};

/* The echo test offline (--compare): sent and heard from two 48 kHz mono
 * WAV files, each started at its first loud 20 ms (RMS above 300), heard
 * 500 ms earlier than that (a receiver's first word may come clipped). false with a message in why (128 bytes). */
bool echo_load(struct echo_test *e, const char *sent, const char *heard, char *why);

/* Prints {"echo_test":{...}} on f; loss_pct is the receive side's. */
struct echo_result echo_report(const struct echo_test *e, double loss_pct, FILE *f);

struct drift_result {
	bool any;
	double drift_ms, span_ms, ppm, loss_pct;
	const char *rating; /* excellent < 5 ms, good < 20, fair < 100, else poor */
};

struct drift_result drift_measure(const struct media_span *span, uint32_t frames,
				  uint32_t frame_ms);
void drift_print(const struct drift_result *d, FILE *f);

#endif
