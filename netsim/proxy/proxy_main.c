/* wzp-netsim-proxy: a UDP impairment proxy that applies a netsim
 * scenario (netsim/README.md) to real traffic between clients and a
 * relay, for netsim/run --real (spec/09-netsim.md 9.6). Kernel netem is
 * not available everywhere; this needs nothing but a UDP socket.
 *
 * One socket faces the clients; each client address is a flow (flow.h)
 * with its own socket towards the relay. Every datagram read at t (µs of
 * the monotonic clock since the proxy started: the scenario's time) goes
 * through its direction's channel (channel.h: the simulator's model, the
 * same code) and its copies wait in the delivery queue (delivery.h) for
 * their time. SIGTERM or SIGINT ends it; it then prints the counts per
 * direction as one JSON object.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <ev.h>

#include "channel.h"
#include "delivery.h"
#include "describe.h"
#include "flow.h"
#include "proxy_args.h"
#include "scenario.h"

#define QUEUE_CAPACITY 4096 /* copies in flight (a flow of 100 packets/s delayed 1 s holds 100) */
#define SCENARIO_MAX (256 * 1024)

/* What the proxy did per direction, beyond the channels' own counts. */
struct dir_stats {
	uint64_t forwarded;   /* copies sent on */
	uint64_t overflow;    /* copies the delivery queue had no room for */
	uint64_t send_errors; /* copies the socket refused */
	uint64_t delay_sum_us, delay_max_us; /* read to sent, measured */
};

struct proxy {
	struct proxy_opts o;
	struct netsim_scenario scenario;
	uint64_t seed;
	struct ev_loop *loop;
	int fd; /* facing the clients */
	ev_io io;
	ev_timer timer;
	ev_signal sigterm, sigint;
	uint64_t t0_us;
	struct flow_table flows;
	struct delivery queue;
	struct dir_stats dir[NETSIM_DIRS];
};

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t now_us(const struct proxy *p)
{
	return mono_us() - p->t0_us;
}

static void arm_timer(struct proxy *p)
{
	uint64_t due = delivery_next_due(&p->queue), now = now_us(p);

	ev_timer_stop(p->loop, &p->timer);
	if (due == UINT64_MAX)
		return;
	ev_timer_set(&p->timer, due > now ? (double)(due - now) / 1e6 : 0.0, 0);
	ev_timer_start(p->loop, &p->timer);
}

/* WZP-NETSIM-013: one datagram of flow f read in direction d; the
 * simulator's scenario and channel decide its fate. */
static void admit(struct proxy *p, uint32_t f, enum netsim_dir d, const uint8_t *buf, size_t len)
{
	struct netsim_conditions cond;
	struct netsim_verdict v;
	uint64_t t = now_us(p);

	netsim_scenario_at(&p->scenario, d, t, &cond);
	netsim_channel_send(&p->flows.flows[f].ch[d], &cond, t, len, &v);
	for (unsigned i = 0; i < v.copies; i++)
		if (!delivery_push(&p->queue, v.deliver_us[i], t, f, (uint8_t)d, buf, len))
			p->dir[d].overflow++;
	arm_timer(p);
}

static void send_item(struct proxy *p, const struct delivery_item *it, uint64_t now)
{
	const struct proxy_flow *f = &p->flows.flows[it->flow];
	struct dir_stats *s = &p->dir[it->dir];
	ssize_t n;

	if (it->dir == NETSIM_UP)
		n = send(f->up_fd, it->data, it->len, 0);
	else
		n = sendto(p->fd, it->data, it->len, 0, (const struct sockaddr *)&f->client,
			   sizeof f->client);
	if (n != (ssize_t)it->len) {
		s->send_errors++;
		return;
	}
	s->forwarded++;
	s->delay_sum_us += now - it->read_us;
	if (now - it->read_us > s->delay_max_us)
		s->delay_max_us = now - it->read_us;
}

static void on_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct proxy *p = w->data;
	struct delivery_item *it;
	uint64_t now = now_us(p);

	(void)loop;
	(void)revents;
	while ((it = delivery_pop_due(&p->queue, now)) != NULL) {
		send_item(p, it, now);
		delivery_release(&p->queue, it);
	}
	arm_timer(p);
}

