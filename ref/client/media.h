/* media.h: the client's media engine around call.h: one sending pipeline
 * and one receiving pipeline per member it hears, played out on the
 * client's 20 ms tick and mixed with each member's volume.
 *
 *   send:    tick PCM -> frames of the tier's codec -> wzp_call_tx ->
 *            datagrams -> the caller's send function
 *   receive: datagram -> the first member's pipeline that opens it
 *            (each member seals under its own key) -> jitter buffer;
 *            each tick every member's pipeline is pulled as far as the
 *            tick needs, scaled by its gain and summed (saturating)
 *
 * Contract: time is the caller's (ms since the call started). Slots are
 * the room_member.h slots. The caller owns struct client_media; the
 * pipelines it holds are allocated by media_* and freed by media_free.
 * Keys are copied into the pipelines (which wipe them when freed).
 */
#ifndef WZP_CLIENT_MEDIA_H
#define WZP_CLIENT_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio_io.h"
#include "wzp/call.h"
#include "wzp/room_member.h"

#define MEDIA_FIFO (4 * AUDIO_TICK) /* a peer's decoded samples not yet played */

typedef void (*media_send_fn)(void *user, const struct wzp_datagram *d);

/* A member's stream's timing, for the drift test. Each frame handed to
 * its jitter buffer has an offset: its arrival time minus its media time,
 * both counted from the first frame's. The smallest offset of a second of
 * media time is that second's one-way delay less the path's jitter; the
 * first second's and the latest second's are kept. */
struct media_span {
	bool any;
	uint32_t first_ts, first_arrival;
	uint32_t span_ms;          /* media time of the latest frame */
	int64_t first_min;         /* the first second's smallest offset */
	uint32_t second;           /* the latest second of media time seen */
	int64_t second_min;        /* its smallest offset */
};

struct media_peer {
	bool used;
	char hex[WZP_FINGERPRINT_HEX_LEN + 1];
	double gain;
	struct wzp_call_rx *rx; /* NULL until the member's key arrives */
	int16_t fifo[MEDIA_FIFO];
	size_t fifo_len;
	uint32_t buffering_ticks; /* ticks the buffer gave nothing */
	struct media_span span;
	struct audio_wav dump; /* post-decode, when dumping */
};

struct client_media {
	media_send_fn send;
	void *user;
	struct wzp_sender_config sender;
	struct wzp_call_tx *tx; /* NULL until we hold a key */
	int tier; /* enum wzp_tier (quality.h, not included: see media.c) */
	int16_t tx_pcm[2 * WZP_MAX_FRAME_SAMPLES]; /* samples waiting for a whole frame */
	size_t tx_len;
	struct media_peer peers[WZP_ROOM_PEERS_MAX];
	uint32_t undecryptable; /* datagrams no member's key opened */
	struct wzp_call_rx_stats gone; /* the receive statistics of members that left */
	uint32_t tier_switches;
	struct audio_wav post_dump; /* the caller opens it to dump post-processing PCM */
	struct wzp_datagram out[WZP_CALL_OUT_MAX];
};

/* The codec a tier sends. */
uint8_t media_tier_codec(int tier);

void media_init(struct client_media *m, int tier, bool denoise, bool suppress,
		media_send_fn send, void *user);
void media_free(struct client_media *m);

/* Our key: the first call starts the sending pipeline, later ones rekey
 * it (the next frame goes out FULL). WZP_ERR_* of wzp_call_tx_init. */
enum wzp_err media_set_key(struct client_media *m, const uint8_t key[WZP_MEDIA_KEY_SIZE],
			   uint8_t direction);
/* The index of our next packet (0 before a key). */
uint32_t media_next_index(const struct client_media *m);
/* A tier change from the next frame on (closes the block). */
enum wzp_err media_set_tier(struct client_media *m, int tier);
/* One tick of PCM to send (pcm is not changed). Each whole frame, once
 * processed (denoised: what the encoder got), goes to post_dump when open. */
enum wzp_err media_send_tick(struct client_media *m, const int16_t pcm[AUDIO_TICK]);
/* Ends the talk spurt (at the end of the call). */
void media_flush(struct client_media *m);

void media_peer_add(struct client_media *m, size_t slot, const char *hex, double gain);
void media_peer_remove(struct client_media *m, size_t slot);
/* A member's key, with the next index it announced (rooms) or none
 * (expect_index false: a 1:1 call's session key). Starts the member's
 * receiving pipeline on its first key. */
enum wzp_err media_peer_key(struct client_media *m, size_t slot,
			    const uint8_t key[WZP_MEDIA_KEY_SIZE], uint8_t sender_direction,
			    bool expect_index, uint32_t next_index);
/* Starts writing the member's decoded audio to path. */
bool media_peer_dump(struct client_media *m, size_t slot, const char *path);

/* One datagram that arrived at now_ms. */
void media_receive(struct client_media *m, const uint8_t *dgram, size_t len, uint32_t now_ms);
/* One playout tick: the mix of every member into out. */
void media_play_tick(struct client_media *m, int16_t out[AUDIO_TICK]);

/* The sums of the receive statistics over members, those gone included. */
struct wzp_call_rx_stats media_rx_totals(const struct client_media *m);
/* The largest jitter buffer depth (ms) among members. */
uint32_t media_buffer_ms(const struct client_media *m);

#endif
