/* proxy_args.c: the command line (proxy_args.h). */
#include "proxy_args.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
	"usage: wzp-netsim-proxy --relay HOST:PORT --scenario FILE [--listen HOST:PORT]\n"
	"                        [--seed N] [--stats FILE] [--quiet]\n"
	"       wzp-netsim-proxy --describe FILE\n"
	"Forwards UDP between clients and a relay through a netsim scenario\n"
	"(netsim/README.md): each client's uplink and downlink get their own\n"
	"seeded channel. Prints 'listening HOST:PORT' when ready; on SIGTERM or\n"
	"SIGINT writes the per-direction counts as JSON (stdout and --stats).\n"
	"--describe prints the parsed scenario as JSON and exits.\n";

/* "a.b.c.d:port" into sa; false when it is not that. */
static bool parse_addr(struct sockaddr_in *sa, const char *text)
{
	char host[64];
	const char *colon = strrchr(text, ':');
	char *end;
	unsigned long port;

	if (colon == NULL || (size_t)(colon - text) >= sizeof host)
		return false;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end != '\0' || port > 65535)
		return false;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1;
}

static bool parse_seed(uint64_t *seed, const char *text)
{
	char *end;

	errno = 0;
	*seed = strtoull(text, &end, 10);
	return errno == 0 && end != text && *end == '\0' && text[0] != '-';
}

static int usage_error(const char *what, const char *value)
{
	fprintf(stderr, "wzp-netsim-proxy: bad %s: %s\n%s", what, value ? value : "(missing)",
		USAGE);
	return PROXY_EXIT_USAGE;
}

/* One option with its value; 0 or PROXY_EXIT_USAGE. */
static int one_option(struct proxy_opts *o, const char *opt, const char *val, bool *have_relay)
{
	if (val == NULL)
		return usage_error(opt, NULL);
	if (strcmp(opt, "--relay") == 0) {
		*have_relay = parse_addr(&o->relay, val);
		return *have_relay ? 0 : usage_error(opt, val);
	}
	if (strcmp(opt, "--listen") == 0)
		return parse_addr(&o->listen, val) ? 0 : usage_error(opt, val);
	if (strcmp(opt, "--seed") == 0) {
		o->have_seed = parse_seed(&o->seed, val);
		return o->have_seed ? 0 : usage_error(opt, val);
	}
	if (strcmp(opt, "--scenario") == 0 || strcmp(opt, "--describe") == 0) {
		o->scenario = val;
		o->describe = strcmp(opt, "--describe") == 0;
	}
	else if (strcmp(opt, "--stats") == 0)
		o->stats = val;
	else
		return usage_error("option", opt);
	return 0;
}

int proxy_args_parse(struct proxy_opts *o, int argc, char **argv, bool *help)
{
	bool have_relay = false;
	int rc;

	memset(o, 0, sizeof *o);
	*help = false;
	parse_addr(&o->listen, "127.0.0.1:0");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(USAGE, stdout);
			*help = true;
			return 0;
		}
		if (strcmp(argv[i], "--quiet") == 0) {
			o->quiet = true;
			continue;
		}
		if ((rc = one_option(o, argv[i], i + 1 < argc ? argv[i + 1] : NULL, &have_relay)))
			return rc;
		i++;
	}
	if (!have_relay && !o->describe)
		return usage_error("--relay", NULL);
	if (o->scenario == NULL)
		return usage_error("--scenario", NULL);
	return 0;
}
