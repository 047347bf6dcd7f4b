/* sim.c: the simulator's session loop (sim.h). */
#define _POSIX_C_SOURCE 200809L
#include "sim.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "member.h"
#include "queue.h"
#include "wzp/fec_layout.h"
#include "wzp/fidelity.h"
#include "wzp/quality_report.h"
#include "wzp/relay_room.h"

#define TICK_MS 20
#define JB_MIN_DELAY_MS 40
#define JB_MAX_DELAY_MS 200
#define LAG_REFERENCE_US 2000000ull /* after the first playout */
#define PROGRESS_NS 3000000000ll
#define REPORT_AFTER_S 2 /* a report covers the second before last */
#define LATENCY_MAX_MS 60000 /* longer latencies count as this */

struct sim {
	const struct netsim_scenario *scn;
	uint64_t seed;
	size_t m;
	struct netsim_member *mem;
	struct wzp_relay_room room;
	struct netsim_queue q;
	uint64_t now_us, end_us, stop_us;
	struct netsim_result *res;
	/* the time series */
	struct netsim_sample *samples, cur, totals;
	size_t nsamples, samples_cap;
	/* latencies of every frame played: a histogram by ms */
	uint32_t lat[LATENCY_MAX_MS + 1];
	uint64_t nlat;
	/* member 1's stream at member 2: playout by media time, and its lag */
	int16_t *out;
	size_t out_len;
	bool lag_ref_set;
	uint64_t first_play_us;
	int64_t lag_ref_ms, lag_end_ms;
	uint32_t max_target_ms;
	/* CPU accounting */
	struct netsim_cpu *cpu;
	enum netsim_cpu_part part;
	int64_t last_ns, progress_ns;
	FILE *progress;
};

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* Charges the time since the last switch to the part that was running
 * (the monotonic clock: see sim.h), then runs `part` (WZP-NETSIM-011). */
static void cpu_switch(struct sim *sim, enum netsim_cpu_part part)
{
	int64_t now = clock_ns(CLOCK_MONOTONIC);

	sim->cpu->ns[sim->part] += (uint64_t)(now - sim->last_ns);
	sim->last_ns = now;
	sim->part = part;
}

static int fail(const char *what, enum wzp_err err)
{
	fprintf(stderr, "netsim: %s failed: error %d\n", what, (int)err);
	return -1;
}

static uint8_t tier_codec(enum wzp_tier t)
{
	return (uint8_t)wzp_tier_profile(t)->codec_id;
}

/* ---- the network: channels and the relay ---- */

static int schedule(struct sim *sim, const struct netsim_flight *f)
{
	return netsim_queue_push(&sim->q, f) ? 0 : fail("queue", WZP_ERR_NO_MEMORY);
}

/* A datagram onto a member's uplink (to the relay) or downlink. */
static int transmit(struct sim *sim, struct netsim_channel *ch, enum netsim_dir dir,
		    struct netsim_flight *f)
{
	struct netsim_conditions cond;
	struct netsim_verdict v;
	size_t bytes = f->d.len + NETSIM_TRANSPORT_OVERHEAD;
	int rc = 0;

	cpu_switch(sim, NETSIM_CPU_NETWORK);
	netsim_scenario_at(sim->scn, dir, sim->now_us, &cond);
	netsim_channel_send(ch, &cond, sim->now_us, bytes, &v);
	cpu_switch(sim, NETSIM_CPU_SIM);
	/* the time series follows member 1's links */
	if (dir == NETSIM_UP && f->from == 0)
		sim->cur.up_bits += bytes * 8;
	if (dir == NETSIM_DOWN && f->to == 0)
		sim->cur.down_bits += bytes * 8;
	for (unsigned c = 0; c < v.copies && rc == 0; c++) {
		f->at_us = v.deliver_us[c];
		rc = schedule(sim, f);
	}
	return rc;
}

