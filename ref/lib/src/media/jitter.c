/* jitter.c: spec/06-media.md 6.4 "Jitter buffer". */
#include <string.h>

#include "wzp/jitter.h"
#include "wzp/trace.h"

#define MAX_JITTER_SAMPLE_MS 10000
#define SHRINK_FRAMES 3

/* Serial-number order over 32 bits: a is before b. */
static bool before(uint32_t a, uint32_t b)
{
	return (int32_t)(b - a) > 0;
}

enum wzp_err wzp_jb_init(struct wzp_jitter_buffer *jb, const struct wzp_jb_config *cfg)
{
	WZP_REJECT("WZP-MEDIA-020", cfg->capacity == 0 || cfg->capacity > WZP_JB_CAPACITY ||
					    cfg->min_delay_ms > cfg->max_delay_ms,
		   WZP_ERR_BAD_PARAM);
	memset(jb, 0, sizeof *jb);
	jb->cfg = *cfg;
	return WZP_OK;
}

static uint32_t held(const struct wzp_jitter_buffer *jb)
{
	uint32_t n = 0;

	for (size_t i = 0; i < WZP_JB_CAPACITY; i++)
		n += jb->used[i];
	return n;
}

static int find(const struct wzp_jitter_buffer *jb, uint32_t ts)
{
	for (int i = 0; i < WZP_JB_CAPACITY; i++)
		if (jb->used[i] && jb->slots[i].ts_ms == ts)
			return i;
	return -1;
}

static int oldest(const struct wzp_jitter_buffer *jb)
{
	int best = -1;

	for (int i = 0; i < WZP_JB_CAPACITY; i++)
		if (jb->used[i] && (best < 0 || before(jb->slots[i].ts_ms, jb->slots[best].ts_ms)))
			best = i;
	return best;
}

/* WZP-MEDIA-022: media held from the playout point to the newest frame's end. */
static uint32_t span_ms(const struct wzp_jitter_buffer *jb)
{
	int32_t span = 0;

	for (size_t i = 0; i < WZP_JB_CAPACITY; i++) {
		int32_t end;

		if (!jb->used[i])
			continue;
		end = (int32_t)(jb->slots[i].ts_ms + jb->slots[i].duration_ms - jb->next_ts);
		if (end > span)
			span = end;
	}
	return (uint32_t)WZP_VALUE("WZP-MEDIA-022", span);
}

/* WZP-MEDIA-021: target = min + ceil(3 J), at most max. */
static uint32_t target_ms(const struct wzp_jitter_buffer *jb)
{
	uint64_t t = jb->cfg.min_delay_ms + ((uint64_t)jb->stats.jitter_q4 * 3 + 15) / 16;

	if (t > jb->cfg.max_delay_ms)
		t = jb->cfg.max_delay_ms;
	return (uint32_t)WZP_VALUE("WZP-MEDIA-021", t);
}

/* WZP-MEDIA-021: RFC 3550 6.4.1 interarrival jitter, scaled by 16. */
static void update_jitter(struct wzp_jitter_buffer *jb, uint32_t ts, uint32_t arrival)
{
	if (jb->have_prev) {
		int64_t d = (int64_t)(int32_t)(arrival - jb->prev_arrival) -
			    (int64_t)(int32_t)(ts - jb->prev_ts);
		uint32_t a = (uint32_t)(d < 0 ? (d < -MAX_JITTER_SAMPLE_MS ? MAX_JITTER_SAMPLE_MS : -d)
					      : (d > MAX_JITTER_SAMPLE_MS ? MAX_JITTER_SAMPLE_MS : d));

		jb->stats.jitter_q4 = WZP_VALUE("WZP-MEDIA-021",
						jb->stats.jitter_q4 + a - ((jb->stats.jitter_q4 + 8) >> 4));
	}
	jb->have_prev = true;
	jb->prev_ts = ts;
	jb->prev_arrival = arrival;
}

