/* speech_fixture.h: the espeak-ng speech the call tests send (made at
 * build time by tools/fixtures/speech into build/fixtures), looped to n
 * samples, in a buffer with `slack` zero samples after them. */
#ifndef WZP_TEST_SPEECH_FIXTURE_H
#define WZP_TEST_SPEECH_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SPEECH_A "build/fixtures/speech_a.raw"
#define SPEECH_B "build/fixtures/speech_b.raw"

static int16_t *speech_load(const char *path, size_t n, size_t slack)
{
	FILE *f = fopen(path, "rb");
	int16_t *pcm = calloc(n + slack, sizeof *pcm);
	size_t got;

	assert_non_null(f);
	got = fread(pcm, sizeof *pcm, n, f);
	fclose(f);
	assert_true(got > 48000);
	for (size_t i = got; i < n; i++)
		pcm[i] = pcm[i % got];
	return pcm;
}

#endif
