/* call.h: one direction of a wzp/1 call, PCM to datagrams and back
 * (spec/06-media.md 6.6).
 *
 *   send:    PCM -> denoise/VAD -> encode (at most the FEC layout's frame
 *            capacity) -> FEC sender -> MediaPackets (FEC fields in the
 *            header) -> FULL/MINI framing -> media protection -> datagrams
 *   receive: datagram -> open (authenticate, then anti-replay and the
 *            timestamp reference) -> FEC receiver -> jitter buffer (keyed
 *            by timestamp, recovered frames marked) -> decode or conceal
 *
 * Contract: time is injected (arrival times in ms, one pull per playout
 * tick); keys come from the caller (a 1:1 session's pair, or test keys).
 * The caller owns both structs (about 60 KiB for a sender, 150 KiB for a
 * receiver: allocate them, do not put them on a small stack) and the
 * datagram arrays; init allocates only the codec and speexdsp states,
 * free releases them and wipes the keys. The per-frame path does not
 * allocate. Only wzp/1 is supported: init fails with
 * WZP_ERR_UNKNOWN_PROFILE for upstream-aa09275 (its FEC and clear media
 * are reachable through fec.h and the codec stage, pipeline.h).
 *
 * A failed call changes the stats and nothing else that the next frame
 * depends on, but for the sender's encoder state.
 */
#ifndef WZP_CALL_H
#define WZP_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/fec.h"
#include "wzp/media_aead.h"
#include "wzp/pipeline.h"

/* A sealed datagram: MINI/FULL header, body up to 1 + T_MAX, a report, tag. */
#define WZP_CALL_DATAGRAM_MAX 320
/* Datagrams one call can produce: a closed block (1 + R) and comfort noise. */
#define WZP_CALL_OUT_MAX (WZP_FEC_PACKETS_MAX + 1)

struct wzp_datagram {
	size_t len;
	uint8_t bytes[WZP_CALL_DATAGRAM_MAX];
};

struct wzp_call_tx_config {
	struct wzp_sender_config media;
	const uint8_t *key;  /* WZP_MEDIA_KEY_SIZE bytes: this direction's key */
	uint8_t direction;   /* enum wzp_direction */
	uint8_t first_block; /* the first fec_block */
};

struct wzp_call_tx_stats {
	uint32_t frames;      /* codec frames sent */
	uint32_t cn_frames;   /* comfort-noise frames sent */
	uint32_t suppressed;  /* frames sent as nothing */
	uint32_t packets;     /* datagrams, source and repair */
	uint32_t repairs;
	uint32_t blocks_closed_early;
	uint64_t bytes;       /* on the wire: sealed datagram bytes */
};

struct wzp_call_tx {
	struct wzp_call_sender media;
	struct wzp_fec_layout layout;
	struct wzp_fec_sender fec;
	struct wzp_media_sender prot;
	struct wzp_fec_packet pkts[WZP_FEC_PACKETS_MAX];
	struct wzp_call_tx_stats stats;
};

enum wzp_err wzp_call_tx_init(struct wzp_call_tx *t, const struct wzp_call_tx_config *cfg);
void wzp_call_tx_free(struct wzp_call_tx *t);
/* One frame of PCM (the codec's frame length; denoised in place). Writes
 * 0..WZP_CALL_OUT_MAX datagrams to out and sets *count. */
enum wzp_err wzp_call_tx_frame(struct wzp_call_tx *t, int16_t *pcm, size_t n,
			       struct wzp_datagram *out, size_t *count);
/* A tier change: closes the block, then switches codec and FEC layout from
 * the next frame on. Writes the closed block's remaining datagrams. */
enum wzp_err wzp_call_tx_set_codec(struct wzp_call_tx *t, uint8_t codec,
				   struct wzp_datagram *out, size_t *count);
/* Closes the block (the end of the call, or of a talk spurt). */
enum wzp_err wzp_call_tx_flush(struct wzp_call_tx *t, struct wzp_datagram *out, size_t *count);

struct wzp_call_rx_stats {
	uint32_t packets;       /* datagrams accepted */
	uint64_t bytes;         /* their bytes on the wire */
	uint32_t auth_failures; /* did not authenticate: dropped */
	uint32_t replayed;      /* authenticated before, or too old: dropped */
	uint32_t malformed;     /* not a media frame, or refused by the FEC layer */
	uint32_t frames_received;  /* handed on from received source packets */
	uint32_t frames_recovered; /* rebuilt by FEC */
	/* from the jitter buffer: frames played, missing at playout (after
	 * FEC), filled by concealment or Opus in-band FEC, too late, played
	 * as recovered; times it ran dry */
	uint32_t played, lost, concealed, late, recovered_played, underruns;
};

struct wzp_call_rx {
	struct wzp_call_receiver media;
	struct wzp_media_receiver prot;
	bool has_layout;
	struct wzp_fec_layout layout;
	struct wzp_fec_receiver fec;
	struct wzp_fec_frame frames[WZP_FEC_FRAMES_OUT_MAX];
	uint8_t plain[WZP_CALL_DATAGRAM_MAX];
	struct wzp_call_rx_stats stats;
};

/* jb is the jitter buffer's configuration; its delay floor is raised to
 * the FEC stack delay of each layout received (6.6). */
enum wzp_err wzp_call_rx_init(struct wzp_call_rx *r, const struct wzp_jb_config *jb,
			      enum wzp_profile profile, uint32_t seed, const uint8_t *key,
			      uint8_t sender_direction);
void wzp_call_rx_free(struct wzp_call_rx *r);
/* One datagram that arrived at arrival_ms. Errors: those of
 * wzp_media_open (auth_failed, replay, ...; the datagram is dropped and
 * counted) and of wzp_fec_receiver_push (stale, field_range, ...). */
enum wzp_err wzp_call_rx_push(struct wzp_call_rx *r, const uint8_t *dgram, size_t len,
			      uint32_t arrival_ms);
/* One playout tick: as wzp_receiver_pull. */
enum wzp_err wzp_call_rx_pull(struct wzp_call_rx *r, int16_t *pcm, size_t *n);
struct wzp_call_rx_stats wzp_call_rx_stats(const struct wzp_call_rx *r);

#endif
