/* channel.c: the per-direction network model (channel.h). */
#include "channel.h"

#include <math.h>
#include <string.h>

#define MICRO 1000000ull

void netsim_channel_init(struct netsim_channel *c, uint64_t seed, uint64_t stream)
{
	memset(c, 0, sizeof *c);
	netsim_rng_seed(&c->rng, seed, stream);
}

/* ln(x) for x in (0, 1], from + - * / only (and the exact frexp), so its
 * result is the same on every IEEE-754 platform: 2 atanh((m-1)/(m+1))
 * on the mantissa, to 1e-11. */
static double portable_log(double x)
{
	int e;
	double m = frexp(x, &e), s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;

	for (int k = 1; k <= 23; k += 2) {
		sum += term / k;
		term *= s2;
	}
	return 2 * sum + e * 0.69314718055994530942;
}

/* A signed jitter draw in µs for scale j. */
static int64_t jitter_draw(struct netsim_rng *r, enum netsim_jitter dist, uint64_t j)
{
	int64_t sum = 0;
	double u;

	if (j == 0)
		return 0;
	switch (dist) {
	case NETSIM_JITTER_NORMAL:
		/* Irwin-Hall: twelve U(0,1) less 6 has variance 1. */
		for (int i = 0; i < 12; i++)
			sum += (int64_t)(netsim_rng_next(r) >> 44);
		return (sum - 6 * (1ll << 20)) * (int64_t)j / (1ll << 20);
	case NETSIM_JITTER_EXPONENTIAL:
		u = (double)((netsim_rng_next(r) >> 11) + 1) / 9007199254740992.0;
		return (int64_t)(-portable_log(u) * (double)j);
	case NETSIM_JITTER_UNIFORM:
		break;
	}
	return (int64_t)netsim_rng_below(r, 2 * j + 1) - (int64_t)j;
}

static uint64_t arrival(struct netsim_rng *r, const struct netsim_conditions *cond,
			uint64_t depart_us)
{
	int64_t d = (int64_t)cond->delay_us + jitter_draw(r, cond->jitter, cond->jitter_us);

	return depart_us + (d > 0 ? (uint64_t)d : 0);
}

static uint64_t queue_limit_us(const struct netsim_conditions *cond)
{
	if (cond->queue_bytes)
		return cond->queue_bytes * 8 * MICRO / cond->rate_bps;
	return cond->queue_us ? cond->queue_us : NETSIM_QUEUE_DEFAULT_US;
}

/* The bottleneck: false when the packet is tail-dropped, else *depart_us
 * is when its last bit left. */
static int bottleneck(struct netsim_channel *c, const struct netsim_conditions *cond,
		      uint64_t send_us, size_t bytes, uint64_t *depart_us)
{
	uint64_t start = c->link_free_us > send_us ? c->link_free_us : send_us;

	if (!cond->rate_bps) {
		*depart_us = send_us;
		return 1;
	}
	if (start - send_us > queue_limit_us(cond))
		return 0;
	c->link_free_us = start + ((uint64_t)bytes * 8 * MICRO + cond->rate_bps - 1) / cond->rate_bps;
	*depart_us = c->link_free_us;
	return 1;
}

static enum netsim_fate lose(struct netsim_channel *c, struct netsim_rng *r,
			     const struct netsim_conditions *cond)
{
	if (cond->ge_p_ppm) {
		c->ge_bad = c->ge_bad ? !netsim_rng_chance(r, cond->ge_r_ppm)
				      : netsim_rng_chance(r, cond->ge_p_ppm);
		if (netsim_rng_chance(r, c->ge_bad ? cond->ge_bad_loss_ppm : cond->ge_good_loss_ppm))
			return NETSIM_DROP_BURST;
	} else {
		c->ge_bad = 0;
	}
	return netsim_rng_chance(r, cond->loss_ppm) ? NETSIM_DROP_LOSS : NETSIM_DELIVERED;
}

static void deliver(struct netsim_channel *c, struct netsim_rng *r,
		    const struct netsim_conditions *cond, uint64_t depart_us,
		    struct netsim_verdict *v)
{
	uint64_t t = arrival(r, cond, depart_us);

	if (netsim_rng_chance(r, cond->reorder_ppm)) {
		t += cond->reorder_gap_us;
		c->stats.reordered++;
	} else {
		if (t < c->fifo_us)
			t = c->fifo_us;
		c->fifo_us = t;
	}
	v->copies = 1;
	v->deliver_us[0] = t;
	if (netsim_rng_chance(r, cond->duplicate_ppm)) {
		uint64_t t2 = arrival(r, cond, depart_us);

		v->deliver_us[1] = t2 > t ? t2 : t;
		v->copies = 2;
		c->stats.duplicated++;
	}
}

/* WZP-NETSIM-002: one packet's fate, its effects in the order the spec gives. */
void netsim_channel_send(struct netsim_channel *c, const struct netsim_conditions *cond,
			 uint64_t send_us, size_t bytes, struct netsim_verdict *v)
{
	struct netsim_rng r;
	uint64_t depart_us;

	netsim_rng_seed(&r, netsim_rng_next(&c->rng), 0);
	*v = (struct netsim_verdict){ .fate = NETSIM_DELIVERED };
	c->stats.packets++;
	c->stats.bytes += bytes;
	if (cond->blackout)
		v->fate = NETSIM_DROP_BLACKOUT;
	else if (!bottleneck(c, cond, send_us, bytes, &depart_us))
		v->fate = NETSIM_DROP_QUEUE;
	else
		v->fate = lose(c, &r, cond);
	c->stats.fate[v->fate]++;
	if (v->fate == NETSIM_DELIVERED)
		deliver(c, &r, cond, depart_us, v);
}

uint32_t netsim_conditions_loss_ppm(const struct netsim_conditions *cond)
{
	uint64_t ge = 0, p = cond->ge_p_ppm, r = cond->ge_r_ppm;

	if (p && p + r) {
		/* stationary P(bad) = p / (p + r) */
		ge = (p * cond->ge_bad_loss_ppm + r * cond->ge_good_loss_ppm) / (p + r);
	}
	/* lost = 1 - (1 - ge)(1 - iid) */
	return (uint32_t)(ge + cond->loss_ppm - ge * cond->loss_ppm / MICRO);
}