static int at_relay(struct sim *sim, struct netsim_flight *f)
{
	uint32_t to[WZP_RELAY_ROOM_MAX];
	size_t n;
	enum wzp_err err = wzp_relay_room_fanout(&sim->room, sim->mem[f->from].relay_id, f->d.bytes,
						 f->d.len, to, &n);
	int rc = 0;

	if (err != WZP_OK)
		return fail("relay fanout", err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct netsim_member *dst = &sim->mem[to[i] - 1];

		f->kind = NETSIM_AT_MEMBER;
		f->to = to[i] - 1;
		dst->down_bytes += f->d.len + NETSIM_TRANSPORT_OVERHEAD;
		rc = transmit(sim, &dst->down, NETSIM_DOWN, f);
	}
	return rc;
}

static int at_member(struct sim *sim, const struct netsim_flight *f)
{
	struct netsim_stream *st = sim->mem[f->to].from[f->from];
	int first = netsim_stream_arrived(st, &f->tag, f->at_us);

	if (first < 0)
		return fail("arrival log", WZP_ERR_NO_MEMORY);
	sim->cur.arrived += (uint32_t)first;
	cpu_switch(sim, NETSIM_CPU_RECEIVE);
	/* Errors (a replayed copy, a stale block) are the receiver's to count. */
	(void)wzp_call_rx_push(&st->rx, f->d.bytes, f->d.len, (uint32_t)(f->at_us / 1000));
	cpu_switch(sim, NETSIM_CPU_SIM);
	if (st->first_block == UINT32_MAX && st->rx.stats.packets > 0)
		st->first_block = f->tag.block;
	return 0;
}

static int deliver_due(struct sim *sim, uint64_t before_us)
{
	struct netsim_flight f;
	int rc = 0;

	while (rc == 0 && netsim_queue_pop_before(&sim->q, before_us, &f)) {
		sim->now_us = f.at_us;
		if (f.kind == NETSIM_AT_RELAY)
			rc = at_relay(sim, &f);
		else if (f.kind == NETSIM_AT_MEMBER)
			rc = at_member(sim, &f);
		else
			wzp_tier_observe(&sim->mem[f.to].s.ctl, &f.report);
	}
	return rc;
}

/* ---- senders ---- */

static int send_datagrams(struct sim *sim, size_t i, const struct wzp_datagram *d, size_t count,
			  uint32_t frames, uint32_t repairs)
{
	struct netsim_sender *s = &sim->mem[i].s;
	struct netsim_tag tags[WZP_CALL_OUT_MAX];
	int rc = 0;

	if (!netsim_sender_account(s, count, frames, repairs, (uint32_t)(s->captured / 48),
				   sim->now_us, tags))
		return fail("block bookkeeping", WZP_ERR_NO_MEMORY);
	for (size_t k = 0; k < count && rc == 0; k++) {
		struct netsim_flight f = { .kind = NETSIM_AT_RELAY, .from = (uint32_t)i,
					   .tag = tags[k], .d = d[k] };

		s->sent_sec[sim->now_us / 1000000]++;
		sim->cur.sent += (uint32_t)(sim->m - 1);
		s->up_bytes += d[k].len + NETSIM_TRANSPORT_OVERHEAD;
		rc = transmit(sim, &sim->mem[i].up, NETSIM_UP, &f);
	}
	return rc;
}

/* Runs a tx call and sends what it wrote. op: 0 frame, 1 tier change, 2 flush. */
static int tx_call(struct sim *sim, size_t i, int op, int16_t *pcm, size_t n)
{
	struct netsim_sender *s = &sim->mem[i].s;
	struct wzp_datagram d[WZP_CALL_OUT_MAX];
	struct wzp_call_tx_stats before = s->tx.stats;
	size_t count = 0;
	enum wzp_err err;

	cpu_switch(sim, NETSIM_CPU_SEND);
	if (op == 0)
		err = wzp_call_tx_frame(&s->tx, pcm, n, d, &count);
	else if (op == 1)
		err = wzp_call_tx_set_codec(&s->tx, tier_codec(s->tier), d, &count);
	else
		err = wzp_call_tx_flush(&s->tx, d, &count);
	cpu_switch(sim, NETSIM_CPU_SIM);
	if (err != WZP_OK)
		return fail("sender", err);
	return send_datagrams(sim, i, d, count, s->tx.stats.frames - before.frames,
			      s->tx.stats.repairs - before.repairs);
}

