/* quic_server.c: the listening socket and its connections (see quic_server.h). */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "quic_conn_int.h"
#include "quic_server.h"

/* Connections hash by their route key (hidden in every CID the server
 * issues, quic_cid.h), so a packet is matched without a scan. */
#define SERVER_BUCKETS 1024

struct server_conn {
	struct server_conn *next; /* in its bucket */
	struct wzp_quic_conn *conn;
};

struct wzp_quic_server {
	struct ev_loop *loop;
	ev_io io;
	int fd;
	struct wzp_quic_addr local;
	gnutls_certificate_credentials_t creds;
	struct wzp_quic_config cfg;
	struct server_conn *bucket[SERVER_BUCKETS];
	struct wzp_quic_cid_key cid_key;
	uint64_t udp_in;
	uint64_t ignored; /* packets of no connection that could not start one */
	struct wzp_quic_kicked kicked;
	struct wzp_quic_tx *tx;
};

static struct server_conn **bucket_of(struct wzp_quic_server *srv, const uint8_t *route)
{
	uint32_t h = (uint32_t)route[0] | (uint32_t)route[1] << 8 | (uint32_t)route[2] << 16;

	return &srv->bucket[h % SERVER_BUCKETS];
}

static struct wzp_quic_conn *find_in(struct server_conn *e, const ngtcp2_version_cid *vc,
				     const uint8_t *route)
{
	for (; e != NULL; e = e->next)
		if (wzp_quic_conn_owns_cid(e->conn, vc->dcid, vc->dcidlen, route))
			return e->conn;
	return NULL;
}

/* A short-header packet carries a CID the server issued: the bucket of
 * its route answers. A long-header one may carry the client's first DCID
 * instead: every bucket is asked (handshake packets only). */
static struct wzp_quic_conn *find(struct wzp_quic_server *srv, const uint8_t *pkt, size_t len)
{
	ngtcp2_version_cid vc;
	uint8_t route[WZP_QUIC_ROUTE_LEN];
	struct wzp_quic_conn *c = NULL;

	if (ngtcp2_pkt_decode_version_cid(&vc, pkt, len, WZP_QUIC_CID_LEN) != 0)
		return NULL;
	if (wzp_quic_cid_route(&srv->cid_key, vc.dcid, vc.dcidlen, route) == 0)
		c = find_in(*bucket_of(srv, route), &vc, route);
	for (size_t b = 0; c == NULL && (pkt[0] & 0x80) && b < SERVER_BUCKETS; b++)
		c = find_in(srv->bucket[b], &vc, NULL);
	return c;
}

static void forget(struct wzp_quic_conn *c, void *owner)
{
	struct wzp_quic_server *srv = owner;

	for (struct server_conn **link = bucket_of(srv, c->route); *link != NULL;
	     link = &(*link)->next) {
		if ((*link)->conn == c) {
			struct server_conn *e = *link;

			*link = e->next;
			free(e);
			break;
		}
	}
	wzp_quic_conn_free(c);
}

/* A connection for a client's first packet, or NULL if it is not one. */
static struct wzp_quic_conn *accept_conn(struct wzp_quic_server *srv,
					 const struct wzp_quic_addr *from, const uint8_t *pkt,
					 size_t len)
{
	ngtcp2_pkt_hd hd;
	struct server_conn *e;
	struct wzp_quic_conn_init init = {
		.loop = srv->loop, .tx = srv->tx, .kicked = &srv->kicked,
		.local = &srv->local, .remote = from,
		.creds = srv->creds, .cfg = &srv->cfg, .client_initial = &hd,
		.reap = forget, .owner = srv, .cid_key = &srv->cid_key,
	};

	if (ngtcp2_accept(&hd, pkt, len) != 0 || (e = malloc(sizeof *e)) == NULL)
		return NULL;
	if ((e->conn = wzp_quic_conn_new(&init)) == NULL) {
		free(e);
		return NULL;
	}
	e->next = *bucket_of(srv, e->conn->route);
	*bucket_of(srv, e->conn->route) = e;
	return e->conn;
}

