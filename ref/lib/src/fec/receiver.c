/* receiver.c: spec/04-fec.md 4.4, from packets back to frames. */
#include <string.h>

#include "wzp/fec.h"
#include "wzp/raptorq.h"
#include "wzp/trace.h"

void wzp_fec_receiver_init(struct wzp_fec_receiver *r, const struct wzp_fec_layout *layout)
{
	memset(r, 0, offsetof(struct wzp_fec_receiver, work));
	r->layout = *layout;
}

static bool v1(const struct wzp_fec_receiver *r)
{
	return r->layout.profile == WZP_PROFILE_V1;
}

/* WZP-FEC-010: refuse blocks 4 or more behind the newest; a newer block
 * moves the window and drops what falls out of it. */
static enum wzp_err admit_block(struct wzp_fec_receiver *r, uint8_t id)
{
	uint8_t ahead = (uint8_t)(id - r->newest), behind = (uint8_t)(r->newest - id);

	if (!r->has_newest || (ahead >= 1 && ahead <= 127)) {
		r->has_newest = true;
		r->newest = id;
		for (size_t i = 0; i < WZP_FEC_WINDOW; i++)
			if ((uint8_t)(id - r->blocks[i].id) >= WZP_FEC_WINDOW)
				r->blocks[i].used = false;
		return WZP_OK;
	}
	WZP_REJECT("WZP-FEC-010", WZP_VALUE("WZP-FEC-010", behind) >= WZP_FEC_WINDOW,
		   WZP_ERR_STALE);
	return WZP_OK;
}

static struct wzp_fec_block_state *block_for(struct wzp_fec_receiver *r, uint8_t id)
{
	struct wzp_fec_block_state *b = &r->blocks[id % WZP_FEC_WINDOW];

	if (!b->used || b->id != id) {
		memset(b, 0, offsetof(struct wzp_fec_block_state, symbols));
		b->used = true;
		b->id = id;
	}
	return b;
}

static size_t frame_duration_per_symbol(const struct wzp_fec_receiver *r)
{
	return (size_t)r->layout.frame_ms * r->layout.frames_per_symbol;
}

/* Hand on the frames of source symbol esi, read from a T-byte symbol. */
static enum wzp_err hand_on(struct wzp_fec_receiver *r, struct wzp_fec_block_state *b,
			    const uint8_t *symbol, uint8_t esi, uint32_t ts, bool recovered,
			    struct wzp_fec_frame *out, size_t *count)
{
	struct wzp_fec_record records[WZP_FEC_FRAMES_MAX];
	size_t n;
	enum wzp_err err = wzp_fec_records_read(symbol, &r->layout, records, &n);

	if (err != WZP_OK)
		return err;
	for (size_t i = 0; i < n; i++)
		out[(*count)++] = (struct wzp_fec_frame){
			b->id, esi, ts + (uint32_t)(i * r->layout.frame_ms), recovered,
			records[i].frame, records[i].len };
	b->delivered |= 1u << esi;
	return WZP_OK;
}

/* WZP-FEC-007: the source symbol as the sender encoded it. */
static enum wzp_err rebuild_source(struct wzp_fec_receiver *r, const struct wzp_fec_packet *p,
				   uint8_t *symbol)
{
	size_t T = r->layout.symbol_size, used = 0;

	memset(symbol, 0, T);
	if (v1(r)) {
		WZP_REJECT("WZP-FEC-009", p->len > T, WZP_ERR_FIELD_RANGE);
		memcpy(symbol, p->payload, WZP_VALUE("WZP-FEC-007", p->len));
		return WZP_OK;
	}
	return wzp_fec_record_append(symbol, &used, &r->layout, p->payload, p->len);
}

/* WZP-FEC-009: a repair's K and length, and its ESI, must make sense. */
static enum wzp_err check_repair(struct wzp_fec_receiver *r, struct wzp_fec_block_state *b,
				 const struct wzp_fec_packet *p, uint8_t *k)
{
	size_t T = r->layout.symbol_size, prefix = v1(r) ? 1 : 0;

	WZP_REJECT("WZP-FEC-009", p->len != prefix + T, WZP_ERR_FIELD_RANGE);
	*k = v1(r) ? p->payload[0] : r->layout.block_symbols;
	WZP_REJECT("WZP-FEC-009", *k == 0 || *k > r->layout.block_symbols, WZP_ERR_FIELD_RANGE);
	WZP_REJECT("WZP-FEC-009", p->esi < *k || (b->k != 0 && b->k != *k), WZP_ERR_FIELD_RANGE);
	WZP_REJECT("WZP-FEC-009", p->esi >= *k + WZP_FEC_REPAIR_MAX, WZP_ERR_FIELD_RANGE);
	return WZP_OK;
}

