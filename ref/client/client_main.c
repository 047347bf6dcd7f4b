/* wzp-client: joins a room on a wzp relay and holds an end-to-end
 * protected call (spec/10-client.md). The shell: clock, event loop,
 * files, the relay session (ref/relay/client/relay_session.h); the
 * media engine, membership and analysis are in the other ref/client
 * files, on libwzp.
 *
 * The call runs on a 20 ms tick from the monotonic clock, caught up when
 * the loop was late: each tick reads the source, sends a frame's worth,
 * plays out every member and writes what was heard.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "audio_io.h"
#include "client_args.h"
#include "impair.h"
#include "media.h"
#include "relay_session.h"
#include "report.h"
#include "room.h"
#include "wzp/fidelity.h"
#include "wzp/room.h"

#define TICK_MS 20
#define DRAIN_MS 2000 /* after the input ends: what is still in flight */

static const char HANGUP[] = "{\"Hangup\":{\"reason\":\"Normal\"}}";

struct client {
	struct client_opts o;
	struct ev_loop *loop;
	struct relay_session *session;
	struct wzp_identity id;
	bool joined, finishing;
	int exit_code;
	uint64_t t0_ms;     /* monotonic ms at the join */
	uint64_t ticks;     /* ticks done */
	uint64_t end_ms;    /* the call ends at this t (0: not decided) */
	ev_timer tick, second, impair_timer, retry;
	uint64_t lost_ms;   /* monotonic ms the connection was lost (0: it is not) */
	ev_signal sigint, sigterm;
	struct client_media media;
	struct client_room room;
	struct impair *impair;
	struct audio_source src;
	struct audio_wav record, raw_dump;
	FILE *metrics;
	bool status;
	bool echo_on;
	struct echo_test echo;
	int16_t heard[AUDIO_TICK];
	int64_t rtt_ms;
	uint64_t unheard; /* datagrams not sent: no member held our key yet */
	bool switched;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t call_ms(const struct client *c)
{
	return mono_ms() - c->t0_ms;
}

/* Joined and not lost: sending makes sense. */
static bool connected(const struct client *c)
{
	return c->joined && c->lost_ms == 0;
}

static struct client_snapshot snapshot(const struct client *c)
{
	struct client_snapshot s = { 0 };

	s.t_ms = c->joined ? call_ms(c) : 0;
	s.rtt_ms = c->rtt_ms;
	s.members = member_keys_members(&c->room.keys);
	s.tier = c->media.tier;
	if (c->media.tx != NULL)
		s.tx = c->media.tx->stats;
	s.impaired_dropped = c->impair->dropped + c->impair->overflow;
	s.unheard = c->unheard;
	s.rx = media_rx_totals(&c->media);
	s.buffer_ms = media_buffer_ms(&c->media);
	s.undecryptable = c->media.undecryptable;
	return s;
}

/* ---- sending, through the impairment when it is on ---- */

static void send_datagram(void *user, const struct wzp_datagram *d)
{
	struct client *c = user;

	if (!member_keys_heard(&c->room.keys)) {
		c->unheard++; /* nobody could open it */
		return;
	}
	if (!connected(c))
		return;
	if (impair_is_off(c->impair)) {
		relay_session_send_datagram(c->session, d->bytes, d->len);
		return;
	}
	impair_push(c->impair, d, call_ms(c));
	if (!ev_is_active(&c->impair_timer)) {
		ev_timer_set(&c->impair_timer, (double)c->o.delay_ms / 1000.0, 0);
		ev_timer_start(c->loop, &c->impair_timer);
	}
}

static void on_impair_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client *c = w->data;
	struct wzp_datagram d;
	uint64_t now = call_ms(c), next;

	(void)revents;
	while (impair_pop(c->impair, now, &d))
		if (connected(c))
			relay_session_send_datagram(c->session, d.bytes, d.len);
	next = impair_next_due(c->impair);
	if (next != UINT64_MAX) {
		ev_timer_set(w, (double)(next > now ? next - now : 1) / 1000.0, 0);
		ev_timer_start(loop, w);
	}
}

static void send_signal(void *user, const char *text, size_t len)
{
	struct client *c = user;

	relay_session_send_signal(c->session, text, len);
}

/* ---- the end of the call ---- */

