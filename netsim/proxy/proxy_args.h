/* proxy_args.h: wzp-netsim-proxy's command line (netsim/README.md).
 *
 *   wzp-netsim-proxy --relay HOST:PORT --scenario FILE [--listen HOST:PORT]
 *                    [--seed N] [--stats FILE] [--quiet]
 *   wzp-netsim-proxy --describe FILE   the parsed scenario as JSON, then exit
 *
 * Addresses are numeric IPv4 (the proxy is for loopback tests); port 0
 * in --listen picks a free one. Returns 0, or 64 (EX_USAGE) with a
 * message on stderr; --help prints the usage and sets *help.
 */
#ifndef NETSIM_PROXY_ARGS_H
#define NETSIM_PROXY_ARGS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define PROXY_EXIT_USAGE 64

struct proxy_opts {
	struct sockaddr_in listen, relay;
	const char *scenario;
	const char *stats;  /* NULL: the counts go to stdout only */
	bool have_seed;
	uint64_t seed;
	bool quiet;
	bool describe; /* print the scenario (describe.h) and exit */
};

int proxy_args_parse(struct proxy_opts *o, int argc, char **argv, bool *help);

#endif
