/* member.h: one simulated room member (sim.h): its sender, with the FEC
 * block bookkeeping the ideal count needs, and its receptions of the
 * other members' streams, with what the assertions measure. Internal to
 * the simulator. */
#ifndef NETSIM_MEMBER_H
#define NETSIM_MEMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "channel.h"
#include "queue.h"
#include "wzp/call.h"
#include "wzp/quality.h"

/* One FEC block of a sender, as sent. */
struct netsim_block {
	uint32_t frames;  /* frames it protects */
	uint32_t first_ts; /* its first frame's timestamp */
	uint32_t sources; /* source packets */
	uint32_t repairs;
	uint8_t fps;      /* frames per source packet */
};

struct netsim_sender {
	struct wzp_call_tx tx;
	struct wzp_tier_controller ctl;
	enum wzp_tier tier;
	uint64_t origin_us;     /* capture start of the frame with timestamp 0 */
	uint64_t next_frame_us;
	uint64_t captured;      /* samples captured */
	const int16_t *speech;  /* REAL: looped; NULL for the null codec */
	size_t speech_len;
	struct netsim_block *blocks; /* blocks[nblocks - 1] is being filled */
	size_t nblocks, cap;
	uint8_t fec_block_id;
	uint32_t *sent_sec;     /* datagrams sent, by second of sending */
	uint64_t up_bytes;      /* on the wire, transport overhead included */
	uint32_t tiers_used, tier_changes;
};

/* A member's reception of one other member's stream. */
struct netsim_stream {
	struct wzp_call_rx rx;
	uint32_t *seen;          /* by block serial: bit 0-15 sources, 16-31 repairs */
	size_t cap;
	uint32_t *arrived_sec;   /* first copies, by second of sending */
	uint64_t *delay_sec_us;  /* their summed one-way delays */
	int32_t need_ms;         /* the device's demand not yet met */
	uint32_t first_block;    /* the block of the first datagram accepted; UINT32_MAX: none yet */
	uint32_t *played_ts;     /* timestamps of the frames played */
	size_t nplayed, played_cap;
	uint64_t frames_played;  /* frames played (received or recovered) */
	uint64_t samples_out;
};

struct netsim_member {
	uint32_t relay_id;
	struct netsim_sender s;
	struct netsim_channel up, down;
	struct netsim_stream *from[NETSIM_MEMBERS_MAX]; /* NULL for itself */
	uint64_t tick_us;               /* the audio device's next tick */
	uint64_t down_bytes;
};

/* Marks a datagram's arrival: 1 for its first copy, 0 for a later one,
 * -1 when memory ran out. */
int netsim_stream_arrived(struct netsim_stream *st, const struct netsim_tag *tag,
			   uint64_t at_us);

/* The block bookkeeping of one tx call: count is the datagrams it wrote,
 * frames and repairs how much the call's counters grew. Tags each
 * datagram (tags[count]) and starts a new block when the call closed one. */
bool netsim_sender_account(struct netsim_sender *s, size_t count, uint32_t frames,
			   uint32_t repairs, uint32_t ts_ms, uint64_t now_us, struct netsim_tag *tags);

/* Logs a frame played; false when memory ran out. */
bool netsim_stream_played(struct netsim_stream *st, uint32_t ts_ms);

/* The recovery window of a stream (decision 0072): the blocks after the
 * one whose datagram the receiver accepted first. Before it, a receiver
 * without a reference refuses MINI frames (WZP-WIRE-043): that is framing
 * acquisition, not FEC, and is counted apart. */
struct netsim_window {
	uint64_t sent, played, ideal_lost;     /* frames in the window */
	uint64_t before_sent, before_played;   /* frames before it */
};
void netsim_stream_window(const struct netsim_sender *s, const struct netsim_stream *st,
			  struct netsim_window *w);


#endif
