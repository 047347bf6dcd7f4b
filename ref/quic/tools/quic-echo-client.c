/* quic-echo-client: the QUIC spike's client. Connects to quic-echo-server,
 * sends one DATAGRAM and one signal message, waits for both echoes (and
 * then --hold seconds, idle), then closes with code 0 and reason
 * "normal close" (upstream's close).
 *
 *   quic-echo-client --port P [--host H] [--alpn ID... | --no-alpn]
 *                    [--sni NAME | --no-sni] [--datagram TEXT] [--message TEXT]
 *                    [--timeout SECONDS] [--hold SECONDS] [--key-update]
 *                    [--idle-ms MS] [--keep-alive-ms MS]
 *
 * Defaults: 127.0.0.1, ALPN wzp/1 (--no-alpn offers none), SNI "default",
 * datagram "ping", message {"Ping":{"timestamp_ms":1}}, timeout 10 s, hold
 * 0, idle timeout and keep-alive as upstream (30 s, 5 s).
 * Events go to stdout, one line each (echo_common.h):
 *
 *   handshake alpn="wzp/1" max_datagram=N
 *   datagram-echo len=N data="..."
 *   message-echo len=N body="..."
 *   key-update rv=0|-1   (--key-update: after the first echoes, a key
 *                         update, then the datagram and message again)
 *   closed kind=... (see echo_common.h)
 *   timeout
 *
 * Exit status: 0 when both echoes came back and this side closed; 1 when
 * the connection ended otherwise; 2 on timeout; 64 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "echo_common.h"
#include "quic_client.h"

struct client_state {
	struct ev_loop *loop;
	const char *datagram, *message;
	int got_datagram, got_message, status;
	int key_update; /* a second round of echoes under the next keys */
	double hold;
	ev_timer hold_timer;
	struct wzp_quic_conn *conn;
};

static void send_both(struct wzp_quic_conn *c, struct client_state *st)
{
	if (wzp_quic_send_datagram(c, (const uint8_t *)st->datagram, strlen(st->datagram)) ||
	    wzp_quic_send_message(c, (const uint8_t *)st->message, strlen(st->message)))
		wzp_quic_close(c, 1, "cannot send");
}

static void on_handshake(struct wzp_quic_conn *c, void *user)
{
	struct client_state *st = user;
	const char *alpn = wzp_quic_alpn(c);

	printf("handshake");
	echo_print_bytes("alpn", (const uint8_t *)alpn, strlen(alpn));
	printf(" max_datagram=%zu\n", wzp_quic_max_datagram(c));
	send_both(c, st);
}

/* --key-update: the server answers the next round under the next keys
 * (it has freed its TLS session by now, D-0066). */
static void next_round(struct wzp_quic_conn *c, struct client_state *st)
{
	int rv = wzp_quic_update_keys(c);

	printf("key-update rv=%d\n", rv);
	st->key_update = 0;
	st->got_datagram = st->got_message = 0;
	send_both(c, st);
}

/* An echo came back; once both have, close as upstream does after --hold. */
static void echoed(struct wzp_quic_conn *c, struct client_state *st, int *got,
		   const char *event, const char *key, const uint8_t *data, size_t len)
{
	echo_print_payload(event, key, data, len);
	printf("\n");
	*got = 1;
	if (!st->got_datagram || !st->got_message)
		return;
	if (st->key_update) {
		next_round(c, st);
		return;
	}
	st->conn = c;
	ev_timer_set(&st->hold_timer, st->hold, 0.);
	ev_timer_start(st->loop, &st->hold_timer);
}

static void on_held(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client_state *st = w->data;

	(void)loop;
	(void)revents;
	wzp_quic_close(st->conn, 0, "normal close");
}

static void on_datagram(struct wzp_quic_conn *c, const uint8_t *data, size_t len, void *user)
{
	struct client_state *st = user;

	echoed(c, st, &st->got_datagram, "datagram-echo", "data", data, len);
}

static void on_message(struct wzp_quic_conn *c, const uint8_t *body, size_t len, void *user)
{
	struct client_state *st = user;

	echoed(c, st, &st->got_message, "message-echo", "body", body, len);
}

