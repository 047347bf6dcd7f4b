/* member.c: a simulated member's block bookkeeping and ideal count
 * (member.h). */
#include "member.h"

#include <stdlib.h>
#include <string.h>

/* Grows a zero-filled array of `size`-byte items to hold index i. */
static bool reserve(void **a, size_t *cap, size_t i, size_t size)
{
	size_t n = *cap ? *cap : 256;
	void *p;

	if (i < *cap)
		return true;
	while (n <= i)
		n *= 2;
	p = realloc(*a, n * size);
	if (!p)
		return false;
	memset((char *)p + *cap * size, 0, (n - *cap) * size);
	*a = p;
	*cap = n;
	return true;
}

int netsim_stream_arrived(struct netsim_stream *st, const struct netsim_tag *tag,
			  uint64_t at_us)
{
	uint32_t bit = 1u << tag->index;

	if (!reserve((void **)&st->seen, &st->cap, tag->block, sizeof *st->seen))
		return -1;
	if (st->seen[tag->block] & bit)
		return 0;
	st->seen[tag->block] |= bit;
	st->arrived_sec[tag->sent_us / 1000000]++;
	st->delay_sec_us[tag->sent_us / 1000000] += at_us - tag->sent_us;
	return 1;
}

static bool open_block(struct netsim_sender *s)
{
	size_t cap = s->cap;

	if (!reserve((void **)&s->blocks, &cap, s->nblocks, sizeof *s->blocks))
		return false;
	s->cap = cap;
	s->blocks[s->nblocks++].fps = s->tx.layout.frames_per_symbol;
	s->fec_block_id = s->tx.fec.block_id;
	return true;
}

bool netsim_sender_account(struct netsim_sender *s, size_t count, uint32_t frames,
			   uint32_t repairs, uint32_t ts_ms, uint64_t now_us, struct netsim_tag *tags)
{
	struct netsim_block *b;

	if (s->nblocks == 0 && !open_block(s))
		return false;
	b = &s->blocks[s->nblocks - 1];
	if (b->frames == 0)
		b->first_ts = ts_ms;
	b->frames += frames;
	/* a call writes its block's source packets, then its repairs */
	for (size_t k = 0; k < count; k++) {
		bool repair = k + repairs >= count;

		tags[k] = (struct netsim_tag){ (uint32_t)(s->nblocks - 1),
					       (uint8_t)(repair ? 16 + b->repairs : b->sources),
					       now_us };
		if (repair)
			b->repairs++;
		else
			b->sources++;
	}
	if (s->tx.fec.block_id != s->fec_block_id)
		return open_block(s);
	return true;
}

bool netsim_stream_played(struct netsim_stream *st, uint32_t ts_ms)
{
	if (!reserve((void **)&st->played_ts, &st->played_cap, st->nplayed, sizeof *st->played_ts))
		return false;
	st->played_ts[st->nplayed++] = ts_ms;
	return true;
}

/* Frames of block b lost by an ideal code (one that recovers every block
 * with at least `sources` of its packets): the frames of its missing
 * source packets when fewer arrived. */
static uint32_t ideal_lost(const struct netsim_block *b, uint32_t seen)
{
	uint32_t lost = 0;

	if ((uint32_t)__builtin_popcount(seen) >= b->sources)
		return 0;
	for (uint32_t p = 0; p < b->sources; p++) {
		uint32_t rest = b->frames > p * b->fps ? b->frames - p * b->fps : 0;

		if (!(seen & (1u << p)))
			lost += p + 1 < b->sources ? b->fps : rest;
	}
	return lost;
}

/* Serial-number order of timestamps (RFC 1982 over 32 bits). */
static bool ts_before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

void netsim_stream_window(const struct netsim_sender *s, const struct netsim_stream *st,
			  struct netsim_window *w)
{
	size_t start = st->first_block == UINT32_MAX ? s->nblocks : (size_t)st->first_block + 1;
	uint32_t start_ts = start < s->nblocks ? s->blocks[start].first_ts : UINT32_MAX;

	memset(w, 0, sizeof *w);
	for (size_t i = 0; i < s->nblocks; i++) {
		const struct netsim_block *b = &s->blocks[i];

		if (i < start) {
			w->before_sent += b->frames;
			continue;
		}
		w->sent += b->frames;
		w->ideal_lost += ideal_lost(b, i < st->cap ? st->seen[i] : 0);
	}
	for (size_t k = 0; k < st->nplayed; k++) {
		if (start < s->nblocks && !ts_before(st->played_ts[k], start_ts))
			w->played++;
		else
			w->before_played++;
	}
}
