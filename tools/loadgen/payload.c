/* payload.c: a tone through the call pipeline, and the stamp (payload.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "payload.h"
#include "wzp/codec.h"
#include "wzp/handshake.h"

#define PI 3.14159265358979323846
#define TONE_HZ 440.0
#define TONE_AMPLITUDE 8000.0
#define SAMPLE_RATE 48000

static const uint8_t test_key[WZP_MEDIA_KEY_SIZE] = { 'l', 'o', 'a', 'd', 'g', 'e', 'n' };

static void tone(int16_t *pcm, size_t n, size_t at)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)(TONE_AMPLITUDE * sin(2 * PI * TONE_HZ * (double)(at + i) /
							  SAMPLE_RATE));
}

/* Appends out[0..count) to the set, which has room for cap. */
static void keep(struct payload_set *set, size_t cap, const struct wzp_datagram *out,
		 size_t count)
{
	for (size_t i = 0; i < count && set->count < cap; i++)
		set->dgrams[set->count++] = out[i];
}

static int encode(struct wzp_call_tx *tx, struct payload_set *set, size_t cap)
{
	size_t fs = wzp_codec_frame_samples(WZP_CODEC_OPUS24K);
	size_t frames = LOADGEN_PAYLOAD_SECONDS * SAMPLE_RATE / fs;
	struct wzp_datagram out[WZP_CALL_OUT_MAX];
	int16_t pcm[WZP_MAX_FRAME_SAMPLES];
	size_t count;

	for (size_t f = 0; f < frames; f++) {
		tone(pcm, fs, f * fs);
		if (wzp_call_tx_frame(tx, pcm, fs, out, &count) != WZP_OK)
			return -1;
		keep(set, cap, out, count);
	}
	if (wzp_call_tx_flush(tx, out, &count) != WZP_OK)
		return -1;
	keep(set, cap, out, count);
	return set->count > 0 ? 0 : -1;
}

int payload_set_make(struct payload_set *set)
{
	struct wzp_call_tx_config cfg = { { WZP_CODEC_OPUS24K, false, false, WZP_PROFILE_V1 },
					  test_key, WZP_DIR_CALLER, 0 };
	size_t cap = LOADGEN_PAYLOAD_SECONDS * 50 * WZP_CALL_OUT_MAX;
	struct wzp_call_tx *tx = calloc(1, sizeof *tx);
	int rv = -1;

	memset(set, 0, sizeof *set);
	set->dgrams = calloc(cap, sizeof *set->dgrams);
	if (tx != NULL && set->dgrams != NULL && wzp_call_tx_init(tx, &cfg) == WZP_OK) {
		rv = encode(tx, set, cap);
		wzp_call_tx_free(tx);
	}
	free(tx);
	if (rv != 0)
		payload_set_free(set);
	return rv;
}

void payload_set_free(struct payload_set *set)
{
	free(set->dgrams);
	memset(set, 0, sizeof *set);
}

size_t payload_stamped(const struct payload_set *set, size_t i, uint32_t bot, uint32_t seq,
		       uint8_t *out)
{
	const struct wzp_datagram *d = &set->dgrams[i % set->count];

	memcpy(out, d->bytes, d->len);
	store_be32(out + d->len - LOADGEN_STAMP_SIZE, bot);
	store_be32(out + d->len - LOADGEN_STAMP_SIZE + 4, seq);
	return d->len;
}

int payload_read_stamp(const uint8_t *dgram, size_t len, uint32_t *bot, uint32_t *seq)
{
	if (len < LOADGEN_STAMP_SIZE + 1)
		return -1;
	*bot = load_be32(dgram + len - LOADGEN_STAMP_SIZE);
	*seq = load_be32(dgram + len - LOADGEN_STAMP_SIZE + 4);
	return 0;
}
