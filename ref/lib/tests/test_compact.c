/* test_compact.c: the property that makes wzp/1 compact framing safe:
 * whatever subset of a sender's datagrams arrives, in whatever order and
 * with repeats, every frame that decodes decodes to exactly the packet
 * that was sent, and a MINI frame fails only for want of a reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/codec_id.h"
#include "wzp/compact.h"

#define FRAMES 200
#define MAX_LEN 64

struct sent {
	uint8_t bytes[MAX_LEN];
	size_t len;
	struct wzp_media_header header;
};

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* A sender's output with a random start, 20-400 ms steps (silence
 * suppression), repair frames and the odd report. */
static void send_all(struct sent *out, uint32_t *rng)
{
	static const uint8_t payload[6] = { 1, 2, 3, 4, 5, 6 };
	struct wzp_compact_sender s = { 0 };
	uint16_t seq = (uint16_t)next(rng);
	uint32_t ts = next(rng);

	for (int i = 0; i < FRAMES; i++) {
		struct wzp_media_packet p = { .payload = payload, .payload_len = sizeof payload };

		p.header.codec_id = WZP_CODEC_OPUS6K;
		p.header.seq = seq++;
		p.header.timestamp_ms = ts;
		p.header.is_repair = next(rng) % 4 == 0;
		p.header.fec_block = (uint8_t)(i / 8);
		p.header.fec_symbol = (uint8_t)(i % 8);
		p.has_report = p.header.has_quality_report = next(rng) % 10 == 0;
		ts += 20 * (1 + next(rng) % 20);
		assert_int_equal(wzp_media_frame_encode(out[i].bytes, MAX_LEN, &out[i].len, &p, &s),
				 WZP_OK);
		out[i].header = p.header;
	}
}

/* verifies: WZP-WIRE-042 WZP-WIRE-043 WZP-WIRE-044 */
static void test_loss_reorder_duplication_never_misdecode(void **state)
{
	static struct sent sent[FRAMES];
	uint32_t rng = 0x9E3779B9u;

	(void)state;
	for (int trial = 0; trial < 50; trial++) {
		struct wzp_ts_reference ref = { 0 };

		send_all(sent, &rng);
		for (int n = 0; n < 3 * FRAMES; n++) {
			const struct sent *d = &sent[next(&rng) % FRAMES];
			struct wzp_media_packet p;
			enum wzp_err err;

			if (next(&rng) % 100 < 40)
				continue; /* 40 % loss */
			err = wzp_media_frame_decode(&p, d->bytes, d->len, &ref);
			if (err == WZP_ERR_NO_REFERENCE)
				continue;
			assert_int_equal(err, WZP_OK);
			assert_memory_equal(&p.header, &d->header, sizeof p.header);
			wzp_ts_reference_update(&ref, p.header.timestamp_ms);
		}
	}
}

/* verifies: WZP-WIRE-044 WZP-WIRE-082 */
static void test_full_frames_at_the_cadence(void **state)
{
	static struct sent sent[FRAMES];
	uint32_t rng = 12345, since_full = 0, last_full_ts = 0, minis = 0;

	(void)state;
	send_all(sent, &rng);
	for (int i = 0; i < FRAMES; i++) {
		bool full = (sent[i].bytes[0] & 0x80) == 0;
		uint32_t ts = sent[i].header.timestamp_ms;

		if (i < WZP_FULL_LEAD || since_full >= WZP_FULL_INTERVAL ||
		    ts - last_full_ts >= WZP_FULL_PERIOD_MS)
			assert_true(full);
		if (full) {
			since_full = 1;
			last_full_ts = ts;
		} else {
			since_full++;
			minis++;
		}
	}
	assert_true(minis > FRAMES / 4); /* the sender does save bytes */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loss_reorder_duplication_never_misdecode),
		cmocka_unit_test(test_full_frames_at_the_cadence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
