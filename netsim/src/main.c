/* main.c: wzp-netsim, one scenario in simulated time (netsim/README.md).
 *
 *   wzp-netsim SCENARIO --out DIR [--seed N] [--speech DIR] [--quiet]
 *
 * Writes DIR/summary.json, DIR/series.csv (identical for the same
 * scenario, seed and build: WZP-NETSIM-003) and DIR/timing.json (the CPU
 * split; varies).
 * Exit status: 0 every asked assertion passed, 1 one failed, 2 the
 * scenario or the run failed. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report.h"
#include "scenario.h"
#include "sim.h"
#include "verdict.h"

#define SCENARIO_MAX_BYTES 65536

struct options {
	const char *scenario, *out, *speech;
	uint64_t seed;
	int has_seed, quiet;
};

static int usage(void)
{
	fprintf(stderr, "usage: wzp-netsim SCENARIO --out DIR [--seed N] [--speech DIR] [--quiet]\n");
	return 2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .speech = "build/fixtures" };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;

		if (strcmp(a, "--quiet") == 0) {
			o->quiet = 1;
		} else if (i + 1 < argc && strcmp(a, "--out") == 0) {
			o->out = argv[++i];
		} else if (i + 1 < argc && strcmp(a, "--speech") == 0) {
			o->speech = argv[++i];
		} else if (i + 1 < argc && strcmp(a, "--seed") == 0) {
			errno = 0;
			o->seed = strtoull(argv[++i], &end, 10);
			if (errno || *end || argv[i][0] == '-')
				return -1;
			o->has_seed = 1;
		} else if (a[0] != '-' && !o->scenario) {
			o->scenario = a;
		} else {
			return -1;
		}
	}
	return o->scenario && o->out ? 0 : -1;
}

static int load(const char *path, struct netsim_scenario *s)
{
	static char text[SCENARIO_MAX_BYTES];
	struct netsim_scenario_error err;
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "netsim: cannot open %s\n", path);
		return -1;
	}
	n = fread(text, 1, sizeof text, f);
	fclose(f);
	if (n == sizeof text) {
		fprintf(stderr, "%s: longer than %d bytes\n", path, SCENARIO_MAX_BYTES);
		return -1;
	}
	if (netsim_scenario_parse(s, text, n, &err) != NETSIM_SCENARIO_OK) {
		fprintf(stderr, "%s:%u: %s\n", path, err.line, netsim_scenario_strerror(err.code));
		return -1;
	}
	return 0;
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "netsim: cannot write %s\n", path);
	return f;
}

static int write_files(const struct options *o, const struct netsim_scenario *s, uint64_t seed,
		       const struct netsim_result *r, const struct netsim_verdict_set *v,
		       const struct netsim_sample *rows, size_t n, const struct netsim_cpu *cpu,
		       double *share)
{
	FILE *sum = open_out(o->out, "summary.json"), *ser = open_out(o->out, "series.csv");
	FILE *tim = open_out(o->out, "timing.json");
	int rc = sum && ser && tim ? 0 : -1;

	if (rc == 0) {
		netsim_write_summary(sum, s, seed, r, v);
		netsim_write_series(ser, rows, n);
		netsim_write_timing(tim, cpu, share);
	}
	if (sum && fclose(sum) != 0)
		rc = -1;
	if (ser && fclose(ser) != 0)
		rc = -1;
	if (tim && fclose(tim) != 0)
		rc = -1;
	return rc;
}

static void print_verdicts(const struct netsim_scenario *s, uint64_t seed,
			   const struct netsim_verdict_set *v, double share)
{
	printf("%s seed %llu: %s (simulator and network %.1f%% of CPU)\n", s->name,
	       (unsigned long long)seed, v->pass ? "PASS" : "FAIL", 100 * share);
	for (int i = 0; i < NETSIM_CHECKS; i++) {
		const struct netsim_check *c = &v->check[i];

		printf("  %-8s %-4s %s\n", netsim_check_name((enum netsim_check_id)i),
		       !c->asked ? "-" : c->pass ? "ok" : "FAIL", c->detail);
	}
}

int main(int argc, char **argv)
{
	static struct netsim_scenario s;
	struct options o;
	struct netsim_result r;
	struct netsim_verdict_set v;
	struct netsim_sample *rows = NULL;
	struct netsim_cpu cpu;
	size_t n = 0;
	double share = 0;
	uint64_t seed;

	if (parse_args(argc, argv, &o) != 0)
		return usage();
	if (load(o.scenario, &s) != 0)
		return 2;
	if (mkdir(o.out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "netsim: cannot create %s\n", o.out);
		return 2;
	}
	seed = o.has_seed ? o.seed : s.seed;
	if (netsim_run(&s, seed, o.speech, o.quiet ? NULL : stderr, &r, &rows, &n, &cpu) != 0) {
		free(rows);
		return 2;
	}
	netsim_judge(&s, &r, &v);
	if (write_files(&o, &s, seed, &r, &v, rows, n, &cpu, &share) != 0) {
		free(rows);
		return 2;
	}
	free(rows);
	print_verdicts(&s, seed, &v, share);
	return v.pass ? 0 : 1;
}
