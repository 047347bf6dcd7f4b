/* bench/wire.c: what parsing and writing each wire format costs, per
 * packet, as a ratio to copying the same bytes in the same run (the
 * baseline: no parser can be cheaper than reading its input once).
 *
 * Each measurement runs a batch of a million operations over a ring of
 * distinct packets (so branch predictors see varied input), three times,
 * and keeps the fastest batch. A checksum of every result is printed so
 * that nothing is optimised away. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wzp/compact.h"
#include "wzp/signal.h"
#include "wzp/trunk.h"

#define RING 256
#define BATCH 1000000
#define REPEATS 3
#define PAYLOAD 60 /* an Opus 24 kbps 20 ms frame */

struct ring {
	uint8_t bytes[RING][128];
	size_t len[RING];
};

static uint64_t checksum;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

typedef void (*op_fn)(const struct ring *r, size_t i);

static double ns_per_op(op_fn op, const struct ring *r, long batch)
{
	double best = 1e30;

	for (int rep = 0; rep < REPEATS; rep++) {
		double start = now_ns();

		for (long n = 0; n < batch; n++)
			op(r, (size_t)n % RING);
		if (now_ns() - start < best)
			best = now_ns() - start;
	}
	return best / (double)batch;
}

static void copy_bytes(const struct ring *r, size_t i)
{
	uint8_t out[128];

	memcpy(out, r->bytes[i], r->len[i]);
	checksum += out[r->len[i] - 1];
}

static void header_decode(const struct ring *r, size_t i)
{
	struct wzp_media_header h;

	checksum += wzp_media_header_decode(&h, r->bytes[i], r->len[i], WZP_PROFILE_V1) + h.seq;
}

static void packet_decode(const struct ring *r, size_t i)
{
	struct wzp_media_packet p;

	checksum += wzp_media_packet_decode(&p, r->bytes[i], r->len[i], WZP_PROFILE_V1) +
		    p.payload_len;
}

static void packet_encode(const struct ring *r, size_t i)
{
	struct wzp_media_packet p;
	uint8_t out[128];
	size_t n;

	wzp_media_packet_decode(&p, r->bytes[i], r->len[i], WZP_PROFILE_V1);
	checksum += wzp_media_packet_encode(out, sizeof out, &n, &p, WZP_PROFILE_V1) + n;
}

static void frame_decode(const struct ring *r, size_t i)
{
	struct wzp_ts_reference ref = { true, 1000 * (uint32_t)i };
	struct wzp_media_packet p;

	checksum += wzp_media_frame_decode(&p, r->bytes[i], r->len[i], &ref) +
		    p.header.timestamp_ms;
}

static void fill_packets(struct ring *r, int mini)
{
	uint8_t payload[PAYLOAD];
	struct wzp_compact_sender s = { 0 };

	for (int i = 0; i < RING; i++) {
		struct wzp_media_packet p = { .payload = payload, .payload_len = PAYLOAD };

		memset(payload, i, sizeof payload);
		p.header.seq = (uint16_t)(i * 7);
		p.header.timestamp_ms = 1000 * (uint32_t)i;
		p.header.fec_ratio_encoded = 13;
		s.frames_since_full = mini ? 1 : WZP_FULL_INTERVAL;
		s.started = true;
		s.last_ts = p.header.timestamp_ms;
		wzp_media_frame_encode(r->bytes[i], sizeof r->bytes[i], &r->len[i], &p, &s);
	}
}

static void trunk_decode(const struct ring *r, size_t i)
{
	struct wzp_trunk_entry e;
	uint16_t count;
	size_t at = WZP_TRUNK_FIRST_ENTRY;

	checksum += wzp_trunk_decode(r->bytes[i] + 1, r->len[i] - 1, WZP_PROFILE_V1, &count);
	for (uint16_t k = 0; k < count; k++) {
		at = wzp_trunk_entry(r->bytes[i] + 1, at, &e);
		checksum += e.payload_len;
	}
}

static void fill_trunks(struct ring *r)
{
	static const uint8_t payload[8] = { 0x80, 0, 0, 1, 0, 0, 0, 0 };
	struct wzp_trunk_entry entries[10];

	for (int i = 0; i < RING; i++) {
		for (int e = 0; e < 10; e++)
			entries[e] = (struct wzp_trunk_entry){ { 0, (uint8_t)e }, payload, 8 };
		r->bytes[i][0] = WZP_TRUNK_ESCAPE;
		wzp_trunk_encode(r->bytes[i] + 1, sizeof r->bytes[i] - 1, &r->len[i], entries, 10,
				 WZP_PROFILE_V1);
		r->len[i] += 1;
	}
}

static void signal_round_trip(const struct ring *r, size_t i)
{
	struct wzp_signal s;
	size_t len;
	char *text;

	checksum += wzp_signal_parse(&s, (const char *)r->bytes[i], r->len[i], WZP_PROFILE_V1);
	text = wzp_signal_serialize(&s, &len);
	checksum += len;
	free(text);
	wzp_signal_clear(&s);
}

static void fill_signals(struct ring *r)
{
	for (int i = 0; i < RING; i++)
		r->len[i] = (size_t)snprintf((char *)r->bytes[i], sizeof r->bytes[i],
					     "{\"Ping\":{\"timestamp_ms\":%d}}", 1000000 + i);
}

static void row(const char *what, op_fn op, const struct ring *r, long batch)
{
	double base = ns_per_op(copy_bytes, r, BATCH);
	double ns = ns_per_op(op, r, batch);

	printf("%-34s %9.1f ns %9.1f ns %8.1fx\n", what, ns, base, ns / base);
}

int main(void)
{
	static struct ring full, mini, trunks, signals;

	fill_packets(&full, 0);
	fill_packets(&mini, 1);
	fill_trunks(&trunks);
	fill_signals(&signals);
	printf("wire benchmark: ns per packet, best of %d batches of %d\n", REPEATS, BATCH);
	printf("%-34s %12s %12s %9s\n", "operation", "cost", "memcpy", "ratio");
	row("MediaHeader decode (72 B packet)", header_decode, &full, BATCH);
	row("MediaPacket decode (72 B)", packet_decode, &full, BATCH);
	row("MediaPacket decode + encode (72 B)", packet_encode, &full, BATCH);
	row("FULL frame decode (72 B)", frame_decode, &full, BATCH);
	row("MINI frame decode (69 B)", frame_decode, &mini, BATCH);
	row("TrunkFrame decode + read 10 entries", trunk_decode, &trunks, BATCH);
	row("Ping signal parse + write (JSON)", signal_round_trip, &signals, BATCH / 10);
	printf("checksum %llu\n", (unsigned long long)checksum);
	return 0;
}
