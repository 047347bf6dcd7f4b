/* report.h: a session's files (spec/09-netsim.md 9.4): summary.json and
 * series.csv, byte-identical for the same scenario, seed and build; and
 * timing.json, the CPU split, the one file that varies. Numbers are
 * printed with fixed formats so that equal results print equal bytes. */
#ifndef NETSIM_REPORT_H
#define NETSIM_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario.h"
#include "sim.h"
#include "verdict.h"

void netsim_write_summary(FILE *f, const struct netsim_scenario *s, uint64_t seed,
			  const struct netsim_result *r, const struct netsim_verdict_set *v);
void netsim_write_series(FILE *f, const struct netsim_sample *rows, size_t n);
/* The CPU split; *sim_share gets the simulator's and network model's
 * share of the total. */
void netsim_write_timing(FILE *f, const struct netsim_cpu *cpu, double *sim_share);

#endif
