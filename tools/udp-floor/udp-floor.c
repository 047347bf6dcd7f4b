/* udp-floor: the plain UDP forwarder that `make bench-relay` measures the
 * relay against: what fanning out costs with no QUIC, no crypto and no
 * per-packet allocation.
 *
 *   udp-floor [--listen 127.0.0.1:PORT]
 *
 * One socket, IPv4. A datagram "join KEY" from a new address puts that
 * address into room KEY (answer: "joined"); every other datagram from a
 * member goes, as it is, to every other member of its room. Datagrams are
 * read with recvmmsg and sent with sendmmsg, FLOOR_BATCH at a time.
 * Anything from a stranger is counted and dropped.
 *
 * Prints `listening port=P` when ready, a line `stats received=N
 * forwarded=N dropped=N members=N` on SIGUSR1, and the same line, then
 * exits 0, on SIGTERM or SIGINT. Exit status 1 when it cannot listen,
 * 64 on bad arguments.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ev.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FLOOR_BATCH 64
#define FLOOR_DGRAM_MAX 2048
#define FLOOR_MEMBERS_MAX 4096
#define FLOOR_SLOTS (2 * FLOOR_MEMBERS_MAX) /* open addressing, at most half full */
#define FLOOR_ROOM_MAX 16
#define FLOOR_KEY_MAX 64
#define FLOOR_SOCK_BUF (1 << 20) /* as the relay's (ref/quic/quic_sock.h) */

struct room {
	char key[FLOOR_KEY_MAX];
	uint32_t count;
	uint32_t member[FLOOR_ROOM_MAX]; /* indices into floor.members */
};

struct member {
	struct sockaddr_in addr;
	uint32_t room;
};

struct floor {
	int fd;
	uint16_t port;
	ev_io io;
	ev_signal sigterm, sigint, sigusr1;
	struct member members[FLOOR_MEMBERS_MAX];
	uint32_t member_count;
	int32_t slot[FLOOR_SLOTS]; /* member index + 1, 0 for empty */
	struct room rooms[FLOOR_MEMBERS_MAX];
	uint32_t room_count;
	/* one batch in, its fan-out out */
	uint8_t in[FLOOR_BATCH][FLOOR_DGRAM_MAX];
	struct iovec in_iov[FLOOR_BATCH];
	struct sockaddr_in in_from[FLOOR_BATCH];
	struct mmsghdr in_msg[FLOOR_BATCH];
	struct iovec out_iov[FLOOR_BATCH];
	struct mmsghdr out_msg[FLOOR_BATCH];
	uint32_t out_count;
	uint64_t received, forwarded, dropped;
};

static uint32_t hash_addr(const struct sockaddr_in *a)
{
	uint32_t h = a->sin_addr.s_addr * 2654435761u ^ (uint32_t)a->sin_port * 40503u;

	return h % FLOOR_SLOTS;
}

static int same_addr(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	return a->sin_addr.s_addr == b->sin_addr.s_addr && a->sin_port == b->sin_port;
}

/* The member at addr, or -1; *free_slot is where it would go. */
static int32_t member_find(const struct floor *f, const struct sockaddr_in *addr,
			   uint32_t *free_slot)
{
	uint32_t s = hash_addr(addr);

	while (f->slot[s] != 0) {
		if (same_addr(&f->members[f->slot[s] - 1].addr, addr))
			return f->slot[s] - 1;
		s = (s + 1) % FLOOR_SLOTS;
	}
	*free_slot = s;
	return -1;
}

static uint32_t room_of(struct floor *f, const char *key)
{
	for (uint32_t i = 0; i < f->room_count; i++)
		if (strcmp(f->rooms[i].key, key) == 0)
			return i;
	memset(&f->rooms[f->room_count], 0, sizeof f->rooms[0]);
	snprintf(f->rooms[f->room_count].key, FLOOR_KEY_MAX, "%s", key);
	return f->room_count++;
}

static void flush(struct floor *f)
{
	uint32_t done = 0;

	while (done < f->out_count) {
		int n = sendmmsg(f->fd, f->out_msg + done, f->out_count - done, 0);

		if (n <= 0) { /* a full send buffer: drop the rest, as a relay would */
			f->dropped += f->out_count - done;
			break;
		}
		f->forwarded += (uint64_t)n;
		done += (uint32_t)n;
	}
	f->out_count = 0;
}

static void queue(struct floor *f, const struct member *to, uint8_t *data, size_t len)
{
	if (f->out_count == FLOOR_BATCH)
		flush(f);
	f->out_iov[f->out_count] = (struct iovec){ data, len };
	f->out_msg[f->out_count].msg_hdr = (struct msghdr){
		.msg_name = (void *)&to->addr, .msg_namelen = sizeof to->addr,
		.msg_iov = &f->out_iov[f->out_count], .msg_iovlen = 1,
	};
	f->out_count++;
}

