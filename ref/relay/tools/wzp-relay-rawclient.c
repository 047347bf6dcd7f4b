/* wzp-relay-rawclient: a scriptable raw QUIC client for wzp-relay's tests:
 * it runs no step of 8.2 by itself, so tests can send what they like. Connects,
 * then obeys one command per line on stdin and reports every event on
 * stdout, one line each (echo_common.h's format):
 *
 *   wzp-relay-rawclient --port P [--host H] [--alpn ID]... [--no-alpn]
 *                    [--sni NAME | --no-sni] [--timeout SECONDS]
 *
 * Defaults: 127.0.0.1, ALPN wzp/1, SNI "default", timeout 20 s.
 * Commands:  datagram HEX      send the bytes as one DATAGRAM
 *            message TEXT      send TEXT as one signal message
 *            close             close with code 0, "normal close"
 * End of input closes the same way (after the handshake, if before it). Events:
 *   handshake alpn="..." max_datagram=N cert=SHA256-OF-THE-RELAY'S-CERT
 *   datagram len=N hex=...
 *   message len=N body="..."
 *   send-error what=datagram|message|command err=N
 *   closed kind=... (echo_common.h)
 *   timeout
 *
 * Exit status: 0 when this side closed, 1 when the connection ended
 * otherwise, 2 on timeout, 64 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_lines.h"
#include "echo_common.h"
#include "quic_client.h"

struct client {
	struct ev_loop *loop;
	struct wzp_quic_conn *conn; /* set at the handshake */
	struct cli_lines input;
	int eof; /* input ended before the handshake: close right after it */
	int status;
};

static void on_handshake(struct wzp_quic_conn *c, void *user)
{
	struct client *cl = user;
	const char *alpn = wzp_quic_alpn(c);
	uint8_t digest[32];

	cl->conn = c;
	printf("handshake");
	echo_print_bytes("alpn", (const uint8_t *)alpn, strlen(alpn));
	printf(" max_datagram=%zu cert=", wzp_quic_max_datagram(c));
	if (wzp_quic_peer_cert_sha256(c, digest) == 0)
		for (size_t i = 0; i < sizeof digest; i++)
			printf("%02x", digest[i]);
	printf("\n");
	if (cl->eof)
		wzp_quic_close(c, 0, "normal close");
}

static void on_datagram(struct wzp_quic_conn *c, const uint8_t *data, size_t len, void *user)
{
	(void)c;
	(void)user;
	printf("datagram len=%zu hex=", len);
	for (size_t i = 0; i < len; i++)
		printf("%02x", data[i]);
	printf("\n");
}

static void on_message(struct wzp_quic_conn *c, const uint8_t *body, size_t len, void *user)
{
	(void)c;
	(void)user;
	echo_print_payload("message", "body", body, len);
	printf("\n");
}

static void on_closed(struct wzp_quic_conn *c, const struct wzp_quic_end *end, void *user)
{
	struct client *cl = user;

	(void)c;
	echo_print_end(end);
	cl->status = end->kind == WZP_QUIC_END_LOCAL ? 0 : 1;
	ev_break(cl->loop, EVBREAK_ALL);
}

/* Sends the datagram written in hex; an odd or bad digit sends nothing. */
static int send_hex(struct wzp_quic_conn *c, const char *hex)
{
	static uint8_t buf[CLI_LINE_MAX / 2];
	ssize_t n = cli_hex(buf, sizeof buf, hex);

	return n < 0 ? -1 : (int)wzp_quic_send_datagram(c, buf, (size_t)n);
}

static void command(void *user, char *line)
{
	struct client *cl = user;
	int rv;

	if (cl->conn == NULL) {
		printf("send-error what=command err=-1\n");
		return;
	}
	if (strncmp(line, "datagram ", 9) == 0) {
		if ((rv = send_hex(cl->conn, line + 9)) != 0)
			printf("send-error what=datagram err=%d\n", rv);
	} else if (strncmp(line, "message ", 8) == 0) {
		if ((rv = (int)wzp_quic_send_message(cl->conn, (const uint8_t *)line + 8,
						     strlen(line + 8))) != 0)
			printf("send-error what=message err=%d\n", rv);
	} else if (strcmp(line, "close") == 0) {
		wzp_quic_close(cl->conn, 0, "normal close");
	} else {
		printf("send-error what=command err=-1\n");
	}
}

static void on_eof(void *user)
{
	struct client *cl = user;

	cl->eof = 1;
	if (cl->conn != NULL)
		wzp_quic_close(cl->conn, 0, "normal close");
}

static void on_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client *cl = w->data;

	(void)revents;
	printf("timeout\n");
	cl->status = 2;
	ev_break(loop, EVBREAK_ALL);
}

static int parse(int argc, char **argv, struct wzp_quic_config *cfg, struct echo_alpn *alpn,
		 double *timeout)
{
	int no_alpn = 0;

	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(opt, "--no-sni") == 0)
			cfg->sni = NULL;
		else if (strcmp(opt, "--no-alpn") == 0)
			no_alpn = 1;
		else if (val == NULL)
			return -1;
		else if (strcmp(opt, "--host") == 0)
			cfg->host = argv[++i];
		else if (strcmp(opt, "--port") == 0)
			cfg->port = argv[++i];
		else if (strcmp(opt, "--sni") == 0)
			cfg->sni = argv[++i];
		else if (strcmp(opt, "--timeout") == 0)
			*timeout = atof(argv[++i]);
		else if (strcmp(opt, "--alpn") != 0 || echo_alpn_add(alpn, argv[++i]) != 0)
			return -1;
	}
	if (cfg->port == NULL)
		return -1;
	return alpn->list.count == 0 && !no_alpn ? echo_alpn_add(alpn, "wzp/1") : 0;
}

int main(int argc, char **argv)
{
	struct client cl = { .loop = ev_default_loop(0), .status = 1 };
	struct echo_alpn alpn = { .list = { 0 } };
	struct wzp_quic_config cfg = {
		.host = "127.0.0.1", .sni = "default", .user = &cl,
		.events = { on_handshake, on_datagram, on_message, on_closed },
	};
	struct wzp_quic_client *qc;
	ev_timer deadline;
	double timeout = 20.;

	echo_setup_output();
	if (parse(argc, argv, &cfg, &alpn, &timeout) != 0) {
		fprintf(stderr, "usage: wzp-relay-rawclient --port P [--host H] [--alpn ID]... "
				"[--no-alpn] [--sni NAME | --no-sni] [--timeout SECONDS]\n");
		return 64;
	}
	cfg.alpn = alpn.list;
	if (wzp_quic_client_open(&qc, cl.loop, &cfg) != 0) {
		fprintf(stderr, "wzp-relay-rawclient: cannot connect to %s:%s\n", cfg.host, cfg.port);
		return 1;
	}
	cl.input = (struct cli_lines){ .line = command, .eof = on_eof, .user = &cl };
	cli_lines_start(&cl.input, cl.loop);
	ev_timer_init(&deadline, on_timeout, timeout, 0.);
	deadline.data = &cl;
	ev_timer_start(cl.loop, &deadline);
	ev_run(cl.loop, 0);
	cli_lines_stop(&cl.input, cl.loop);
	ev_timer_stop(cl.loop, &deadline);
	wzp_quic_client_free(qc);
	ev_loop_destroy(cl.loop);
	return cl.status;
}