static enum wzp_tier wanted_tier(const struct sim *sim, const struct netsim_sender *s)
{
	enum netsim_tier forced = netsim_scenario_tier(sim->scn, sim->now_us);

	return forced == NETSIM_TIER_AUTO ? s->ctl.tier : (enum wzp_tier)(forced - 1);
}

static int sender_frame(struct sim *sim, size_t i)
{
	struct netsim_sender *s = &sim->mem[i].s;
	int16_t pcm[WZP_MAX_FRAME_SAMPLES] = { 0 };
	enum wzp_tier want = wanted_tier(sim, s);
	size_t fs;
	int rc = 0;

	if (want != s->tier) {
		s->tier = want;
		s->tier_changes++;
		rc = tx_call(sim, i, 1, NULL, 0);
	}
	s->tiers_used |= 1u << s->tier;
	fs = wzp_codec_frame_samples(tier_codec(s->tier));
	for (size_t k = 0; s->speech && k < fs; k++)
		pcm[k] = s->speech[(s->captured + k) % s->speech_len];
	if (rc == 0)
		rc = tx_call(sim, i, 0, pcm, fs);
	s->captured += fs;
	s->next_frame_us += fs / 48 * 1000;
	return rc;
}

/* ---- receivers: the audio device ---- */

static void log_latency(struct sim *sim, uint32_t ms)
{
	sim->lat[ms < LATENCY_MAX_MS ? ms : LATENCY_MAX_MS]++;
	sim->nlat++;
	if (ms > sim->cur.delay_ms)
		sim->cur.delay_ms = ms;
}

/* Member 1's stream at member 2: its playout by media time and the lag of
 * the playout point behind capture. */
static void watch_pair(struct sim *sim, const struct netsim_stream *st, uint32_t ts,
		       const int16_t *pcm, size_t n)
{
	const struct netsim_sender *s = &sim->mem[0].s;
	int64_t lag = (int64_t)(s->captured / 48) - (int64_t)st->rx.media.jb.next_ts;
	size_t at = (size_t)ts * 48;

	if (sim->out && at + n <= sim->out_len)
		memcpy(sim->out + at, pcm, n * sizeof *pcm);
	if (!sim->first_play_us)
		sim->first_play_us = sim->now_us;
	if (!sim->lag_ref_set && sim->now_us >= sim->first_play_us + LAG_REFERENCE_US) {
		sim->lag_ref_ms = lag;
		sim->lag_ref_set = true;
	}
	if (sim->now_us < sim->end_us)
		sim->lag_end_ms = lag;
}

/* One pull: 0, or -1 on error; *n samples played. */
static int pull_one(struct sim *sim, size_t j, size_t i, size_t *n)
{
	struct netsim_stream *st = sim->mem[j].from[i];
	int16_t pcm[WZP_MAX_FRAME_SAMPLES];
	uint32_t ts = st->rx.media.jb.next_ts, played = st->rx.media.jb.stats.played;
	uint64_t origin = sim->mem[i].s.origin_us;
	enum wzp_err err;

	cpu_switch(sim, NETSIM_CPU_PLAYOUT);
	err = wzp_call_rx_pull(&st->rx, pcm, n);
	cpu_switch(sim, NETSIM_CPU_SIM);
	if (err != WZP_OK)
		return fail("receiver", err);
	st->samples_out += *n;
	if (st->rx.media.jb.stats.played != played) {
		uint32_t ms = (uint32_t)((sim->now_us - origin) / 1000 - ts);

		st->frames_played++;
		if (!netsim_stream_played(st, ts))
			return fail("playout log", WZP_ERR_NO_MEMORY);
		log_latency(sim, ms);
	}
	if (j == 1 && i == 0 && *n)
		watch_pair(sim, st, ts, pcm, *n);
	return 0;
}

