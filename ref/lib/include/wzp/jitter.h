/* jitter.h: the receiver's jitter buffer (spec/06-media.md 6.4).
 *
 * Contract: frames are keyed by their media timestamp (serial-number order
 * over 32 bits), never by sequence number, so repair packets and
 * suppressed frames leave no phantom gaps. Arrival times are the caller's
 * clock in milliseconds (time is injected; nothing here reads a clock).
 * The playout delay follows the measured interarrival jitter (RFC 3550's
 * estimator in integers). The caller owns the struct; it holds at most
 * WZP_JB_CAPACITY frames of at most WZP_JB_MAX_PAYLOAD bytes and never
 * allocates. Bad configuration or an oversized payload returns
 * WZP_ERR_BAD_PARAM and changes nothing.
 */
#ifndef WZP_JITTER_H
#define WZP_JITTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

#define WZP_JB_CAPACITY 64
#define WZP_JB_MAX_PAYLOAD 256
/* While a pop returns WZP_JB_EMPTY, the caller pops again after this long
 * (its playout tick); buffering counts its wait in these steps. */
#define WZP_JB_TICK_MS 20

struct wzp_jb_config {
	uint32_t min_delay_ms; /* playout delay floor */
	uint32_t max_delay_ms; /* playout delay ceiling, >= min_delay_ms */
	uint32_t capacity;     /* frames held at most, 1..WZP_JB_CAPACITY */
};

/* One frame as pushed: its media timestamp and duration, where it came from. */
struct wzp_jb_frame {
	uint32_t ts_ms;
	uint32_t duration_ms; /* 1..1000 */
	bool comfort_noise;   /* a CN packet: gaps after it are comfort, not loss */
	bool recovered;       /* rebuilt by FEC rather than received */
	uint8_t codec_id;
	uint16_t len;
	uint8_t payload[WZP_JB_MAX_PAYLOAD];
};

enum wzp_jb_push_result { WZP_JB_ACCEPTED, WZP_JB_LATE, WZP_JB_DUPLICATE };

enum wzp_jb_pop_kind {
	WZP_JB_FRAME,   /* *frame is the frame due now */
	WZP_JB_CONCEAL, /* the frame due now is missing: conceal duration_ms */
	WZP_JB_COMFORT, /* a gap after comfort noise: keep playing comfort noise */
	WZP_JB_EMPTY,   /* buffering (nothing to play yet, or drained) */
};

struct wzp_jb_stats {
	uint32_t depth;    /* frames held */
	uint32_t depth_ms; /* media held ahead of the playout point */
	uint32_t target_ms;
	uint32_t jitter_q4; /* interarrival jitter in 1/16 ms */
	uint32_t played, concealed, lost, late, duplicates, recovered, underruns, overruns;
};

struct wzp_jitter_buffer {
	struct wzp_jb_config cfg;
	struct wzp_jb_frame slots[WZP_JB_CAPACITY]; /* unordered; used[i] says which hold a frame */
	bool used[WZP_JB_CAPACITY];
	bool anchored;    /* next_ts is meaningful */
	bool playing;     /* out of buffering */
	bool played_any;  /* some frame was played since init */
	bool in_comfort;  /* the last frame played was comfort noise */
	bool have_prev;   /* prev_* hold the last pushed frame's times */
	uint32_t next_ts; /* media timestamp due at the next pop */
	uint32_t last_duration_ms;
	uint32_t waited_ms; /* buffering with frames held: WZP_JB_TICK_MS per pop */
	uint32_t prev_ts, prev_arrival;
	struct wzp_jb_stats stats;
};

enum wzp_err wzp_jb_init(struct wzp_jitter_buffer *jb, const struct wzp_jb_config *cfg);

/* Offers a frame that arrived at arrival_ms. *result says what became of it. */
enum wzp_err wzp_jb_push(struct wzp_jitter_buffer *jb, const struct wzp_jb_frame *frame,
			 uint32_t arrival_ms, enum wzp_jb_push_result *result);

/* One playout tick. For WZP_JB_FRAME, *frame receives the frame; for
 * WZP_JB_CONCEAL and WZP_JB_COMFORT, *duration_ms how long to fill. */
enum wzp_jb_pop_kind wzp_jb_pop(struct wzp_jitter_buffer *jb, struct wzp_jb_frame *frame,
				uint32_t *duration_ms);

/* The frame that starts exactly at ts, if held (for Opus in-band FEC). */
const struct wzp_jb_frame *wzp_jb_peek(const struct wzp_jitter_buffer *jb, uint32_t ts);

/* Current statistics (depth, depth_ms and target_ms computed now). */
struct wzp_jb_stats wzp_jb_stats(const struct wzp_jitter_buffer *jb);

#endif
