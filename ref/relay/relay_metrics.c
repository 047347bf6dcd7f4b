/* relay_metrics.c: /metrics over libmicrohttpd on a libev loop
 * (relay_metrics.h). */
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "relay_metrics.h"

#define TEXT_MAX 16384

struct relay_metrics {
	struct ev_loop *loop;
	struct MHD_Daemon *daemon;
	const struct relay *relay;
	const struct wzp_quic_server *srv;
	ev_io io;       /* MHD's epoll fd */
	ev_timer timer; /* MHD's own timeouts */
};

struct metric {
	const char *name, *type, *help;
	unsigned long long value;
};

struct text {
	char *buf;
	size_t used;
};

static void put(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->used, TEXT_MAX - t->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->used = t->used + (size_t)n < TEXT_MAX ? t->used + (size_t)n : TEXT_MAX - 1;
}

static void head(struct text *t, const char *name, const char *type, const char *help)
{
	put(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* WZP-RELAY-035: auth attempts by result and close codes by reason. */
static void labelled(struct text *t, const struct relay_stats *s)
{
	head(t, "wzp_relay_auth_attempts_total", "counter", "AuthToken validations by result");
	put(t, "wzp_relay_auth_attempts_total{result=\"ok\"} %llu\n",
	    (unsigned long long)s->auth_ok);
	put(t, "wzp_relay_auth_attempts_total{result=\"fail\"} %llu\n",
	    (unsigned long long)s->auth_fail);
	head(t, "wzp_relay_refused_total", "counter", "connections closed by the relay, by reason");
	for (uint64_t c = RELAY_CLOSE_FIRST; c <= RELAY_CLOSE_LAST; c++) {
		put(t, "wzp_relay_refused_total{reason=\"");
		for (const char *r = relay_close_reason(c); *r != '\0'; r++)
			put(t, "%c", *r == ' ' ? '_' : *r);
		put(t, "\"} %llu\n", (unsigned long long)s->refused[c - RELAY_CLOSE_FIRST]);
	}
}

/* Upstream's handshake histogram (facts 3.13). */
static void histogram(struct text *t, const struct relay_stats *s)
{
	const char *name = "wzp_relay_handshake_duration_seconds";

	head(t, name, "histogram", "relay-hop handshake, CallOffer in to CallAnswer out");
	for (size_t i = 0; i < RELAY_HS_BUCKETS; i++)
		put(t, "%s_bucket{le=\"%g\"} %llu\n", name, relay_hs_bounds[i],
		    (unsigned long long)s->hs_le[i]);
	put(t, "%s_bucket{le=\"+Inf\"} %llu\n", name, (unsigned long long)s->hs_count);
	put(t, "%s_sum %.9f\n%s_count %llu\n", name, s->hs_sum, name,
	    (unsigned long long)s->hs_count);
}

char *relay_metrics_text(const struct relay *relay, const struct wzp_quic_server *srv)
{
	const struct relay_stats *s = relay_stats(relay);
	const struct wzp_quic_server_counts io = wzp_quic_server_counts(srv);
	const struct metric all[] = {
		{ "wzp_relay_active_sessions", "gauge", "connections in a room, joining or probing",
		  relay_peer_count(relay) },
		{ "wzp_relay_active_rooms", "gauge", "rooms with members", relay_room_count(relay) },
		{ "wzp_relay_packets_forwarded_total", "counter", "datagrams sent on",
		  s->forwarded },
		{ "wzp_relay_bytes_forwarded_total", "counter", "bytes of the datagrams sent on",
		  s->forwarded_bytes },
		{ "wzp_relay_connections_total", "counter", "connections admitted",
		  s->connections },
		{ "wzp_relay_joins_total", "counter", "members admitted to a room", s->joins },
		{ "wzp_relay_datagrams_dropped_total", "counter", "datagrams refused",
		  s->dropped },
		{ "wzp_relay_signals_total", "counter", "valid signal messages", s->signals },
		{ "wzp_relay_bad_signals_total", "counter", "invalid signal messages",
		  s->bad_signals },
		{ "wzp_relay_pongs_total", "counter", "Pongs sent", s->pongs },
		{ "wzp_relay_signals_forwarded_total", "counter", "member signals routed",
		  s->routed },
		{ "wzp_relay_signals_dropped_total", "counter", "member signals refused",
		  s->route_dropped },
		{ "wzp_relay_quic_packets_ignored_total", "counter",
		  "UDP packets of no connection that could not start one", io.ignored },
		{ "wzp_relay_udp_packets_received_total", "counter", "UDP packets read", io.udp_in },
		{ "wzp_relay_udp_packets_sent_total", "counter", "UDP packets the kernel took",
		  io.udp_out },
	};
	struct text t = { malloc(TEXT_MAX), 0 };

	if (t.buf == NULL)
		return NULL;
	t.buf[0] = '\0';
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		head(&t, all[i].name, all[i].type, all[i].help);
		put(&t, "%s %llu\n", all[i].name, all[i].value);
	}
	labelled(&t, s);
	histogram(&t, s);
	return t.buf;
}

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned status, char *body,
			     const char *type)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		strlen(body), body, type != NULL ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result rv;

	if (resp == NULL) {
		if (type != NULL)
			free(body);
		return MHD_NO;
	}
	if (type != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	rv = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return rv;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **con_cls)
{
	struct relay_metrics *m = cls;
	char *text;

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0)
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n", NULL);
	if (strcmp(url, "/metrics") != 0)
		return reply(conn, MHD_HTTP_NOT_FOUND, "not found\n", NULL);
	if ((text = relay_metrics_text(m->relay, m->srv)) == NULL)
		return MHD_NO;
	return reply(conn, MHD_HTTP_OK, text, "text/plain; version=0.0.4");
}

