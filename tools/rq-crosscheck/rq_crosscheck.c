/* rq_crosscheck.c: line up libwzp's RaptorQ with Debian's liblcrq.
 *
 * liblcrq is used as a black box through its public API (lcrq.h).
 * Source data (shared/upstream-facts/fec.md B5):
 *   lcg: F = K * T bytes, x = 1, x = x * 1103515245 + 12345 mod 2^32,
 *        byte = (x >> 16) & 0xff;
 *   wzp: symbol j = [len & 0xff, len >> 8, len bytes of (37 j + 7) & 0xff,
 *        zeros], len = 20 + j.
 * Symbols are printed as "ESI <n> <hex>" lines with RFC 6330 ESIs.
 *
 * usage:
 *   rq_crosscheck vec ours|lcrq K T ESI_FIRST COUNT [lcg|wzp]
 *   rq_crosscheck dec ours|lcrq K T          < lines   (prints K source lines;
 *                                                        exit 3 if insufficient)
 *   rq_crosscheck check K T SEED EXTRA LOSSES
 *       in-process: ours and lcrq must give identical symbols for ESIs
 *       0 .. K+EXTRA-1, and for LOSSES seeded loss patterns each must decode
 *       the other's symbols back to the source. Prints one result line.
 *   rq_crosscheck bench K T R ITER
 *       time per block, ours and lcrq: encode (source block -> R repair
 *       symbols) and decode (the first R source symbols lost, R repairs in).
 *       Ours encodes and decodes with a coder built once (its K'-only
 *       precomputation), and also decodes without one (wzp_rq_decode).
 */
#define _POSIX_C_SOURCE 200809L
#include <lcrq.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/raptorq.h"

static void fill(uint8_t *d, unsigned K, unsigned T, int wzp)
{
	uint32_t x = 1;

	if (!wzp) {
		for (size_t i = 0; i < (size_t)K * T; i++) {
			x = x * 1103515245u + 12345u;
			d[i] = (uint8_t)(x >> 16);
		}
		return;
	}
	memset(d, 0, (size_t)K * T);
	for (unsigned j = 0; j < K; j++) {
		unsigned len = 20 + j;
		uint8_t *s = d + (size_t)j * T;

		s[0] = len & 0xff;
		if (T > 1)
			s[1] = (uint8_t)(len >> 8);
		if (T > 2)
			memset(s + 2, (j * 37 + 7) & 0xff, len < T - 2 ? len : T - 2);
	}
}

