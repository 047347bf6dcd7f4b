/* bot.c: one load bot over QUIC or plain UDP (bot.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bot.h"
#include "bytes.h"
#include "quic_sock.h"

#define JOIN_RETRY_S 0.2
#define UDP_JOINED "joined"

uint64_t bot_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void became_ready(struct bot *b)
{
	if (b->ready)
		return;
	b->ready = true;
	if (++b->fleet->ready == b->fleet->cfg.bots && b->fleet->on_ready != NULL)
		b->fleet->on_ready(b->fleet);
}

/* One datagram from the relay or floor, stamped by a room mate. */
static void receive(struct bot *rx, const uint8_t *data, size_t len)
{
	struct fleet *f = rx->fleet;
	uint64_t now = bot_now_ns();
	uint32_t from, seq, rs = f->cfg.room_size;
	uint32_t *seen;
	const struct bot *tx;
	size_t i;

	if (payload_read_stamp(data, len, &from, &seq) != 0 || from >= f->cfg.bots ||
	    from == rx->id || from / rs != rx->id / rs) {
		rx->n.unknown++;
		return;
	}
	tx = &f->bots[from];
	i = seq % LOADGEN_RING;
	if (seq >= tx->seq || tx->sent_seq[i] != seq) {
		rx->n.unknown++;
		return;
	}
	seen = &rx->seen[(from % rs) * LOADGEN_RING + i];
	if (*seen == seq + 1) {
		rx->n.duplicates++;
		return;
	}
	*seen = seq + 1;
	rx->n.received++;
	latency_add(&f->lat, (now - tx->sent_ns[i]) / 1000);
}

static int transmit(struct bot *b, const uint8_t *pkt, size_t len)
{
	if (b->fd >= 0)
		return send(b->fd, pkt, len, 0) == (ssize_t)len ? 0 : -1;
	if (b->session == NULL || b->ended)
		return -1;
	return relay_session_send_datagram(b->session, pkt, len) == WZP_QUIC_OK ? 0 : -1;
}

static void on_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct bot *b = w->data;
	uint8_t pkt[WZP_CALL_DATAGRAM_MAX];
	uint32_t seq = b->seq;
	size_t len = payload_stamped(&b->fleet->payloads, seq, b->id, seq, pkt);
	size_t i = seq % LOADGEN_RING;

	(void)loop;
	(void)revents;
	b->sent_seq[i] = seq;
	b->sent_ns[i] = bot_now_ns();
	latency_add(&b->fleet->lag,
		    b->sent_ns[i] > b->due_ns ? (b->sent_ns[i] - b->due_ns) / 1000 : 0);
	b->due_ns += (uint64_t)(1e9 / b->fleet->cfg.rate);
	b->seq++;
	if (transmit(b, pkt, len) == 0)
		b->n.sent++;
	else
		b->n.send_errors++;
}

/* Relay session events: ready once the RoomUpdate lists the whole room. */
static void on_room_update(struct relay_session *s, const struct relay_session_member *m,
			   size_t n, void *user)
{
	(void)s;
	(void)m;
	if (n >= ((struct bot *)user)->fleet->cfg.room_size)
		became_ready(user);
}

static void on_datagram(struct relay_session *s, const uint8_t *data, size_t len, void *user)
{
	(void)s;
	receive(user, data, len);
}

static void on_closed(struct relay_session *s, const struct wzp_quic_end *end, int joined,
		      void *user)
{
	struct bot *b = user;

	(void)s;
	b->ended = true;
	if (b->fleet->closing)
		return;
	b->fleet->ended++;
	fprintf(stderr, "loadgen: bot %u ended: joined=%d kind=%d code=0x%llx reason=\"%s\"\n",
		(unsigned)b->id, joined, (int)end->kind, (unsigned long long)end->code,
		end->reason);
}

/* The bot's identity comes from its id: runs are repeatable, and no two
 * bots of a fleet share a fingerprint. */
