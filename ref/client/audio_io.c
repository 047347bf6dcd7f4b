/* audio_io.c: tone, WAV and test-signal sources, WAV writers (audio_io.h). */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <string.h>

#include "audio_io.h"

#define PI 3.14159265358979323846
#define STEP_SAMPLES 24000 /* 500 ms */

static void reset(struct audio_source *s, enum audio_kind kind)
{
	memset(s, 0, sizeof *s);
	s->kind = kind;
}

void audio_source_silence(struct audio_source *s)
{
	reset(s, AUDIO_SILENCE);
}

void audio_source_tone(struct audio_source *s, double hz)
{
	reset(s, AUDIO_TONE);
	s->hz = hz;
}

void audio_source_steps(struct audio_source *s, uint32_t seed)
{
	reset(s, AUDIO_STEPS);
	s->rng = seed ? seed : 1;
}

bool audio_source_file(struct audio_source *s, const char *path, char *why)
{
	SF_INFO info = { 0 };
	SNDFILE *f;

	reset(s, AUDIO_FILE);
	f = sf_open(path, SFM_READ, &info);
	if (f == NULL) {
		snprintf(why, 128, "%s: %s", path, sf_strerror(NULL));
		return false;
	}
	if (info.samplerate != AUDIO_RATE || info.channels != 1) {
		snprintf(why, 128, "%s: %d Hz, %d channels; need 48000 Hz mono", path,
			 info.samplerate, info.channels);
		sf_close(f);
		return false;
	}
	s->file = f;
	return true;
}

/* A pitch between 300 and 1500 Hz, new every 500 ms, from a xorshift. */
static double next_step(struct audio_source *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 17;
	s->rng ^= s->rng << 5;
	return 300.0 + (double)(s->rng % 1200);
}

static int16_t sine(struct audio_source *s, double hz)
{
	double v = AUDIO_TONE_AMPLITUDE * sin(s->phase);

	s->phase = fmod(s->phase + 2 * PI * hz / AUDIO_RATE, 2 * PI);
	return (int16_t)lrint(v);
}

void audio_source_read(struct audio_source *s, int16_t pcm[AUDIO_TICK])
{
	sf_count_t got = 0;

	for (size_t i = 0; s->kind == AUDIO_TONE && i < AUDIO_TICK; i++)
		pcm[i] = sine(s, s->hz);
	for (size_t i = 0; s->kind == AUDIO_STEPS && i < AUDIO_TICK; i++) {
		if ((s->t + i) % STEP_SAMPLES == 0)
			s->step_hz = next_step(s);
		pcm[i] = sine(s, s->step_hz);
	}
	if (s->kind == AUDIO_FILE && !s->ended) {
		got = sf_read_short(s->file, pcm, AUDIO_TICK);
		s->ended = got < AUDIO_TICK;
	}
	if (s->kind == AUDIO_SILENCE || s->kind == AUDIO_FILE)
		memset(pcm + got, 0, (AUDIO_TICK - (size_t)got) * sizeof *pcm);
	s->t += AUDIO_TICK;
}

void audio_source_close(struct audio_source *s)
{
	if (s->file != NULL)
		sf_close(s->file);
	s->file = NULL;
}

bool audio_wav_open(struct audio_wav *w, const char *path)
{
	SF_INFO info = { .samplerate = AUDIO_RATE, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };

	w->frames = 0;
	w->file = sf_open(path, SFM_WRITE, &info);
	return w->file != NULL;
}

void audio_wav_write(struct audio_wav *w, const int16_t *pcm, size_t n)
{
	if (w->file == NULL || n == 0)
		return;
	sf_write_short(w->file, pcm, (sf_count_t)n);
	w->frames += n;
}

void audio_wav_close(struct audio_wav *w)
{
	if (w->file != NULL)
		sf_close(w->file);
	w->file = NULL;
}
