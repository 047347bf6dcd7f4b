/* fec_layout.h: how a codec's frames become FEC symbols (spec/04-fec.md
 * 4.1-4.3), and the symbol's record format.
 *
 * A source symbol is T bytes: up to n records [length LE16][frame], then
 * zeros. Layouts are constants; nothing here allocates or keeps state.
 */
#ifndef WZP_FEC_LAYOUT_H
#define WZP_FEC_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

#define WZP_FEC_K_MAX 16      /* source symbols in a block, any layout */
#define WZP_FEC_T_MAX 256     /* symbol size, any layout */
#define WZP_FEC_FRAMES_MAX 4  /* frames per symbol, any layout */
#define WZP_FEC_RECORD_PREFIX 2

struct wzp_fec_layout {
	enum wzp_profile profile;
	uint8_t codec_id;
	uint16_t frame_ms;          /* duration of one frame */
	uint8_t frames_per_symbol;  /* n */
	uint16_t symbol_size;       /* T */
	uint8_t block_symbols;      /* K of a full block */
	float repair_ratio;         /* binary32, as the tier states it */
	uint16_t delay_budget_ms;   /* the tier's stack delay budget (WZP-FEC-012) */
	uint8_t codec_delay_ms;     /* allowance for the codec's own delay (chapter 6) */
	uint8_t interleave_depth;   /* D: 1 means no interleaving */
};

/* WZP_ERR_UNKNOWN_CODEC for comfort noise and unregistered codecs. */
enum wzp_err wzp_fec_layout_for(uint8_t codec_id, enum wzp_profile profile,
				struct wzp_fec_layout *out);

/* R = ceil(K * ratio) in binary32 (WZP-FEC-003). */
uint32_t wzp_fec_repair_count(uint32_t k, float ratio);

/* The stack delay of spec 4.6 at interleaving depth D, in ms: capture and
 * packing (n frames), the wait for the block's repairs (K - 1 symbols),
 * D - 1 further blocks, one symbol of jitter-buffer margin, and the
 * codec's allowance. */
uint32_t wzp_fec_stack_delay_ms(const struct wzp_fec_layout *l, uint32_t depth);

/* The largest frame one record may hold: T / n - 2. */
size_t wzp_fec_frame_capacity(const struct wzp_fec_layout *l);

/* Append a record to a symbol whose first *used bytes are taken. */
enum wzp_err wzp_fec_record_append(uint8_t *symbol, size_t *used,
				   const struct wzp_fec_layout *l, const uint8_t *frame,
				   size_t len);

struct wzp_fec_record {
	const uint8_t *frame; /* borrowed from the symbol */
	size_t len;
};

/* Read up to n records from a T-byte symbol; *count is how many. */
enum wzp_err wzp_fec_records_read(const uint8_t *symbol, const struct wzp_fec_layout *l,
				  struct wzp_fec_record *records, size_t *count);

#endif
