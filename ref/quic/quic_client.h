/* quic_client.h: a WZP client connection with its own UDP socket.
 *
 * wzp_quic_client_open() resolves cfg->host:cfg->port, connects a UDP
 * socket to it and starts the handshake, offering cfg->alpn and sending
 * cfg->sni. Events arrive through cfg->events (quic_conn.h) on loop.
 *
 * Contract: returns 0, or a negative errno value (resolution, socket) or
 * -1 (TLS or ngtcp2 setup), leaving nothing allocated. The caller frees
 * the client with wzp_quic_client_free(), at any time; freeing a client
 * whose connection has not ended drops it without CONNECTION_CLOSE.
 */
#ifndef WZP_QUIC_CLIENT_H
#define WZP_QUIC_CLIENT_H

#include <ev.h>

#include "quic_conn.h"

struct wzp_quic_client;

int wzp_quic_client_open(struct wzp_quic_client **out, struct ev_loop *loop,
			 const struct wzp_quic_config *cfg);
void wzp_quic_client_free(struct wzp_quic_client *cl);

#endif
