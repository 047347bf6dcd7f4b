/* replay.h: the packet index and the anti-replay window (spec/05-crypto.md
 * 5.4-5.5, WZP-CRYPTO-052, -060).
 *
 * A sender numbers its packets 0, 1, 2, ... (the packet index, 32 bits)
 * and writes the low 16 bits as the header's seq. A receiver recovers the
 * index from seq alone, as the value nearest the newest index it accepted
 * (before it accepted anything, the index is seq itself), so loss,
 * reordering and duplication never desynchronise it.
 *
 * The window remembers which of the newest 1024 indices were accepted.
 * Checking changes nothing; call wzp_replay_update only once the packet
 * authenticated, so a forged packet can neither move nor fill the window.
 * Zero-initialise. No allocation.
 */
#ifndef WZP_REPLAY_H
#define WZP_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "wzp/error.h"

#define WZP_REPLAY_WINDOW 1024

struct wzp_replay_window {
	bool started;
	uint32_t top;                               /* the newest accepted index */
	uint64_t seen[WZP_REPLAY_WINDOW / 64];      /* bit (i mod 1024): index i accepted */
};

/* The packet index a header's seq stands for, read against the window. */
uint32_t wzp_packet_index(const struct wzp_replay_window *w, uint16_t seq);

/* WZP_ERR_REPLAY when index was accepted already or is 1024 or more
 * behind the newest accepted index; WZP_OK otherwise. */
enum wzp_err wzp_replay_check(const struct wzp_replay_window *w, uint32_t index);

/* Records an accepted index (one that passed wzp_replay_check). */
void wzp_replay_update(struct wzp_replay_window *w, uint32_t index);

#endif
