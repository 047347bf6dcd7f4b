/* report.c: the session's files (report.h). */
#include "report.h"

static const char *codec_name(enum netsim_codec c)
{
	return c == NETSIM_CODEC_NULL ? "null" : "real";
}

static void write_checks(FILE *f, const struct netsim_verdict_set *v)
{
	fprintf(f, "  \"checks\": {\n");
	for (int i = 0; i < NETSIM_CHECKS; i++) {
		const struct netsim_check *c = &v->check[i];

		fprintf(f, "    \"%s\": {\"asked\": %s, \"pass\": %s, \"detail\": \"%s\"}%s\n",
			netsim_check_name((enum netsim_check_id)i), c->asked ? "true" : "false",
			c->pass ? "true" : "false", c->detail, i + 1 < NETSIM_CHECKS ? "," : "");
	}
	fprintf(f, "  },\n");
}

static void write_rates(FILE *f, const char *name, const uint64_t *bps, uint32_t m)
{
	fprintf(f, "  \"%s\": [", name);
	for (uint32_t i = 0; i < m; i++)
		fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)bps[i]);
	fprintf(f, "],\n");
}

/* The counters of a session, in the order summary.json lists them. */
static void write_counts(FILE *f, const struct netsim_result *r)
{
	const struct {
		const char *name;
		uint64_t value;
	} counts[] = {
		{ "frames_sent", r->frames_sent },
		{ "frames_played", r->frames_played },
		{ "acquisition_frames_sent", r->acquisition_sent },
		{ "acquisition_frames_played", r->acquisition_played },
		{ "frames_ideal_lost", r->frames_ideal_lost },
		{ "frames_recovered", r->frames_recovered },
		{ "frames_concealed", r->frames_concealed },
		{ "frames_late", r->frames_late },
		{ "frames_skipped", r->frames_skipped },
		{ "underruns", r->underruns },
		{ "packets_sent", r->packets_sent },
		{ "packets_lost_channel", r->packets_lost_channel },
		{ "samples_in", r->samples_in },
		{ "samples_out", r->samples_out },
	};

	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		fprintf(f, "  \"%s\": %llu,\n", counts[i].name, (unsigned long long)counts[i].value);
}

void netsim_write_summary(FILE *f, const struct netsim_scenario *s, uint64_t seed,
			  const struct netsim_result *r, const struct netsim_verdict_set *v)
{
	fprintf(f, "{\n  \"scenario\": \"%s\",\n  \"seed\": %llu,\n", s->name,
		(unsigned long long)seed);
	fprintf(f, "  \"members\": %u,\n  \"codec\": \"%s\",\n  \"duration_ms\": %llu,\n",
		(unsigned)s->members, codec_name(s->codec),
		(unsigned long long)(s->duration_us / 1000));
	fprintf(f, "  \"pass\": %s,\n", v->pass ? "true" : "false");
	write_checks(f, v);
	write_counts(f, r);
	fprintf(f, "  \"latency_ms\": {\"p50\": %u, \"p95\": %u, \"max\": %u, \"budget\": %u},\n",
		(unsigned)r->latency_p50_ms, (unsigned)r->latency_p95_ms,
		(unsigned)r->latency_max_ms, (unsigned)r->latency_budget_ms);
	fprintf(f, "  \"drift_ms\": %d,\n  \"drift_bound_ms\": %u,\n", (int)r->drift_ms,
		(unsigned)r->drift_bound_ms);
	write_rates(f, "up_bps", r->up_bps, s->members);
	write_rates(f, "down_bps", r->down_bps, s->members);
	fprintf(f, "  \"fidelity\": %.4f,\n  \"fidelity_floor\": %.2f,\n", r->fidelity,
		r->fidelity_floor);
	fprintf(f, "  \"tiers_used\": [%s%s%s],\n  \"tier_changes\": %u\n}\n",
		r->tiers_used & 1 ? "\"GOOD\"" : "",
		r->tiers_used & 2 ? (r->tiers_used & 1 ? ", \"DEGRADED\"" : "\"DEGRADED\"") : "",
		r->tiers_used & 4 ? (r->tiers_used & 3 ? ", \"CATASTROPHIC\"" : "\"CATASTROPHIC\"")
				  : "",
		(unsigned)r->tier_changes);
}

void netsim_write_series(FILE *f, const struct netsim_sample *rows, size_t n)
{
	double secs = (double)NETSIM_SAMPLE_US / 1e6;

	fprintf(f, "t_s,sent,arrived,loss_pct,received,recovered,concealed,played,"
		   "buffer_ms,delay_ms,tier,up_kbps,down_kbps\n");
	for (size_t i = 0; i < n; i++) {
		const struct netsim_sample *r = &rows[i];
		double loss = r->sent ? 100.0 * (1 - (double)r->arrived / r->sent) : 0;

		fprintf(f, "%.1f,%u,%u,%.2f,%u,%u,%u,%u,%u,%u,%u,%.2f,%.2f\n", (double)r->t_us / 1e6,
			r->sent, r->arrived, loss < 0 ? 0 : loss, r->received, r->recovered,
			r->concealed, r->played, r->buffer_ms, r->delay_ms, r->tier,
			(double)r->up_bits / secs / 1000, (double)r->down_bits / secs / 1000);
	}
}

void netsim_write_timing(FILE *f, const struct netsim_cpu *cpu, double *sim_share)
{
	static const char *const names[] = { "send (encode, FEC encode, seal)",
					     "receive (open, FEC decode, jitter buffer)",
					     "playout (decode, conceal)", "network model",
					     "simulator (events, relay, measurement)",
					     "fidelity scoring (an assertion, not the session)" };
	uint64_t total = 0;

	/* the session's CPU: fidelity scoring judges it and is not part of it */
	for (int i = 0; i < NETSIM_CPU_FIDELITY; i++)
		total += cpu->ns[i];
	*sim_share = total ? (double)(cpu->ns[NETSIM_CPU_NETWORK] + cpu->ns[NETSIM_CPU_SIM]) / total
			   : 0;
	fprintf(f, "{\n  \"note\": \"CPU time varies from run to run; the only netsim output that does\",\n");
	fprintf(f, "  \"session_ms\": %.1f,\n  \"parts\": {\n", (double)total / 1e6);
	for (int i = 0; i < NETSIM_CPU_PARTS; i++)
		fprintf(f, "    \"%s\": {\"ms\": %.1f, \"share\": %.3f}%s\n", names[i],
			(double)cpu->ns[i] / 1e6, total ? (double)cpu->ns[i] / total : 0,
			i + 1 < NETSIM_CPU_PARTS ? "," : "");
	fprintf(f, "  },\n  \"simulator_and_network_share\": %.3f,\n  \"target_share\": 0.10\n}\n",
		*sim_share);
}
