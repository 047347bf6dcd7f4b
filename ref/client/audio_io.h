/* audio_io.h: what the client sends (a tone, a WAV file, a test signal)
 * and the WAV files it writes (recording, dumps), with libsndfile.
 *
 * Everything is 48 kHz mono 16-bit. A source yields one tick
 * (AUDIO_TICK samples) at a time; a file source refuses any other rate or
 * channel count at open. Sources own their file; audio_source_close
 * releases it. A WAV writer writes 16-bit PCM WAV and finishes the header
 * at audio_wav_close.
 */
#ifndef WZP_CLIENT_AUDIO_IO_H
#define WZP_CLIENT_AUDIO_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIO_RATE 48000
#define AUDIO_TICK 960 /* 20 ms */
#define AUDIO_TONE_AMPLITUDE 16000

enum audio_kind {
	AUDIO_SILENCE,
	AUDIO_TONE,    /* a sine */
	AUDIO_STEPS,   /* the echo test's signal: a tone that changes pitch every 500 ms */
	AUDIO_FILE,
};

struct audio_source {
	enum audio_kind kind;
	double hz;
	uint64_t t;     /* samples produced */
	uint32_t rng;   /* AUDIO_STEPS: the pitch sequence */
	double step_hz; /* AUDIO_STEPS: the current pitch */
	double phase;
	void *file;     /* SNDFILE * */
	bool ended;     /* a file ran out: the rest is silence */
};

void audio_source_silence(struct audio_source *s);
void audio_source_tone(struct audio_source *s, double hz);
void audio_source_steps(struct audio_source *s, uint32_t seed);
/* false (and a message in why, 128 bytes) when the file cannot be read or
 * is not 48 kHz mono. */
bool audio_source_file(struct audio_source *s, const char *path, char *why);
/* One tick into pcm. */
void audio_source_read(struct audio_source *s, int16_t pcm[AUDIO_TICK]);
void audio_source_close(struct audio_source *s);

struct audio_wav {
	void *file; /* SNDFILE *, NULL when not open */
	uint64_t frames;
};

bool audio_wav_open(struct audio_wav *w, const char *path);
void audio_wav_write(struct audio_wav *w, const int16_t *pcm, size_t n);
void audio_wav_close(struct audio_wav *w);

#endif
