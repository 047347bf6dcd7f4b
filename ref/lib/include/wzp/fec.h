/* fec.h: the FEC sender and receiver (spec/04-fec.md 4.3-4.5).
 *
 * The sender takes encoded frames with their capture timestamps and hands
 * back the packets to send: a source packet whenever a symbol fills, and
 * the block's repair packets right after its last source packet. The
 * receiver takes packets' FEC fields and payloads and hands back frames:
 * a source packet's own frames at once, and the frames of source symbols
 * it never received as soon as RaptorQ recovers them.
 *
 * Both are caller-owned structs with all their memory inside (no
 * allocation; about 50 KiB for a sender, 100 KiB for a receiver). A
 * sender keeps its RaptorQ coder inside itself: do not copy one after
 * wzp_fec_sender_init.
 * Payloads and frames handed back point into the struct and stay valid
 * until the next call on it. Time is whatever the caller's timestamps say;
 * nothing reads a clock.
 */
#ifndef WZP_FEC_H
#define WZP_FEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/fec_layout.h"
#include "wzp/raptorq.h"

#define WZP_FEC_REPAIR_MAX 16
#define WZP_FEC_PACKETS_MAX (1 + WZP_FEC_REPAIR_MAX)
#define WZP_FEC_FRAMES_OUT_MAX (WZP_FEC_K_MAX * WZP_FEC_FRAMES_MAX)
#define WZP_FEC_WINDOW 4 /* blocks a receiver keeps (WZP-FEC-010) */
#define WZP_FEC_CODER_MEM 24576
#define WZP_FEC_WORK_MEM 49152
#define WZP_FEC_SYMBOLS_MAX (WZP_FEC_K_MAX + WZP_FEC_REPAIR_MAX)

/* One packet's FEC fields and payload. */
struct wzp_fec_packet {
	bool is_repair;        /* the header's T bit */
	uint8_t block;         /* fec_block */
	uint8_t esi;           /* fec_symbol */
	uint32_t timestamp_ms;
	const uint8_t *payload;
	size_t len;
};

struct wzp_fec_sender {
	struct wzp_fec_layout layout;
	uint8_t block_id;      /* of the block being filled */
	uint8_t k;             /* complete symbols in it */
	uint8_t frames;        /* frames in the symbol being filled */
	size_t used;           /* its bytes so far */
	uint32_t block_ts;     /* timestamp of symbol 0 */
	uint32_t symbol_ts;    /* timestamp of the symbol being filled */
	uint32_t next_ts;      /* the timestamp the next frame will have */
	struct wzp_rq_coder *coder; /* in coder_mem, built for coder_k symbols; or NULL */
	uint8_t coder_k;
	uint8_t block[WZP_FEC_K_MAX * WZP_FEC_T_MAX];   /* K symbols, stride T */
	uint8_t source[WZP_FEC_T_MAX];                  /* a bare frame, upstream */
	uint8_t repairs[WZP_FEC_REPAIR_MAX][1 + WZP_FEC_T_MAX];
	_Alignas(8) uint8_t coder_mem[WZP_FEC_CODER_MEM];
};

void wzp_fec_sender_init(struct wzp_fec_sender *s, const struct wzp_fec_layout *layout,
			 uint8_t first_block);

/* One frame captured at timestamp_ms. Writes 0, 1 or 1 + R packets to out
 * (room for WZP_FEC_PACKETS_MAX) and sets *count. Errors: too_large and
 * field_range for the frame (nothing is sent, the block is unchanged). */
enum wzp_err wzp_fec_sender_add(struct wzp_fec_sender *s, const uint8_t *frame, size_t len,
				uint32_t timestamp_ms, struct wzp_fec_packet *out,
				size_t *count);

/* wzp/1: close the block now (end of a talk spurt, a layout change),
 * sending its partial symbol and its repairs. upstream-aa09275 blocks
 * always hold K symbols: this sends nothing there. */
enum wzp_err wzp_fec_sender_flush(struct wzp_fec_sender *s, struct wzp_fec_packet *out,
				  size_t *count);

/* A frame handed on by the receiver. */
struct wzp_fec_frame {
	uint8_t block;
	uint8_t esi;           /* of its source symbol */
	uint32_t timestamp_ms;
	bool recovered;        /* rebuilt by RaptorQ, not received */
	const uint8_t *data;
	size_t len;
};

struct wzp_fec_block_state {
	bool used;
	uint8_t id;
	uint8_t k;             /* 0 while unknown */
	bool ts0_known;
	uint32_t ts0;          /* timestamp of source symbol 0 */
	bool done;             /* every source symbol handed on */
	uint32_t have;         /* ESIs stored, bit per ESI */
	uint32_t delivered;    /* source ESIs handed on */
	uint8_t count;
	uint32_t esi[WZP_FEC_SYMBOLS_MAX];
	uint8_t symbols[WZP_FEC_SYMBOLS_MAX * WZP_FEC_T_MAX];
};

struct wzp_fec_stats {
	uint32_t frames_received;
	uint32_t frames_recovered;
	uint32_t decode_failures; /* attempts with >= K symbols that failed */
	uint32_t stale;
	uint32_t refused;
	uint32_t duplicates;
};

struct wzp_fec_receiver {
	struct wzp_fec_layout layout;
	bool has_newest;
	uint8_t newest;
	struct wzp_fec_block_state blocks[WZP_FEC_WINDOW];
	uint8_t decoded[WZP_FEC_K_MAX * WZP_FEC_T_MAX];
	uint8_t source[WZP_FEC_T_MAX];
	struct wzp_fec_stats stats;
	_Alignas(8) uint8_t work[WZP_FEC_WORK_MEM];
};

void wzp_fec_receiver_init(struct wzp_fec_receiver *r, const struct wzp_fec_layout *layout);

/* One packet. Writes the frames now deliverable to out (room for
 * WZP_FEC_FRAMES_OUT_MAX) and sets *count. Errors: stale, field_range,
 * truncated; a refused packet changes nothing but the stats. */
enum wzp_err wzp_fec_receiver_push(struct wzp_fec_receiver *r, const struct wzp_fec_packet *p,
				   struct wzp_fec_frame *out, size_t *count);

/* WZP-FEC-011: the sending order of D blocks' packets, slot by slot.
 * counts[b] is block b's packet count; order receives (block, slot) pairs,
 * sum(counts) of them. */
struct wzp_fec_slot {
	uint8_t block;
	uint8_t slot;
};
size_t wzp_fec_interleave(const uint8_t *counts, size_t blocks, struct wzp_fec_slot *order);

#endif
