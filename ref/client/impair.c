/* impair.c: seeded loss, delay and reordering of outgoing datagrams (impair.h). */
#include <string.h>

#include "impair.h"

void impair_init(struct impair *im, const struct impair_config *cfg)
{
	memset(im, 0, sizeof *im);
	im->cfg = *cfg;
	im->rng = cfg->seed ? cfg->seed : 1;
}

bool impair_is_off(const struct impair *im)
{
	return im->cfg.loss_pct <= 0 && im->cfg.reorder_pct <= 0 && im->cfg.delay_ms == 0;
}

/* Uniform in [0, 100). */
static double percent(struct impair *im)
{
	im->rng ^= im->rng << 13;
	im->rng ^= im->rng >> 17;
	im->rng ^= im->rng << 5;
	return (double)im->rng / 4294967296.0 * 100.0;
}

/* WZP-CLIENT-008: a loss draw, then for a kept datagram a reorder draw. */
void impair_push(struct impair *im, const struct wzp_datagram *d, uint64_t now_ms)
{
	uint64_t due = now_ms + im->cfg.delay_ms;
	size_t i = 0;

	im->offered++;
	if (percent(im) < im->cfg.loss_pct) {
		im->dropped++;
		return;
	}
	if (percent(im) < im->cfg.reorder_pct) {
		due += IMPAIR_REORDER_MS;
		im->reordered++;
	}
	while (i < IMPAIR_QUEUE && im->q[i].used)
		i++;
	if (i == IMPAIR_QUEUE) {
		im->overflow++;
		return;
	}
	im->q[i] = (struct impair_slot){ true, due, im->order++, *d };
}

/* The slot leaving first, or IMPAIR_QUEUE. */
static size_t first(const struct impair *im)
{
	size_t best = IMPAIR_QUEUE;

	for (size_t i = 0; i < IMPAIR_QUEUE; i++) {
		const struct impair_slot *s = &im->q[i];

		if (s->used && (best == IMPAIR_QUEUE || s->due_ms < im->q[best].due_ms ||
				(s->due_ms == im->q[best].due_ms && s->order < im->q[best].order)))
			best = i;
	}
	return best;
}

bool impair_pop(struct impair *im, uint64_t now_ms, struct wzp_datagram *out)
{
	size_t i = first(im);

	if (i == IMPAIR_QUEUE || im->q[i].due_ms > now_ms)
		return false;
	*out = im->q[i].d;
	im->q[i].used = false;
	return true;
}

uint64_t impair_next_due(const struct impair *im)
{
	size_t i = first(im);

	return i == IMPAIR_QUEUE ? UINT64_MAX : im->q[i].due_ms;
}
