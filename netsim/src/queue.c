/* queue.c: the event queue (queue.h). */
#include "queue.h"

#include <stdlib.h>

static bool earlier(const struct netsim_queue_key *a, const struct netsim_queue_key *b)
{
	return a->at_us < b->at_us || (a->at_us == b->at_us && a->order < b->order);
}

static void swap(struct netsim_queue_key *a, struct netsim_queue_key *b)
{
	struct netsim_queue_key t = *a;

	*a = *b;
	*b = t;
}

/* Room for one more flight: a free pool slot and a heap entry. */
static bool grow(struct netsim_queue *q)
{
	if (q->nfree == 0) {
		size_t cap = q->pool_cap ? 2 * q->pool_cap : 256;
		struct netsim_flight *pool = realloc(q->pool, cap * sizeof *pool);
		uint32_t *slots;

		if (!pool)
			return false;
		q->pool = pool;
		slots = realloc(q->free_slots, cap * sizeof *slots);
		if (!slots)
			return false;
		q->free_slots = slots;
		for (size_t i = q->pool_cap; i < cap; i++)
			q->free_slots[q->nfree++] = (uint32_t)(cap - 1 - (i - q->pool_cap));
		q->pool_cap = cap;
	}
	if (q->n == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 256;
		struct netsim_queue_key *h = realloc(q->heap, cap * sizeof *h);

		if (!h)
			return false;
		q->heap = h;
		q->cap = cap;
	}
	return true;
}

bool netsim_queue_push(struct netsim_queue *q, const struct netsim_flight *f)
{
	size_t i;
	uint32_t slot;

	if (!grow(q))
		return false;
	slot = q->free_slots[--q->nfree];
	q->pool[slot] = *f;
	i = q->n++;
	q->heap[i] = (struct netsim_queue_key){ f->at_us, q->next_order++, slot };
	while (i > 0 && earlier(&q->heap[i], &q->heap[(i - 1) / 2])) {
		swap(&q->heap[i], &q->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	return true;
}

bool netsim_queue_pop_before(struct netsim_queue *q, uint64_t before_us, struct netsim_flight *f)
{
	size_t i = 0;

	if (q->n == 0 || q->heap[0].at_us >= before_us)
		return false;
	*f = q->pool[q->heap[0].slot];
	q->free_slots[q->nfree++] = q->heap[0].slot;
	q->heap[0] = q->heap[--q->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < q->n && earlier(&q->heap[l], &q->heap[m]))
			m = l;
		if (r < q->n && earlier(&q->heap[r], &q->heap[m]))
			m = r;
		if (m == i)
			return true;
		swap(&q->heap[i], &q->heap[m]);
		i = m;
	}
}

uint64_t netsim_queue_next_us(const struct netsim_queue *q)
{
	return q->n ? q->heap[0].at_us : UINT64_MAX;
}

void netsim_queue_free(struct netsim_queue *q)
{
	free(q->heap);
	free(q->pool);
	free(q->free_slots);
	*q = (struct netsim_queue){ 0 };
}
