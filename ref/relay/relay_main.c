/* wzp-relay: the WarzonePhone relay (spec/08-relay.md).
 *
 *   wzp-relay [--config FILE] [--listen HOST:PORT] [--state-dir DIR]
 *             [--metrics-port PORT] [--help]
 *
 * FILE holds the same settings as `key = value` lines (relay_config.h);
 * flags win over it. Listens for QUIC on HOST:PORT (default
 * 127.0.0.1:4433, upstream's port; port 0 picks a free one; an IPv6 host
 * is written [::1]:PORT), accepting
 * the ALPN ids wzp/1 and wzp (profile upstream-aa09275). What it does with
 * each connection is in relay.h. With --state-dir the TLS certificate is
 * the relay's persistent identity, made on first start (relay_identity.h);
 * without it, a fresh one each start. Events go to stdout, one line each:
 * `identity fingerprint=HEX created=0|1` (with --state-dir), then
 * `listening host=H port=P rcvbuf=N sndbuf=N`, and with --metrics-port
 * `metrics host=H port=P`: Prometheus text at http://H:P/metrics, on the
 * --listen host (relay_metrics.h; port 0 picks a free one). SIGTERM or
 * SIGINT closes every connection (code 0, "relay shutting down") and ends
 * with a line `stopped connections=N forwarded=N dropped=N signals=N
 * bad_signals=N pongs=N`.
 *
 * Exit status: 0 after a signal, 1 when it cannot listen or set up, 64 on
 * bad arguments.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "quic_server.h"
#include "relay.h"
#include "relay_config.h"
#include "relay_identity.h"
#include "relay_metrics.h"

#define USAGE \
	"usage: wzp-relay [--config FILE] [--listen HOST:PORT] [--state-dir DIR] " \
	"[--metrics-port PORT] [--help]\n"
#define HOST_MAX 64
#define CONFIG_MAX 65536
#define SHUTDOWN_GRACE_S 0.3 /* time for the CONNECTION_CLOSE packets to leave */

struct relay_opts {
	const char *listen;
	char host[HOST_MAX];
	const char *port;
	const char *state_dir; /* NULL: no persistent identity */
	const char *metrics_port; /* NULL: no metrics */
	char config[CONFIG_MAX];  /* the --config file's text, which settings point into */
};

struct relay_main {
	struct ev_loop *loop;
	struct relay *relay;
	struct relay_metrics *metrics; /* NULL without --metrics-port */
	ev_signal sigterm, sigint;
	ev_timer grace;
};

/* "H:P" or "[H]:P" into host and port; 0, or -1 when malformed. */
static int split_listen(const char *arg, char host[HOST_MAX], const char **port)
{
	const char *colon = strrchr(arg, ':');
	const char *h = arg;
	size_t n;

	if (colon == NULL || colon[1] == '\0' || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	n = (size_t)(colon - arg);
	if (arg[0] == '[') {
		if (n < 2 || arg[n - 1] != ']')
			return -1;
		h = arg + 1;
		n -= 2;
	}
	if (n == 0 || n >= HOST_MAX)
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	*port = colon + 1;
	return 0;
}

/* A flag's or a config file's setting; 0, or -1 for an unknown key. */
static int set_option(void *ctx, const char *key, const char *value)
{
	struct relay_opts *o = ctx;

	if (strcmp(key, "listen") == 0)
		o->listen = value;
	else if (strcmp(key, "state-dir") == 0)
		o->state_dir = value;
	else if (strcmp(key, "metrics-port") == 0)
		o->metrics_port = value;
	else
		return -1;
	return 0;
}

static int bad_argument(const char *arg)
{
	fprintf(stderr, "wzp-relay: unknown argument: %s\n" USAGE, arg);
	return -1;
}

/* One walk over the flags: the config file only (first), or every other
 * flag (second, so that flags win over the file). 0, 1 (--help), -1. */
static int walk(int argc, char **argv, struct relay_opts *o, int config_only)
{
	for (int i = 1; i < argc; i++) {
		const char *key = argv[i] + 2;

		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(USAGE, stdout);
			return 1;
		}
		if (strncmp(argv[i], "--", 2) != 0 || i + 1 == argc)
			return bad_argument(argv[i]);
		i++;
		if (strcmp(key, "config") == 0) {
			if (config_only && relay_config_read(argv[i], o->config, sizeof o->config,
							     set_option, o) != 0)
				return -1;
		} else if (!config_only && set_option(o, key, argv[i]) != 0) {
			return bad_argument(argv[i - 1]);
		}
	}
	return 0;
}

