/* wzp-loadgen: N WZP load bots on one event loop (seed 004's load test).
 *
 *   wzp-loadgen --port P [--host H] [--udp] [--bots N] [--room-size K]
 *               [--rate PPS] [--seconds S] [--connect-timeout S]
 *
 * Defaults: 127.0.0.1, QUIC, 6 bots in rooms of 3, 50 packets/s each,
 * 3 s; N a multiple of K. Bounded: at most LOADGEN_BOTS_MAX bots, LOADGEN_SECONDS_MAX s of
 * sending, LOADGEN_RATE_MAX packets/s each; the host must be loopback.
 *
 * Phases, each announced by a line on stdout (a driver such as
 * tools/loadgen/bench-relay samples the relay's CPU at `start` and
 * `drained`): every bot joins (`ready bots=N`), a settling pause, sending
 * for S seconds (`start`, `stop`), a drain of DRAIN_S for packets in
 * flight (`drained`), then one line `result {JSON}`: bots, seconds, sent,
 * expected (each packet sent times the room mates who should get it),
 * received, duplicates, unknown, delivery (received / expected),
 * send_ratio (sent / bots x rate x seconds: below 1 when the bots cannot
 * keep up), latency p50/p99/max in microseconds, the p99 of how late the
 * bots' send timers fired (their loop falling behind), and the bots' own
 * CPU seconds while sending and draining.
 *
 * Exit status: 0 when every bot joined and none ended early, 1 otherwise
 * (a timeout or an early end), 64 on bad arguments.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bot.h"
#include "quic_sock.h"

#define LOADGEN_BOTS_MAX 2000
#define LOADGEN_SECONDS_MAX 300.
#define LOADGEN_RATE_MAX 1000.
#define ROOM_SIZE_MAX 16
#define SETTLE_S 0.3
#define DRAIN_S 0.5
#define CLOSE_S 0.2
#define USAGE \
	"usage: wzp-loadgen --port P [--host H] [--udp] [--bots N] [--room-size K] " \
	"[--rate PPS] [--seconds S] [--connect-timeout S]\n"

struct run {
	struct fleet f;
	ev_timer deadline; /* for every bot to join */
	ev_timer phase;
	double cpu_start;
	int status;
};

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void next_phase(struct run *r, void (*cb)(struct ev_loop *, ev_timer *, int), double after)
{
	ev_timer_stop(r->f.loop, &r->phase);
	ev_timer_init(&r->phase, cb, after, 0.);
	r->phase.data = r;
	ev_timer_start(r->f.loop, &r->phase);
}

static void print_result(struct run *r)
{
	struct fleet *f = &r->f;
	struct bot_counts t = { 0 };
	double planned = f->cfg.bots * f->cfg.rate * f->cfg.seconds;
	uint64_t expected;

	for (uint32_t i = 0; i < f->cfg.bots; i++) {
		t.sent += f->bots[i].n.sent;
		t.send_errors += f->bots[i].n.send_errors;
		t.received += f->bots[i].n.received;
		t.duplicates += f->bots[i].n.duplicates;
		t.unknown += f->bots[i].n.unknown;
	}
	expected = t.sent * (f->cfg.room_size - 1);
	printf("result {\"transport\": \"%s\", \"bots\": %u, \"room_size\": %u, \"rate\": %g, "
	       "\"seconds\": %g, \"sent\": %llu, \"send_errors\": %llu, \"expected\": %llu, "
	       "\"received\": %llu, \"duplicates\": %llu, \"unknown\": %llu, "
	       "\"delivery\": %.6f, \"send_ratio\": %.4f, \"p50_us\": %llu, \"p99_us\": %llu, "
	       "\"max_us\": %llu, \"lag_p99_us\": %llu, \"cpu_s\": %.3f}\n",
	       f->cfg.udp ? "udp" : "quic", (unsigned)f->cfg.bots, (unsigned)f->cfg.room_size,
	       f->cfg.rate, f->cfg.seconds, (unsigned long long)t.sent,
	       (unsigned long long)t.send_errors, (unsigned long long)expected,
	       (unsigned long long)t.received, (unsigned long long)t.duplicates,
	       (unsigned long long)t.unknown,
	       expected ? (double)t.received / (double)expected : 0., (double)t.sent / planned,
	       (unsigned long long)latency_quantile_us(&f->lat, 0.5),
	       (unsigned long long)latency_quantile_us(&f->lat, 0.99),
	       (unsigned long long)f->lat.max_us,
	       (unsigned long long)latency_quantile_us(&f->lag, 0.99), cpu_seconds() - r->cpu_start);
}

