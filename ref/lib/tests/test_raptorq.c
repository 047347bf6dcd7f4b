/* test_raptorq.c: RaptorQ (RFC 6330) core: tables against values printed
 * in the RFC, golden symbols agreed by liblcrq and npm raptorq
 * (shared/upstream-facts/fec.md B5), round trips with seeded losses,
 * repair-only sets, duplicates, and honest insufficiency. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "raptorq/rq_internal.h"
#include "wzp/raptorq.h"

/* ---- helpers ---- */

/* xorshift32: losses and data are seeded, so every failure reruns. */
static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* fec.md B5 "lcg" source block: x = x * 1103515245 + 12345, byte = x >> 16. */
static void fill_lcg(uint8_t *d, size_t n)
{
	uint32_t x = 1;

	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (uint8_t)(x >> 16);
	}
}

/* fec.md B5 "wzp" source block: [len, len >> 8, len x ((37 j + 7) & 0xff), 0...]. */
static void fill_wzp(uint8_t *d, uint32_t K, size_t T)
{
	memset(d, 0, K * T);
	for (uint32_t j = 0; j < K; j++) {
		unsigned len = 20 + j;

		d[j * T] = (uint8_t)len;
		d[j * T + 1] = (uint8_t)(len >> 8);
		memset(d + j * T + 2, (37 * j + 7) & 0xff, len);
	}
}

static void fill_random(uint8_t *d, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)next_rand(&seed);
}

static void from_hex(const char *hex, uint8_t *out, size_t T)
{
	size_t n = strlen(hex) / 2;

	memset(out, 0, T);
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

/* An encoder for one block, in malloc'd memory the test owns. */
struct enc {
	void *mem;
	struct wzp_rq_coder *e;
};

static struct enc make_encoder(uint32_t K, size_t T, const uint8_t *source)
{
	struct enc x;
	size_t size = wzp_rq_coder_size(K, T);

	x.mem = malloc(size);
	assert_non_null(x.mem);
	assert_int_equal(wzp_rq_coder_init(x.mem, size, K, T, &x.e), WZP_OK);
	assert_int_equal(wzp_rq_encode_intermediate(x.e, source), WZP_OK);
	return x;
}

/* Decode with wzp_rq_decode and with wzp_rq_decode_with (a fresh coder):
 * both must agree on the verdict and on the block. */
static enum wzp_err decode(uint32_t K, size_t T, const uint32_t *esi, const uint8_t *sym,
			   size_t n, uint8_t *out)
{
	size_t size = wzp_rq_decode_work_size(K, T, n), csize = wzp_rq_coder_size(K, T);
	void *work = malloc(size), *mem = malloc(csize);
	uint8_t *out2 = malloc(K * T);
	struct wzp_rq_coder *c;
	enum wzp_err err, err2;

	assert_true(work != NULL && mem != NULL && out2 != NULL);
	err = wzp_rq_decode(K, T, esi, sym, n, out, work, size);
	assert_int_equal(wzp_rq_coder_init(mem, csize, K, T, &c), WZP_OK);
	err2 = wzp_rq_decode_with(c, esi, sym, n, out2, work, size);
	assert_int_equal(err, err2);
	if (err == WZP_OK)
		assert_memory_equal(out, out2, K * T);
	free(work), free(mem), free(out2);
	return err;
}

/* Encode the symbols esi[0..n-1] of a block into sym (n * T). */
static void encode_set(const struct enc *x, const uint32_t *esi, size_t n, size_t T,
		       uint8_t *sym)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(wzp_rq_encode_symbol(x->e, esi[i], sym + i * T), WZP_OK);
}

/* ---- tables (RFC 6330 5.5, 5.6, 5.7) ---- */

static int is_prime(uint32_t n)
{
	for (uint32_t f = 2; f * f <= n; f++)
		if (n % f == 0)
			return 0;
	return n > 1;
}