static void on_closed(struct wzp_quic_conn *c, const struct wzp_quic_end *end, void *user)
{
	struct client_state *st = user;

	(void)c;
	echo_print_end(end);
	st->status = end->kind == WZP_QUIC_END_LOCAL && st->got_datagram && st->got_message ? 0 : 1;
	ev_break(st->loop, EVBREAK_ALL);
}

static void on_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client_state *st = w->data;

	(void)revents;
	printf("timeout\n");
	st->status = 2;
	ev_break(loop, EVBREAK_ALL);
}

static int parse_option(const char *opt, const char *val, struct wzp_quic_config *cfg,
			struct echo_alpn *alpn, struct client_state *st, double *timeout)
{
	if (strcmp(opt, "--host") == 0)
		cfg->host = val;
	else if (strcmp(opt, "--port") == 0)
		cfg->port = val;
	else if (strcmp(opt, "--alpn") == 0)
		return echo_alpn_add(alpn, val);
	else if (strcmp(opt, "--sni") == 0)
		cfg->sni = val;
	else if (strcmp(opt, "--datagram") == 0)
		st->datagram = val;
	else if (strcmp(opt, "--message") == 0)
		st->message = val;
	else if (strcmp(opt, "--timeout") == 0)
		*timeout = atof(val);
	else if (strcmp(opt, "--hold") == 0)
		st->hold = atof(val);
	else if (strcmp(opt, "--idle-ms") == 0)
		cfg->idle_timeout_ms = strtoull(val, NULL, 10);
	else if (strcmp(opt, "--keep-alive-ms") == 0)
		cfg->keep_alive_ms = strtoull(val, NULL, 10);
	else
		return -1;
	return 0;
}

static int parse(int argc, char **argv, struct wzp_quic_config *cfg, struct echo_alpn *alpn,
		 struct client_state *st, double *timeout)
{
	int no_alpn = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-sni") == 0)
			cfg->sni = NULL;
		else if (strcmp(argv[i], "--no-alpn") == 0)
			no_alpn = 1;
		else if (strcmp(argv[i], "--key-update") == 0)
			st->key_update = 1;
		else if (i + 1 == argc ||
			 parse_option(argv[i], argv[i + 1], cfg, alpn, st, timeout) != 0)
			goto usage;
		else
			i++;
	}
	if (cfg->port == NULL)
		goto usage;
	return alpn->list.count == 0 && !no_alpn ? echo_alpn_add(alpn, "wzp/1") : 0;
usage:
	fprintf(stderr, "usage: quic-echo-client --port P [--host H] [--alpn ID]... "
			"[--no-alpn] [--sni NAME | --no-sni] [--datagram TEXT] [--message TEXT] "
			"[--timeout SECONDS] [--hold SECONDS] [--key-update] [--idle-ms MS] "
			"[--keep-alive-ms MS]\n");
	return -1;
}

int main(int argc, char **argv)
{
	struct client_state st = {
		.loop = ev_default_loop(0), .datagram = "ping",
		.message = "{\"Ping\":{\"timestamp_ms\":1}}", .status = 1,
	};
	struct echo_alpn alpn = { .list = { 0 } };
	struct wzp_quic_config cfg = {
		.host = "127.0.0.1", .sni = "default", .user = &st,
		.events = { on_handshake, on_datagram, on_message, on_closed, NULL },
	};
	struct wzp_quic_client *cl;
	ev_timer deadline;
	double timeout = 10.;
	int rv;

	echo_setup_output();
	if (parse(argc, argv, &cfg, &alpn, &st, &timeout) != 0)
		return 64;
	cfg.alpn = alpn.list;
	if ((rv = wzp_quic_client_open(&cl, st.loop, &cfg)) != 0) {
		fprintf(stderr, "quic-echo-client: cannot connect to %s:%s (%d)\n", cfg.host,
			cfg.port, rv);
		return 1;
	}
	ev_timer_init(&st.hold_timer, on_held, 0., 0.);
	st.hold_timer.data = &st;
	ev_timer_init(&deadline, on_timeout, timeout, 0.);
	deadline.data = &st;
	ev_timer_start(st.loop, &deadline);
	ev_run(st.loop, 0);
	ev_timer_stop(st.loop, &deadline);
	ev_timer_stop(st.loop, &st.hold_timer);
	wzp_quic_client_free(cl);
	ev_loop_destroy(st.loop);
	return st.status;
}
