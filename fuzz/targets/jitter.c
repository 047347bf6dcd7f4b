/* Fuzz target: the jitter buffer on arbitrary push/pop sequences. The
 * first 3 bytes configure it (min delay, max delay, capacity); then each
 * record is a push ([ts BE32][duration BE16][arrival BE32][flags]) or, when
 * shorter than 11 bytes, a pop. Properties: never more frames held than
 * the capacity, counters never fall, and frames play in timestamp order
 * between re-anchorings: once the buffer drains (an underrun) it may
 * re-anchor on whatever arrives next, earlier or not (WZP-MEDIA-023, -024).
 * Order is only checked for inputs whose pushed timestamps all lie within
 * 2^30 ms of the first: serial order is no order at all across 2^31
 * (spec/06-media.md 6.3).
 * seed-ops: media.jitter.run:events */
#include <stdlib.h>
#include <string.h>

#include "../records.h"
#include "wzp/jitter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void check_monotonic(const struct wzp_jb_stats *a, const struct wzp_jb_stats *b)
{
	if (b->played < a->played || b->lost < a->lost || b->late < a->late ||
	    b->concealed < a->concealed || b->overruns < a->overruns ||
	    b->underruns < a->underruns || b->duplicates < a->duplicates)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wzp_jitter_buffer jb;
	struct wzp_jb_config cfg;
	struct wzp_jb_stats before, after;
	const uint8_t *rec;
	size_t at = 3, len;
	bool played = false, ordered = true, pushed = false;
	uint32_t last_ts = 0, first_ts = 0;
	int64_t lo = 0, hi = 0;

	if (size < 3)
		return 0;
	cfg = (struct wzp_jb_config){ data[0] * 4u, data[1] * 4u, data[2] % 70 };
	if (wzp_jb_init(&jb, &cfg) != WZP_OK)
		return 0;
	while (next_record(data, size, &at, &rec, &len)) {
		before = wzp_jb_stats(&jb);
		if (len >= 11) {
			struct wzp_jb_frame f = { .ts_ms = be32(rec),
						  .duration_ms = (uint32_t)(rec[4] << 8 | rec[5]),
						  .comfort_noise = rec[10] & 1,
						  .recovered = rec[10] & 2,
						  .len = (uint16_t)(len - 11 > 8 ? 8 : len - 11) };
			enum wzp_jb_push_result res;

			memcpy(f.payload, rec + 11, f.len);
			(void)wzp_jb_push(&jb, &f, be32(rec + 6), &res);
			if (!pushed)
				first_ts = f.ts_ms;
			pushed = true;
			lo = (int32_t)(f.ts_ms - first_ts) < lo ? (int32_t)(f.ts_ms - first_ts) : lo;
			hi = (int32_t)(f.ts_ms - first_ts) > hi ? (int32_t)(f.ts_ms - first_ts) : hi;
			ordered = ordered && hi - lo < (1 << 30);
		} else {
			struct wzp_jb_frame f;
			uint32_t ms;

			if (wzp_jb_pop(&jb, &f, &ms) == WZP_JB_FRAME) {
				if (ordered && played && (int32_t)(f.ts_ms - last_ts) <= 0)
					abort();
				played = true;
				last_ts = f.ts_ms;
			}
		}
		after = wzp_jb_stats(&jb);
		if (after.depth > cfg.capacity)
			abort();
		check_monotonic(&before, &after);
		if (after.underruns > before.underruns)
			played = false;
	}
	return 0;
}