/* verifies: WZP-RQ-003 */
static void test_table2_spot_values_and_rules(void **state)
{
	const struct wzp_rq_table2_row *t = wzp_rq_table2;

	(void)state;
	/* First and last rows as printed in RFC 6330 Table 2. */
	assert_true(t[0].K_prime == 10 && t[0].J == 254 && t[0].S == 7 && t[0].H == 10 &&
		    t[0].W == 17);
	assert_true(t[1].K_prime == 12 && t[1].J == 630 && t[1].W == 19);
	assert_true(t[476].K_prime == 56403 && t[476].J == 471 && t[476].S == 907 &&
		    t[476].H == 16 && t[476].W == 56951);
	for (int i = 0; i < RQ_TABLE2_ROWS; i++) {
		assert_true(is_prime(t[i].S) && is_prime(t[i].W)); /* 5.3.3.3 */
		assert_true(i == 0 || t[i].K_prime > t[i - 1].K_prime);
	}
}

static void test_rand_tables_and_deg(void **state)
{
	(void)state;
	/* RFC 6330 5.5.1 .. 5.5.4, first entries. */
	assert_int_equal(wzp_rq_v0[0], 251291136u);
	assert_int_equal(wzp_rq_v0[1], 3952231631u);
	assert_int_equal(wzp_rq_v1[0], 807385413u);
	assert_int_equal(wzp_rq_v2[0], 1629829892u);
	assert_int_equal(wzp_rq_v3[0], 1191369816u);
	/* RFC 6330 Table 1. */
	assert_int_equal(wzp_rq_deg_f[1], 5243);
	assert_int_equal(wzp_rq_deg_f[2], 529531);
	assert_int_equal(wzp_rq_deg_f[30], 1u << 20);
	assert_int_equal(wzp_rq_deg(0, 100), 1);
	assert_int_equal(wzp_rq_deg(5243, 100), 2);
	assert_int_equal(wzp_rq_deg(1048575, 100), 30);
	assert_int_equal(wzp_rq_deg(1048575, 17), 15); /* capped at W - 2 */
}

static void test_octet_tables(void **state)
{
	static const uint8_t exp_head[12] = { 1, 2, 4, 8, 16, 32, 64, 128, 29, 58, 116, 232 };
	static const uint8_t log_head[12] = { 0, 0, 1, 25, 2, 50, 26, 198, 3, 223, 51, 238 };

	(void)state;
	/* RFC 6330 5.7.3 / 5.7.4 as printed (OCT_LOG starts at index 1). */
	assert_memory_equal(wzp_rq_oct_exp, exp_head, 12);
	assert_memory_equal(wzp_rq_oct_log + 1, log_head + 1, 11);
	for (unsigned u = 1; u < 256; u++)
		assert_int_equal(wzp_rq_oct_exp[wzp_rq_oct_log[u]], u);
	for (unsigned i = 0; i < 255; i++)
		assert_int_equal(wzp_rq_oct_exp[i + 255], wzp_rq_oct_exp[i]);
}

/* ---- parameters ---- */

/* verifies: WZP-RQ-003 */
static void test_params(void **state)
{
	struct wzp_rq_params p;

	(void)state;
	assert_int_equal(wzp_rq_params_init(&p, 1), WZP_OK);
	assert_true(p.K_prime == 10 && p.J == 254 && p.S == 7 && p.H == 10 && p.W == 17);
	assert_true(p.L == 27 && p.P == 10 && p.P1 == 11 && p.U == 0 && p.B == 10);
	assert_int_equal(wzp_rq_params_init(&p, 10), WZP_OK);
	assert_int_equal(p.K_prime, 10);
	assert_int_equal(wzp_rq_params_init(&p, 11), WZP_OK);
	assert_int_equal(p.K_prime, 12);
	assert_int_equal(wzp_rq_params_init(&p, WZP_RQ_K_MAX), WZP_OK);
	assert_true(p.K_prime == 56403 && p.L == 56403 + 907 + 16);
	assert_int_equal(wzp_rq_params_init(&p, 0), WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_rq_params_init(&p, WZP_RQ_K_MAX + 1), WZP_ERR_BAD_PARAM);
}

