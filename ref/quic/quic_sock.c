/* quic_sock.c: UDP sockets (see quic_sock.h). */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "quic_sock.h"

int wzp_quic_sock_resolve(const char *host, const char *port, struct wzp_quic_addr *out)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res;

	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -EINVAL;
	memcpy(&out->ss, res->ai_addr, res->ai_addrlen);
	out->len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* WZP-TRANS-006: 1 MiB asked for each way; what was granted is reported. */
static int open_sized(int family)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	int size = WZP_QUIC_SOCK_BUF;

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size) != 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

/* Closes fd after a failed call; returns the call's error. */
static int fail(int fd)
{
	int err = errno;

	close(fd);
	return -err;
}

static int local_name(int fd, struct wzp_quic_addr *local)
{
	local->len = sizeof local->ss;
	if (getsockname(fd, (struct sockaddr *)&local->ss, &local->len) != 0)
		return fail(fd);
	return fd;
}

/* A sized socket for addr's family, then op (bind or connect) to addr. */
static int open_then(const struct wzp_quic_addr *addr, struct wzp_quic_addr *local,
		     int (*op)(int, const struct sockaddr *, socklen_t))
{
	int fd = open_sized(addr->ss.ss_family);

	if (fd < 0)
		return fd;
	if (op(fd, (const struct sockaddr *)&addr->ss, addr->len) != 0)
		return fail(fd);
	return local_name(fd, local);
}

int wzp_quic_sock_listen(const struct wzp_quic_addr *at, struct wzp_quic_addr *local)
{
	return open_then(at, local, bind);
}

int wzp_quic_sock_connect(const struct wzp_quic_addr *peer, struct wzp_quic_addr *local)
{
	return open_then(peer, local, connect);
}

void wzp_quic_sock_buffers(int fd, int *rcv, int *snd)
{
	socklen_t len = sizeof *rcv;

	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, rcv, &len) != 0)
		*rcv = -1;
	len = sizeof *snd;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, snd, &len) != 0)
		*snd = -1;
}

int wzp_quic_sock_send(int fd, const struct wzp_quic_addr *to, const uint8_t *pkt, size_t len)
{
	ssize_t n;

	do {
		n = to ? sendto(fd, pkt, len, 0, (const struct sockaddr *)&to->ss, to->len)
		       : send(fd, pkt, len, 0);
	} while (n < 0 && errno == EINTR);
	if (n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK)
		return 0;
	return -errno;
}

ssize_t wzp_quic_sock_recv(int fd, uint8_t *buf, size_t cap, struct wzp_quic_addr *from)
{
	ssize_t n;

	do {
		from->len = sizeof from->ss;
		n = recvfrom(fd, buf, cap, 0, (struct sockaddr *)&from->ss, &from->len);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : n;
}

unsigned wzp_quic_sock_port(const struct wzp_quic_addr *addr)
{
	if (addr->ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&addr->ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)&addr->ss)->sin_port);
}
