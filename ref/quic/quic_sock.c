/* quic_sock.c: UDP sockets (see quic_sock.h). */
#define _GNU_SOURCE /* recvmmsg, sendmmsg */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
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

struct wzp_quic_tx *wzp_quic_tx_new(int fd, size_t cap)
{
	struct wzp_quic_tx *tx;

	if (cap > WZP_QUIC_BATCH) /* one sendmmsg takes the whole batch */
		cap = WZP_QUIC_BATCH;
	tx = malloc(sizeof *tx + cap * sizeof tx->pkt[0]);

	if (tx == NULL)
		return NULL;
	tx->fd = fd;
	tx->sent = 0;
	tx->n = 0;
	tx->cap = cap;
	return tx;
}

uint8_t *wzp_quic_tx_next(struct wzp_quic_tx *tx)
{
	if (tx->n == tx->cap)
		wzp_quic_tx_send(tx);
	return tx->pkt[tx->n].data;
}

void wzp_quic_tx_add(struct wzp_quic_tx *tx, size_t len, const struct wzp_quic_addr *to)
{
	struct wzp_quic_tx_pkt *p = &tx->pkt[tx->n++];

	p->len = len;
	p->to.len = to != NULL ? to->len : 0;
	if (to != NULL) /* the address's own bytes, not all of sockaddr_storage */
		memcpy(&p->to.ss, &to->ss, to->len);
}

/* One sendmmsg of the left packets at msg: how many are done with, sent
 * or dropped. */
static size_t send_some(struct wzp_quic_tx *tx, struct mmsghdr *msg, size_t left)
{
	int n = sendmmsg(tx->fd, msg, (unsigned)left, 0);

	if (n > 0) {
		tx->sent += (uint64_t)n;
		return (size_t)n;
	}
	if (errno == EINTR)
		return 0;
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return left; /* the send buffer is full: the rest is dropped */
	return 1;            /* refused: this packet is dropped, the next ones tried */
}

void wzp_quic_tx_send(struct wzp_quic_tx *tx)
{
	struct mmsghdr msg[WZP_QUIC_BATCH];
	struct iovec iov[WZP_QUIC_BATCH];

	for (size_t i = 0; i < tx->n; i++) {
		struct wzp_quic_tx_pkt *p = &tx->pkt[i];

		iov[i] = (struct iovec){ p->data, p->len };
		msg[i].msg_hdr = (struct msghdr){
			.msg_name = p->to.len ? &p->to.ss : NULL, .msg_namelen = p->to.len,
			.msg_iov = &iov[i], .msg_iovlen = 1,
		};
	}
	for (size_t done = 0; done < tx->n;)
		done += send_some(tx, msg + done, tx->n - done);
	tx->n = 0;
}

void wzp_quic_rx_read(int fd, struct wzp_quic_rx *rx)
{
	struct mmsghdr msg[WZP_QUIC_BATCH];
	struct iovec iov[WZP_QUIC_BATCH];
	int n;

	for (size_t i = 0; i < WZP_QUIC_BATCH; i++) {
		iov[i] = (struct iovec){ rx->data[i], WZP_QUIC_RX_MAX };
		msg[i].msg_hdr = (struct msghdr){
			.msg_name = &rx->from[i].ss, .msg_namelen = sizeof rx->from[i].ss,
			.msg_iov = &iov[i], .msg_iovlen = 1,
		};
	}
	do {
		n = recvmmsg(fd, msg, WZP_QUIC_BATCH, 0, NULL);
	} while (n < 0 && errno == EINTR);
	rx->n = n > 0 ? (size_t)n : 0; /* WZP-TRANS-007: a datagram cut short has len 0 */
	for (size_t i = 0; i < rx->n; i++) {
		rx->from[i].len = msg[i].msg_hdr.msg_namelen;
		rx->len[i] = (msg[i].msg_hdr.msg_flags & MSG_TRUNC) ? 0 : msg[i].msg_len;
	}
}

unsigned wzp_quic_sock_port(const struct wzp_quic_addr *addr)
{
	if (addr->ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&addr->ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)&addr->ss)->sin_port);
}
