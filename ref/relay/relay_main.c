/* wzp-relay: the WarzonePhone relay (spec/08-relay.md).
 *
 *   wzp-relay [--config FILE] [--listen HOST:PORT] [--state-dir DIR]
 *             [--metrics-port PORT] [--auth-url URL] [--auth-timeout-ms MS]
 *             [--join-timeout-ms MS] [--max-sessions N] [--acl FILE] [--help]
 *
 * FILE holds the same settings as `key = value` lines (relay_config.h);
 * flags win over it. Listens for QUIC on HOST:PORT (default
 * 127.0.0.1:4433, upstream's port; port 0 picks a free one; an IPv6 host
 * is written [::1]:PORT), accepting
 * the ALPN ids wzp/1 and wzp (profile upstream-aa09275). What it does with
 * each connection is in relay.h (auth with --auth-url, relay_auth.h; the
 * room ACL of --acl, relay_acl.h). With --state-dir the TLS certificate
 * and the Ed25519 seed are the relay's persistent identity, made on first
 * start (relay_identity.h, relay_seed.h); without it, fresh ones each
 * start. Events go to stdout, one line each:
 * `identity fingerprint=HEX created=0|1` (the certificate, with
 * --state-dir), `relay-identity fingerprint=HEX created=0|1`, then
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
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "quic_server.h"
#include "relay.h"
#include "relay_config.h"
#include "relay_identity.h"
#include "relay_metrics.h"
#include "relay_seed.h"
#include "wzp/trace.h"

#define USAGE \
	"usage: wzp-relay [--config FILE] [--listen HOST:PORT] [--state-dir DIR]\n" \
	"                 [--metrics-port PORT] [--auth-url URL] [--auth-timeout-ms MS]\n" \
	"                 [--join-timeout-ms MS] [--max-sessions N] [--acl FILE] [--help]\n" \
	"  --listen           QUIC address (default 127.0.0.1:4433)\n" \
	"  --state-dir        keep the certificate and identity seed here\n" \
	"  --metrics-port     serve Prometheus text on http://HOST:PORT/metrics\n" \
	"  --auth-url         validate AuthTokens by POST to this URL (featherChat)\n" \
	"  --auth-timeout-ms  wait this long for the auth server (default 5000)\n" \
	"  --join-timeout-ms  close connections not joined after this (default 10000)\n" \
	"  --max-sessions     members over all rooms (default 100)\n" \
	"  --acl              room access list: lines ROOM FINGERPRINT...\n" \
	"  --config           key = value lines, keys as the flags without --\n"
#define HOST_MAX 64
#define CONFIG_MAX 65536
#define SHUTDOWN_GRACE_S 0.3 /* at most this long for the CONNECTION_CLOSE packets to leave */
#define SHUTDOWN_TICK_S 0.01 /* how often to look whether every connection has ended */
#define TRIM_TICK_S 1.0 /* how often to look whether connections came or went */

struct relay_opts {
	const char *listen;
	char host[HOST_MAX];
	const char *port;
	const char *state_dir; /* NULL: no persistent identity */
	const char *metrics_port; /* NULL: no metrics */
	const char *acl_file;     /* NULL: no ACL */
	struct relay_settings set;
	char config[CONFIG_MAX];  /* the --config file's text, which settings point into */
};

