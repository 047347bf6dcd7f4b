/* quic_server.h: a WZP server: one UDP socket, any number of connections.
 *
 * wzp_quic_server_open() binds cfg->host:cfg->port (port "0" picks a free
 * one, see wzp_quic_server_port()) and accepts every QUIC v1 connection
 * whose ClientHello offers one of cfg->alpn; the others fail their
 * handshake (quic_tls.h) and end with events.closed like any connection.
 * The certificate is self-signed and made at open. Events for every
 * connection arrive through cfg->events (quic_conn.h) on loop; the server
 * frees each connection after its events.closed returns.
 *
 * Not yet (spike): Version Negotiation, Retry and stateless reset are
 * never sent; packets are routed by scanning the connections.
 *
 * Contract: open returns 0, or a negative errno value (resolution, socket)
 * or -1 (TLS setup), leaving nothing allocated. wzp_quic_server_free()
 * drops every connection without CONNECTION_CLOSE.
 */
#ifndef WZP_QUIC_SERVER_H
#define WZP_QUIC_SERVER_H

#include <ev.h>
#include <stdint.h>

#include "quic_conn.h"

struct wzp_quic_server;

int wzp_quic_server_open(struct wzp_quic_server **out, struct ev_loop *loop,
			 const struct wzp_quic_config *cfg);
void wzp_quic_server_free(struct wzp_quic_server *srv);

/* The bound port, and the socket buffer sizes the kernel granted. */
unsigned wzp_quic_server_port(const struct wzp_quic_server *srv);
void wzp_quic_server_buffers(const struct wzp_quic_server *srv, int *rcv, int *snd);
/* What the socket carried: UDP packets read and sent (the kernel took
 * them), and those read that belonged to no connection and could not
 * start one (not QUIC, not a client's first packet, or cut short), dropped. */
struct wzp_quic_server_counts {
	uint64_t udp_in, udp_out, ignored;
};
struct wzp_quic_server_counts wzp_quic_server_counts(const struct wzp_quic_server *srv);

#endif
