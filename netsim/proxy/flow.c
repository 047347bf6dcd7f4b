/* flow.c: the flow table (flow.h). */
#include "flow.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int flow_find(const struct flow_table *t, const struct sockaddr_in *client)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct sockaddr_in *c = &t->flows[i].client;

		if (c->sin_port == client->sin_port && c->sin_addr.s_addr == client->sin_addr.s_addr)
			return (int)i;
	}
	return -1;
}

int flow_add(struct flow_table *t, const struct sockaddr_in *client,
	     const struct sockaddr_in *relay, uint64_t seed)
{
	struct proxy_flow *f;
	int fd;

	if (t->n == FLOWS_MAX)
		return -1;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)relay, sizeof *relay) != 0) {
		close(fd);
		return -1;
	}
	f = &t->flows[t->n];
	memset(f, 0, sizeof *f);
	f->client = *client;
	f->up_fd = fd;
	for (int d = 0; d < NETSIM_DIRS; d++) /* WZP-NETSIM-013: stream 2 * flow + dir */
		netsim_channel_init(&f->ch[d], seed, 2 * t->n + (uint64_t)d);
	return (int)t->n++;
}

void flow_table_close(struct flow_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		close(t->flows[i].up_fd);
	t->n = 0;
}