/* Lets MHD work, then waits for its fd or its next timeout. */
static void pump(struct relay_metrics *m)
{
	MHD_UNSIGNED_LONG_LONG ms;

	MHD_run(m->daemon);
	ev_timer_stop(m->loop, &m->timer);
	if (MHD_get_timeout(m->daemon, &ms) == MHD_YES) {
		ev_timer_set(&m->timer, (double)ms / 1000., 0.);
		ev_timer_start(m->loop, &m->timer);
	}
}

static void on_io(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	pump(w->data);
}

static void on_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	pump(w->data);
}

static struct MHD_Daemon *start_daemon(struct relay_metrics *m, const char *host,
				       const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST },
			*ai = NULL;
	struct MHD_Daemon *d = NULL;

	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return NULL;
	d = MHD_start_daemon(MHD_USE_EPOLL | (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0), 0,
			     NULL, NULL, on_request, m, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
			     MHD_OPTION_END);
	freeaddrinfo(ai);
	return d;
}

int relay_metrics_open(struct relay_metrics **out, struct ev_loop *loop, const char *host,
		       const char *port, const struct relay *relay,
		       const struct wzp_quic_server *srv)
{
	struct relay_metrics *m = calloc(1, sizeof *m);
	const union MHD_DaemonInfo *info;

	if (m == NULL)
		return -1;
	*m = (struct relay_metrics){ .loop = loop, .relay = relay, .srv = srv };
	if ((m->daemon = start_daemon(m, host, port)) == NULL ||
	    (info = MHD_get_daemon_info(m->daemon, MHD_DAEMON_INFO_EPOLL_FD)) == NULL) {
		relay_metrics_free(m);
		return -1;
	}
	ev_io_init(&m->io, on_io, info->epoll_fd, EV_READ);
	ev_timer_init(&m->timer, on_timer, 0., 0.);
	m->io.data = m->timer.data = m;
	ev_io_start(loop, &m->io);
	*out = m;
	return 0;
}

unsigned relay_metrics_port(const struct relay_metrics *m)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(m->daemon,
							       MHD_DAEMON_INFO_BIND_PORT);

	return info != NULL ? info->port : 0;
}

void relay_metrics_free(struct relay_metrics *m)
{
	if (m == NULL)
		return;
	if (m->daemon != NULL) {
		ev_io_stop(m->loop, &m->io);
		ev_timer_stop(m->loop, &m->timer);
		MHD_stop_daemon(m->daemon);
	}
	free(m);
}