/* ---- golden symbols (fec.md B5; liblcrq = npm raptorq = raptorq 2.0.1) ---- */

static const char lcg_k5_esi5[] =
	"f1ecba8affa31f51f4d345164a65b27c306ac19c4a3f890fb00ce2e255da71e8015f150cfbfdc93b"
	"5b68b49c41343073fbbc9cce344c63ec8ec3746bd47bc4899a94147a7f0d6e42be9918a93a4b7bd3"
	"e1d60126fc72d1239eca6ea22d71e58b41451650083ab74af5d118b2cfd88ba32fd5a9e87ad2a401"
	"41d3fa2b8a6f6d65d62c8638f4885ccee8f4f7ef3c7a7b527fdaa3551dd14da86ca7714aebfae05a"
	"970d62729794200d60c9bafed90e0abb6412426942420cb7ff37e1c39568115c0a60f1ad8a4723fd"
	"9100064a0173b0a7ca18564fcd90cd6df1aad070240659655ce7dcdb2415a0c0f771a2055f1ba81c"
	"776c1b1eb6c00947dd6782b089bbe315";

/* verifies: WZP-RQ-001 WZP-RQ-002 WZP-RQ-003 */
static void test_golden_lcg_k5(void **state)
{
	uint8_t src[5 * 256], want[256], got[256];
	struct enc x;

	(void)state;
	fill_lcg(src, sizeof src);
	x = make_encoder(5, 256, src);
	from_hex(lcg_k5_esi5, want, 256);
	assert_int_equal(wzp_rq_encode_symbol(x.e, 5, got), WZP_OK);
	assert_memory_equal(got, want, 256);
	for (uint32_t k = 0; k < 5; k++) {
		assert_int_equal(wzp_rq_encode_symbol(x.e, k, got), WZP_OK);
		assert_memory_equal(got, src + k * 256, 256);
	}
	free(x.mem);
}

struct golden {
	uint32_t K, esi;
	const char *hex; /* followed by zeros up to T = 256 */
};

static const struct golden wzp_tiers[] = {
	{ 5, 5, "88005454545454545454545454545454545454545454533226fd" },
	{ 10, 10, "97007c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7b1a0ed5281b5b3e76" },
	{ 10, 11, "e300a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7fe92d7c79f15dee1c1" },
	{ 10, 12, "ab008e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8eff3e055d15989451bd" },
	{ 10, 13, "5f00828282828282828282828282828282828282828223e1836981042490ca" },
	{ 10, 14, "2f005f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f28c5051d4b9d86051c" },
	{ 8, 8, "8b004242424242424242424242424242424242424242452430eb162565" },
	{ 8, 9, "3d0046464646464646464646464646464646464646461f7336267ef43f" },
	{ 8, 10, "9600dfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfdfae6f540c44c9c5" },
	{ 8, 11, "13001212121212121212121212121212121212121212b37113f91194b4" },
	{ 8, 12, "be005a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a2dc000184e9883" },
	{ 8, 13, "ca005b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b23f1b9a155ccbb" },
	{ 8, 14, "ae00e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e13812d688b65fe8" },
	{ 8, 15, "e100ebebebebebebebebebebebebebebebebebebebeb9d66e2167cc428" },
};

/* verifies: WZP-RQ-001 WZP-RQ-002 WZP-RQ-003 */
static void test_golden_wzp_tiers(void **state)
{
	uint8_t src[10 * 256], want[256], got[256];

	(void)state;
	for (size_t i = 0; i < sizeof wzp_tiers / sizeof wzp_tiers[0]; i++) {
		const struct golden *g = &wzp_tiers[i];
		struct enc x;

		fill_wzp(src, g->K, 256);
		x = make_encoder(g->K, 256, src);
		from_hex(g->hex, want, 256);
		assert_int_equal(wzp_rq_encode_symbol(x.e, g->esi, got), WZP_OK);
		assert_memory_equal(got, want, 256);
		free(x.mem);
	}
}

/* ---- round trips ---- */

