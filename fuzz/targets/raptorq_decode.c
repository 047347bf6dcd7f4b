/* Fuzz target: the RaptorQ decoders on received sets chosen by the fuzzer.
 * seed-ops: fec.raptorq.decode
 *
 * The block is known: K and T come from the first two input octets, the
 * source symbols from a fixed pattern. Every further 3 octets name an ESI
 * (24 bits, so any ESI a sender may use, source or repair, repeated or
 * not); the received set is those ESIs with their correct symbols. Property
 * (spec/03-raptorq.md WZP-RQ-004, -005): each decoder either rebuilds
 * exactly the source block or reports WZP_ERR_INSUFFICIENT, the two
 * decoders (with and without a coder) give the same verdict, and a set
 * that holds every source ESI always decodes. Anything else aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/raptorq.h"

#define MAX_SYMBOLS 128

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define K_CHOICES 41

/* Small blocks (the generator path, K' <= 101: K = 1..40) and one beyond
 * it (K = 102, the full constraint matrix). */
static uint32_t pick_k(uint8_t b)
{
	uint32_t i = b % K_CHOICES;

	return i < 40 ? 1 + i : 102;
}

static void *must_alloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL)
		abort();
	return p;
}

struct block {
	uint32_t K;
	size_t T;
	uint8_t *source; /* K * T */
	struct wzp_rq_coder *coder;
};

/* The block for (K, T), built on first use and kept: a coder costs far
 * more than a decode, and the fuzzer should spend its time decoding. */
static const struct block *get_block(uint8_t kb, uint8_t tb)
{
	static const size_t sizes[4] = { 1, 3, 8, 16 };
	static struct block cache[K_CHOICES][4];
	struct block *b = &cache[kb % K_CHOICES][tb & 3];
	size_t size;
	void *mem;

	if (b->source != NULL)
		return b;
	b->K = pick_k(kb);
	b->T = sizes[tb & 3];
	b->source = must_alloc((size_t)b->K * b->T);
	for (size_t i = 0; i < (size_t)b->K * b->T; i++)
		b->source[i] = (uint8_t)(i * 29 + 7);
	size = wzp_rq_coder_size(b->K, b->T);
	mem = must_alloc(size);
	if (wzp_rq_coder_init(mem, size, b->K, b->T, &b->coder) != WZP_OK ||
	    wzp_rq_encode_intermediate(b->coder, b->source) != WZP_OK)
		abort();
	return b;
}

/* One decoder's outcome: 1 decoded (and checked), 0 insufficient. */
static int outcome(enum wzp_err err, const struct block *b, const uint8_t *out)
{
	if (err == WZP_ERR_INSUFFICIENT)
		return 0;
	if (err != WZP_OK || memcmp(out, b->source, (size_t)b->K * b->T) != 0)
		abort();
	return 1;
}

/* The fuzzer's ESIs and their correct symbols; returns how many. */
static size_t receive(const struct block *b, const uint8_t *data, size_t size, uint32_t *esi,
		      uint8_t *sym)
{
	size_t n = 0;

	for (size_t i = 0; i + 3 <= size && n < MAX_SYMBOLS; i += 3, n++) {
		esi[n] = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
		if ((data[i] & 0x80) == 0) /* mostly ESIs near the block, not 2^24 apart */
			esi[n] %= b->K + 64;
		if (wzp_rq_encode_symbol(b->coder, esi[n], sym + n * b->T) != WZP_OK)
			abort();
	}
	return n;
}

static uint32_t missing_source(const struct block *b, const uint32_t *esi, size_t n)
{
	uint32_t missing = 0;

	for (uint32_t k = 0; k < b->K; k++) {
		size_t j = 0;

		while (j < n && esi[j] != k)
			j++;
		missing += j == n;
	}
	return missing;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t esi[MAX_SYMBOLS];
	const struct block *b;
	size_t n, work_size;
	uint8_t *sym, *out;
	void *work;
	int plain, with;

	if (size < 2)
		return 0;
	b = get_block(data[0], data[1]);
	sym = must_alloc(MAX_SYMBOLS * b->T);
	n = receive(b, data + 2, size - 2, esi, sym);
	work_size = wzp_rq_decode_work_size(b->K, b->T, n);
	work = must_alloc(work_size);
	out = must_alloc((size_t)b->K * b->T);
	plain = outcome(wzp_rq_decode(b->K, b->T, esi, sym, n, out, work, work_size), b, out);
	with = outcome(wzp_rq_decode_with(b->coder, esi, sym, n, out, work, work_size), b, out);
	if (plain != with || (missing_source(b, esi, n) == 0 && !plain))
		abort();
	free(out);
	free(work);
	free(sym);
	return 0;
}
