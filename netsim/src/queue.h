/* queue.h: the simulator's event queue: flights (datagrams in flight,
 * reports) in a pool, and a binary min-heap of small keys ordered by
 * (arrival time, insertion order), so equal times keep the order they
 * were scheduled in and a run is deterministic. The queue owns its arrays
 * (grown with realloc); netsim_queue_free releases them. */
#ifndef NETSIM_QUEUE_H
#define NETSIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/call.h"
#include "wzp/quality_report.h"

enum netsim_flight_kind {
	NETSIM_AT_RELAY,  /* a datagram reaching the relay from `from` */
	NETSIM_AT_MEMBER, /* a datagram from `from` reaching member `to` */
	NETSIM_REPORT,    /* a quality report for sender `to` */
};

/* Where a datagram sits in its sender's FEC blocks (for the ideal count). */
struct netsim_tag {
	uint32_t block;  /* the sender's block serial */
	uint8_t index;   /* source index, or 16 + repair index */
	uint64_t sent_us;
};

struct netsim_flight {
	uint64_t at_us;
	enum netsim_flight_kind kind;
	uint32_t from, to; /* member indexes */
	struct netsim_tag tag;
	struct wzp_quality_report report; /* NETSIM_REPORT */
	struct wzp_datagram d;
};

struct netsim_queue_key {
	uint64_t at_us, order;
	uint32_t slot; /* in pool */
};

struct netsim_queue {
	struct netsim_queue_key *heap;
	size_t n, cap;
	struct netsim_flight *pool;
	uint32_t *free_slots; /* pool slots not in flight */
	size_t nfree, pool_cap;
	uint64_t next_order;
};

/* false when memory ran out (the flight is not queued). */
bool netsim_queue_push(struct netsim_queue *q, const struct netsim_flight *f);
/* Pops the earliest flight with at_us < before_us into *f; false if none. */
bool netsim_queue_pop_before(struct netsim_queue *q, uint64_t before_us, struct netsim_flight *f);
/* The earliest flight's time; UINT64_MAX when the queue is empty. */
uint64_t netsim_queue_next_us(const struct netsim_queue *q);
void netsim_queue_free(struct netsim_queue *q);

#endif