/* WZP-MEDIA-023: where the playout point starts, moves back, or re-anchors. */
static void anchor(struct wzp_jitter_buffer *jb, uint32_t ts)
{
	bool drained = jb->anchored && !jb->playing && held(jb) == 0;

	/* WZP-MEDIA-026: the media skipped by re-anchoring after a drain was lost */
	if (drained && jb->played_any && !jb->in_comfort && before(jb->next_ts, ts))
		jb->stats.lost += WZP_VALUE("WZP-MEDIA-026", (ts - jb->next_ts) / jb->last_duration_ms);
	if (!jb->anchored || (!jb->played_any && before(ts, jb->next_ts)) || drained)
		jb->next_ts = WZP_VALUE("WZP-MEDIA-023", ts);
	jb->anchored = true;
}

/* WZP-MEDIA-025: a full buffer drops its oldest frame; the playout point
 * skips past it. */
static void evict_oldest(struct wzp_jitter_buffer *jb)
{
	int o = oldest(jb);
	uint32_t end = jb->slots[o].ts_ms + jb->slots[o].duration_ms;

	jb->used[o] = false;
	jb->stats.overruns = WZP_VALUE("WZP-MEDIA-025", jb->stats.overruns + 1);
	if (before(jb->next_ts, end))
		jb->next_ts = end;
}

static int free_slot(const struct wzp_jitter_buffer *jb)
{
	for (int i = 0; i < WZP_JB_CAPACITY; i++)
		if (!jb->used[i])
			return i;
	return -1;
}

enum wzp_err wzp_jb_push(struct wzp_jitter_buffer *jb, const struct wzp_jb_frame *frame,
			 uint32_t arrival_ms, enum wzp_jb_push_result *result)
{
	WZP_REJECT("WZP-MEDIA-020", frame->duration_ms == 0 || frame->duration_ms > 1000 ||
					    frame->len > WZP_JB_MAX_PAYLOAD,
		   WZP_ERR_BAD_PARAM);
	if (find(jb, frame->ts_ms) >= 0) {
		jb->stats.duplicates = WZP_VALUE("WZP-MEDIA-027", jb->stats.duplicates + 1);
		*result = WZP_JB_DUPLICATE;
		return WZP_OK;
	}
	update_jitter(jb, frame->ts_ms, arrival_ms);
	if (jb->anchored && jb->played_any && before(frame->ts_ms, jb->next_ts)) {
		jb->stats.late = WZP_VALUE("WZP-MEDIA-024", jb->stats.late + 1);
		*result = WZP_JB_LATE;
		return WZP_OK;
	}
	anchor(jb, frame->ts_ms);
	if (jb->last_duration_ms == 0)
		jb->last_duration_ms = frame->duration_ms;
	if (held(jb) >= jb->cfg.capacity) {
		evict_oldest(jb);
		if (before(frame->ts_ms, jb->next_ts)) {
			jb->stats.late++;
			*result = WZP_JB_LATE;
			return WZP_OK;
		}
	}
	int i = free_slot(jb);
	jb->slots[i] = *frame;
	jb->used[i] = true;
	*result = WZP_JB_ACCEPTED;
	return WZP_OK;
}

/* Frames behind the playout point can never play: they count as late. */
static void drop_stale(struct wzp_jitter_buffer *jb)
{
	for (size_t i = 0; i < WZP_JB_CAPACITY; i++)
		if (jb->used[i] && before(jb->slots[i].ts_ms, jb->next_ts)) {
			jb->used[i] = false;
			jb->stats.late++;
		}
}

/* WZP-MEDIA-026: how long to conceal: one frame, cut short where the next
 * held frame starts. */
static uint32_t gap_ms(const struct wzp_jitter_buffer *jb)
{
	uint32_t d = jb->last_duration_ms;

	for (size_t i = 0; i < WZP_JB_CAPACITY; i++) {
		uint32_t ahead = jb->slots[i].ts_ms - jb->next_ts;

		if (jb->used[i] && ahead > 0 && ahead < d) /* stale frames are gone */
			d = ahead;
	}
	return WZP_VALUE("WZP-MEDIA-026", d);
}

