/* verdict.c: the session assertions and the Clopper-Pearson bound
 * (verdict.h). */
#include "verdict.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The continued fraction of I_x(a, b) (modified Lentz). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;

	d = 1 / (fabs(d) < tiny ? tiny : d);
	h = d;
	for (int m = 1; m <= 10000; m++) {
		double m2 = 2.0 * m, aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2)), del;

		d = 1 + aa * d;
		c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-13)
			break;
	}
	return h;
}

double netsim_betai(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * betacf(a, b, x) / a;
	return 1 - front * betacf(b, a, 1 - x) / b;
}

/* The p with I_p(a, b) = q, by bisection (I is increasing in p). */
static double beta_quantile(double a, double b, double q)
{
	double lo = 0, hi = 1;

	for (int i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;

		if (netsim_betai(a, b, mid) < q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

void netsim_clopper_pearson(uint64_t x, uint64_t n, double conf, double *lo, double *hi)
{
	double alpha = 1 - conf;

	*lo = *hi = 0;
	if (n == 0)
		return;
	*lo = x == 0 ? 0 : beta_quantile((double)x, (double)(n - x + 1), alpha / 2);
	*hi = x == n ? 1 : beta_quantile((double)(x + 1), (double)(n - x), 1 - alpha / 2);
}

const char *netsim_check_name(enum netsim_check_id id)
{
	static const char *const names[] = { "recovery", "drift", "latency", "bitrate",
					     "fidelity" };

	return names[id];
}

/* WZP-NETSIM-004: frames the FEC did not hand on (not played, less those
 * the jitter buffer dropped as late or skipped) not above the ideal
 * code's count on the same loss pattern, beyond the Clopper-Pearson
 * interval. */
static void judge_recovery(const struct netsim_result *r, struct netsim_check *c)
{
	uint64_t n = r->frames_sent, buffer = r->frames_late + r->frames_skipped;
	uint64_t missing = n > r->frames_played ? n - r->frames_played : 0;
	uint64_t x = missing > buffer ? missing - buffer : 0;
	double lo, hi, ideal = n ? (double)r->frames_ideal_lost / (double)n : 0;

	netsim_clopper_pearson(x, n, NETSIM_CONFIDENCE, &lo, &hi);
	c->pass = n > 0 && lo <= ideal;
	snprintf(c->detail, sizeof c->detail,
		 "residual %llu/%llu = %.4f%% (99%% CP %.4f%%-%.4f%%), ideal %.4f%%; "
		 "%llu more late or skipped",
		 (unsigned long long)x, (unsigned long long)n, n ? 100.0 * (double)x / (double)n : 0,
		 100 * lo, 100 * hi, 100 * ideal, (unsigned long long)(missing - x));
}

/* WZP-NETSIM-005 */
static void judge_drift(const struct netsim_result *r, struct netsim_check *c)
{
	c->pass = (uint32_t)abs(r->drift_ms) <= r->drift_bound_ms;
	snprintf(c->detail, sizeof c->detail, "playout lag changed %d ms (bound %u ms)",
		 (int)r->drift_ms, (unsigned)r->drift_bound_ms);
}

/* WZP-NETSIM-006 */
static void judge_latency(const struct netsim_result *r, struct netsim_check *c)
{
	c->pass = r->latency_p95_ms > 0 && r->latency_p95_ms <= r->latency_budget_ms;
	snprintf(c->detail, sizeof c->detail, "p95 %u ms, p50 %u ms, max %u ms (budget %u ms)",
		 (unsigned)r->latency_p95_ms, (unsigned)r->latency_p50_ms,
		 (unsigned)r->latency_max_ms, (unsigned)r->latency_budget_ms);
}

/* WZP-NETSIM-007: every member's mean offered rate within each capped
 * direction's lowest cap. */
static void judge_bitrate(const struct netsim_scenario *s, const struct netsim_result *r,
			  struct netsim_check *c)
{
	uint64_t cap[NETSIM_DIRS] = { netsim_scenario_min_rate(s, NETSIM_UP),
				      netsim_scenario_min_rate(s, NETSIM_DOWN) };
	uint64_t top[NETSIM_DIRS] = { 0, 0 };

	for (uint32_t i = 0; i < s->members; i++) {
		top[NETSIM_UP] = r->up_bps[i] > top[NETSIM_UP] ? r->up_bps[i] : top[NETSIM_UP];
		top[NETSIM_DOWN] = r->down_bps[i] > top[NETSIM_DOWN] ? r->down_bps[i]
								    : top[NETSIM_DOWN];
	}
	c->pass = (!cap[0] || top[0] <= cap[0]) && (!cap[1] || top[1] <= cap[1]);
	snprintf(c->detail, sizeof c->detail,
		 "highest up %.1f kbps (cap %.1f), down %.1f kbps (cap %.1f; 0: none)",
		 (double)top[0] / 1000, (double)cap[0] / 1000, (double)top[1] / 1000,
		 (double)cap[1] / 1000);
}

/* WZP-NETSIM-008 */
static void judge_fidelity(const struct netsim_result *r, struct netsim_check *c)
{
	c->pass = r->fidelity >= 0 && r->fidelity >= r->fidelity_floor;
	snprintf(c->detail, sizeof c->detail, "score %.4f (floor %.2f; -1: not measurable)",
		 r->fidelity, r->fidelity_floor);
}

void netsim_judge(const struct netsim_scenario *s, const struct netsim_result *r,
		  struct netsim_verdict_set *v)
{
	memset(v, 0, sizeof *v);
	judge_recovery(r, &v->check[NETSIM_CHECK_RECOVERY]);
	judge_drift(r, &v->check[NETSIM_CHECK_DRIFT]);
	judge_latency(r, &v->check[NETSIM_CHECK_LATENCY]);
	judge_bitrate(s, r, &v->check[NETSIM_CHECK_BITRATE]);
	judge_fidelity(r, &v->check[NETSIM_CHECK_FIDELITY]);
	v->pass = true;
	for (int i = 0; i < NETSIM_CHECKS; i++) {
		v->check[i].asked = (s->expect >> i) & 1;
		if (v->check[i].asked && !v->check[i].pass)
			v->pass = false;
	}
}