static void on_closed_all(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

static void on_drained(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct run *r = w->data;

	(void)loop;
	(void)revents;
	printf("drained\n");
	print_result(r);
	r->f.closing = true;
	for (uint32_t i = 0; i < r->f.cfg.bots; i++)
		bot_hang_up(&r->f.bots[i]);
	next_phase(r, on_closed_all, CLOSE_S);
}

static void on_sent(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct run *r = w->data;

	(void)loop;
	(void)revents;
	r->f.sending = false;
	for (uint32_t i = 0; i < r->f.cfg.bots; i++)
		bot_stop_sending(&r->f.bots[i]);
	printf("stop\n");
	next_phase(r, on_drained, DRAIN_S);
}

static void on_settled(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct run *r = w->data;

	(void)loop;
	(void)revents;
	printf("start\n");
	r->cpu_start = cpu_seconds();
	r->f.sending = true;
	for (uint32_t i = 0; i < r->f.cfg.bots; i++)
		bot_start_sending(&r->f.bots[i]);
	next_phase(r, on_sent, r->f.cfg.seconds);
}

static void on_ready(struct fleet *f)
{
	struct run *r = (struct run *)f;

	ev_timer_stop(f->loop, &r->deadline);
	printf("ready bots=%u\n", (unsigned)f->cfg.bots);
	next_phase(r, on_settled, SETTLE_S);
}

static void on_connect_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct run *r = w->data;

	(void)revents;
	fprintf(stderr, "loadgen: %u of %u bots joined in %g s\n", (unsigned)r->f.ready,
		(unsigned)r->f.cfg.bots, r->f.cfg.connect_timeout);
	r->status = 1;
	ev_break(loop, EVBREAK_ALL);
}

static int is_loopback(const char *host, const char *port)
{
	struct wzp_quic_addr a;

	if (wzp_quic_sock_resolve(host, port, &a) != 0)
		return 0;
	if (a.ss.ss_family == AF_INET)
		return (ntohl(((struct sockaddr_in *)&a.ss)->sin_addr.s_addr) >> 24) == 127;
	return a.ss.ss_family == AF_INET6 &&
	       IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&a.ss)->sin6_addr);
}

static int number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

/* One flag and its value; 0, or -1. */
static int option(struct run *r, const char *key, const char *val)
{
	struct fleet_config *c = &r->f.cfg;
	double v;

	if (strcmp(key, "--host") == 0)
		c->host = val;
	else if (strcmp(key, "--port") == 0)
		c->port = val;
	else if (strcmp(key, "--bots") == 0 && number(val, 2, LOADGEN_BOTS_MAX, &v) == 0)
		c->bots = (uint32_t)v;
	else if (strcmp(key, "--room-size") == 0 && number(val, 2, ROOM_SIZE_MAX, &v) == 0)
		c->room_size = (uint32_t)v;
	else if (strcmp(key, "--rate") == 0 && number(val, 1, LOADGEN_RATE_MAX, &c->rate) == 0)
		;
	else if (strcmp(key, "--seconds") == 0 &&
		 number(val, 0.1, LOADGEN_SECONDS_MAX, &c->seconds) == 0)
		;
	else if (strcmp(key, "--connect-timeout") == 0 &&
		 number(val, 0.1, 120, &r->f.cfg.connect_timeout) == 0)
		;
	else
		return -1;
	return 0;
}

static int parse(struct run *r, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--udp") == 0) {
			r->f.cfg.udp = true;
		} else if (i + 1 == argc || option(r, argv[i], argv[i + 1]) != 0) {
			fprintf(stderr, "wzp-loadgen: bad argument: %s\n" USAGE, argv[i]);
			return -1;
		} else {
			i++;
		}
	}
	if (r->f.cfg.port == NULL || !is_loopback(r->f.cfg.host, r->f.cfg.port)) {
		fprintf(stderr, "wzp-loadgen: needs --port and a loopback --host\n" USAGE);
		return -1;
	}
	if (r->f.cfg.bots % r->f.cfg.room_size != 0) {
		fprintf(stderr, "wzp-loadgen: --bots must be a multiple of --room-size\n" USAGE);
		return -1;
	}
	return 0;
}

static int run_fleet(struct run *r)
{
	struct fleet *f = &r->f;

	for (uint32_t i = 0; i < f->cfg.bots; i++)
		if (bot_open(&f->bots[i], f, i) != 0) {
			fprintf(stderr, "loadgen: bot %u could not start\n", (unsigned)i);
			return 1;
		}
	ev_timer_init(&r->deadline, on_connect_timeout, r->f.cfg.connect_timeout, 0.);
	r->deadline.data = r;
	ev_timer_start(f->loop, &r->deadline);
	ev_run(f->loop, 0);
	ev_timer_stop(f->loop, &r->deadline);
	ev_timer_stop(f->loop, &r->phase);
	return r->status != 0 || f->ended > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
	static struct run r = {
		.f = { .cfg = { .host = "127.0.0.1", .bots = 6, .room_size = 3, .rate = 50,
				.seconds = 3, .connect_timeout = 10 },
		       .on_ready = on_ready },
	};
	int status;

	if (parse(&r, argc, argv) != 0)
		return 64;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (payload_set_make(&r.f.payloads) != 0 ||
	    (r.f.bots = calloc(r.f.cfg.bots, sizeof *r.f.bots)) == NULL) {
		fprintf(stderr, "wzp-loadgen: cannot set up\n");
		return 1;
	}
	r.f.loop = ev_default_loop(0);
	status = run_fleet(&r);
	for (uint32_t i = 0; i < r.f.cfg.bots; i++)
		if (r.f.bots[i].fleet != NULL)
			bot_close(&r.f.bots[i]);
	free(r.f.bots);
	payload_set_free(&r.f.payloads);
	ev_loop_destroy(r.f.loop);
	return status;
}