static void on_upstream(struct ev_loop *loop, ev_io *w, int revents)
{
	struct proxy *p = w->data;
	uint32_t f = 0;
	uint8_t buf[DELIVERY_MTU + 1];
	ssize_t n;

	(void)loop;
	(void)revents;
	while (p->flows.flows[f].up_fd != w->fd)
		f++;
	while ((n = recv(w->fd, buf, sizeof buf, 0)) >= 0)
		if ((size_t)n <= DELIVERY_MTU)
			admit(p, f, NETSIM_DOWN, buf, (size_t)n);
}

/* The flow of a client address, created on its first datagram. */
static int flow_of(struct proxy *p, const struct sockaddr_in *from)
{
	int f = flow_find(&p->flows, from);
	struct proxy_flow *pf;
	char host[INET_ADDRSTRLEN];

	if (f >= 0)
		return f;
	if ((f = flow_add(&p->flows, from, &p->o.relay, p->seed)) < 0)
		return -1;
	pf = &p->flows.flows[f];
	ev_io_init(&pf->io, on_upstream, pf->up_fd, EV_READ);
	pf->io.data = p;
	ev_io_start(p->loop, &pf->io);
	if (!p->o.quiet)
		fprintf(stderr, "wzp-netsim-proxy: flow %d from %s:%u at %.3f s\n", f,
			inet_ntop(AF_INET, &from->sin_addr, host, sizeof host),
			ntohs(from->sin_port), (double)now_us(p) / 1e6);
	return f;
}

static void on_client(struct ev_loop *loop, ev_io *w, int revents)
{
	struct proxy *p = w->data;
	uint8_t buf[DELIVERY_MTU + 1];
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	ssize_t n;
	int f;

	(void)loop;
	(void)revents;
	while ((n = recvfrom(p->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl)) >= 0) {
		if ((size_t)n <= DELIVERY_MTU && fl == sizeof from && (f = flow_of(p, &from)) >= 0)
			admit(p, (uint32_t)f, NETSIM_UP, buf, (size_t)n);
		fl = sizeof from;
	}
}

static uint64_t channel_dropped(const struct netsim_channel_stats *c)
{
	uint64_t dropped = 0;

	for (int k = 1; k < NETSIM_FATES; k++)
		dropped += c->fate[k];
	return dropped;
}

static void print_dir(FILE *out, const struct proxy *p, enum netsim_dir d)
{
	struct netsim_channel_stats c = { 0 };
	const struct dir_stats *s = &p->dir[d];
	uint64_t dropped;

	for (size_t i = 0; i < p->flows.n; i++) {
		const struct netsim_channel_stats *fc = &p->flows.flows[i].ch[d].stats;

		c.packets += fc->packets;
		c.bytes += fc->bytes;
		c.duplicated += fc->duplicated;
		c.reordered += fc->reordered;
		for (int k = 0; k < NETSIM_FATES; k++)
			c.fate[k] += fc->fate[k];
	}
	dropped = channel_dropped(&c);
	fprintf(out,
		"\"%s\":{\"sent\":%llu,\"bytes\":%llu,\"dropped\":%llu,\"blackout\":%llu,"
		"\"queue\":%llu,\"burst\":%llu,\"loss\":%llu,\"duplicated\":%llu,"
		"\"reordered\":%llu,\"forwarded\":%llu,\"overflow\":%llu,\"send_errors\":%llu,"
		"\"delay_mean_us\":%llu,\"delay_max_us\":%llu}",
		d == NETSIM_UP ? "up" : "down", (unsigned long long)c.packets,
		(unsigned long long)c.bytes, (unsigned long long)dropped,
		(unsigned long long)c.fate[NETSIM_DROP_BLACKOUT],
		(unsigned long long)c.fate[NETSIM_DROP_QUEUE],
		(unsigned long long)c.fate[NETSIM_DROP_BURST],
		(unsigned long long)c.fate[NETSIM_DROP_LOSS], (unsigned long long)c.duplicated,
		(unsigned long long)c.reordered, (unsigned long long)s->forwarded,
		(unsigned long long)s->overflow, (unsigned long long)s->send_errors,
		(unsigned long long)(s->forwarded ? s->delay_sum_us / s->forwarded : 0),
		(unsigned long long)s->delay_max_us);
}

/* Each flow's datagrams in and dropped per direction, in the flows' order. */
static void print_flows(FILE *out, const struct proxy *p)
{
	fputs("\"per_flow\":[", out);
	for (size_t i = 0; i < p->flows.n; i++) {
		const struct netsim_channel *ch = p->flows.flows[i].ch;

		fprintf(out, "%s{\"up_sent\":%llu,\"up_dropped\":%llu,\"down_sent\":%llu,"
			"\"down_dropped\":%llu}", i ? "," : "",
			(unsigned long long)ch[NETSIM_UP].stats.packets,
			(unsigned long long)channel_dropped(&ch[NETSIM_UP].stats),
			(unsigned long long)ch[NETSIM_DOWN].stats.packets,
			(unsigned long long)channel_dropped(&ch[NETSIM_DOWN].stats));
	}
	fputc(']', out);
}