static void die(const char *msg)
{
	fprintf(stderr, "rq_crosscheck: %s\n", msg);
	exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

/* Our encoder: symbols for ESIs esi[0..n-1] into out (n * T). */
static void ours_encode(const uint8_t *src, unsigned K, unsigned T, const uint32_t *esi,
			size_t n, uint8_t *out)
{
	size_t size = wzp_rq_coder_size(K, T);
	void *mem = xmalloc(size);
	struct wzp_rq_coder *enc;

	if (wzp_rq_coder_init(mem, size, K, T, &enc) != WZP_OK ||
	    wzp_rq_encode_intermediate(enc, src) != WZP_OK)
		die("our encoder failed");
	for (size_t i = 0; i < n; i++)
		if (wzp_rq_encode_symbol(enc, esi[i], out + i * T) != WZP_OK)
			die("our encode_symbol failed");
	free(mem);
}

static void lcrq_encode(const uint8_t *src, unsigned K, unsigned T, const uint32_t *esi,
			size_t n, uint8_t *out)
{
	rq_t *rq = rq_init((size_t)K * T, T);

	if (!rq || rq_encode(rq, (void *)src, (size_t)K * T))
		die("lcrq encode failed");
	for (size_t i = 0; i < n; i++) {
		rq_pid_t pid = 0;

		pid = rq_pidsetesi(pid, esi[i]);
		rq_symbol(rq, &pid, out + i * T, 0);
	}
	rq_free(rq);
}

/* A decode's exit code: 0 decoded, 3 insufficient; anything else is fatal. */
static int verdict(enum wzp_err err)
{
	if (err == WZP_ERR_INSUFFICIENT)
		return 3;
	if (err != WZP_OK)
		die("our decoder: bad parameters");
	return 0;
}

/* Returns 0 on success, 3 if the implementation reports failure. */
static int ours_decode(unsigned K, unsigned T, const uint32_t *esi, const uint8_t *sym,
		       size_t n, uint8_t *out)
{
	size_t size = wzp_rq_decode_work_size(K, T, n);
	void *work = xmalloc(size);
	enum wzp_err err = wzp_rq_decode(K, T, esi, sym, n, out, work, size);

	free(work);
	return verdict(err);
}

/* The same through a coder's precomputation (wzp_rq_decode_with). */
static int ours_decode_with(unsigned K, unsigned T, const uint32_t *esi, const uint8_t *sym,
			    size_t n, uint8_t *out)
{
	size_t size = wzp_rq_coder_size(K, T), wsize = wzp_rq_decode_work_size(K, T, n);
	void *mem = xmalloc(size), *work = xmalloc(wsize);
	struct wzp_rq_coder *c;
	enum wzp_err err;

	if (wzp_rq_coder_init(mem, size, K, T, &c) != WZP_OK)
		die("coder init failed");
	err = wzp_rq_decode_with(c, esi, sym, n, out, work, wsize);
	free(mem), free(work);
	return verdict(err);
}

static int lcrq_decode(unsigned K, unsigned T, const uint32_t *esi, const uint8_t *sym,
		       size_t n, uint8_t *out)
{
	rq_t *rq = rq_init((size_t)K * T, T);
	uint32_t *e = xmalloc(n * sizeof(*e));
	int rc;

	memcpy(e, esi, n * sizeof(*e));
	rc = rq_decode(rq, out, (void *)sym, e, (uint32_t)n);
	free(e);
	rq_free(rq);
	return rc ? 3 : 0;
}

static void print_symbols(const uint32_t *esi, const uint8_t *sym, size_t n, unsigned T)
{
	for (size_t i = 0; i < n; i++) {
		printf("ESI %u ", esi[i]);
		for (unsigned j = 0; j < T; j++)
			printf("%02x", sym[i * T + j]);
		printf("\n");
	}
}

static int cmd_vec(int argc, char **argv)
{
	unsigned K, T, esi0, n;
	int lcrq, wzp;
	uint8_t *src, *out;
	uint32_t *esi;

	if (argc < 7)
		die("vec ours|lcrq K T ESI_FIRST COUNT [lcg|wzp]");
	lcrq = !strcmp(argv[2], "lcrq");
	K = atoi(argv[3]), T = atoi(argv[4]), esi0 = atoi(argv[5]), n = atoi(argv[6]);
	wzp = argc > 7 && !strcmp(argv[7], "wzp");
	src = xmalloc((size_t)K * T);
	out = xmalloc((size_t)n * T);
	esi = xmalloc((size_t)n * sizeof(*esi));
	fill(src, K, T, wzp);
	for (unsigned i = 0; i < n; i++)
		esi[i] = esi0 + i;
	(lcrq ? lcrq_encode : ours_encode)(src, K, T, esi, n, out);
	print_symbols(esi, out, n, T);
	free(src), free(out), free(esi);
	return 0;
}

static int hexval(int c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Reads "ESI n hex" lines; returns the count, arrays grow as needed. */
static size_t read_symbols(unsigned T, uint32_t **esi, uint8_t **sym)
{
	size_t n = 0, cap = 0;
	char *hex = xmalloc(2 * (size_t)T + 2);
	unsigned e;
	char fmt[32];

	snprintf(fmt, sizeof(fmt), " ESI %%u %%%us", 2 * T + 1);
	*esi = NULL, *sym = NULL;
	while (scanf(fmt, &e, hex) == 2) {
		if (strlen(hex) != 2 * (size_t)T)
			die("bad symbol length");
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*esi = realloc(*esi, cap * sizeof(**esi));
			*sym = realloc(*sym, cap * T);
			if (!*esi || !*sym)
				die("out of memory");
		}
		for (unsigned j = 0; j < T; j++)
			(*sym)[n * T + j] = (uint8_t)(hexval(hex[2 * j]) << 4 | hexval(hex[2 * j + 1]));
		(*esi)[n++] = e;
	}
	free(hex);
	return n;
}

static int cmd_dec(int argc, char **argv)
{
	unsigned K, T;
	uint32_t *esi, all[1];
	uint8_t *sym, *out;
	size_t n;
	int rc;

	if (argc < 5)
		die("dec ours|lcrq K T < lines");
	K = atoi(argv[3]), T = atoi(argv[4]);
	n = read_symbols(T, &esi, &sym);
	out = xmalloc((size_t)K * T);
	rc = (!strcmp(argv[2], "lcrq") ? lcrq_decode : ours_decode)(K, T, esi, sym, n, out);
	if (rc == 0) {
		for (unsigned k = 0; k < K; k++) {
			all[0] = k;
			print_symbols(all, out + (size_t)k * T, 1, T);
		}
	}
	free(esi), free(sym), free(out);
	return rc;
}

/* xorshift32, seeded; the loss patterns only need to be reproducible. */
static uint32_t next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Pick m of the n ESIs (Fisher-Yates prefix), in random order. */
static void pick(uint32_t *seed, size_t n, size_t m, size_t *idx)
{
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = 0; i < m; i++) {
		size_t j = i + next_rand(seed) % (n - i), t = idx[i];

		idx[i] = idx[j], idx[j] = t;
	}
}