static int open_quic(struct bot *b)
{
	uint8_t seed[WZP_SEED_SIZE] = { 'l', 'o', 'a', 'd' };
	struct relay_session_config cfg = {
		.host = b->fleet->cfg.host, .port = b->fleet->cfg.port, .room = b->room,
		.profile = WZP_PROFILE_V1, .identity = &b->identity,
		.join_timeout_ms = (uint64_t)(b->fleet->cfg.connect_timeout * 1000),
		.events = { NULL, on_room_update, NULL, on_datagram, on_closed }, .user = b,
	};

	store_be32(seed + WZP_SEED_SIZE - 4, b->id);
	wzp_identity_derive(&b->identity, seed);
	return relay_session_open(&b->session, b->fleet->loop, &cfg);
}

/* Plain UDP: join by datagram, then payloads. */
static void send_join(struct bot *b)
{
	char join[8 + LOADGEN_KEY_LEN];
	int n = snprintf(join, sizeof join, "join %s", b->room);

	if (send(b->fd, join, (size_t)n, 0) != n)
		b->n.send_errors++;
}

static void on_join_retry(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	send_join(w->data);
}

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	struct bot *b = w->data;
	uint8_t buf[2048];
	ssize_t n;

	(void)revents;
	while ((n = recv(b->fd, buf, sizeof buf, 0)) >= 0) {
		if (!b->ready && (size_t)n == strlen(UDP_JOINED) && memcmp(buf, UDP_JOINED, (size_t)n) == 0) {
			ev_timer_stop(loop, &b->join_retry);
			became_ready(b);
		} else {
			receive(b, buf, (size_t)n);
		}
	}
}

static int open_udp(struct bot *b)
{
	struct wzp_quic_addr peer, local;
	int fd;

	if (wzp_quic_sock_resolve(b->fleet->cfg.host, b->fleet->cfg.port, &peer) != 0)
		return -1;
	if ((fd = wzp_quic_sock_connect(&peer, &local)) < 0)
		return fd;
	b->fd = fd;
	ev_io_init(&b->io, on_readable, fd, EV_READ);
	ev_timer_init(&b->join_retry, on_join_retry, 0., JOIN_RETRY_S);
	b->io.data = b->join_retry.data = b;
	ev_io_start(b->fleet->loop, &b->io);
	ev_timer_start(b->fleet->loop, &b->join_retry);
	return 0;
}

int bot_open(struct bot *b, struct fleet *f, uint32_t id)
{
	memset(b, 0, sizeof *b);
	b->fleet = f;
	b->id = id;
	b->fd = -1;
	snprintf(b->room, sizeof b->room, "10ad%028x", (unsigned)(id / f->cfg.room_size));
	ev_timer_init(&b->tick, on_tick, 0., 1. / f->cfg.rate);
	b->tick.data = b;
	if ((b->seen = calloc((size_t)f->cfg.room_size * LOADGEN_RING, sizeof *b->seen)) == NULL)
		return -ENOMEM;
	return f->cfg.udp ? open_udp(b) : open_quic(b);
}

void bot_start_sending(struct bot *b)
{
	/* Spread the bots over one period so the load is smooth. */
	double period = 1. / b->fleet->cfg.rate, offset = period * b->id / b->fleet->cfg.bots;

	b->due_ns = bot_now_ns() + (uint64_t)(offset * 1e9);
	ev_timer_set(&b->tick, offset, period);
	ev_timer_start(b->fleet->loop, &b->tick);
}

void bot_stop_sending(struct bot *b)
{
	ev_timer_stop(b->fleet->loop, &b->tick);
}

void bot_hang_up(struct bot *b)
{
	if (b->session != NULL && !b->ended)
		relay_session_close(b->session, 0, "normal close");
}

void bot_close(struct bot *b)
{
	bot_stop_sending(b);
	if (b->fd >= 0) {
		ev_io_stop(b->fleet->loop, &b->io);
		ev_timer_stop(b->fleet->loop, &b->join_retry);
		close(b->fd);
		b->fd = -1;
	}
	relay_session_free(b->session);
	b->session = NULL;
	wzp_identity_wipe(&b->identity);
	free(b->seen);
	b->seen = NULL;
}
