/* quic_sock.h: the UDP sockets under the QUIC shell.
 *
 * Every socket is non-blocking and close-on-exec, and asks the kernel for
 * WZP_QUIC_SOCK_BUF bytes of receive and of send buffer. Why that size:
 * a media packet is small (60 to 300 bytes) but the kernel charges each
 * queued datagram its buffer's true size (about 1 to 2.3 KiB on Linux), so
 * a receive buffer holds far fewer packets than its bytes suggest. A relay
 * socket takes every participant's packets (one 10-person room at 50
 * packets/s each plus FEC repair is about 1 000 packets/s) and sends each
 * to every other participant; 1 MiB rides out a stall of the event loop of
 * roughly 400 ms on receive and absorbs one fan-out burst on send. Linux
 * doubles the request and caps it at net.core.rmem_max / wmem_max
 * (212 992 by default), so a relay host must raise those sysctls;
 * wzp_quic_sock_buffers() reports what the kernel granted.
 *
 * Datagrams move in batches, one recvmmsg or sendmmsg for up to
 * WZP_QUIC_BATCH of them: a relay forwards every media packet to each
 * other member, and one system call per packet cost it more CPU than all
 * of its QUIC work (docs/bench-relay.md, D-0065).
 *
 * Contract: functions return 0 (or a descriptor) on success and a negative
 * errno value on failure, leaving nothing open.
 */
#ifndef WZP_QUIC_SOCK_H
#define WZP_QUIC_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#define WZP_QUIC_SOCK_BUF (1 << 20)
#define WZP_QUIC_BATCH 64     /* datagrams per recvmmsg or sendmmsg */
#define WZP_QUIC_PKT_MAX 1452 /* ngtcp2 0.12.1's default max_tx_udp_payload_size */
/* The largest datagram read: the max_udp_payload_size this side advertises
 * (D-0065); a longer one arrives cut short and is dropped. */
#define WZP_QUIC_RX_MAX 2048

struct wzp_quic_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* Packets waiting to leave one socket. to.len 0: a connected socket. */
struct wzp_quic_tx_pkt {
	struct wzp_quic_addr to;
	size_t len;
	uint8_t data[WZP_QUIC_PKT_MAX];
};

struct wzp_quic_tx {
	int fd;
	uint64_t sent; /* packets the kernel took, ever */
	size_t n, cap; /* cap at most WZP_QUIC_BATCH */
	struct wzp_quic_tx_pkt pkt[];
};

/* Datagrams read by one recvmmsg; len 0 marks one that was cut short. */
struct wzp_quic_rx {
	size_t n;
	size_t len[WZP_QUIC_BATCH];
	struct wzp_quic_addr from[WZP_QUIC_BATCH];
	uint8_t data[WZP_QUIC_BATCH][WZP_QUIC_RX_MAX];
};

/* host and port as numeric strings or names (the first UDP address wins). */
int wzp_quic_sock_resolve(const char *host, const char *port, struct wzp_quic_addr *out);

/* A socket bound to at (server), its bound address in *local. */
int wzp_quic_sock_listen(const struct wzp_quic_addr *at, struct wzp_quic_addr *local);

/* A socket connected to peer (client), its local address in *local. */
int wzp_quic_sock_connect(const struct wzp_quic_addr *peer, struct wzp_quic_addr *local);

/* The receive and send buffer sizes the kernel granted. */
void wzp_quic_sock_buffers(int fd, int *rcv, int *snd);

/* A send batch for fd of cap packets, at most WZP_QUIC_BATCH (a server's
 * fan-out wants that many, a client's flush a few); NULL without memory.
 * Freed with free(). */
struct wzp_quic_tx *wzp_quic_tx_new(int fd, size_t cap);

/* The buffer for tx's next packet, sending the batch first when it is full;
 * wzp_quic_tx_add() then queues what was written there for to (NULL on a
 * connected socket). */
uint8_t *wzp_quic_tx_next(struct wzp_quic_tx *tx);
void wzp_quic_tx_add(struct wzp_quic_tx *tx, size_t len, const struct wzp_quic_addr *to);

/* Sends every queued packet and empties tx. A full send buffer drops what
 * is left, and a packet the kernel refuses (an ICMP error queued on a
 * connected socket) is dropped alone: QUIC's loss recovery resends what
 * matters, and a dead peer is left to QUIC's idle timeout. */
void wzp_quic_tx_send(struct wzp_quic_tx *tx);

/* Up to WZP_QUIC_BATCH datagrams now waiting on fd into rx (rx->n of them;
 * 0 when there are none, or on an error such as a queued ICMP unreachable). */
void wzp_quic_rx_read(int fd, struct wzp_quic_rx *rx);

/* The port of a bound address, in host order. */
unsigned wzp_quic_sock_port(const struct wzp_quic_addr *addr);

#endif