struct relay_main {
	struct ev_loop *loop;
	struct relay *relay;
	struct relay_metrics *metrics; /* NULL without --metrics-port */
	ev_signal sigterm, sigint;
	ev_timer grace;
	double grace_end;
	ev_timer trim;
	uint64_t handshakes; /* at the trim timer's last look */
	size_t peers;
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

/* A positive decimal below 2^32; 0, or -1. */
static int number(const char *text, uint64_t *out)
{
	uint64_t v = 0;

	if (text[0] == '\0' || strlen(text) > 9 || strspn(text, "0123456789") != strlen(text))
		return -1;
	for (const char *c = text; *c != '\0'; c++)
		v = v * 10 + (uint64_t)(*c - '0');
	*out = v;
	return v == 0 ? -1 : 0;
}

static int set_number(struct relay_opts *o, const char *key, const char *value)
{
	uint64_t v;

	if (number(value, &v) != 0)
		return -1;
	if (strcmp(key, "auth-timeout-ms") == 0)
		o->set.auth_timeout_ms = v;
	else if (strcmp(key, "join-timeout-ms") == 0)
		o->set.join_timeout_ms = v;
	else if (strcmp(key, "max-sessions") == 0)
		o->set.max_sessions = (unsigned)v;
	else
		return -1;
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
	else if (strcmp(key, "auth-url") == 0)
		o->set.auth_url = value;
	else if (strcmp(key, "acl") == 0)
		o->acl_file = value;
	else
		return set_number(o, key, value);
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

/* Ends the loop once every connection has sent its close, or at the end
 * of the grace time. */
static void on_grace(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct relay_main *m = w->data;

	(void)revents;
	if (relay_peer_count(m->relay) == 0 || ev_now(loop) >= m->grace_end)
		ev_break(loop, EVBREAK_ALL);
}

static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct relay_main *m = w->data;

	(void)revents;
	ev_signal_stop(loop, &m->sigterm);
	ev_signal_stop(loop, &m->sigint);
	relay_close_all(m->relay);
	m->grace_end = ev_now(loop) + SHUTDOWN_GRACE_S;
	ev_timer_start(loop, &m->grace);
}

/* WZP-RELAY-017: SIGTERM and SIGINT close every connection, then exit 0. */
static void watch_signals(struct relay_main *m)
{
	ev_signal_init(&m->sigterm, on_signal, SIGTERM);
	ev_signal_init(&m->sigint, on_signal, SIGINT);
	ev_timer_init(&m->grace, on_grace, SHUTDOWN_TICK_S, SHUTDOWN_TICK_S);
	m->sigterm.data = m->sigint.data = m->grace.data = m;
	ev_signal_start(m->loop, &m->sigterm);
	ev_signal_start(m->loop, &m->sigint);
}

/* A handshake's transient memory (GnuTLS's buffers, ngtcp2's Initial and
 * Handshake state, freed TLS sessions) ends up as holes in glibc's heap
 * between the connections' lasting records; glibc returns memory to the
 * kernel only from the heap's top, so after a burst of joins those pages
 * stay resident (about 8 KiB per participant after 384 joins,
 * docs/bench-relay.md). malloc_trim returns every whole free page; it
 * walks the free lists (0.5-2.5 ms at 384 connections), so it runs only
 * in a second in which connections came or went. */
static void on_trim(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct relay_main *m = w->data;
	uint64_t handshakes = relay_stats(m->relay)->connections;
	size_t peers = relay_peer_count(m->relay);

	(void)loop;
	(void)revents;
	if (handshakes != m->handshakes || peers != m->peers)
		malloc_trim(0);
	m->handshakes = handshakes;
	m->peers = peers;
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
	if (WZP_SITE("WZP-RELAY-018", 1)) { /* the kept certificate is the one presented */
		cfg->cert_file = id->cert_file;
		cfg->key_file = id->key_file;
	}
	return 0;
}

static int open_metrics(struct relay_main *m, const struct relay_opts *o,
			const struct wzp_quic_server *srv)
{
	if (relay_metrics_open(&m->metrics, m->loop, o->host, o->metrics_port, m->relay, srv) !=
	    0) {
		fprintf(stderr, "wzp-relay: cannot serve metrics on %s:%s\n", o->host,
			o->metrics_port);
		return -1;
	}
	printf("metrics host=%s port=%u\n", o->host, relay_metrics_port(m->metrics));
	return 0;
}

/* The --acl file into acl; 0, or -1 (exit 64). */
static int load_acl(struct relay_acl *acl, const char *path)
{
	static char text[CONFIG_MAX];
	FILE *f = fopen(path, "r");
	size_t n = f != NULL ? fread(text, 1, sizeof text, f) : sizeof text;
	unsigned line = 0;

	if (f != NULL)
		fclose(f);
	if (n >= sizeof text) {
		fprintf(stderr, "wzp-relay: cannot read %s (missing, or over %zu bytes)\n", path,
			sizeof text - 1);
		return -1;
	}
	if (relay_acl_parse(acl, text, n, &line) != 0) {
		fprintf(stderr, "wzp-relay: %s:%u: bad access list line\n", path, line);
		return -1;
	}
	return 0;
}

static int serve(struct relay_main *m, struct relay_opts *o, struct wzp_quic_config *cfg)
{
	struct wzp_quic_server *srv;
	int rcv, snd;

	if ((m->relay = relay_new(&o->set)) == NULL)
		return 1;
	cfg->user = m->relay;
	watch_signals(m); /* before "listening": a SIGTERM right after it is ours */
	if (wzp_quic_server_open(&srv, m->loop, cfg) != 0) {
		fprintf(stderr, "wzp-relay: cannot listen on %s:%s\n", o->host, o->port);
		return 1;
	}
	wzp_quic_server_buffers(srv, &rcv, &snd);
	printf("listening host=%s port=%u rcvbuf=%d sndbuf=%d\n", o->host,
	       wzp_quic_server_port(srv), rcv, snd);
	if (o->metrics_port != NULL && open_metrics(m, o, srv) != 0) {
		wzp_quic_server_free(srv);
		return 1;
	}
	ev_timer_init(&m->trim, on_trim, TRIM_TICK_S, TRIM_TICK_S);
	m->trim.data = m;
	ev_timer_start(m->loop, &m->trim);
	ev_run(m->loop, 0);
	ev_timer_stop(m->loop, &m->trim);
	ev_timer_stop(m->loop, &m->grace);
	relay_metrics_free(m->metrics);
	wzp_quic_server_free(srv);
	print_stats(relay_stats(m->relay));
	return 0;
}

/* The certificate, then the Ed25519 identity (WZP-RELAY-018, -025); then
 * serve. */
static int run(struct relay_main *m, struct relay_opts *o)
{
	static const char *const ids[] = { "wzp/1", "wzp" };
	struct wzp_quic_config cfg = {
		.host = o->host, .port = o->port, .alpn = { .ids = ids, .count = 2 },
		.events = relay_events(),
	};
	struct relay_identity cert;
	struct wzp_identity me;
	char hex[WZP_FINGERPRINT_HEX_LEN + 1];
	const char *seed_dir =
		WZP_SITE("WZP-RELAY-025", o->state_dir != NULL) ? o->state_dir : NULL;
	int created, rv;

	if (o->state_dir != NULL && use_identity(&cert, o->state_dir, &cfg) != 0)
		return 1;
	if (relay_seed_open(&me, &created, seed_dir) != 0)
		return 1;
	wzp_fingerprint_hex(hex, me.fingerprint);
	printf("relay-identity fingerprint=%s created=%d\n", hex, created);
	o->set.identity = &me;
	o->set.loop = m->loop;
	rv = serve(m, o, &cfg);
	wzp_identity_wipe(&me);
	return rv;
}

int main(int argc, char **argv)
{
	struct relay_main m = { .loop = ev_default_loop(0) };
	static struct relay_opts o = { .listen = "127.0.0.1:4433" };
	struct relay_acl acl = { 0 };
	int rv = parse(argc, argv, &o);

	if (rv == 0 && o.acl_file != NULL)
		rv = load_acl(&acl, o.acl_file);
	if (rv != 0)
		return rv > 0 ? 0 : 64;
	o.set.acl = o.acl_file != NULL ? &acl : NULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	rv = run(&m, &o);
	relay_free(m.relay);
	relay_acl_clear(&acl);
	ev_loop_destroy(m.loop);
	return rv;
}
