/* flow.h: the proxy's flows. A flow is one client address: its uplink
 * channel (client to relay) and downlink channel (relay to client), each
 * seeded on its own stream (2 * flow index + direction, in the order the
 * clients were first heard), and its own socket towards the relay, so the
 * relay sees one 5-tuple per client as it would without the proxy.
 *
 * The table owns the sockets (flow_table_close closes them); the caller
 * watches them. Flows are never removed: a session is bounded, and a
 * client that reconnects from a new port is a new flow.
 */
#ifndef NETSIM_PROXY_FLOW_H
#define NETSIM_PROXY_FLOW_H

#include <ev.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "channel.h"

#define FLOWS_MAX 64

struct proxy_flow {
	struct sockaddr_in client;
	int up_fd; /* connected to the relay */
	ev_io io;  /* the caller's watcher on up_fd */
	struct netsim_channel ch[NETSIM_DIRS];
};

struct flow_table {
	struct proxy_flow flows[FLOWS_MAX];
	size_t n;
};

/* The flow of a client address, or -1. */
int flow_find(const struct flow_table *t, const struct sockaddr_in *client);

/* A new flow for client, with a non-blocking socket connected to relay;
 * its index, or -1 when the table is full or the socket fails. */
int flow_add(struct flow_table *t, const struct sockaddr_in *client,
	     const struct sockaddr_in *relay, uint64_t seed);

void flow_table_close(struct flow_table *t);

#endif