static int device_tick(struct sim *sim, size_t j)
{
	for (size_t i = 0; i < sim->m; i++) {
		struct netsim_stream *st = sim->mem[j].from[i];

		if (!st)
			continue;
		st->need_ms += TICK_MS;
		while (st->need_ms > 0) {
			size_t n;

			if (pull_one(sim, j, i, &n) != 0)
				return -1;
			/* nothing to play: the device plays silence for this tick */
			st->need_ms = n ? st->need_ms - (int32_t)(n / 48) : 0;
		}
	}
	return 0;
}

/* ---- quality reports (AUTO tiers) ---- */

/* The worst of sender i's receivers' reports on the datagrams it sent in
 * second `sec`, on its way to the sender's tier controller (WZP-NETSIM-010). */
static int report_for(struct sim *sim, size_t i, uint64_t sec)
{
	struct netsim_sender *s = &sim->mem[i].s;
	struct netsim_flight f = { .kind = NETSIM_REPORT, .to = (uint32_t)i };
	struct wzp_link_measurements worst = { 0 };
	struct netsim_conditions up, down;

	if (s->sent_sec[sec] == 0)
		return 0;
	for (size_t j = 0; j < sim->m; j++) {
		const struct netsim_stream *st = sim->mem[j].from[i];
		uint32_t got;

		if (!st)
			continue;
		got = st->arrived_sec[sec];
		if (worst.packets_expected && s->sent_sec[sec] - got <= worst.packets_lost)
			continue;
		worst.packets_expected = s->sent_sec[sec];
		worst.packets_lost = s->sent_sec[sec] - got;
		worst.rtt_ms = got ? (uint32_t)(2 * st->delay_sec_us[sec] / got / 1000) : 0;
	}
	if (wzp_quality_report_from_measurements(&f.report, &worst) != WZP_OK)
		return 0; /* nothing measurable: no report */
	/* a reliable signal: the receiver's uplink and the sender's downlink */
	netsim_scenario_at(sim->scn, NETSIM_UP, sim->now_us, &up);
	netsim_scenario_at(sim->scn, NETSIM_DOWN, sim->now_us, &down);
	f.at_us = sim->now_us + up.delay_us + down.delay_us;
	return schedule(sim, &f);
}

/* ---- the time series ---- */

/* The receivers' counters summed, the deepest jitter buffer now, and the
 * largest target seen so far (in *max_target_ms). */
static struct netsim_sample rx_totals(const struct sim *sim, uint32_t *max_target_ms)
{
	struct netsim_sample t = { 0 };

	for (size_t j = 0; j < sim->m; j++)
		for (size_t i = 0; i < sim->m; i++) {
			const struct netsim_stream *st = sim->mem[j].from[i];
			struct wzp_call_rx_stats rs;
			struct wzp_jb_stats jb;

			if (!st)
				continue;
			rs = wzp_call_rx_stats(&st->rx);
			jb = wzp_jb_stats(&st->rx.media.jb);
			if (jb.depth_ms > t.buffer_ms)
				t.buffer_ms = jb.depth_ms;
			if (jb.target_ms > *max_target_ms)
				*max_target_ms = jb.target_ms;
			t.received += rs.frames_received;
			t.recovered += rs.frames_recovered;
			t.concealed += rs.concealed;
			t.played += (uint32_t)st->frames_played;
		}
	return t;
}

static int take_sample(struct sim *sim)
{
	struct netsim_sample now = rx_totals(sim, &sim->max_target_ms), *row;

	if (sim->nsamples == sim->samples_cap) {
		size_t cap = sim->samples_cap ? 2 * sim->samples_cap : 256;
		struct netsim_sample *p = realloc(sim->samples, cap * sizeof *p);

		if (!p)
			return fail("time series", WZP_ERR_NO_MEMORY);
		sim->samples = p;
		sim->samples_cap = cap;
	}
	row = &sim->samples[sim->nsamples++];
	*row = sim->cur;
	row->t_us = sim->now_us;
	row->received = now.received - sim->totals.received;
	row->recovered = now.recovered - sim->totals.recovered;
	row->concealed = now.concealed - sim->totals.concealed;
	row->played = now.played - sim->totals.played;
	row->buffer_ms = now.buffer_ms;
	row->tier = (uint32_t)sim->mem[0].s.tier;
	sim->totals = now;
	sim->cur = (struct netsim_sample){ 0 };
	return 0;
}

