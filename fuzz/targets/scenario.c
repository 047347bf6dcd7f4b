/* Fuzz target: netsim scenario files (netsim/src/scenario.c) and the
 * channel under whatever they parse to. Properties: a parsed scenario has
 * a name, a duration, members in range, steps starting at 0 in
 * non-decreasing time before the end; the channel never delivers a packet
 * before it was sent, nor more than two copies, and counts every packet
 * under exactly one fate. Built with netsim/src by netsim/netsim.mk; seeds
 * are fuzz/regressions/scenario/ (the scenario library's files).
 * seed-ops: */
#include <stdlib.h>

#include "../../netsim/src/channel.h"
#include "../../netsim/src/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_scenario(const struct netsim_scenario *s)
{
	if (!s->name[0] || !s->duration_us || s->members < 2 || s->members > NETSIM_MEMBERS_MAX ||
	    s->nsteps < 1 || s->nsteps > NETSIM_STEPS_MAX || s->steps[0].at_us != 0)
		abort();
	for (size_t i = 1; i < s->nsteps; i++)
		if (s->steps[i].at_us < s->steps[i - 1].at_us || s->steps[i].at_us >= s->duration_us)
			abort();
}

static void drive_channel(const struct netsim_scenario *s)
{
	struct netsim_channel ch;
	struct netsim_conditions cond;
	struct netsim_verdict v;
	uint64_t step = s->duration_us / 200 + 1, total = 0;

	netsim_channel_init(&ch, s->seed, 0);
	for (uint64_t t = 0; t < s->duration_us; t += step) {
		netsim_scenario_at(s, NETSIM_DOWN, t, &cond);
		netsim_channel_send(&ch, &cond, t, 100 + t % 200, &v);
		if (v.copies > 2 || (v.fate == NETSIM_DELIVERED) != (v.copies > 0))
			abort();
		for (unsigned i = 0; i < v.copies; i++)
			if (v.deliver_us[i] < t)
				abort();
	}
	for (int f = 0; f < NETSIM_FATES; f++)
		total += ch.stats.fate[f];
	if (total != ch.stats.packets)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct netsim_scenario s;
	struct netsim_scenario_error err;

	if (netsim_scenario_parse(&s, (const char *)data, size, &err) != NETSIM_SCENARIO_OK) {
		if (err.code == NETSIM_SCENARIO_OK)
			abort();
		return 0;
	}
	check_scenario(&s);
	drive_channel(&s);
	return 0;
}
