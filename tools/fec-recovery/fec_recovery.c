/* fec_recovery.c: residual frame loss after FEC, per tier and channel,
 * next to the ideal bound (a block recovers iff at least K of its K + R
 * symbols arrive), measured on the same loss pattern. Prints CSV:
 *
 *   tier,channel,loss,burst,depth,frames,lost_ideal,lost,decode_failures,kbps,max_delay_ms
 *
 * max_delay_ms is the longest time, over every frame handed on, from the
 * start of its capture to the sending of the packet that made it
 * available (its own source packet, or the symbol that completed its
 * block's recovery): the FEC part of the stack delay, measured.
 *
 * The channel is i.i.d. (burst 1) or Gilbert-Elliott (a good state that
 * loses nothing and a bad state that loses everything, mean burst length
 * `burst` packets, long-run loss `loss`). Depth > 1 interleaves that many
 * blocks before the channel (an experiment: no wzp/1 tier can afford it).
 * Deterministic for a seed. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/codec_id.h"
#include "wzp/fec.h"

#define DEPTH_MAX 3
#define FIXED_OVERHEAD 81.06 /* per datagram, tools/fec-table */

struct channel {
	double loss, burst;
	bool bad;
	uint64_t rng;
};

static double uniform(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/* True when the next packet is lost. */
static bool channel_drops(struct channel *c)
{
	double leave_bad = 1.0 / c->burst;
	double enter_bad = c->loss * leave_bad / (1.0 - c->loss);

	if (c->burst <= 1.0)
		return uniform(&c->rng) < c->loss;
	c->bad = c->bad ? uniform(&c->rng) >= leave_bad : uniform(&c->rng) < enter_bad;
	return c->bad;
}

struct stats {
	long frames, lost, lost_ideal, failures;
	double bytes, seconds;
	uint32_t max_delay_ms;
};

struct block_log {
	struct wzp_fec_packet packets[WZP_FEC_K_MAX + WZP_FEC_REPAIR_MAX];
	uint8_t payloads[WZP_FEC_K_MAX + WZP_FEC_REPAIR_MAX][1 + WZP_FEC_T_MAX];
	uint32_t sent_at[WZP_FEC_K_MAX + WZP_FEC_REPAIR_MAX]; /* ms, when emitted */
	uint8_t count, k, received, sources_received;
	uint8_t frames_in_symbol[WZP_FEC_K_MAX];
	bool arrived[WZP_FEC_K_MAX + WZP_FEC_REPAIR_MAX];
};

static struct wzp_fec_sender sender;
static struct wzp_fec_receiver receiver;
static struct block_log logs[DEPTH_MAX];

static void keep(struct block_log *b, const struct wzp_fec_packet *p, uint8_t frames,
		 uint32_t now_ms)
{
	b->sent_at[b->count] = now_ms;
	memcpy(b->payloads[b->count], p->payload, p->len);
	b->packets[b->count] = *p;
	b->packets[b->count].payload = b->payloads[b->count];
	if (!p->is_repair) {
		b->frames_in_symbol[p->esi] = frames;
		b->k = (uint8_t)(p->esi + 1);
	}
	b->count++;
}

/* Send D blocks through the channel in interleaved order; count what the
 * receiver hands on and what the ideal code would have. */
static void transmit(struct block_log *blocks, size_t depth, struct channel *c,
		     struct stats *st, long *delivered, uint32_t now_ms)
{
	struct wzp_fec_slot order[DEPTH_MAX * (WZP_FEC_K_MAX + WZP_FEC_REPAIR_MAX)];
	struct wzp_fec_frame frames[WZP_FEC_FRAMES_OUT_MAX];
	uint8_t counts[DEPTH_MAX];
	size_t n, got;

	for (size_t b = 0; b < depth; b++)
		counts[b] = blocks[b].count;
	n = wzp_fec_interleave(counts, depth, order);
	for (size_t i = 0; i < n; i++) {
		struct block_log *b = &blocks[order[i].block];
		const struct wzp_fec_packet *p = &b->packets[order[i].slot];

		st->bytes += FIXED_OVERHEAD + (double)p->len;
		if (channel_drops(c))
			continue;
		b->received++;
		b->sources_received += !p->is_repair;
		b->arrived[order[i].slot] = true;
		/* Interleaved packets wait for the last of the D blocks. */
		uint32_t at = depth > 1 ? now_ms : b->sent_at[order[i].slot];

		if (wzp_fec_receiver_push(&receiver, p, frames, &got) != WZP_OK)
			continue;
		*delivered += (long)got;
		for (size_t f = 0; f < got; f++)
			if (at - frames[f].timestamp_ms > st->max_delay_ms)
				st->max_delay_ms = at - frames[f].timestamp_ms;
	}
}

static void score(struct block_log *b, struct stats *st, long *delivered, long *sent)
{
	long frames = 0, ideal = 0;

	for (uint8_t j = 0; j < b->k; j++)
		frames += b->frames_in_symbol[j];
	if (b->received >= b->k) {
		ideal = frames;
	} else {
		for (uint8_t i = 0; i < b->count; i++)
			if (b->arrived[i] && !b->packets[i].is_repair)
				ideal += b->frames_in_symbol[b->packets[i].esi];
	}
	st->lost_ideal += frames - ideal;
	*sent += frames;
	(void)delivered;
}

static void run(uint8_t codec, size_t depth, double loss, double burst, long blocks,
		uint64_t seed, struct stats *st)
{
	struct wzp_fec_layout l;
	struct wzp_fec_packet out[WZP_FEC_PACKETS_MAX];
	struct channel c = { loss, burst, false, seed };
	uint8_t frame[WZP_FEC_T_MAX];
	long delivered = 0, sent = 0, frame_no = 0;
	size_t filled = 0, n;

	wzp_fec_layout_for(codec, WZP_PROFILE_V1, &l);
	wzp_fec_sender_init(&sender, &l, 0);
	wzp_fec_receiver_init(&receiver, &l);
	memset(st, 0, sizeof *st);
	memset(logs, 0, sizeof logs);
	while (frame_no < blocks * l.block_symbols * l.frames_per_symbol) {
		memset(frame, (int)frame_no, sizeof frame);
		wzp_fec_sender_add(&sender, frame, wzp_fec_frame_capacity(&l),
				   (uint32_t)(frame_no * l.frame_ms), out, &n);
		frame_no++;
		for (size_t i = 0; i < n; i++)
			keep(&logs[filled], &out[i], out[i].is_repair ? 0 : l.frames_per_symbol,
			     (uint32_t)(frame_no * l.frame_ms));
		if (n > 1 && ++filled == depth) {
			transmit(logs, depth, &c, st, &delivered, (uint32_t)(frame_no * l.frame_ms));
			for (size_t b = 0; b < depth; b++)
				score(&logs[b], st, &delivered, &sent);
			memset(logs, 0, sizeof logs);
			filled = 0;
		}
	}
	st->frames = sent;
	st->lost = sent - delivered;
	st->failures = (long)receiver.stats.decode_failures;
	st->seconds = (double)frame_no * l.frame_ms / 1000.0;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; uint8_t codec; } tiers[] = {
		{ "GOOD", WZP_CODEC_OPUS24K }, { "DEGRADED", WZP_CODEC_OPUS6K },
		{ "CATASTROPHIC", WZP_CODEC_CODEC2_1200 },
	};
	static const double iid[] = { 0.05, 0.10, 0.20, 0.30, 0.40, 0.50, 0.70 };
	static const double bursty[] = { 0.10, 0.20, 0.30 };
	long blocks = argc > 1 ? atol(argv[1]) : 2000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261122;
	struct stats st;

	printf("tier,channel,loss,burst,depth,frames,lost_ideal,lost,decode_failures,kbps,"
	       "max_delay_ms\n");
	for (size_t t = 0; t < 3; t++) {
		for (size_t i = 0; i < sizeof iid / sizeof iid[0]; i++) {
			run(tiers[t].codec, 1, iid[i], 1, blocks, seed, &st);
			printf("%s,iid,%.2f,1,1,%ld,%ld,%ld,%ld,%.2f,%u\n", tiers[t].name, iid[i],
			       st.frames, st.lost_ideal, st.lost, st.failures,
			       st.bytes * 8 / st.seconds / 1000, st.max_delay_ms);
		}
		for (size_t i = 0; i < sizeof bursty / sizeof bursty[0]; i++) {
			for (size_t depth = 1; depth <= DEPTH_MAX; depth += 2) {
				run(tiers[t].codec, depth, bursty[i], 3, blocks, seed, &st);
				printf("%s,gilbert,%.2f,3,%zu,%ld,%ld,%ld,%ld,%.2f,%u\n",
				       tiers[t].name, bursty[i], depth, st.frames, st.lost_ideal,
				       st.lost, st.failures, st.bytes * 8 / st.seconds / 1000,
				       st.max_delay_ms);
			}
		}
		fprintf(stderr, "fec-recovery: %s done\n", tiers[t].name);
	}
	return 0;
}
