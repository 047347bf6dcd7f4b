/* channel.h: the netsim network model of one direction of one path
 * (spec/09-netsim.md 9.2). Pure: it is told when a packet was sent, how
 * big it is and the conditions in force, and says whether it is dropped
 * (and why) or when each copy arrives. No clock, no I/O, no allocation;
 * its randomness is its own seeded stream.
 *
 * The model, per packet, in this order:
 *   1. blackout: dropped;
 *   2. bottleneck (rate_bps > 0): a FIFO link at rate_bps; the packet is
 *      tail-dropped when the backlog ahead of it exceeds the queue limit
 *      (queue_bytes, else queue_us, else NETSIM_QUEUE_DEFAULT_US), else it
 *      leaves the link when its last bit is sent;
 *   3. loss after the bottleneck: Gilbert-Elliott (the state moves first,
 *      then the packet is lost with the state's loss), then i.i.d. loss;
 *   4. delay: delay_us + a jitter draw (never below zero in total); the
 *      path keeps order (a packet never arrives before one sent earlier),
 *      except a reordered packet, which arrives reorder_gap_us later than
 *      its draw and lets later packets pass it;
 *   5. duplication: a second copy with its own jitter draw, never earlier
 *      than the first.
 * Every packet takes exactly one number from the channel's stream and
 * draws the rest from a stream seeded by it, so changing one condition
 * (the loss, say) does not shift the other draws of later packets.
 *
 * How a proxy drives it: one struct netsim_channel per direction of each
 * flow, seeded with netsim_channel_init(c, seed, stream) (stream = 2 * flow
 * + direction, say); for every datagram read at time t (µs since the
 * session started, from the proxy's monotonic clock), call
 * netsim_scenario_at(scenario, dir, t, &cond), then
 * netsim_channel_send(c, &cond, t, len, &v); forward v.copies copies, the
 * i-th at v.deliver_us[i] (a timer queue ordered by time). Calls must come
 * in non-decreasing send_us per channel.
 */
#ifndef NETSIM_CHANNEL_H
#define NETSIM_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"
#include "scenario.h"

/* The bottleneck queue when a scenario sets a rate but no queue. */
#define NETSIM_QUEUE_DEFAULT_US 250000u

enum netsim_fate {
	NETSIM_DELIVERED = 0,
	NETSIM_DROP_BLACKOUT = 1,
	NETSIM_DROP_QUEUE = 2,
	NETSIM_DROP_BURST = 3, /* lost in the Gilbert-Elliott model */
	NETSIM_DROP_LOSS = 4,  /* lost i.i.d. */
};
#define NETSIM_FATES 5

struct netsim_verdict {
	enum netsim_fate fate;
	unsigned copies;        /* 0 when dropped, 1, or 2 when duplicated */
	uint64_t deliver_us[2]; /* arrival time of each copy */
};

struct netsim_channel_stats {
	uint64_t packets, bytes;     /* offered */
	uint64_t fate[NETSIM_FATES]; /* packets by fate */
	uint64_t duplicated, reordered;
};

struct netsim_channel {
	struct netsim_rng rng;
	int ge_bad;            /* the Gilbert-Elliott state: 1 bad */
	uint64_t link_free_us; /* when the bottleneck has sent what it holds */
	uint64_t fifo_us;      /* the latest in-order arrival so far */
	struct netsim_channel_stats stats;
};

void netsim_channel_init(struct netsim_channel *c, uint64_t seed, uint64_t stream);

/* Decides one packet of `bytes` bytes sent at send_us under cond. */
void netsim_channel_send(struct netsim_channel *c, const struct netsim_conditions *cond,
			 uint64_t send_us, size_t bytes, struct netsim_verdict *v);

/* The stationary loss rate of cond's loss models together (parts per
 * million, blackouts and the queue aside): what a long run loses. */
uint32_t netsim_conditions_loss_ppm(const struct netsim_conditions *cond);

#endif
