/* queue.c: the event queue (queue.h). */
#include "queue.h"

#include <stdlib.h>

static bool earlier(const struct netsim_flight *a, const struct netsim_flight *b)
{
	return a->at_us < b->at_us || (a->at_us == b->at_us && a->order < b->order);
}

static void swap(struct netsim_flight *a, struct netsim_flight *b)
{
	struct netsim_flight t = *a;

	*a = *b;
	*b = t;
}

bool netsim_queue_push(struct netsim_queue *q, const struct netsim_flight *f)
{
	size_t i;

	if (q->n == q->cap) {
		size_t cap = q->cap ? 2 * q->cap : 256;
		struct netsim_flight *h = realloc(q->heap, cap * sizeof *h);

		if (!h)
			return false;
		q->heap = h;
		q->cap = cap;
	}
	i = q->n++;
	q->heap[i] = *f;
	q->heap[i].order = q->next_order++;
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
	*f = q->heap[0];
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

void netsim_queue_free(struct netsim_queue *q)
{
	free(q->heap);
	*q = (struct netsim_queue){ 0 };
}
