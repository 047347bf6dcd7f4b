/* quic_client.c: a client connection and its socket (see quic_client.h). */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "quic_client.h"
#include "quic_conn_int.h"

#define CLIENT_TX_BATCH 8 /* a flight of the handshake; media leaves a packet at a time */

struct wzp_quic_client {
	struct ev_loop *loop;
	ev_io io;
	int fd;
	gnutls_certificate_credentials_t creds;
	struct wzp_quic_conn *conn;
	struct wzp_quic_tx *tx;
};

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	struct wzp_quic_client *cl = w->data;
	struct wzp_quic_rx rx; /* 128 KiB, on the stack as the loop's only reader */

	(void)loop;
	(void)revents;
	wzp_quic_rx_read(cl->fd, &rx);
	for (size_t i = 0; i < rx.n && !cl->conn->ended; i++)
		if (rx.len[i] > 0)
			wzp_quic_conn_recv(cl->conn, &rx.from[i], rx.data[i], rx.len[i]);
}

static void stop_reading(struct wzp_quic_conn *c, void *owner)
{
	struct wzp_quic_client *cl = owner;

	(void)c;
	ev_io_stop(cl->loop, &cl->io);
}

static int start(struct wzp_quic_client *cl, const struct wzp_quic_config *cfg)
{
	struct wzp_quic_addr peer, local;
	struct wzp_quic_conn_init init = {
		.loop = cl->loop, .connected = 1, .local = &local, .remote = &peer,
		.cfg = cfg, .reap = stop_reading, .owner = cl,
	};
	int rv = wzp_quic_sock_resolve(cfg->host, cfg->port, &peer);

	if (rv < 0 || (rv = cl->fd = wzp_quic_sock_connect(&peer, &local)) < 0)
		return rv;
	if (wzp_quic_tls_client_credentials(&cl->creds) < 0 ||
	    (cl->tx = wzp_quic_tx_new(cl->fd, CLIENT_TX_BATCH)) == NULL)
		return -1;
	init.tx = cl->tx;
	init.creds = cl->creds;
	if ((cl->conn = wzp_quic_conn_new(&init)) == NULL)
		return -1;
	ev_io_init(&cl->io, on_readable, cl->fd, EV_READ);
	cl->io.data = cl;
	ev_io_start(cl->loop, &cl->io);
	wzp_quic_conn_kick(cl->conn); /* the first flight goes out on the first iteration */
	return 0;
}

int wzp_quic_client_open(struct wzp_quic_client **out, struct ev_loop *loop,
			 const struct wzp_quic_config *cfg)
{
	struct wzp_quic_client *cl = calloc(1, sizeof *cl);
	int rv;

	if (cl == NULL)
		return -ENOMEM;
	cl->loop = loop;
	cl->fd = -1;
	rv = start(cl, cfg);
	if (rv != 0) {
		wzp_quic_client_free(cl);
		return rv;
	}
	*out = cl;
	return 0;
}

void wzp_quic_client_free(struct wzp_quic_client *cl)
{
	if (cl == NULL)
		return;
	if (cl->fd >= 0) {
		ev_io_stop(cl->loop, &cl->io);
		close(cl->fd);
	}
	wzp_quic_conn_free(cl->conn);
	free(cl->tx);
	if (cl->creds != NULL)
		gnutls_certificate_free_credentials(cl->creds);
	free(cl);
}
