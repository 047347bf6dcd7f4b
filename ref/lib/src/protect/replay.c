/* replay.c: spec/05-crypto.md 5.4-5.5, the packet index (WZP-CRYPTO-052)
 * and the anti-replay window (WZP-CRYPTO-060). The window is a ring of
 * 1024 bits: bit (i mod 1024) says whether index i was accepted, for the
 * 1024 indices up to the newest accepted one. */
#include "wzp/replay.h"
#include "wzp/trace.h"

#define WORDS (WZP_REPLAY_WINDOW / 64)
#define HALF 0x8000u

/* The index nearest the newest accepted one whose low 16 bits are seq. */
uint32_t wzp_packet_index(const struct wzp_replay_window *w, uint16_t seq)
{
	uint32_t d;

	if (!w->started)
		return WZP_VALUE("WZP-CRYPTO-052", (uint32_t)seq);
	d = (uint32_t)(uint16_t)(seq - (uint16_t)w->top);
	if (d >= HALF)
		d -= 0x10000u;
	return WZP_VALUE("WZP-CRYPTO-052", w->top + d);
}

static bool seen(const struct wzp_replay_window *w, uint32_t index)
{
	uint32_t bit = index % WZP_REPLAY_WINDOW;

	return (w->seen[bit / 64] >> (bit % 64)) & 1;
}

enum wzp_err wzp_replay_check(const struct wzp_replay_window *w, uint32_t index)
{
	uint32_t behind = w->top - index;

	if (!w->started || (int32_t)(index - w->top) > 0)
		return WZP_OK;
	if (behind >= WZP_REPLAY_WINDOW || seen(w, index))
		return WZP_VALUE("WZP-CRYPTO-060", WZP_ERR_REPLAY);
	return WZP_OK;
}

/* Forgets the indices the window slides past: top+1 .. index. */
static void slide(struct wzp_replay_window *w, uint32_t index)
{
	uint32_t ahead = index - w->top;

	if (ahead >= WZP_REPLAY_WINDOW) {
		for (int i = 0; i < WORDS; i++)
			w->seen[i] = 0;
		return;
	}
	for (uint32_t i = w->top + 1; i != index + 1; i++) {
		uint32_t bit = i % WZP_REPLAY_WINDOW;

		w->seen[bit / 64] &= ~(UINT64_C(1) << (bit % 64));
	}
}

void wzp_replay_update(struct wzp_replay_window *w, uint32_t index)
{
	uint32_t bit = index % WZP_REPLAY_WINDOW;

	if (!w->started || (int32_t)(index - w->top) > 0) {
		if (w->started)
			slide(w, index);
		w->top = index;
		w->started = true;
	}
	w->seen[bit / 64] |= UINT64_C(1) << (bit % 64);
}