/* WZP-TRANS-007: a datagram cut short (len 0) belongs to nobody. */
static void recv_one(struct wzp_quic_server *srv, const struct wzp_quic_addr *from,
		     const uint8_t *pkt, size_t len)
{
	struct wzp_quic_conn *c = NULL;

	if (len > 0 && (c = find(srv, pkt, len)) == NULL)
		c = accept_conn(srv, from, pkt, len);
	if (c != NULL)
		wzp_quic_conn_recv(c, from, pkt, len);
	else
		srv->ignored++;
}

/* One batch a call: the loop flushes what it caused (before_wait) and,
 * the socket still readable, calls again. So no connection's datagram
 * queue fills from one long read. */
static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	struct wzp_quic_server *srv = w->data;
	struct wzp_quic_rx rx; /* 128 KiB, on the stack as the loop's only reader */

	(void)loop;
	(void)revents;
	wzp_quic_rx_read(srv->fd, &rx);
	srv->udp_in += rx.n;
	for (size_t i = 0; i < rx.n; i++)
		recv_one(srv, &rx.from[i], rx.data[i], rx.len[i]);
}

/* The kicked connections flushed, their packets sent, just before the
 * loop waits. A connection may end in its flush, and others be kicked. */
static void before_wait(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct wzp_quic_server *srv = w->data;
	struct wzp_quic_conn *c;

	(void)revents;
	while ((c = srv->kicked.head) != NULL) {
		srv->kicked.head = c->kicked_next;
		c->is_kicked = 0;
		wzp_quic_conn_run(c);
	}
	wzp_quic_tx_send(srv->tx);
	ev_prepare_stop(loop, w);
}

static int start(struct wzp_quic_server *srv)
{
	struct wzp_quic_addr at;
	int rv = wzp_quic_sock_resolve(srv->cfg.host, srv->cfg.port, &at);

	if (rv < 0 || (rv = srv->fd = wzp_quic_sock_listen(&at, &srv->local)) < 0)
		return rv;
	if (wzp_quic_tls_server_credentials(&srv->creds, srv->cfg.cert_file, srv->cfg.key_file) < 0 ||
	    wzp_quic_cid_key_new(&srv->cid_key) != 0 ||
	    (srv->tx = wzp_quic_tx_new(srv->fd, WZP_QUIC_BATCH)) == NULL)
		return -1;
	ev_prepare_init(&srv->kicked.before_wait, before_wait);
	srv->kicked.before_wait.data = srv;
	ev_io_init(&srv->io, on_readable, srv->fd, EV_READ);
	srv->io.data = srv;
	ev_io_start(srv->loop, &srv->io);
	return 0;
}

int wzp_quic_server_open(struct wzp_quic_server **out, struct ev_loop *loop,
			 const struct wzp_quic_config *cfg)
{
	struct wzp_quic_server *srv = calloc(1, sizeof *srv);
	int rv;

	if (srv == NULL)
		return -ENOMEM;
	srv->loop = loop;
	srv->fd = -1;
	srv->cfg = *cfg;
	rv = start(srv);
	if (rv != 0) {
		wzp_quic_server_free(srv);
		return rv;
	}
	*out = srv;
	return 0;
}

void wzp_quic_server_free(struct wzp_quic_server *srv)
{
	if (srv == NULL)
		return;
	for (size_t b = 0; b < SERVER_BUCKETS; b++) {
		while (srv->bucket[b] != NULL) {
			struct server_conn *e = srv->bucket[b];

			srv->bucket[b] = e->next;
			wzp_quic_conn_free(e->conn);
			free(e);
		}
	}
	if (srv->fd >= 0) {
		ev_prepare_stop(srv->loop, &srv->kicked.before_wait);
		ev_io_stop(srv->loop, &srv->io);
		close(srv->fd);
	}
	if (srv->creds != NULL)
		gnutls_certificate_free_credentials(srv->creds);
	wzp_quic_cid_key_free(&srv->cid_key);
	free(srv->tx);
	free(srv);
}

struct wzp_quic_server_counts wzp_quic_server_counts(const struct wzp_quic_server *srv)
{
	return (struct wzp_quic_server_counts){ srv->udp_in, srv->tx->sent, srv->ignored };
}

unsigned wzp_quic_server_port(const struct wzp_quic_server *srv)
{
	return wzp_quic_sock_port(&srv->local);
}

void wzp_quic_server_buffers(const struct wzp_quic_server *srv, int *rcv, int *snd)
{
	wzp_quic_sock_buffers(srv->fd, rcv, snd);
}