static void report_tests(struct client *c)
{
	struct wzp_call_rx_stats rx = media_rx_totals(&c->media);

	if (c->o.test == CLIENT_TEST_ECHO) {
		struct echo_result r = echo_report(&c->echo, report_loss_pct(&rx), stdout);

		if (r.delay < 0 || r.windows == r.silent)
			c->exit_code = CLIENT_EXIT_NO_AUDIO;
	} else if (c->o.test == CLIENT_TEST_DRIFT) {
		struct drift_result best = { 0 };

		for (size_t i = 0; i < WZP_ROOM_PEERS_MAX && !best.any; i++) {
			const struct media_peer *p = &c->media.peers[i];

			if (p->rx != NULL)
				best = drift_measure(&p->span,
						     p->rx->stats.frames_received +
							     p->rx->stats.frames_recovered,
						     TICK_MS);
		}
		drift_print(&best, stdout);
		if (!best.any)
			c->exit_code = CLIENT_EXIT_NO_AUDIO;
	}
	fflush(stdout);
}

static void finish(struct client *c, int code)
{
	if (c->finishing)
		return;
	c->finishing = true;
	c->exit_code = code;
	if (c->joined) {
		media_flush(&c->media);
		report_tests(c);
	}
	ev_timer_stop(c->loop, &c->tick);
	if (c->status)
		fputc('\n', stderr);
	if (c->lost_ms != 0) { /* between connections: nothing to close */
		ev_timer_stop(c->loop, &c->retry);
		ev_break(c->loop, EVBREAK_ALL);
		return;
	}
	relay_session_send_signal(c->session, HANGUP, sizeof HANGUP - 1);
	relay_session_close(c->session, 0, "normal close");
}

/* ---- the 20 ms tick ---- */

static void one_tick(struct client *c, uint64_t t)
{
	int16_t pcm[AUDIO_TICK];

	if (c->o.reflect)
		memcpy(pcm, c->heard, sizeof pcm);
	else
		audio_source_read(&c->src, pcm);
	audio_wav_write(&c->raw_dump, pcm, AUDIO_TICK);
	media_send_tick(&c->media, pcm);
	media_play_tick(&c->media, c->heard);
	audio_wav_write(&c->record, c->heard, AUDIO_TICK);
	if (c->echo_on)
		echo_add(&c->echo, pcm, c->heard);
	if (!c->switched && c->o.switch_at_s >= 0 && t >= (uint64_t)(c->o.switch_at_s * 1000)) {
		c->switched = true;
		media_set_tier(&c->media, c->o.switch_to);
	}
	if (c->end_ms == 0 && c->src.ended)
		c->end_ms = t + DRAIN_MS;
}

static void on_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client *c = w->data;
	uint64_t now = call_ms(c);

	(void)loop;
	(void)revents;
	while (!c->finishing && (c->ticks + 1) * TICK_MS <= now) {
		one_tick(c, c->ticks * TICK_MS);
		c->ticks++;
		if (c->end_ms && c->ticks * TICK_MS >= c->end_ms)
			finish(c, CLIENT_EXIT_OK);
	}
}

static void on_second(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client *c = w->data;
	struct client_snapshot s = snapshot(c);
	char line[256], ping[64];
	int n;

	(void)loop;
	(void)revents;
	if (!connected(c))
		return;
	member_keys_tick(&c->room.keys, call_ms(c));
	n = snprintf(ping, sizeof ping, "{\"Ping\":{\"timestamp_ms\":%llu}}",
		     (unsigned long long)mono_ms());
	relay_session_send_signal(c->session, ping, (size_t)n);
	if (c->metrics != NULL && report_metrics_line(c->metrics, &s, time(NULL)) != 0)
		fprintf(stderr, "wzp-client: metrics file: %s\n", strerror(errno));
	if (c->status) {
		report_status_line(line, sizeof line, &s);
		fprintf(stderr, "\r\033[K%s", line);
	}
}

/* ---- relay session events ---- */

