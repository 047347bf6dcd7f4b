/* quic_mem.c: the allocator the QUIC shell gives ngtcp2 (see quic_mem.h). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "quic_mem.h"

/* In front of every block: its size and where it lives. 16 bytes keep the
 * block as aligned as malloc's. */
struct hd {
	size_t size;
	size_t mapped; /* 1: its own mapping; 0: the C heap */
};

/* A block of a page or more that need not be zeroed gets its own mapping:
 * ngtcp2 fills its pool blocks from the front, and the kernel backs only
 * the pages touched. calloc'd blocks (ngtcp2's connection struct, which it
 * writes whole) and small ones stay on the heap. */
static int wants_mapping(size_t total, int zero)
{
	return !zero && total >= (size_t)sysconf(_SC_PAGESIZE);
}

static void *block(size_t size, int zero)
{
	size_t total = sizeof(struct hd) + size;
	int mapped = wants_mapping(total, zero);
	struct hd *h;

	if (total < size)
		return NULL;
	if (mapped) {
		h = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (h == MAP_FAILED)
			return NULL;
	} else if ((h = zero ? calloc(1, total) : malloc(total)) == NULL) {
		return NULL;
	}
	h->size = size;
	h->mapped = (size_t)mapped;
	return h + 1;
}

static void *mem_malloc(size_t size, void *user)
{
	(void)user;
	return block(size, 0);
}

static void mem_free(void *ptr, void *user)
{
	struct hd *h;

	(void)user;
	if (ptr == NULL)
		return;
	h = (struct hd *)ptr - 1;
	if (h->mapped)
		munmap(h, sizeof *h + h->size);
	else
		free(h);
}

static void *mem_calloc(size_t nmemb, size_t size, void *user)
{
	(void)user;
	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	return block(nmemb * size, 1);
}

/* A new block and a copy: ngtcp2 reallocates rarely (its ACK frame and
 * decryption buffer growing). */
static void *mem_realloc(void *ptr, size_t size, void *user)
{
	void *p = block(size, 0);
	size_t old;

	if (p == NULL || ptr == NULL)
		return p;
	old = ((struct hd *)ptr - 1)->size;
	memcpy(p, ptr, old < size ? old : size);
	mem_free(ptr, user);
	return p;
}

static const ngtcp2_mem mem = { NULL, mem_malloc, mem_free, mem_calloc, mem_realloc };

const ngtcp2_mem *wzp_quic_mem(void)
{
	return &mem;
}
