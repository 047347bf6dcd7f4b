/* stream_frame.h: one signal message on one QUIC stream
 * (spec/02-wire.md 2.10): [length BE32][length bytes of JSON], then FIN.
 *
 * The reader takes the stream's bytes in whatever chunks the transport
 * delivers and copies the message into a buffer the caller provides. It
 * refuses an announced length over WZP_SIGNAL_MAX_LEN as soon as the four
 * length bytes are in, before reading any of the message. Nothing
 * allocates.
 */
#ifndef WZP_STREAM_FRAME_H
#define WZP_STREAM_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

#define WZP_SIGNAL_MAX_LEN 1048576u
#define WZP_STREAM_PREFIX 4

struct wzp_stream_reader {
	enum wzp_profile profile;
	uint8_t *buf;      /* caller's, cap bytes */
	size_t cap;
	uint8_t prefix[WZP_STREAM_PREFIX];
	size_t prefix_have;
	uint32_t len;      /* valid once prefix_have == 4 */
	size_t have;       /* message bytes copied so far */
};

void wzp_stream_reader_init(struct wzp_stream_reader *r, uint8_t *buf, size_t cap,
			    enum wzp_profile profile);

/* Errors: too_large, no_memory (announced length over cap), and in wzp/1
 * trailing_bytes for anything after the message. After an error the
 * stream is to be abandoned. */
enum wzp_err wzp_stream_reader_feed(struct wzp_stream_reader *r, const uint8_t *chunk,
				    size_t len);

/* At the end of the stream: the message, or truncated. */
enum wzp_err wzp_stream_reader_finish(const struct wzp_stream_reader *r, const uint8_t **msg,
				      size_t *msg_len);

enum wzp_err wzp_stream_frame_encode(uint8_t *out, size_t cap, size_t *written,
				     const uint8_t *msg, size_t len);

#endif