/* Encode ESIs 0..K+extra-1, deliver `keep` of them in random order, decode. */
static enum wzp_err round_trip(uint32_t K, size_t T, uint32_t extra, uint32_t keep,
			       uint32_t seed, int repair_only)
{
	uint32_t n = K + extra, first = repair_only ? K : 0;
	uint8_t *src = malloc((size_t)K * T), *sym = malloc((size_t)n * T);
	uint8_t *out = malloc((size_t)K * T);
	uint32_t *esi = malloc(n * sizeof(*esi));
	enum wzp_err err;
	struct enc x;

	fill_random(src, (size_t)K * T, seed);
	x = make_encoder(K, T, src);
	for (uint32_t i = 0; i < n; i++)
		esi[i] = first + i;
	for (uint32_t i = 0; i < n; i++) { /* shuffle: arbitrary arrival order */
		uint32_t j = i + next_rand(&seed) % (n - i), t = esi[i];

		esi[i] = esi[j], esi[j] = t;
	}
	encode_set(&x, esi, keep, T, sym);
	err = decode(K, T, esi, sym, keep, out);
	if (err == WZP_OK)
		assert_memory_equal(out, src, (size_t)K * T);
	free(x.mem), free(src), free(sym), free(out), free(esi);
	return err;
}

/* verifies: WZP-RQ-001 WZP-RQ-004 */
static void test_round_trips_with_losses(void **state)
{
	static const size_t Ts[] = { 1, 3, 8, 16, 64, 256 };
	uint32_t seed = 12345;

	(void)state;
	for (uint32_t K = 1; K <= 60; K++)
		for (size_t t = 0; t < sizeof Ts / sizeof Ts[0]; t++)
			assert_int_equal(round_trip(K, Ts[t], K / 2 + 4, K + 2,
						    next_rand(&seed), 0), WZP_OK);
}

/* verifies: WZP-RQ-001 WZP-RQ-004 */
static void test_round_trips_larger_k(void **state)
{
	static const uint32_t Ks[] = { 100, 101, 102, 160, 300, 555, 1000 };
	uint32_t seed = 777;

	(void)state;
	for (size_t i = 0; i < sizeof Ks / sizeof Ks[0]; i++)
		assert_int_equal(round_trip(Ks[i], 16, Ks[i] / 5, Ks[i] + 2,
					    next_rand(&seed), 0), WZP_OK);
}

/* verifies: WZP-RQ-002 WZP-RQ-004 */
static void test_repair_only(void **state)
{
	(void)state;
	for (uint32_t K = 1; K <= 40; K += 3)
		assert_int_equal(round_trip(K, 32, 10, K + 2, 99 + K, 1), WZP_OK);
}

/* Source ESIs 0..8 and the first repair ESI 10 decode K = 10 (a set of
 * exactly K symbols, known to have full rank). */
/* verifies: WZP-RQ-004 */
static void test_exactly_k_sufficient(void **state)
{
	uint32_t esi[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 10 };
	uint8_t src[10 * 8], sym[10 * 8], out[10 * 8];
	struct enc x;

	(void)state;
	fill_random(src, sizeof src, 5);
	x = make_encoder(10, 8, src);
	encode_set(&x, esi, 10, 8, sym);
	assert_int_equal(decode(10, 8, esi, sym, 10, out), WZP_OK);
	assert_memory_equal(out, src, sizeof src);
	free(x.mem);
}

/* verifies: WZP-RQ-004 */
static void test_duplicates_ignored(void **state)
{
	uint32_t esi[24];
	uint8_t src[10 * 16], sym[24 * 16], out[10 * 16];
	struct enc x;

	(void)state;
	fill_random(src, sizeof src, 8);
	x = make_encoder(10, 16, src);
	for (uint32_t i = 0; i < 12; i++) {
		esi[2 * i] = (i * 7) % 12 + 3;     /* ESIs 3..14, scrambled */
		esi[2 * i + 1] = esi[2 * i];       /* each one twice */
	}
	encode_set(&x, esi, 24, 16, sym);
	assert_int_equal(decode(10, 16, esi, sym, 24, out), WZP_OK);
	assert_memory_equal(out, src, sizeof src);
	free(x.mem);
}