/* The timestamp of source symbol 0, from a repair (WZP-FEC-005). */
static uint32_t ts0_from_repair(const struct wzp_fec_receiver *r, uint32_t ts, uint8_t k)
{
	if (v1(r))
		return ts;
	return ts - (uint32_t)k * r->layout.frame_ms;
}

/* Symbols are stored back to back, stride T, as the decoder takes them. */
static void store(struct wzp_fec_block_state *b, uint8_t esi, const uint8_t *symbol, size_t T)
{
	memcpy(b->symbols + (size_t)b->count * T, symbol, T);
	b->esi[b->count++] = esi;
	b->have |= 1u << esi;
}

static enum wzp_err take_repair(struct wzp_fec_receiver *r, struct wzp_fec_block_state *b,
				const struct wzp_fec_packet *p)
{
	uint8_t k;
	enum wzp_err err = check_repair(r, b, p, &k);

	if (err != WZP_OK)
		return err;
	b->k = k;
	if (!b->ts0_known)
		b->ts0 = ts0_from_repair(r, p->timestamp_ms, k);
	b->ts0_known = true;
	store(b, p->esi, p->payload + (v1(r) ? 1 : 0), r->layout.symbol_size);
	return WZP_OK;
}

static enum wzp_err take_source(struct wzp_fec_receiver *r, struct wzp_fec_block_state *b,
				const struct wzp_fec_packet *p, struct wzp_fec_frame *out,
				size_t *count)
{
	uint8_t *symbol = r->source;
	enum wzp_err err;

	WZP_REJECT("WZP-FEC-009", p->esi >= (b->k ? b->k : r->layout.block_symbols),
		   WZP_ERR_FIELD_RANGE);
	err = rebuild_source(r, p, symbol);
	if (err == WZP_OK)
		err = hand_on(r, b, symbol, p->esi, p->timestamp_ms, false, out, count);
	if (err != WZP_OK)
		return err;
	r->stats.frames_received += (uint32_t)*count;
	if (!b->ts0_known)
		b->ts0 = p->timestamp_ms - (uint32_t)(p->esi * frame_duration_per_symbol(r));
	b->ts0_known = true;
	store(b, p->esi, symbol, r->layout.symbol_size);
	return WZP_OK;
}

static bool missing_sources(const struct wzp_fec_block_state *b)
{
	return (b->delivered & ((1u << b->k) - 1)) != (1u << b->k) - 1;
}

/* WZP-FEC-008: decode once K distinct symbols are in; hand on only what
 * was missing, in ESI order. */
static enum wzp_err try_recover(struct wzp_fec_receiver *r, struct wzp_fec_block_state *b,
				struct wzp_fec_frame *out, size_t *count)
{
	size_t T = r->layout.symbol_size;
	uint8_t *packed = r->decoded;
	enum wzp_err err;

	if (b->k == 0 || b->done || !missing_sources(b))
		return WZP_OK;
	if (b->count < WZP_VALUE("WZP-FEC-008", b->k))
		return WZP_OK;
	err = wzp_rq_decode(b->k, T, b->esi, b->symbols, b->count, packed, r->work,
			    sizeof r->work);
	if (err == WZP_ERR_INSUFFICIENT) {
		r->stats.decode_failures++;
		return WZP_OK;
	}
	for (uint8_t j = 0; err == WZP_OK && j < b->k; j++) {
		size_t before = *count;
		uint32_t ts = b->ts0 + (uint32_t)(j * frame_duration_per_symbol(r));

		if (b->delivered & (1u << j))
			continue;
		err = hand_on(r, b, packed + (size_t)j * T, j, ts, true, out, count);
		r->stats.frames_recovered += (uint32_t)(*count - before);
	}
	b->done = err == WZP_OK;
	return err;
}

enum wzp_err wzp_fec_receiver_push(struct wzp_fec_receiver *r, const struct wzp_fec_packet *p,
				   struct wzp_fec_frame *out, size_t *count)
{
	struct wzp_fec_block_state *b;
	enum wzp_err err = admit_block(r, p->block);

	*count = 0;
	if (err == WZP_ERR_STALE)
		r->stats.stale++;
	if (err != WZP_OK)
		return err;
	b = block_for(r, p->block);
	if (p->esi < 32 && ((b->have | b->delivered) & (1u << p->esi))) {
		r->stats.duplicates++;
		return WZP_OK;
	}
	err = p->is_repair ? take_repair(r, b, p) : take_source(r, b, p, out, count);
	if (err != WZP_OK) {
		r->stats.refused++;
		*count = 0;
		return err;
	}
	return try_recover(r, b, out, count);
}
