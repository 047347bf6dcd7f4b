/* payload.h: the datagrams the load bots replay, and their stamp.
 *
 * A payload set is a few seconds of a real wzp/1 call: a 440 Hz tone run
 * once through the call pipeline (call.h: Opus 24k, FEC, framing, media
 * protection under a fixed test key), every sealed datagram it produced,
 * source and repair, in order. Bots replay them in a cycle, so the relay
 * sees the sizes and first bytes of real media.
 *
 * The stamp: the last LOADGEN_STAMP_SIZE bytes of each copy sent (inside
 * the AEAD tag, which a relay never reads: it looks at the first byte
 * only, WZP-RELAY-003) are overwritten with the sending bot's id and its
 * sequence number, both BE32. The receiver reads them back and looks the
 * send time up in the sender's own table (bot.h); no clock crosses a
 * process, and loss, duplicates and reordering are counted per packet.
 *
 * Contract: payload_set_make() returns 0, or -1 (the call pipeline failed)
 * leaving the set empty; the caller owns the set and frees it with
 * payload_set_free(). payload_read_stamp() returns -1 for a datagram too
 * short to carry a stamp.
 */
#ifndef LOADGEN_PAYLOAD_H
#define LOADGEN_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/call.h"

#define LOADGEN_STAMP_SIZE 8
#define LOADGEN_PAYLOAD_SECONDS 4

struct payload_set {
	struct wzp_datagram *dgrams;
	size_t count;
};

int payload_set_make(struct payload_set *set);
void payload_set_free(struct payload_set *set);

/* Copies dgram i (cyclic) into out (WZP_CALL_DATAGRAM_MAX bytes) with the
 * stamp of (bot, seq); returns its length. */
size_t payload_stamped(const struct payload_set *set, size_t i, uint32_t bot, uint32_t seq,
		       uint8_t *out);
int payload_read_stamp(const uint8_t *dgram, size_t len, uint32_t *bot, uint32_t *seq);

#endif
