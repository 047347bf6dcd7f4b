/* describe.h: a parsed scenario as one JSON object on a stream, for
 * scripts that must not parse scenario files themselves (netsim/run
 * --real reads the duration, the tiers and what the latency budget
 * needs). Times in µs, shares in parts per million, rates in bit/s;
 * field names are struct netsim_conditions' own.
 */
#ifndef NETSIM_PROXY_DESCRIBE_H
#define NETSIM_PROXY_DESCRIBE_H

#include <stdio.h>

#include "scenario.h"

void describe_scenario(FILE *out, const struct netsim_scenario *s);

#endif