/* The symbols idx[0..m-1] of sym, as a received set. */
static void gather(const size_t *idx, size_t m, const uint8_t *sym, unsigned T, uint32_t *pe,
		   uint8_t *ps)
{
	for (size_t i = 0; i < m; i++) {
		pe[i] = (uint32_t)idx[i];
		memcpy(ps + i * T, sym + idx[i] * T, T);
	}
}

struct tally {
	unsigned decodes, insufficient, wrong;
};

/* One decoder on one pattern: a success must give the source back.
 * Returns 1 if it decoded. */
static int try_decode(int (*dec)(unsigned, unsigned, const uint32_t *, const uint8_t *,
				  size_t, uint8_t *),
		       unsigned K, unsigned T, const uint32_t *pe, const uint8_t *ps, size_t m,
		       const uint8_t *src, uint8_t *out, struct tally *t)
{
	if (dec(K, T, pe, ps, m, out)) {
		t->insufficient++;
		return 0;
	}
	t->decodes++;
	if (memcmp(out, src, (size_t)K * T))
		t->wrong++;
	return 1;
}

static int cmd_check(int argc, char **argv)
{
	unsigned K, T, extra, losses, differ = 0;
	uint32_t seed, *esi, *pe;
	uint8_t *src, *a, *b, *ps, *out;
	size_t n, mism = 0, *idx;
	struct tally ours = { 0 }, with = { 0 }, lcrq = { 0 };

	if (argc < 7)
		die("check K T SEED EXTRA LOSSES");
	K = atoi(argv[2]), T = atoi(argv[3]), seed = (uint32_t)atol(argv[4]) | 1;
	extra = atoi(argv[5]), losses = atoi(argv[6]);
	n = (size_t)K + extra;
	src = xmalloc((size_t)K * T), out = xmalloc((size_t)K * T);
	a = xmalloc(n * T), b = xmalloc(n * T), ps = xmalloc(n * T);
	esi = xmalloc(n * sizeof(*esi)), pe = xmalloc(n * sizeof(*pe));
	idx = xmalloc(n * sizeof(*idx));
	fill(src, K, T, 0);
	for (size_t i = 0; i < n; i++)
		esi[i] = (uint32_t)i;
	ours_encode(src, K, T, esi, n, a);
	lcrq_encode(src, K, T, esi, n, b);
	for (size_t i = 0; i < n; i++)
		mism += memcmp(a + i * T, b + i * T, T) != 0;
	for (unsigned l = 0; l < losses; l++) {
		size_t m = K + l % 3; /* K, K+1 or K+2 symbols survive */
		int x, y, z;

		m = m < n ? m : n;
		pick(&seed, n, m, idx);
		gather(idx, m, b, T, pe, ps);
		x = try_decode(ours_decode, K, T, pe, ps, m, src, out, &ours);
		z = try_decode(ours_decode_with, K, T, pe, ps, m, src, out, &with);
		gather(idx, m, a, T, pe, ps);
		y = try_decode(lcrq_decode, K, T, pe, ps, m, src, out, &lcrq);
		differ += x != y || x != z;
	}
	printf("K=%u T=%u symbols=%zu mismatches=%zu ours_decoded_lcrq=%u/%u wrong=%u "
	       "(decode_with %u/%u wrong=%u) lcrq_decoded_ours=%u/%u wrong=%u "
	       "verdicts_differ=%u\n", K, T, n, mism, ours.decodes, losses, ours.wrong,
	       with.decodes, losses, with.wrong, lcrq.decodes, losses, lcrq.wrong, differ);
	free(src), free(out), free(a), free(b), free(ps), free(esi), free(pe), free(idx);
	return mism || ours.wrong || with.wrong || lcrq.wrong;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Ours per block, as WZP will run it: one encoder built up front. */
static double bench_ours_encode(const uint8_t *src, unsigned K, unsigned T, unsigned R,
				unsigned iter, uint8_t *sym)
{
	size_t size = wzp_rq_coder_size(K, T);
	void *mem = xmalloc(size);
	struct wzp_rq_coder *enc;
	double t0;

	if (wzp_rq_coder_init(mem, size, K, T, &enc) != WZP_OK)
		die("encoder init failed");
	t0 = now_us();
	for (unsigned i = 0; i < iter; i++) {
		wzp_rq_encode_intermediate(enc, src);
		for (unsigned r = 0; r < R; r++)
			wzp_rq_encode_symbol(enc, K + r, sym + (size_t)r * T);
	}
	t0 = (now_us() - t0) / iter;
	free(mem);
	return t0;
}

/* liblcrq per block: its API ties the intermediate symbols to an rq_t. */
static double bench_lcrq_encode(const uint8_t *src, unsigned K, unsigned T, unsigned R,
				unsigned iter, uint8_t *sym)
{
	double t0 = now_us();

	for (unsigned i = 0; i < iter; i++) {
		rq_t *rq = rq_init((size_t)K * T, T);

		rq_encode(rq, (void *)src, (size_t)K * T);
		for (unsigned r = 0; r < R; r++) {
			rq_pid_t pid = 0;

			pid = rq_pidsetesi(pid, K + r);
			rq_symbol(rq, &pid, sym + (size_t)r * T, 0);
		}
		rq_free(rq);
	}
	return (now_us() - t0) / iter;
}

static double bench_decode(int (*dec)(unsigned, unsigned, const uint32_t *, const uint8_t *,
				      size_t, uint8_t *),
			   unsigned K, unsigned T, const uint32_t *esi, const uint8_t *sym,
			   unsigned iter, const uint8_t *src, uint8_t *out)
{
	double t0 = now_us();

	for (unsigned i = 0; i < iter; i++)
		if (dec(K, T, esi, sym, K, out))
			die("bench set not decodable");
	t0 = (now_us() - t0) / iter;
	if (memcmp(out, src, (size_t)K * T))
		die("bench decode wrong");
	return t0;
}

/* Ours with the coder built once, as WZP will run it. */
static double bench_decode_with(unsigned K, unsigned T, const uint32_t *esi, const uint8_t *sym,
				unsigned iter, const uint8_t *src, uint8_t *out)
{
	size_t size = wzp_rq_coder_size(K, T), wsize = wzp_rq_decode_work_size(K, T, K);
	void *mem = xmalloc(size), *work = xmalloc(wsize);
	struct wzp_rq_coder *c;
	double t0;

	if (wzp_rq_coder_init(mem, size, K, T, &c) != WZP_OK)
		die("coder init failed");
	t0 = now_us();
	for (unsigned i = 0; i < iter; i++)
		if (wzp_rq_decode_with(c, esi, sym, K, out, work, wsize) != WZP_OK)
			die("bench set not decodable");
	t0 = (now_us() - t0) / iter;
	if (memcmp(out, src, (size_t)K * T))
		die("bench decode wrong");
	free(mem), free(work);
	return t0;
}

static int cmd_bench(int argc, char **argv)
{
	unsigned K, T, R, iter;
	uint8_t *src, *rep, *sym, *out;
	uint32_t *esi;

	if (argc < 6)
		die("bench K T R ITER");
	K = atoi(argv[2]), T = atoi(argv[3]), R = atoi(argv[4]), iter = atoi(argv[5]);
	if (R > K || R == 0)
		die("bench needs 1 <= R <= K");
	src = xmalloc((size_t)K * T), rep = xmalloc((size_t)R * T);
	sym = xmalloc((size_t)K * T), out = xmalloc((size_t)K * T);
	esi = xmalloc(K * sizeof(*esi));
	fill(src, K, T, 0);
	printf("K=%u T=%u R=%u encode_us ours=%.2f lcrq=%.2f", K, T, R,
	       bench_ours_encode(src, K, T, R, iter, rep), bench_lcrq_encode(src, K, T, R, iter, rep));
	for (unsigned k = 0; k < K; k++) { /* source R..K-1, then repairs K..K+R-1 */
		esi[k] = k < K - R ? R + k : K + (k - (K - R));
		memcpy(sym + (size_t)k * T, k < K - R ? src + (size_t)(R + k) * T :
		       rep + (size_t)(k - (K - R)) * T, T);
	}
	printf(" decode_us ours_with=%.2f ours_stateless=%.2f lcrq=%.2f\n",
	       bench_decode_with(K, T, esi, sym, iter, src, out),
	       bench_decode(ours_decode, K, T, esi, sym, iter, src, out),
	       bench_decode(lcrq_decode, K, T, esi, sym, iter, src, out));
	free(src), free(rep), free(sym), free(out), free(esi);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		die("usage: vec | dec | check | bench (see the comment at the top)");
	if (!strcmp(argv[1], "vec"))
		return cmd_vec(argc, argv);
	if (!strcmp(argv[1], "dec"))
		return cmd_dec(argc, argv);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc, argv);
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc, argv);
	die("unknown command");
	return 2;
}
