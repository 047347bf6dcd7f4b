/* test_quic_mem.c: the allocator the QUIC shell gives ngtcp2 (quic_mem.h). */
#define _DEFAULT_SOURCE /* mincore */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "quic_mem.h"

#define PAGES 16

/* Resident pages of the whole pages that [p, p + len) covers. */
static size_t resident(const uint8_t *p, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t start = (uintptr_t)p & ~(uintptr_t)(page - 1);
	size_t n = ((uintptr_t)p + len - start + page - 1) / page, count = 0;
	unsigned char v[PAGES + 2];

	assert_true(n <= sizeof v);
	assert_int_equal(mincore((void *)start, n * page, v), 0);
	for (size_t i = 0; i < n; i++)
		count += v[i] & 1;
	return count;
}

static void test_a_large_block_costs_only_the_pages_touched(void **state)
{
	const ngtcp2_mem *m = wzp_quic_mem();
	size_t len = PAGES * (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *p = m->malloc(len, m->user_data);

	(void)state;
	assert_non_null(p);
	p[0] = 1;
	assert_int_equal(resident(p, len), 1);
	p[len - 1] = 2;
	assert_int_equal(resident(p, len), 2);
	m->free(p, m->user_data);
}

static void test_calloc_zeroes_small_and_large_blocks(void **state)
{
	const ngtcp2_mem *m = wzp_quic_mem();
	size_t sizes[] = { 1, 100, 4096, 3 * 4096 + 5 };

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		uint8_t *p = m->calloc(1, sizes[i], m->user_data);

		assert_non_null(p);
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal(p[k], 0);
		m->free(p, m->user_data);
	}
	assert_null(m->calloc(SIZE_MAX / 2, 4, m->user_data));
}

/* Up across the page threshold and back down, the bytes stay. */
static void test_realloc_keeps_the_bytes(void **state)
{
	const ngtcp2_mem *m = wzp_quic_mem();
	size_t sizes[] = { 64, 20000, 100000, 50, 0 };
	uint8_t *p = m->realloc(NULL, 10, m->user_data);
	size_t kept = 10;

	(void)state;
	assert_non_null(p);
	memset(p, 0xab, kept);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		p = m->realloc(p, sizes[i], m->user_data);
		assert_non_null(p);
		kept = kept < sizes[i] ? kept : sizes[i];
		for (size_t k = 0; k < kept; k++)
			assert_int_equal(p[k], 0xab);
		memset(p, 0xab, sizes[i]);
		kept = sizes[i];
	}
	m->free(p, m->user_data);
	m->free(NULL, m->user_data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_large_block_costs_only_the_pages_touched),
		cmocka_unit_test(test_calloc_zeroes_small_and_large_blocks),
		cmocka_unit_test(test_realloc_keeps_the_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
