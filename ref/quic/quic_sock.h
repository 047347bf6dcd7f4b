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

struct wzp_quic_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* host and port as numeric strings or names (the first UDP address wins). */
int wzp_quic_sock_resolve(const char *host, const char *port, struct wzp_quic_addr *out);

/* A socket bound to at (server), its bound address in *local. */
int wzp_quic_sock_listen(const struct wzp_quic_addr *at, struct wzp_quic_addr *local);

/* A socket connected to peer (client), its local address in *local. */
int wzp_quic_sock_connect(const struct wzp_quic_addr *peer, struct wzp_quic_addr *local);

/* The receive and send buffer sizes the kernel granted. */
void wzp_quic_sock_buffers(int fd, int *rcv, int *snd);

/* One UDP datagram; to is NULL on a connected socket. A full send buffer
 * drops the packet (QUIC's loss recovery resends what matters). */
int wzp_quic_sock_send(int fd, const struct wzp_quic_addr *to, const uint8_t *pkt, size_t len);

/* The next UDP datagram into buf[cap] and its sender; -1 when there is none
 * now (EAGAIN), or on an error such as a queued ICMP unreachable (a dead
 * peer is left to QUIC's idle timeout). */
ssize_t wzp_quic_sock_recv(int fd, uint8_t *buf, size_t cap, struct wzp_quic_addr *from);

/* The port of a bound address, in host order. */
unsigned wzp_quic_sock_port(const struct wzp_quic_addr *addr);

#endif
