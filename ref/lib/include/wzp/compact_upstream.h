/* compact_upstream.h: the original implementation's compact framing, kept
 * for the upstream-aa09275 profile only (spec/02-wire.md 2.7).
 *
 *   FULL: [0x00][MediaPacket]
 *   MINI: [0x01][timestamp delta BE16][payload length BE16][payload]
 *
 * A MINI frame is expanded from the last header the receiver decoded: seq
 * + 1 and timestamp + delta, every other field copied. After one lost MINI
 * frame every later one until the next FULL decodes with the wrong seq and
 * timestamp; the vectors show it. Both directions change the context, as
 * upstream's do. No allocation; p->payload borrows from the input.
 */
#ifndef WZP_COMPACT_UPSTREAM_H
#define WZP_COMPACT_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/media_packet.h"

#define WZP_UPSTREAM_FRAME_FULL 0x00
#define WZP_UPSTREAM_FRAME_MINI 0x01
#define WZP_UPSTREAM_FULL_INTERVAL 50

/* The last header decoded or sent. Zero-initialise. */
struct wzp_upstream_mini_context {
	bool has_baseline;
	struct wzp_media_header last;
};

enum wzp_err wzp_upstream_compact_decode(struct wzp_media_packet *p, const uint8_t *buf,
					 size_t len, struct wzp_upstream_mini_context *ctx);

/* *frames_since_full is the caller's counter, 0 at the start. */
enum wzp_err wzp_upstream_compact_encode(uint8_t *out, size_t cap, size_t *written,
					 const struct wzp_media_packet *p,
					 struct wzp_upstream_mini_context *ctx,
					 uint32_t *frames_since_full);

#endif