/* ---- setup ---- */

static int16_t *load_speech(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	FILE *f;
	int16_t *pcm;
	long size;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 96000) {
		fprintf(stderr, "netsim: cannot read speech %s (make build/fixtures)\n", path);
		if (f)
			fclose(f);
		return NULL;
	}
	rewind(f);
	*len = (size_t)size / 2;
	pcm = malloc(*len * sizeof *pcm);
	if (pcm && fread(pcm, sizeof *pcm, *len, f) != *len) {
		free(pcm);
		pcm = NULL;
	}
	fclose(f);
	return pcm;
}

static void make_key(uint64_t seed, size_t i, uint8_t key[WZP_MEDIA_KEY_SIZE])
{
	struct netsim_rng r;

	netsim_rng_seed(&r, seed, 1000 + i);
	for (size_t k = 0; k < WZP_MEDIA_KEY_SIZE; k++)
		key[k] = (uint8_t)netsim_rng_next(&r);
}

static uint8_t direction_of(const struct sim *sim, size_t i)
{
	return sim->m == 2 ? (uint8_t)(i == 0 ? WZP_DIR_CALLER : WZP_DIR_CALLEE)
			   : (uint8_t)WZP_DIR_ROOM;
}

static int init_stream(struct sim *sim, size_t j, size_t i, const uint8_t *key)
{
	static const struct wzp_jb_config jb = { JB_MIN_DELAY_MS, JB_MAX_DELAY_MS, 64 };
	size_t secs = sim->stop_us / 1000000 + 2;
	struct netsim_stream *st = calloc(1, sizeof *st);
	enum wzp_err err;

	if (!st)
		return fail("stream", WZP_ERR_NO_MEMORY);
	sim->mem[j].from[i] = st;
	st->first_block = UINT32_MAX;
	st->arrived_sec = calloc(secs, sizeof *st->arrived_sec);
	st->delay_sec_us = calloc(secs, sizeof *st->delay_sec_us);
	if (!st->arrived_sec || !st->delay_sec_us)
		return fail("stream", WZP_ERR_NO_MEMORY);
	err = wzp_call_rx_init(&st->rx, &jb, WZP_PROFILE_V1, (uint32_t)(sim->seed + 17 * j + i),
			       key, direction_of(sim, i));
	st->rx.media.null_codec = sim->scn->codec == NETSIM_CODEC_NULL;
	return err == WZP_OK ? 0 : fail("receiver init", err);
}

/* WZP-NETSIM-009: a member is a call sender and a receiver per other member. */
static int init_member(struct sim *sim, size_t i, const char *speech_dir)
{
	struct netsim_member *mb = &sim->mem[i];
	struct netsim_sender *s = &mb->s;
	uint8_t key[WZP_MEDIA_KEY_SIZE];
	enum wzp_tier first = wanted_tier(sim, s);
	struct wzp_call_tx_config tc = {
		{ tier_codec(first), false, false, WZP_PROFILE_V1 },
		key, direction_of(sim, i), 0
	};
	enum wzp_err err;

	s->tier = first;
	s->origin_us = (uint64_t)(7 * i % TICK_MS) * 1000;
	s->next_frame_us = s->origin_us;
	mb->tick_us = s->origin_us + (uint64_t)(11 * i % TICK_MS) * 1000;
	netsim_channel_init(&mb->up, sim->seed, 2 * i);
	netsim_channel_init(&mb->down, sim->seed, 2 * i + 1);
	s->sent_sec = calloc(sim->stop_us / 1000000 + 2, sizeof *s->sent_sec);
	if (!s->sent_sec)
		return fail("sender", WZP_ERR_NO_MEMORY);
	if (sim->scn->codec == NETSIM_CODEC_REAL) {
		s->speech = load_speech(speech_dir, i % 2 ? "speech_b.raw" : "speech_a.raw",
					&s->speech_len);
		if (!s->speech)
			return -1;
	}
	make_key(sim->seed, i, key);
	err = wzp_call_tx_init(&s->tx, &tc);
	if (err != WZP_OK)
		return fail("sender init", err);
	s->tx.media.null_codec = sim->scn->codec == NETSIM_CODEC_NULL;
	if ((err = wzp_relay_room_join(&sim->room, &mb->relay_id)) != WZP_OK)
		return fail("relay join", err);
	for (size_t j = 0; j < sim->m; j++)
		if (j != i && init_stream(sim, j, i, key) != 0)
			return -1;
	return 0;
}