/* "join KEY" from a stranger; -1 when it is not one or there is no room. */
static int join(struct floor *f, const struct sockaddr_in *from, const uint8_t *data, size_t len)
{
	char key[FLOOR_KEY_MAX];
	uint32_t s = 0, r, m;

	if (len <= 5 || len - 5 >= FLOOR_KEY_MAX || memcmp(data, "join ", 5) != 0 ||
	    f->member_count == FLOOR_MEMBERS_MAX)
		return -1;
	if (member_find(f, from, &s) < 0) {
		memcpy(key, data + 5, len - 5);
		key[len - 5] = '\0';
		r = room_of(f, key);
		if (f->rooms[r].count == FLOOR_ROOM_MAX)
			return -1;
		m = f->member_count++;
		f->members[m] = (struct member){ *from, r };
		f->slot[s] = (int32_t)m + 1;
		f->rooms[r].member[f->rooms[r].count++] = m;
	}
	sendto(f->fd, "joined", 6, 0, (const struct sockaddr *)from, sizeof *from);
	return 0;
}

static void handle(struct floor *f, uint32_t i, size_t len)
{
	uint32_t s;
	int32_t m = member_find(f, &f->in_from[i], &s);
	const struct room *r;

	f->received++;
	if (m < 0) {
		if (join(f, &f->in_from[i], f->in[i], len) != 0)
			f->dropped++;
		return;
	}
	r = &f->rooms[f->members[m].room];
	for (uint32_t k = 0; k < r->count; k++)
		if (r->member[k] != (uint32_t)m)
			queue(f, &f->members[r->member[k]], f->in[i], len);
}

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	struct floor *f = w->data;
	int n;

	(void)loop;
	(void)revents;
	for (uint32_t i = 0; i < FLOOR_BATCH; i++) {
		f->in_iov[i] = (struct iovec){ f->in[i], FLOOR_DGRAM_MAX };
		f->in_msg[i].msg_hdr = (struct msghdr){
			.msg_name = &f->in_from[i], .msg_namelen = sizeof f->in_from[i],
			.msg_iov = &f->in_iov[i], .msg_iovlen = 1,
		};
	}
	while ((n = recvmmsg(f->fd, f->in_msg, FLOOR_BATCH, MSG_DONTWAIT, NULL)) > 0) {
		for (int i = 0; i < n; i++)
			handle(f, (uint32_t)i, f->in_msg[i].msg_len);
		flush(f);
		for (int i = 0; i < n; i++)
			f->in_msg[i].msg_hdr.msg_namelen = sizeof f->in_from[i];
	}
}

static void print_stats(const struct floor *f)
{
	printf("stats received=%llu forwarded=%llu dropped=%llu members=%u\n",
	       (unsigned long long)f->received, (unsigned long long)f->forwarded,
	       (unsigned long long)f->dropped, (unsigned)f->member_count);
}

static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)revents;
	print_stats(w->data);
	if (w->signum != SIGUSR1)
		ev_break(loop, EVBREAK_ALL);
}

static int listen_on(struct floor *f, const char *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	const char *colon = strrchr(arg, ':');
	char host[INET_ADDRSTRLEN];
	int buf = FLOOR_SOCK_BUF;

	if (colon == NULL || (size_t)(colon - arg) >= sizeof host)
		return -1;
	memcpy(host, arg, (size_t)(colon - arg));
	host[colon - arg] = '\0';
	a.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1)
		return -1;
	if ((f->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	setsockopt(f->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
	setsockopt(f->fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
	if (bind(f->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(f->fd, (struct sockaddr *)&a, &alen) != 0) {
		close(f->fd);
		return -1;
	}
	f->port = ntohs(a.sin_port);
	return 0;
}

static void watch(struct floor *f, struct ev_loop *loop)
{
	ev_io_init(&f->io, on_readable, f->fd, EV_READ);
	ev_signal_init(&f->sigterm, on_signal, SIGTERM);
	ev_signal_init(&f->sigint, on_signal, SIGINT);
	ev_signal_init(&f->sigusr1, on_signal, SIGUSR1);
	f->io.data = f->sigterm.data = f->sigint.data = f->sigusr1.data = f;
	ev_io_start(loop, &f->io);
	ev_signal_start(loop, &f->sigterm);
	ev_signal_start(loop, &f->sigint);
	ev_signal_start(loop, &f->sigusr1);
}

int main(int argc, char **argv)
{
	static struct floor f;
	const char *at = "127.0.0.1:0";
	struct ev_loop *loop;

	if (argc == 3 && strcmp(argv[1], "--listen") == 0) {
		at = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: udp-floor [--listen 127.0.0.1:PORT]\n");
		return 64;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (listen_on(&f, at) != 0) {
		fprintf(stderr, "udp-floor: cannot listen on %s\n", at);
		return 1;
	}
	loop = ev_default_loop(0);
	watch(&f, loop); /* before "listening": a signal right after it is handled */
	printf("listening port=%u\n", (unsigned)f.port);
	ev_run(loop, 0);
	close(f.fd);
	ev_loop_destroy(loop);
	return 0;
}