static void on_joined(struct relay_session *s, const struct relay_session_joined *j, void *user)
{
	struct client *c = user;
	char fp[WZP_FINGERPRINT_DISPLAY_LEN + 1];
	double seconds = c->o.test != CLIENT_TEST_NONE ? c->o.test_s : c->o.duration_s;

	(void)s;
	wzp_fingerprint_display(fp, j->relay_fingerprint);
	if (c->joined) { /* a reconnection: the call and its clock go on */
		fprintf(stderr, "wzp-client: rejoined after %llu ms; relay %s\n",
			(unsigned long long)(mono_ms() - c->lost_ms), fp);
		c->lost_ms = 0;
		return;
	}
	fprintf(stderr, "wzp-client: joined; relay %s (%s)\n", fp,
		j->learned ? "pinned now, first use" : j->pinned ? "pinned" : "NOT pinned");
	c->joined = true;
	if (c->o.print_wire)
		printf("joined\n");
	c->t0_ms = mono_ms();
	if (seconds > 0)
		c->end_ms = (uint64_t)(seconds * 1000) +
			    (c->o.test != CLIENT_TEST_NONE ? DRAIN_MS : 0);
	ev_timer_set(&c->tick, 0.005, 0.005);
	ev_timer_start(c->loop, &c->tick);
}

static void on_room_update(struct relay_session *s, const struct relay_session_member *m,
			   size_t n, void *user)
{
	struct client *c = user;

	(void)s;
	member_keys_on_room(&c->room.keys, m, n, call_ms(c));
}

static void on_signal(struct relay_session *s, const char *variant, const uint8_t *body,
		      size_t len, void *user)
{
	struct client *c = user;
	struct wzp_signal sig;

	(void)s;
	if (wzp_signal_parse(&sig, (const char *)body, len, WZP_PROFILE_V1) != WZP_OK)
		return;
	if (strcmp(variant, "Pong") == 0) {
		const json_t *ts = json_object_get(wzp_signal_fields(&sig), "timestamp_ms");

		c->rtt_ms = (int64_t)mono_ms() - (int64_t)json_integer_value(ts);
	} else {
		member_keys_on_signal(&c->room.keys, &sig, call_ms(c));
	}
	wzp_signal_clear(&sig);
}

static void on_datagram(struct relay_session *s, const uint8_t *data, size_t len, void *user)
{
	struct client *c = user;

	(void)s;
	if (c->o.print_wire) {
		printf("datagram ");
		for (size_t i = 0; i < len; i++)
			printf("%02x", data[i]);
		printf("\n");
	}
	media_receive(&c->media, data, len, (uint32_t)call_ms(c));
}

static int code_of_end(const struct client *c, const struct wzp_quic_end *end, int joined)
{
	if (c->finishing)
		return c->exit_code;
	if (end->application && end->code == RELAY_SESSION_PIN_MISMATCH)
		return CLIENT_EXIT_PIN;
	if (!joined && end->application && end->code == RELAY_SESSION_JOIN_TIMEOUT)
		return CLIENT_EXIT_TIMEOUT;
	return CLIENT_EXIT_FAILED;
}

/* --reconnect (WZP-NETSIM-015): the connection was lost mid-call. The others are
 * forgotten (the relay's next RoomUpdate brings them back, to pair and
 * key again: a restarted relay knows nothing of the call); the session
 * is opened again from the retry timer, outside its events. */
static bool reconnect_later(struct client *c, const struct wzp_quic_end *end)
{
	uint64_t now = mono_ms();

	if (c->finishing || !c->joined || c->o.reconnect_s <= 0 ||
	    (end->application && end->code == RELAY_SESSION_PIN_MISMATCH) ||
	    (c->lost_ms != 0 && now - c->lost_ms > (uint64_t)(c->o.reconnect_s * 1000)))
		return false;
	if (c->lost_ms == 0) {
		c->lost_ms = now;
		fprintf(stderr, "wzp-client: connection lost (code 0x%llx %s); reconnecting\n",
			(unsigned long long)end->code, end->reason);
		member_keys_on_update(&c->room.keys,
				      (const uint8_t(*)[WZP_FINGERPRINT_SIZE]) & c->id.fingerprint, 1,
				      call_ms(c));
	}
	ev_timer_set(&c->retry, 1.0, 0);
	ev_timer_start(c->loop, &c->retry);
	return true;
}

static int open_session(struct client *c);

static void on_retry(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client *c = w->data;
	struct wzp_quic_end end = { 0 };

	(void)loop;
	(void)revents;
	if (c->session != NULL)
		relay_session_free(c->session);
	c->session = NULL;
	if (open_session(c) != CLIENT_EXIT_OK && !reconnect_later(c, &end)) {
		c->exit_code = CLIENT_EXIT_FAILED;
		ev_break(c->loop, EVBREAK_ALL);
	}
}

