/* delivery.h: the proxy's delivery queue: datagram copies waiting for
 * the time the network model gave them (netsim/README.md).
 *
 * A binary min-heap ordered by delivery time, then by the order of
 * insertion (so copies due at the same microsecond leave in the order
 * they were decided). Fixed capacity, allocated once by the owner with
 * delivery_init and released with delivery_free; no I/O, no clock.
 */
#ifndef NETSIM_PROXY_DELIVERY_H
#define NETSIM_PROXY_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DELIVERY_MTU 2048 /* the largest datagram the proxy carries */

struct delivery_item {
	uint64_t due_us;  /* when to send, µs since the proxy started */
	uint64_t read_us; /* when it was read */
	uint64_t order;   /* insertion count: the tie-break */
	uint32_t flow;    /* the flow it belongs to */
	uint8_t dir;      /* enum netsim_dir */
	uint16_t len;
	uint8_t data[DELIVERY_MTU];
};

struct delivery {
	struct delivery_item **heap; /* capacity pointers into items */
	struct delivery_item *items;
	struct delivery_item **free_list;
	size_t n, nfree, capacity;
	uint64_t inserted;
};

/* Returns false when out of memory (nothing allocated then). */
bool delivery_init(struct delivery *q, size_t capacity);
void delivery_free(struct delivery *q);

/* Queues a copy; false when the queue is full or len > DELIVERY_MTU. */
bool delivery_push(struct delivery *q, uint64_t due_us, uint64_t read_us, uint32_t flow,
		   uint8_t dir, const uint8_t *data, size_t len);

/* The earliest item when it is due at or before now_us, else NULL. The
 * item stays valid until delivery_release. */
struct delivery_item *delivery_pop_due(struct delivery *q, uint64_t now_us);
void delivery_release(struct delivery *q, struct delivery_item *it);

/* The earliest due time, or UINT64_MAX when empty. */
uint64_t delivery_next_due(const struct delivery *q);

#endif
