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
			   uint32_t repairs, uint64_t now_us, struct netsim_tag *tags)
{
	struct netsim_block *b;

	if (s->nblocks == 0 && !open_block(s))
		return false;
	b = &s->blocks[s->nblocks - 1];
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

uint64_t netsim_ideal_lost(const struct netsim_sender *s, const struct netsim_stream *st)
{
	uint64_t lost = 0;

	for (size_t i = 0; i < s->nblocks; i++) {
		const struct netsim_block *b = &s->blocks[i];
		uint32_t seen = i < st->cap ? st->seen[i] : 0;
		uint32_t got = (uint32_t)__builtin_popcount(seen);

		if (got >= b->sources)
			continue;
		for (uint32_t p = 0; p < b->sources; p++) {
			uint32_t rest = b->frames > p * b->fps ? b->frames - p * b->fps : 0;
			uint32_t f = p + 1 < b->sources ? b->fps : rest;

			if (!(seen & (1u << p)))
				lost += f;
		}
	}
	return lost;
}