static void free_sim(struct sim *sim)
{
	for (size_t i = 0; sim->mem && i < sim->m; i++) {
		struct netsim_member *mb = &sim->mem[i];

		wzp_call_tx_free(&mb->s.tx);
		free((void *)mb->s.speech);
		free(mb->s.blocks);
		free(mb->s.sent_sec);
		for (size_t j = 0; j < sim->m; j++) {
			struct netsim_stream *st = mb->from[j];

			if (!st)
				continue;
			wzp_call_rx_free(&st->rx);
			free(st->seen);
			free(st->played_ts);
			free(st->arrived_sec);
			free(st->delay_sec_us);
			free(st);
		}
	}
	free(sim->mem);
	free(sim->out);
	netsim_queue_free(&sim->q);
}

/* ---- the loop ---- */

static void show_progress(struct sim *sim)
{
	int64_t now = clock_ns(CLOCK_MONOTONIC);

	if (!sim->progress || now - sim->progress_ns < PROGRESS_NS)
		return;
	sim->progress_ns = now;
	fprintf(sim->progress, "netsim: %s %.0f/%.0f s simulated\n", sim->scn->name,
		(double)sim->now_us / 1e6, (double)sim->stop_us / 1e6);
	fflush(sim->progress);
}

/* Everything due in the millisecond starting at t_us. */
static int step(struct sim *sim, uint64_t t_us)
{
	uint64_t next = t_us + 1000;
	int rc = deliver_due(sim, next);

	sim->now_us = t_us;
	for (size_t i = 0; rc == 0 && i < sim->m; i++) {
		while (rc == 0 && t_us < sim->end_us && sim->mem[i].s.next_frame_us < next)
			rc = sender_frame(sim, i);
		if (rc == 0 && sim->mem[i].tick_us < next) {
			rc = device_tick(sim, i);
			sim->mem[i].tick_us += TICK_MS * 1000;
		}
	}
	if (rc == 0 && t_us == sim->end_us)
		for (size_t i = 0; rc == 0 && i < sim->m; i++)
			rc = tx_call(sim, i, 2, NULL, 0);
	if (rc == 0 && t_us % 1000000 == 0 && t_us < sim->end_us && t_us / 1000000 >= REPORT_AFTER_S)
		for (size_t i = 0; rc == 0 && i < sim->m; i++)
			rc = report_for(sim, i, t_us / 1000000 - REPORT_AFTER_S);
	if (rc == 0 && t_us % NETSIM_SAMPLE_US == 0 && t_us > 0)
		rc = take_sample(sim);
	return rc;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* The next millisecond after t_us with anything due: a flight, a frame, a
 * device tick, a whole second (reports, progress), a sample, the end. */
static uint64_t next_due(const struct sim *sim, uint64_t t_us)
{
	uint64_t next = (t_us / NETSIM_SAMPLE_US + 1) * NETSIM_SAMPLE_US;

	next = min_u64(next, (t_us / 1000000 + 1) * 1000000);
	if (t_us < sim->end_us)
		next = min_u64(next, sim->end_us);
	next = min_u64(next, netsim_queue_next_us(&sim->q));
	for (size_t i = 0; i < sim->m; i++) {
		next = min_u64(next, sim->mem[i].tick_us);
		if (sim->mem[i].s.next_frame_us < sim->end_us)
			next = min_u64(next, sim->mem[i].s.next_frame_us);
	}
	next = next / 1000 * 1000;
	return next > t_us ? next : t_us + 1000;
}

static int run_loop(struct sim *sim)
{
	int rc = 0;

	for (uint64_t t = 0; rc == 0 && t <= sim->stop_us; t = next_due(sim, t)) {
		rc = step(sim, t);
		if (t % 1000000 == 0)
			show_progress(sim);
	}
	return rc;
}

/* ---- the results ---- */

/* The smallest latency with at least pct % of the frames at or below it
 * (the rank (n - 1) pct / 100, counting from 0); 0 when nothing played. */
static uint32_t latency_percentile(const struct sim *sim, unsigned pct)
{
	uint64_t rank = sim->nlat ? (sim->nlat - 1) * pct / 100 : 0, seen = 0;

	for (uint32_t ms = 0; sim->nlat && ms <= LATENCY_MAX_MS; ms++) {
		seen += sim->lat[ms];
		if (seen > rank)
			return ms;
	}
	return 0;
}

/* What one hop may add to the mouth-to-ear delay under c (decision 0071):
 * its delay, the jitter's reach (2 scales for uniform, 4 for normal and
 * exponential), a reordering gap, a full bottleneck queue. */
static uint64_t hop_allowance_us(const struct netsim_conditions *c)
{
	uint64_t a = c->delay_us + c->jitter_us * (c->jitter == NETSIM_JITTER_UNIFORM ? 2 : 4);

	if (c->reorder_ppm)
		a += c->reorder_gap_us;
	if (c->rate_bps)
		a += c->queue_bytes ? c->queue_bytes * 8 * 1000000 / c->rate_bps
				    : (c->queue_us ? c->queue_us : NETSIM_QUEUE_DEFAULT_US);
	return a;
}

static uint32_t latency_budget_ms(const struct sim *sim, uint32_t tiers_used)
{
	uint64_t hop[NETSIM_DIRS] = { 0, 0 };
	struct wzp_fec_layout l = { 0 };

	for (int t = WZP_TIER_CATASTROPHIC; t >= 0; t--)
		if (tiers_used & (1u << t)) {
			(void)wzp_fec_layout_for(tier_codec((enum wzp_tier)t), WZP_PROFILE_V1, &l);
			break;
		}
	for (size_t k = 0; k < sim->scn->nsteps; k++)
		for (int d = 0; d < NETSIM_DIRS; d++) {
			uint64_t a = hop_allowance_us(&sim->scn->steps[k].dir[d]);

			if (a > hop[d])
				hop[d] = a;
		}
	return l.delay_budget_ms + (uint32_t)((hop[NETSIM_UP] + hop[NETSIM_DOWN]) / 1000);
}

/* Member 1's playout at member 2 against what member 1 captured, when
 * member 1 used one real codec throughout. */
static double pair_fidelity(const struct sim *sim, double *floor)
{
	const struct netsim_sender *s = &sim->mem[0].s;
	size_t n = s->captured > 48000 ? (size_t)s->captured - 48000 : 0;
	int16_t *ref;
	uint8_t codec = tier_codec(s->tier);
	double score;

	*floor = wzp_fidelity_floor(codec);
	if (!sim->out || __builtin_popcount(s->tiers_used) != 1 || n + 1688 > sim->out_len)
		return -1;
	ref = malloc(n * sizeof *ref);
	if (!ref)
		return -1;
	for (size_t k = 0; k < n; k++)
		ref[k] = s->speech[k % s->speech_len];
	score = wzp_fidelity_measure(codec, ref, sim->out, n);
	free(ref);
	return score;
}

static void count_frames(struct sim *sim, struct netsim_result *res)
{
	for (size_t j = 0; j < sim->m; j++)
		for (size_t i = 0; i < sim->m; i++) {
			const struct netsim_stream *st = sim->mem[j].from[i];
			const struct netsim_sender *s = &sim->mem[i].s;
			struct wzp_call_rx_stats rs;
			struct netsim_window w;

			if (!st)
				continue;
			rs = wzp_call_rx_stats(&st->rx);
			netsim_stream_window(s, st, &w);
			res->frames_sent += w.sent;
			res->frames_played += w.played;
			res->frames_ideal_lost += w.ideal_lost;
			res->acquisition_sent += w.before_sent;
			res->acquisition_played += w.before_played;
			res->frames_recovered += rs.frames_recovered;
			res->frames_concealed += rs.concealed;
			res->frames_late += rs.late;
			res->frames_skipped += st->rx.media.jb.stats.overruns;
			res->underruns += rs.underruns;
			for (size_t k = 0; k <= sim->stop_us / 1000000; k++) {
				res->packets_sent += s->sent_sec[k];
				res->packets_lost_channel += s->sent_sec[k] - st->arrived_sec[k];
			}
		}
}

static void finish(struct sim *sim)
{
	struct netsim_result *res = sim->res;

	count_frames(sim, res);
	for (size_t i = 0; i < sim->m; i++) {
		const struct netsim_member *mb = &sim->mem[i];

		res->tiers_used |= mb->s.tiers_used;
		res->tier_changes += mb->s.tier_changes;
		res->up_bps[i] = mb->s.up_bytes * 8 * 1000000 / sim->scn->duration_us;
		res->down_bps[i] = mb->down_bytes * 8 * 1000000 / sim->scn->duration_us;
	}
	res->latency_p50_ms = latency_percentile(sim, 50);
	res->latency_p95_ms = latency_percentile(sim, 95);
	res->latency_max_ms = latency_percentile(sim, 100);
	res->latency_budget_ms = latency_budget_ms(sim, res->tiers_used);
	res->drift_ms = (int32_t)(sim->lag_end_ms - sim->lag_ref_ms);
	res->drift_bound_ms = sim->max_target_ms + 40;
	res->samples_in = sim->mem[0].s.captured;
	res->samples_out = sim->mem[1].from[0]->samples_out;
	cpu_switch(sim, NETSIM_CPU_FIDELITY);
	res->fidelity = pair_fidelity(sim, &res->fidelity_floor);
	cpu_switch(sim, NETSIM_CPU_SIM);
}

/* The simulator's state, on the heap (the latency histogram is large). */
static struct sim *new_sim(const struct netsim_scenario *s, uint64_t seed,
			   struct netsim_result *res, struct netsim_cpu *cpu, FILE *progress)
{
	struct sim *sim = calloc(1, sizeof *sim);

	if (!sim)
		return NULL;
	*sim = (struct sim){ .scn = s, .seed = seed, .m = s->members, .res = res, .cpu = cpu,
			     .progress = progress, .end_us = s->duration_us,
			     .stop_us = s->duration_us + NETSIM_DRAIN_US, .part = NETSIM_CPU_SIM };
	sim->last_ns = clock_ns(CLOCK_MONOTONIC);
	sim->progress_ns = sim->last_ns;
	wzp_relay_room_init(&sim->room);
	sim->mem = calloc(sim->m, sizeof *sim->mem);
	if (sim->mem && s->codec == NETSIM_CODEC_REAL) {
		sim->out_len = (size_t)(s->duration_us / 1000) * 48 + 48000;
		sim->out = calloc(sim->out_len, sizeof *sim->out);
	}
	if (!sim->mem || (s->codec == NETSIM_CODEC_REAL && !sim->out)) {
		free_sim(sim);
		free(sim);
		return NULL;
	}
	return sim;
}

int netsim_run(const struct netsim_scenario *s, uint64_t seed, const char *speech_dir,
	       FILE *progress, struct netsim_result *res, struct netsim_sample **samples,
	       size_t *nsamples, struct netsim_cpu *cpu)
{
	struct sim *sim;
	int rc = 0;

	memset(res, 0, sizeof *res);
	memset(cpu, 0, sizeof *cpu);
	*samples = NULL;
	*nsamples = 0;
	sim = new_sim(s, seed, res, cpu, progress);
	if (!sim)
		return fail("simulator", WZP_ERR_NO_MEMORY);
	for (size_t i = 0; rc == 0 && i < sim->m; i++)
		rc = init_member(sim, i, speech_dir);
	if (rc == 0)
		rc = run_loop(sim);
	if (rc == 0)
		finish(sim);
	cpu_switch(sim, NETSIM_CPU_SIM);
	*samples = sim->samples;
	*nsamples = sim->nsamples;
	free_sim(sim);
	free(sim);
	return rc;
}
