/* verdict.h: the assertions of a session (spec/09-netsim.md 9.3,
 * WZP-NETSIM-004..-008) and the binomial bound they use. Pure. */
#ifndef NETSIM_VERDICT_H
#define NETSIM_VERDICT_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"
#include "sim.h"

/* The two-sided confidence of every binomial interval netsim states. */
#define NETSIM_CONFIDENCE 0.99

enum netsim_check_id {
	NETSIM_CHECK_RECOVERY,
	NETSIM_CHECK_DRIFT,
	NETSIM_CHECK_LATENCY,
	NETSIM_CHECK_BITRATE,
	NETSIM_CHECK_FIDELITY,
};
#define NETSIM_CHECKS 5

struct netsim_check {
	bool asked;  /* the scenario expects it */
	bool pass;   /* meaningful when asked */
	char detail[200];
};

struct netsim_verdict_set {
	struct netsim_check check[NETSIM_CHECKS];
	bool pass; /* every asked check passed */
};

/* The Clopper-Pearson interval of x successes in n trials at confidence
 * conf: [lo, hi] (lo = 0 when x = 0, hi = 1 when x = n; both 0 for n = 0). */
void netsim_clopper_pearson(uint64_t x, uint64_t n, double conf, double *lo, double *hi);

/* The regularized incomplete beta function I_x(a, b), a, b > 0. */
double netsim_betai(double a, double b, double x);

void netsim_judge(const struct netsim_scenario *s, const struct netsim_result *r,
		  struct netsim_verdict_set *v);

const char *netsim_check_name(enum netsim_check_id id);

#endif
