/* pipeline.h: the codec stage of a call's media path (spec/06-media.md
 * 6.6; call.h adds FEC, framing and protection around it): PCM -> denoise
 * -> voice detector -> encode, and frames -> jitter buffer -> decode or
 * conceal -> PCM.
 *
 * Contract: time is injected (arrival times in ms; one wzp_receiver_pull
 * per playout tick); randomness comes from the caller's seed. The caller
 * owns both structs; init allocates the codec and speexdsp states, free
 * releases them. A sender frame's timestamp advances by its duration
 * whether or not the frame is sent, so suppressed frames leave no holes in
 * the receiver's playout. Frames pass whole here; call.h is the full
 * pipeline built on this stage.
 */
#ifndef WZP_PIPELINE_H
#define WZP_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/codec.h"
#include "wzp/denoise.h"
#include "wzp/jitter.h"
#include "wzp/profile.h"
#include "wzp/silence.h"

struct wzp_media_frame {
	uint8_t codec;
	uint32_t ts_ms;
	uint32_t duration_ms;
	uint16_t len;
	uint8_t payload[WZP_MAX_ENCODED_FRAME];
};

struct wzp_sender_config {
	uint8_t codec;
	bool denoise;
	bool suppress_silence;
	enum wzp_profile profile;
};

struct wzp_call_sender {
	struct wzp_sender_config cfg;
	struct wzp_encoder enc;
	struct wzp_denoiser dn;
	struct wzp_vad vad;
	uint32_t ts_ms;
	size_t frame_cap; /* encoded frames' size limit (call.h: the FEC layout's capacity) */
	/* Set after init (netsim): the null codec. No denoiser, detector or
	 * encoder runs; every frame is speech of the codec's nominal size (bit
	 * rate x duration, at most frame_cap bytes) filled from its timestamp. */
	bool null_codec;
};

enum wzp_err wzp_sender_init(struct wzp_call_sender *s, const struct wzp_sender_config *cfg);
void wzp_sender_free(struct wzp_call_sender *s);
/* Switches codec (a tier change) from the next frame on. */
enum wzp_err wzp_sender_set_codec(struct wzp_call_sender *s, uint8_t codec);
/* One frame of PCM (the codec's frame length; denoised in place). *sent
 * says whether *out is a frame to send (speech or comfort noise). */
enum wzp_err wzp_sender_frame(struct wzp_call_sender *s, int16_t *pcm, size_t n,
			      struct wzp_media_frame *out, bool *sent);

struct wzp_call_receiver {
	enum wzp_profile profile;
	struct wzp_jitter_buffer jb;
	struct wzp_decoder dec;
	struct wzp_comfort_noise cn;
	uint8_t cn_level;
	bool opus_fec; /* rebuild a lost Opus frame from the next one's in-band FEC */
	bool null_codec; /* set after init (netsim): frames and losses play as silence */
	uint32_t fec_rebuilt;
};

enum wzp_err wzp_receiver_init(struct wzp_call_receiver *r, const struct wzp_jb_config *jb,
			       enum wzp_profile profile, uint32_t seed);
void wzp_receiver_free(struct wzp_call_receiver *r);
enum wzp_err wzp_receiver_push(struct wzp_call_receiver *r, const struct wzp_media_frame *f,
			       uint32_t arrival_ms);
/* One playout tick: writes *n samples (0 while buffering) into pcm, which
 * holds WZP_MAX_FRAME_SAMPLES. */
enum wzp_err wzp_receiver_pull(struct wzp_call_receiver *r, int16_t *pcm, size_t *n);

#endif
