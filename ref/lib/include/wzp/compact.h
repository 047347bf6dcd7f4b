/* compact.h: how a wzp/1 media datagram is framed (spec/02-wire.md 2.6).
 *
 * The first byte of every wzp/1 datagram says what follows, without a
 * separate type byte:
 *   bit 7 = 0, CodecId 0..14   FULL: a MediaPacket (12-byte header)
 *   bit 7 = 1, CodecId 0..14   MINI: a 9-byte compact header, same body
 *   exactly 0x3C (CodecId 15)  TRUNK: a TrunkFrame follows (trunk.h)
 *   CodecId 15, anything else  reserved: WZP_ERR_UNKNOWN_FRAME_TYPE
 *
 * A MINI header is the MediaHeader without the reserved and CSRC bytes and
 * with the timestamp's low 24 bits; the receiver extends them against a
 * reference timestamp taken from packets it already accepted. Nothing in a
 * MINI frame depends on which earlier packets arrived, so loss, reordering
 * and duplication cannot make it decode wrongly.
 *
 * Decoding never changes the reference: call wzp_ts_reference_update once
 * the packet is accepted (after authentication, where there is any). No
 * allocation; p->payload borrows from the input buffer.
 */
#ifndef WZP_COMPACT_H
#define WZP_COMPACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/media_packet.h"

#define WZP_MINI_HEADER_SIZE 9
#define WZP_TRUNK_ESCAPE 0x3C
#define WZP_FULL_INTERVAL 50 /* a FULL frame at least every 50 frames */
#define WZP_FULL_LEAD 10        /* the reference sender: the first 10 frames FULL */
#define WZP_FULL_PERIOD_MS 1000 /* ... and one at least every 1000 ms after */

enum wzp_frame_kind {
	WZP_FRAME_FULL,
	WZP_FRAME_MINI,
	WZP_FRAME_TRUNK,
};

/* What the receiver knows of the sender's clock. Zero-initialise. */
struct wzp_ts_reference {
	bool valid;
	uint32_t ts; /* the newest accepted timestamp, in serial-number order */
};

/* What the sender remembers to choose FULL or MINI. Zero-initialise. */
struct wzp_compact_sender {
	bool started;
	uint32_t frames_sent;
	uint32_t frames_since_full;
	uint32_t last_ts;
	uint32_t last_full_ts;
};

enum wzp_err wzp_frame_kind_of(const uint8_t *buf, size_t len, enum wzp_frame_kind *kind);

/* A FULL or MINI frame (not TRUNK: WZP_ERR_UNKNOWN_CODEC for 0x3C). */
enum wzp_err wzp_media_frame_decode(struct wzp_media_packet *p, const uint8_t *buf, size_t len,
				    const struct wzp_ts_reference *ref);
void wzp_ts_reference_update(struct wzp_ts_reference *ref, uint32_t ts);

/* Chooses the frame kind for the next packet and writes it; updates *s. */
enum wzp_err wzp_media_frame_encode(uint8_t *out, size_t cap, size_t *written,
				    const struct wzp_media_packet *p,
				    struct wzp_compact_sender *s);

#endif
