/* quic-echo-server: the QUIC spike's server. Accepts WZP connections on
 * loopback and echoes what each sends: every DATAGRAM back as a DATAGRAM,
 * every signal message back on a new stream of its own.
 *
 *   quic-echo-server [--host H] [--port P] [--alpn ID]... [--once]
 *
 * Defaults: 127.0.0.1, port 0 (a free one), ALPN ids wzp/1 then wzp. With
 * --once it exits after its first connection ends. Events go to stdout,
 * one line each (echo_common.h):
 *
 *   listening port=P rcvbuf=N sndbuf=N
 *   handshake alpn="wzp/1" profile=wzp/1 sni="..."
 *   datagram len=N data="..."
 *   message len=N body="..."
 *   closed kind=... (see echo_common.h)
 */
#include <stdio.h>
#include <string.h>

#include "echo_common.h"
#include "quic_server.h"
#include "wzp/profile.h"

struct server_state {
	struct ev_loop *loop;
	int once;
};

static void on_handshake(struct wzp_quic_conn *c, void *user)
{
	const char *alpn = wzp_quic_alpn(c);
	enum wzp_profile profile;
	int known = wzp_profile_from_alpn((const uint8_t *)alpn, strlen(alpn), &profile) == WZP_OK;

	(void)user;
	printf("handshake");
	echo_print_bytes("alpn", (const uint8_t *)alpn, strlen(alpn));
	printf(" profile=%s", known ? wzp_profile_name(profile) : "unknown");
	echo_print_bytes("sni", (const uint8_t *)wzp_quic_sni(c), strlen(wzp_quic_sni(c)));
	printf("\n");
}

static void on_datagram(struct wzp_quic_conn *c, const uint8_t *data, size_t len, void *user)
{
	(void)user;
	echo_print_payload("datagram", "data", data, len);
	printf(" echo=%d\n", (int)wzp_quic_send_datagram(c, data, len));
}

static void on_message(struct wzp_quic_conn *c, const uint8_t *body, size_t len, void *user)
{
	(void)user;
	echo_print_payload("message", "body", body, len);
	printf(" echo=%d\n", (int)wzp_quic_send_message(c, body, len));
}

static void on_closed(struct wzp_quic_conn *c, const struct wzp_quic_end *end, void *user)
{
	struct server_state *st = user;

	(void)c;
	echo_print_end(end);
	if (st->once)
		ev_break(st->loop, EVBREAK_ALL);
}

static int parse(int argc, char **argv, struct wzp_quic_config *cfg, struct echo_alpn *alpn,
		 int *once)
{
	for (int i = 1; i < argc; i++) {
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--once") == 0)
			*once = 1;
		else if (strcmp(argv[i], "--host") == 0 && next && ++i)
			cfg->host = next;
		else if (strcmp(argv[i], "--port") == 0 && next && ++i)
			cfg->port = next;
		else if (strcmp(argv[i], "--alpn") == 0 && next && ++i) {
			if (echo_alpn_add(alpn, next) != 0)
				return -1;
		} else {
			fprintf(stderr, "usage: quic-echo-server [--host H] [--port P] "
					"[--alpn ID]... [--once]\n");
			return -1;
		}
	}
	if (alpn->list.count == 0)
		return echo_alpn_add(alpn, "wzp/1") || echo_alpn_add(alpn, "wzp") ? -1 : 0;
	return 0;
}

int main(int argc, char **argv)
{
	struct server_state st = { .loop = ev_default_loop(0) };
	struct echo_alpn alpn = { .list = { 0 } };
	struct wzp_quic_config cfg = {
		.host = "127.0.0.1", .port = "0", .user = &st,
		.events = { on_handshake, on_datagram, on_message, on_closed, NULL },
	};
	struct wzp_quic_server *srv;
	int rcv, snd, rv;

	echo_setup_output();
	if (parse(argc, argv, &cfg, &alpn, &st.once) != 0)
		return 64;
	cfg.alpn = alpn.list;
	if ((rv = wzp_quic_server_open(&srv, st.loop, &cfg)) != 0) {
		fprintf(stderr, "quic-echo-server: cannot listen on %s:%s (%d)\n", cfg.host,
			cfg.port, rv);
		return 1;
	}
	wzp_quic_server_buffers(srv, &rcv, &snd);
	printf("listening port=%u rcvbuf=%d sndbuf=%d\n", wzp_quic_server_port(srv), rcv, snd);
	ev_run(st.loop, 0);
	wzp_quic_server_free(srv);
	ev_loop_destroy(st.loop);
	return 0;
}