static void on_closed(struct relay_session *s, const struct wzp_quic_end *end, int joined,
		      void *user)
{
	struct client *c = user;

	(void)s;
	if (reconnect_later(c, end))
		return;
	c->exit_code = code_of_end(c, end, joined);
	if (!c->finishing)
		fprintf(stderr, "wzp-client: connection ended%s: code 0x%llx %s\n",
			joined ? "" : " before the join", (unsigned long long)end->code,
			end->reason);
	ev_break(c->loop, EVBREAK_ALL);
}

static void on_stop_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct client *c = w->data;

	(void)loop;
	(void)revents;
	finish(c, CLIENT_EXIT_OK);
}

/* ---- setup ---- */

/* The input and the output files (dumps: WZP-CLIENT-012); an exit status
 * when one fails. */
static int open_files(struct client *c)
{
	char why[128], path[4096];

	if (c->o.send_file != NULL && !audio_source_file(&c->src, c->o.send_file, why)) {
		fprintf(stderr, "wzp-client: %s\n", why);
		return CLIENT_EXIT_NO_INPUT;
	}
	if (c->o.send_file == NULL && c->o.tone_hz > 0)
		audio_source_tone(&c->src, c->o.tone_hz);
	else if (c->o.send_file == NULL && c->o.test == CLIENT_TEST_ECHO)
		audio_source_steps(&c->src, 7);
	else if (c->o.send_file == NULL && c->o.test == CLIENT_TEST_DRIFT)
		audio_source_tone(&c->src, 440);
	if (c->o.record_file != NULL && !audio_wav_open(&c->record, c->o.record_file))
		return fprintf(stderr, "wzp-client: cannot write %s\n", c->o.record_file),
		       CLIENT_EXIT_CANT_CREATE;
	if (c->o.metrics_file != NULL && (c->metrics = fopen(c->o.metrics_file, "w")) == NULL)
		return fprintf(stderr, "wzp-client: cannot write %s\n", c->o.metrics_file),
		       CLIENT_EXIT_CANT_CREATE;
	if (c->o.dump_dir != NULL) {
		snprintf(path, sizeof path, "%s/raw_mic.wav", c->o.dump_dir);
		if (!audio_wav_open(&c->raw_dump, path))
			return fprintf(stderr, "wzp-client: cannot write %s\n", path),
			       CLIENT_EXIT_CANT_CREATE;
		snprintf(path, sizeof path, "%s/post_dsp.wav", c->o.dump_dir);
		if (!audio_wav_open(&c->media.post_dump, path))
			return fprintf(stderr, "wzp-client: cannot write %s\n", path),
			       CLIENT_EXIT_CANT_CREATE;
	}
	c->echo_on = c->o.test == CLIENT_TEST_ECHO;
	if (c->echo_on && !echo_init(&c->echo, c->o.test_s))
		return CLIENT_EXIT_FAILED;
	return CLIENT_EXIT_OK;
}

static void identity(struct client *c)
{
	char fp[WZP_FINGERPRINT_DISPLAY_LEN + 1];

	if (!c->o.have_seed)
		randombytes_buf(c->o.seed, sizeof c->o.seed);
	wzp_identity_derive(&c->id, c->o.seed);
	sodium_memzero(c->o.seed, sizeof c->o.seed);
	wzp_fingerprint_display(fp, c->id.fingerprint);
	fprintf(stderr, "wzp-client: identity %s\n", fp);
}

static int open_session(struct client *c)
{
	char room[WZP_ROOM_HASH_LEN + 1] = "default";
	struct relay_session_config cfg = {
		.host = c->o.host, .port = c->o.port, .room = room, .profile = WZP_PROFILE_V1,
		.identity = &c->id, .alias = c->o.alias, .token = c->o.token,
		.pin_cert = c->o.pin_cert, .pin_fingerprint = c->o.pin_fingerprint,
		.pin_file = c->o.pin_file,
		.join_timeout_ms = (uint64_t)(c->o.join_timeout_s * 1000),
		.events = { on_joined, on_room_update, on_signal, on_datagram, on_closed },
		.user = c,
	};

	if (c->o.room != NULL)
		wzp_room_hash(room, (const uint8_t *)c->o.room, strlen(c->o.room));
	if (c->o.pin_file == NULL && c->o.pin_cert == NULL && c->o.pin_fingerprint == NULL)
		fprintf(stderr, "wzp-client: no pin: any relay is accepted\n");
	if (relay_session_open(&c->session, c->loop, &cfg) != 0) {
		fprintf(stderr, "wzp-client: cannot connect to %s:%s\n", c->o.host, c->o.port);
		return CLIENT_EXIT_FAILED;
	}
	return CLIENT_EXIT_OK;
}

