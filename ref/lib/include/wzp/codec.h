/* codec.h: the audio codecs of a call (spec/06-media.md 6.1).
 *
 * Contract: callers speak 48 kHz mono 16-bit PCM in frames of the codec's
 * duration (960 samples for 20 ms, 1920 for 40 ms); Codec2 runs at 8 kHz
 * behind a speexdsp resampler. An encoder writes at most `cap` bytes, and
 * never more than WZP_MAX_ENCODED_FRAME (what one FEC source symbol
 * carries). A decoder holds every codec at once and decodes each packet by
 * its own CodecId; wzp_decoder_conceal fills a lost frame. The caller owns
 * the structs; init allocates the libraries' states (libopus, libcodec2,
 * speexdsp) and *_free releases them. Errors: WZP_ERR_UNKNOWN_CODEC for a
 * CodecId that is not audio, WZP_ERR_BAD_PARAM for a wrong frame length or
 * a library that refuses, WZP_ERR_NO_MEMORY when allocation fails. Nothing
 * reads a clock or global state.
 */
#ifndef WZP_CODEC_H
#define WZP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/codec_id.h"
#include "wzp/error.h"
#include "wzp/resample.h"

#define WZP_SAMPLE_RATE 48000
#define WZP_MAX_FRAME_SAMPLES 1920
/* A 256-byte FEC source symbol less its 2-byte length prefix (chapter 4). */
#define WZP_MAX_ENCODED_FRAME 254
#define WZP_OPUS_COMPLEXITY 5

struct wzp_codec_info {
	uint32_t bitrate;
	uint8_t frame_ms;
	uint32_t codec_rate;
	uint8_t expected_loss_pct; /* Opus: OPUS_SET_PACKET_LOSS_PERC (wzp/1) */
};

/* The registry's audio properties; NULL for ids outside it. */
const struct wzp_codec_info *wzp_codec_info(uint8_t codec);
/* Samples per frame at 48 kHz: 48 x frame_ms. */
size_t wzp_codec_frame_samples(uint8_t codec);

struct OpusEncoder;
struct OpusDecoder;
struct CODEC2;

struct wzp_encoder {
	enum wzp_codec_id codec;
	struct OpusEncoder *opus;
	struct CODEC2 *codec2;
	struct wzp_resampler down; /* 48 kHz -> 8 kHz, Codec2 only */
};

struct wzp_decoder {
	struct OpusDecoder *opus;
	struct CODEC2 *codec2[2]; /* 3200, 1200 */
	struct wzp_resampler up;  /* 8 kHz -> 48 kHz */
	uint8_t last_codec;       /* the codec of the last decoded frame */
	uint8_t last_frame[16];   /* Codec2: the last frame received, for concealment */
	uint32_t losses;          /* consecutive concealed frames */
};

enum wzp_err wzp_encoder_init(struct wzp_encoder *e, uint8_t codec);
void wzp_encoder_free(struct wzp_encoder *e);
enum wzp_err wzp_encoder_encode(struct wzp_encoder *e, const int16_t *pcm, size_t n,
				uint8_t *out, size_t cap, size_t *written);

enum wzp_err wzp_decoder_init(struct wzp_decoder *d);
void wzp_decoder_free(struct wzp_decoder *d);
/* Decodes one packet of `codec` into exactly its frame's samples (*n). */
enum wzp_err wzp_decoder_decode(struct wzp_decoder *d, uint8_t codec, const uint8_t *data,
				size_t len, int16_t *pcm, size_t *n);
/* Conceals `n` lost samples (a multiple of 480) with the last codec's method. */
enum wzp_err wzp_decoder_conceal(struct wzp_decoder *d, int16_t *pcm, size_t n);
/* Opus only: rebuilds the lost frame before `next` from its in-band FEC. */
enum wzp_err wzp_decoder_recover(struct wzp_decoder *d, const uint8_t *next, size_t len,
				 int16_t *pcm, size_t n);

#endif