/* WZP-MEDIA-025: more than target + 3 frames held: skip the slot due now. */
static void shrink(struct wzp_jitter_buffer *jb)
{
	int i = find(jb, jb->next_ts);
	uint32_t d = i >= 0 ? jb->slots[i].duration_ms : jb->last_duration_ms;

	if (held(jb) < 2 || span_ms(jb) <= target_ms(jb) + SHRINK_FRAMES * d)
		return;
	if (i >= 0) {
		jb->used[i] = false;
		jb->stats.overruns = WZP_VALUE("WZP-MEDIA-025", jb->stats.overruns + 1);
	}
	jb->next_ts += d;
}

static enum wzp_jb_pop_kind play(struct wzp_jitter_buffer *jb, struct wzp_jb_frame *frame,
				 uint32_t *duration_ms)
{
	int i = find(jb, jb->next_ts);

	if (i >= 0) {
		*frame = jb->slots[i];
		jb->used[i] = false;
		jb->stats.played++;
		jb->stats.recovered += WZP_VALUE("WZP-MEDIA-027", frame->recovered ? 1u : 0u);
		jb->in_comfort = frame->comfort_noise;
		jb->played_any = true;
		jb->last_duration_ms = frame->duration_ms;
		*duration_ms = frame->duration_ms;
		jb->next_ts += frame->duration_ms;
		return WZP_JB_FRAME;
	}
	*duration_ms = gap_ms(jb);
	jb->next_ts += *duration_ms;
	if (jb->in_comfort)
		return WZP_JB_COMFORT;
	jb->stats.lost = WZP_VALUE("WZP-MEDIA-026", jb->stats.lost + 1);
	jb->stats.concealed++;
	return WZP_JB_CONCEAL;
}

enum wzp_jb_pop_kind wzp_jb_pop(struct wzp_jitter_buffer *jb, struct wzp_jb_frame *frame,
				uint32_t *duration_ms)
{
	*duration_ms = jb->last_duration_ms;
	if (!jb->anchored)
		return WZP_JB_EMPTY;
	drop_stale(jb);
	if (!jb->playing) {
		/* WZP-MEDIA-023: buffering until the target delay is held, or
		 * frames have waited that long, or comfort noise is due (it has
		 * no timing to protect) */
		const struct wzp_jb_frame *due = wzp_jb_peek(jb, jb->next_ts);

		if (held(jb) == 0)
			return jb->in_comfort ? WZP_JB_COMFORT : WZP_JB_EMPTY;
		if (WZP_VALUE("WZP-MEDIA-023", span_ms(jb) < target_ms(jb) &&
						   jb->waited_ms < target_ms(jb) &&
						   !(due && due->comfort_noise))) {
			jb->waited_ms += WZP_JB_TICK_MS;
			return jb->in_comfort ? WZP_JB_COMFORT : WZP_JB_EMPTY;
		}
		jb->playing = true;
		jb->waited_ms = 0;
	} else if (WZP_VALUE("WZP-MEDIA-024", held(jb)) == 0) {
		/* WZP-MEDIA-024: drained: back to buffering, never "missing" forever */
		jb->playing = false;
		if (jb->in_comfort)
			return WZP_JB_COMFORT;
		jb->stats.underruns++;
		jb->stats.concealed++;
		return WZP_JB_EMPTY;
	}
	shrink(jb);
	return play(jb, frame, duration_ms);
}

const struct wzp_jb_frame *wzp_jb_peek(const struct wzp_jitter_buffer *jb, uint32_t ts)
{
	int i = find(jb, ts);

	return i >= 0 ? &jb->slots[i] : NULL;
}

struct wzp_jb_stats wzp_jb_stats(const struct wzp_jitter_buffer *jb)
{
	struct wzp_jb_stats s = jb->stats;

	s.depth = held(jb);
	s.depth_ms = jb->anchored ? span_ms(jb) : 0;
	s.target_ms = target_ms(jb);
	return s;
}