static void start_timers(struct client *c)
{
	ev_init(&c->tick, on_tick);
	c->tick.data = c;
	ev_init(&c->impair_timer, on_impair_timer);
	c->impair_timer.data = c;
	ev_init(&c->retry, on_retry);
	c->retry.data = c;
	ev_timer_init(&c->second, on_second, 1.0, 1.0);
	c->second.data = c;
	ev_timer_start(c->loop, &c->second);
	ev_signal_init(&c->sigint, on_stop_signal, SIGINT);
	c->sigint.data = c;
	ev_signal_start(c->loop, &c->sigint);
	ev_signal_init(&c->sigterm, on_stop_signal, SIGTERM);
	c->sigterm.data = c;
	ev_signal_start(c->loop, &c->sigterm);
}

static void cleanup(struct client *c)
{
	if (c->session != NULL)
		relay_session_free(c->session);
	room_free(&c->room);
	media_free(&c->media);
	audio_source_close(&c->src);
	audio_wav_close(&c->record);
	audio_wav_close(&c->raw_dump);
	echo_free(&c->echo);
	if (c->metrics != NULL)
		fclose(c->metrics);
	wzp_identity_wipe(&c->id);
	free(c->impair);
}

static int run(struct client *c)
{
	struct impair_config ic = { c->o.loss_pct, c->o.reorder_pct, c->o.delay_ms,
				    c->o.impair_seed };
	int rc;

	c->loop = EV_DEFAULT;
	c->rtt_ms = -1;
	c->status = c->o.status == 1 || (c->o.status == -1 && isatty(STDERR_FILENO));
	if ((c->impair = malloc(sizeof *c->impair)) == NULL)
		return CLIENT_EXIT_FAILED;
	impair_init(c->impair, &ic);
	media_init(&c->media, c->o.tier, c->o.denoise, c->o.suppress, send_datagram, c);
	audio_source_silence(&c->src);
	if ((rc = open_files(c)) != CLIENT_EXIT_OK)
		return rc;
	identity(c);
	room_init(&c->room, &c->o, &c->id, &c->media, send_signal, c);
	start_timers(c);
	if ((rc = open_session(c)) != CLIENT_EXIT_OK)
		return rc;
	ev_run(c->loop, 0);
	return c->exit_code;
}

/* --compare: the echo test's report of two files, against the tier's floor. */
static int compare(const struct client_opts *o)
{
	uint8_t codec = media_tier_codec(o->tier);
	struct echo_test e = { 0 };
	struct echo_result r;
	char why[128];
	bool passes;

	if (!echo_load(&e, o->compare_sent, o->compare_heard, why)) {
		fprintf(stderr, "wzp-client: %s\n", why);
		echo_free(&e);
		return CLIENT_EXIT_NO_INPUT;
	}
	r = echo_report(&e, 0, stdout);
	passes = r.windows > r.silent && r.min_corr >= wzp_fidelity_floor(codec);
	printf("{\"compare\":{\"floor\":%.2f,\"passes\":%s}}\n", wzp_fidelity_floor(codec),
	       passes ? "true" : "false");
	echo_free(&e);
	return passes ? CLIENT_EXIT_OK : CLIENT_EXIT_NO_AUDIO;
}

int main(int argc, char **argv)
{
	static struct client c;
	bool help;
	int rc;

	if ((rc = client_args_parse(&c.o, argc, argv, &help)) != CLIENT_EXIT_OK || help)
		return rc;
	if (c.o.compare_sent != NULL)
		return compare(&c.o);
	if (c.o.print_wire)
		setvbuf(stdout, NULL, _IOLBF, 0); /* a runner reads the lines as they come */
	if (sodium_init() < 0)
		return CLIENT_EXIT_FAILED;
	signal(SIGPIPE, SIG_IGN);
	rc = run(&c);
	cleanup(&c);
	return rc;
}