/* WZP-NETSIM-013: the counts as one JSON object: "sent" is what entered the channel,
 * "dropped" what it lost (by cause), "forwarded" the copies sent on; then per flow. */
static void print_stats(FILE *out, const struct proxy *p)
{
	fprintf(out, "{\"scenario\":\"%s\",\"seed\":%llu,\"seconds\":%.3f,\"flows\":%zu,",
		p->scenario.name, (unsigned long long)p->seed, (double)now_us(p) / 1e6,
		p->flows.n);
	print_dir(out, p, NETSIM_UP);
	fputc(',', out);
	print_dir(out, p, NETSIM_DOWN);
	fputc(',', out);
	print_flows(out, p);
	fputs("}\n", out);
}

static void on_stop(struct ev_loop *loop, ev_signal *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

/* Reads and parses the scenario; false with a message on stderr. */
static bool load_scenario(struct proxy *p)
{
	static char text[SCENARIO_MAX];
	struct netsim_scenario_error err;
	FILE *f = fopen(p->o.scenario, "rb");
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "wzp-netsim-proxy: %s: %s\n", p->o.scenario, strerror(errno));
		return false;
	}
	len = fread(text, 1, sizeof text, f);
	fclose(f);
	if (len == sizeof text ||
	    netsim_scenario_parse(&p->scenario, text, len, &err) != NETSIM_SCENARIO_OK) {
		fprintf(stderr, "wzp-netsim-proxy: %s:%u: %s\n", p->o.scenario,
			len == sizeof text ? 0 : err.line,
			len == sizeof text ? "too long" : netsim_scenario_strerror(err.code));
		return false;
	}
	p->seed = p->o.have_seed ? p->o.seed : p->scenario.seed;
	return true;
}

static bool open_socket(struct proxy *p)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	char host[INET_ADDRSTRLEN];

	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0 || bind(p->fd, (const struct sockaddr *)&p->o.listen, sizeof p->o.listen) ||
	    getsockname(p->fd, (struct sockaddr *)&a, &al)) {
		fprintf(stderr, "wzp-netsim-proxy: cannot listen: %s\n", strerror(errno));
		return false;
	}
	printf("listening %s:%u\n", inet_ntop(AF_INET, &a.sin_addr, host, sizeof host),
	       ntohs(a.sin_port));
	fflush(stdout);
	return true;
}

static void start_watchers(struct proxy *p)
{
	ev_io_init(&p->io, on_client, p->fd, EV_READ);
	ev_timer_init(&p->timer, on_timer, 0, 0);
	ev_signal_init(&p->sigterm, on_stop, SIGTERM);
	ev_signal_init(&p->sigint, on_stop, SIGINT);
	p->io.data = p->timer.data = p;
	ev_io_start(p->loop, &p->io);
	ev_signal_start(p->loop, &p->sigterm);
	ev_signal_start(p->loop, &p->sigint);
}

static int write_stats(const struct proxy *p)
{
	FILE *f;

	print_stats(stdout, p);
	if (p->o.stats == NULL)
		return 0;
	if ((f = fopen(p->o.stats, "w")) == NULL) {
		fprintf(stderr, "wzp-netsim-proxy: %s: %s\n", p->o.stats, strerror(errno));
		return 1;
	}
	print_stats(f, p);
	return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	static struct proxy p;
	bool help;
	int rc;

	if ((rc = proxy_args_parse(&p.o, argc, argv, &help)) != 0 || help)
		return rc;
	if (!load_scenario(&p))
		return 2;
	if (p.o.describe) {
		describe_scenario(stdout, &p.scenario);
		return 0;
	}
	if (!delivery_init(&p.queue, QUEUE_CAPACITY))
		return 2;
	p.loop = EV_DEFAULT;
	if (!open_socket(&p)) {
		delivery_free(&p.queue);
		return 2;
	}
	start_watchers(&p);
	p.t0_us = mono_us();
	ev_run(p.loop, 0);
	rc = write_stats(&p);
	flow_table_close(&p.flows);
	close(p.fd);
	delivery_free(&p.queue);
	return rc;
}