/* verifies: WZP-RQ-005 */
static void test_insufficient_reported(void **state)
{
	uint32_t esi[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8 };
	uint8_t src[10 * 4], sym[12 * 4], out[10 * 4];
	struct enc x;

	(void)state;
	fill_random(src, sizeof src, 3);
	x = make_encoder(10, 4, src);
	encode_set(&x, esi, 12, 4, sym);
	/* 9 distinct symbols, repeated: never enough for K = 10. */
	assert_int_equal(decode(10, 4, esi, sym, 12, out), WZP_ERR_INSUFFICIENT);
	assert_int_equal(decode(10, 4, esi, sym, 9, out), WZP_ERR_INSUFFICIENT);
	assert_int_equal(decode(10, 4, esi, sym, 0, out), WZP_ERR_INSUFFICIENT);
	for (uint32_t K = 2; K <= 30; K++) /* K - 1 repairs, shuffled */
		assert_int_equal(round_trip(K, 8, 5, K - 1, 40 + K, 1), WZP_ERR_INSUFFICIENT);
	free(x.mem);
}

static void test_bad_params(void **state)
{
	uint8_t src[4 * 8] = { 0 }, sym[8], out[4 * 8], work[64];
	uint32_t esi = WZP_RQ_ESI_MAX + 1;
	struct enc x;

	(void)state;
	assert_int_equal(wzp_rq_decode_with(NULL, &esi, src, 1, out, work, sizeof work),
			 WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_rq_coder_size(0, 8), 0);
	assert_int_equal(wzp_rq_coder_size(4, 0), 0);
	assert_int_equal(wzp_rq_coder_init(work, sizeof work, 4, 8, &x.e), WZP_ERR_NO_MEMORY);
	x = make_encoder(4, 8, src);
	assert_int_equal(wzp_rq_encode_symbol(x.e, esi, sym), WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_rq_encode_symbol(x.e, WZP_RQ_ESI_MAX, sym), WZP_OK);
	assert_int_equal(wzp_rq_decode(4, 8, &esi, src, 1, out, work, sizeof work),
			 WZP_ERR_BAD_PARAM);
	esi = 0;
	assert_int_equal(wzp_rq_decode(4, 8, &esi, src, 1, out, work, sizeof work),
			 WZP_ERR_NO_MEMORY);
	free(x.mem);
}

/* Encoding twice with one encoder gives the second block's symbols. */
static void test_encoder_reuse(void **state)
{
	uint8_t a[7 * 24], b[7 * 24], got[24], want[24];
	struct enc x, y;

	(void)state;
	fill_random(a, sizeof a, 1);
	fill_random(b, sizeof b, 2);
	x = make_encoder(7, 24, a);
	y = make_encoder(7, 24, b);
	assert_int_equal(wzp_rq_encode_intermediate(x.e, b), WZP_OK);
	for (uint32_t esi = 0; esi < 20; esi++) {
		assert_int_equal(wzp_rq_encode_symbol(x.e, esi, got), WZP_OK);
		assert_int_equal(wzp_rq_encode_symbol(y.e, esi, want), WZP_OK);
		assert_memory_equal(got, want, 24);
	}
	free(x.mem), free(y.mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table2_spot_values_and_rules),
		cmocka_unit_test(test_rand_tables_and_deg),
		cmocka_unit_test(test_octet_tables),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_golden_lcg_k5),
		cmocka_unit_test(test_golden_wzp_tiers),
		cmocka_unit_test(test_round_trips_with_losses),
		cmocka_unit_test(test_round_trips_larger_k),
		cmocka_unit_test(test_repair_only),
		cmocka_unit_test(test_exactly_k_sufficient),
		cmocka_unit_test(test_duplicates_ignored),
		cmocka_unit_test(test_insufficient_reported),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_encoder_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