/* 0 to run, 1 after --help, -1 on bad arguments. */
static int parse(int argc, char **argv, struct relay_opts *o)
{
	int rv = walk(argc, argv, o, 1);

	if (rv == 0)
		rv = walk(argc, argv, o, 0);
	if (rv != 0)
		return rv;
	if (split_listen(o->listen, o->host, &o->port) != 0) {
		fprintf(stderr, "wzp-relay: bad listen address %s (HOST:PORT or [HOST]:PORT)\n",
			o->listen);
		return -1;
	}
	return 0;
}

static void on_grace(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct relay_main *m = w->data;

	(void)revents;
	ev_signal_stop(loop, &m->sigterm);
	ev_signal_stop(loop, &m->sigint);
	relay_close_all(m->relay);
	ev_timer_start(loop, &m->grace);
}

static void watch_signals(struct relay_main *m)
{
	ev_signal_init(&m->sigterm, on_signal, SIGTERM);
	ev_signal_init(&m->sigint, on_signal, SIGINT);
	ev_timer_init(&m->grace, on_grace, SHUTDOWN_GRACE_S, 0.);
	m->sigterm.data = m->sigint.data = m;
	ev_signal_start(m->loop, &m->sigterm);
	ev_signal_start(m->loop, &m->sigint);
}

static void print_stats(const struct relay_stats *s)
{
	printf("stopped connections=%llu forwarded=%llu dropped=%llu signals=%llu "
	       "bad_signals=%llu pongs=%llu\n",
	       (unsigned long long)s->connections, (unsigned long long)s->forwarded,
	       (unsigned long long)s->dropped, (unsigned long long)s->signals,
	       (unsigned long long)s->bad_signals, (unsigned long long)s->pongs);
}

/* The certificate files of --state-dir into cfg; 0, or -1. */
static int use_identity(struct relay_identity *id, const char *dir, struct wzp_quic_config *cfg)
{
	if (relay_identity_open(id, dir) != 0)
		return -1;
	printf("identity fingerprint=%s created=%d\n", id->fingerprint, id->created);
	cfg->cert_file = id->cert_file;
	cfg->key_file = id->key_file;
	return 0;
}

static int open_metrics(struct relay_main *m, const struct relay_opts *o)
{
	if (relay_metrics_open(&m->metrics, m->loop, o->host, o->metrics_port, m->relay) != 0) {
		fprintf(stderr, "wzp-relay: cannot serve metrics on %s:%s\n", o->host,
			o->metrics_port);
		return -1;
	}
	printf("metrics host=%s port=%u\n", o->host, relay_metrics_port(m->metrics));
	return 0;
}

static int serve(struct relay_main *m, const struct relay_opts *o)
{
	static const char *const ids[] = { "wzp/1", "wzp" };
	struct wzp_quic_config cfg = {
		.host = o->host, .port = o->port, .alpn = { .ids = ids, .count = 2 },
		.events = relay_events(), .user = m->relay,
	};
	struct relay_identity id;
	struct wzp_quic_server *srv;
	int rcv, snd;

	if (o->state_dir != NULL && use_identity(&id, o->state_dir, &cfg) != 0)
		return 1;
	if (wzp_quic_server_open(&srv, m->loop, &cfg) != 0) {
		fprintf(stderr, "wzp-relay: cannot listen on %s:%s\n", o->host, o->port);
		return 1;
	}
	wzp_quic_server_buffers(srv, &rcv, &snd);
	printf("listening host=%s port=%u rcvbuf=%d sndbuf=%d\n", o->host,
	       wzp_quic_server_port(srv), rcv, snd);
	if (o->metrics_port != NULL && open_metrics(m, o) != 0) {
		wzp_quic_server_free(srv);
		return 1;
	}
	watch_signals(m);
	ev_run(m->loop, 0);
	ev_timer_stop(m->loop, &m->grace);
	relay_metrics_free(m->metrics);
	wzp_quic_server_free(srv);
	print_stats(relay_stats(m->relay));
	return 0;
}

int main(int argc, char **argv)
{
	struct relay_main m = { .loop = ev_default_loop(0) };
	static struct relay_opts o = { .listen = "127.0.0.1:4433" };
	int rv = parse(argc, argv, &o);

	if (rv != 0)
		return rv > 0 ? 0 : 64;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((m.relay = relay_new()) == NULL)
		return 1;
	rv = serve(&m, &o);
	relay_free(m.relay);
	ev_loop_destroy(m.loop);
	return rv;
}
