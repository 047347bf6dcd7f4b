/* describe.c: a scenario as JSON (describe.h). */
#include "describe.h"

#include "channel.h"

static const char *const TIERS[] = { "auto", "good", "degraded", "catastrophic" };
static const char *const JITTERS[] = { "uniform", "normal", "exponential" };

static void conditions(FILE *out, const struct netsim_conditions *c)
{
	fprintf(out,
		"{\"loss_ppm\":%u,\"ge_p_ppm\":%u,\"ge_r_ppm\":%u,\"ge_bad_loss_ppm\":%u,"
		"\"ge_good_loss_ppm\":%u,\"delay_us\":%llu,\"jitter_us\":%llu,\"jitter\":\"%s\","
		"\"reorder_ppm\":%u,\"reorder_gap_us\":%llu,\"duplicate_ppm\":%u,"
		"\"rate_bps\":%llu,\"queue_us\":%llu,\"queue_bytes\":%llu,\"loss_stationary_ppm\":%u}",
		c->loss_ppm, c->ge_p_ppm, c->ge_r_ppm, c->ge_bad_loss_ppm, c->ge_good_loss_ppm,
		(unsigned long long)c->delay_us, (unsigned long long)c->jitter_us,
		JITTERS[c->jitter], c->reorder_ppm, (unsigned long long)c->reorder_gap_us,
		c->duplicate_ppm, (unsigned long long)c->rate_bps, (unsigned long long)c->queue_us,
		(unsigned long long)c->queue_bytes, netsim_conditions_loss_ppm(c));
}

void describe_scenario(FILE *out, const struct netsim_scenario *s)
{
	fprintf(out, "{\"name\":\"%s\",\"duration_us\":%llu,\"seed\":%llu,\"members\":%u,"
		"\"codec\":\"%s\",\"steps\":[",
		s->name, (unsigned long long)s->duration_us, (unsigned long long)s->seed,
		s->members, s->codec == NETSIM_CODEC_NULL ? "null" : "real");
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct netsim_step *st = &s->steps[i];

		fprintf(out, "%s{\"at_us\":%llu,\"tier\":\"%s\",\"up\":", i ? "," : "",
			(unsigned long long)st->at_us, TIERS[st->tier]);
		conditions(out, &st->dir[NETSIM_UP]);
		fputs(",\"down\":", out);
		conditions(out, &st->dir[NETSIM_DOWN]);
		fputc('}', out);
	}
	fputs("],\"blackouts\":[", out);
	for (size_t i = 0; i < s->nblackouts; i++) {
		const struct netsim_blackout *b = &s->blackouts[i];

		fprintf(out, "%s{\"from_us\":%llu,\"until_us\":%llu,\"up\":%s,\"down\":%s}",
			i ? "," : "", (unsigned long long)b->from_us,
			(unsigned long long)b->until_us, b->dirs & 1 ? "true" : "false",
			b->dirs & 2 ? "true" : "false");
	}
	fputs("]}\n", out);
}
