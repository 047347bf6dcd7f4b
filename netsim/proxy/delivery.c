/* delivery.c: the delivery queue (delivery.h). */
#include "delivery.h"

#include <stdlib.h>
#include <string.h>

static bool before(const struct delivery_item *a, const struct delivery_item *b)
{
	return a->due_us < b->due_us || (a->due_us == b->due_us && a->order < b->order);
}

static void swap(struct delivery_item **h, size_t i, size_t j)
{
	struct delivery_item *t = h[i];

	h[i] = h[j];
	h[j] = t;
}

static void sift_up(struct delivery *q, size_t i)
{
	while (i > 0 && before(q->heap[i], q->heap[(i - 1) / 2])) {
		swap(q->heap, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void sift_down(struct delivery *q, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < q->n && before(q->heap[l], q->heap[m]))
			m = l;
		if (r < q->n && before(q->heap[r], q->heap[m]))
			m = r;
		if (m == i)
			return;
		swap(q->heap, i, m);
		i = m;
	}
}

bool delivery_init(struct delivery *q, size_t capacity)
{
	memset(q, 0, sizeof *q);
	q->heap = calloc(capacity, sizeof *q->heap);
	q->items = calloc(capacity, sizeof *q->items);
	q->free_list = calloc(capacity, sizeof *q->free_list);
	if (q->heap == NULL || q->items == NULL || q->free_list == NULL) {
		delivery_free(q);
		return false;
	}
	q->capacity = capacity;
	for (size_t i = 0; i < capacity; i++)
		q->free_list[i] = &q->items[capacity - 1 - i];
	q->nfree = capacity;
	return true;
}

void delivery_free(struct delivery *q)
{
	free(q->heap);
	free(q->items);
	free(q->free_list);
	memset(q, 0, sizeof *q);
}

bool delivery_push(struct delivery *q, uint64_t due_us, uint64_t read_us, uint32_t flow,
		   uint8_t dir, const uint8_t *data, size_t len)
{
	struct delivery_item *it;

	if (q->nfree == 0 || len > DELIVERY_MTU)
		return false;
	it = q->free_list[--q->nfree];
	it->due_us = due_us;
	it->read_us = read_us;
	it->order = q->inserted++;
	it->flow = flow;
	it->dir = dir;
	it->len = (uint16_t)len;
	memcpy(it->data, data, len);
	q->heap[q->n] = it;
	sift_up(q, q->n++);
	return true;
}

struct delivery_item *delivery_pop_due(struct delivery *q, uint64_t now_us)
{
	struct delivery_item *it;

	if (q->n == 0 || q->heap[0]->due_us > now_us)
		return NULL;
	it = q->heap[0];
	q->heap[0] = q->heap[--q->n];
	sift_down(q, 0);
	return it;
}

void delivery_release(struct delivery *q, struct delivery_item *it)
{
	q->free_list[q->nfree++] = it;
}

uint64_t delivery_next_due(const struct delivery *q)
{
	return q->n ? q->heap[0]->due_us : UINT64_MAX;
}
