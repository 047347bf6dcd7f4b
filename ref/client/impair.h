/* impair.h: the client's own outgoing impairment (seed 004's chaos
 * simulator, spec/10-client.md WZP-CLIENT-008): each datagram is dropped
 * with probability loss %, held back by one frame (20 ms) more than the
 * others with probability reorder %, and delayed by delay ms.
 *
 * Contract: time is injected (ms); randomness is a seeded xorshift, so a
 * seed replays the same pattern. The caller owns the struct (about 170
 * KiB); nothing allocates. A full queue drops the datagram and counts it.
 */
#ifndef WZP_CLIENT_IMPAIR_H
#define WZP_CLIENT_IMPAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/call.h"

#define IMPAIR_QUEUE 512
#define IMPAIR_REORDER_MS 20

struct impair_config {
	double loss_pct, reorder_pct;
	uint32_t delay_ms;
	uint32_t seed;
};

struct impair_slot {
	bool used;
	uint64_t due_ms;
	uint64_t order; /* ties leave in the order they came */
	struct wzp_datagram d;
};

struct impair {
	struct impair_config cfg;
	uint32_t rng;
	uint64_t order;
	uint64_t offered, dropped, reordered, overflow;
	struct impair_slot q[IMPAIR_QUEUE];
};

void impair_init(struct impair *im, const struct impair_config *cfg);
/* True when the impairment does nothing (datagrams can go straight out). */
bool impair_is_off(const struct impair *im);
/* Offers one datagram sent at now_ms. */
void impair_push(struct impair *im, const struct wzp_datagram *d, uint64_t now_ms);
/* The next datagram due at now_ms, earliest first; false when none is. */
bool impair_pop(struct impair *im, uint64_t now_ms, struct wzp_datagram *out);
/* When the next datagram is due; UINT64_MAX when the queue is empty. */
uint64_t impair_next_due(const struct impair *im);

#endif
