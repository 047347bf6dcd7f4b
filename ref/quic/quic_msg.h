/* quic_msg.h: framing of one signal message on one QUIC stream.
 *
 * A signal message travels alone on its own bidirectional stream as a
 * 4-byte big-endian length, then that many bytes (compact JSON), then FIN
 * (upstream facts, crypto-transport-relay.md 2.4). A length above
 * WZP_QUIC_MSG_MAX (1 MiB) is an error. Bytes after the message are
 * ignored, as upstream's reader does, unless the reader is strict (wzp/1,
 * WZP-WIRE-062): then the message is done only at FIN, and any byte
 * after it is an error.
 *
 * Contract: pure byte handling, no QUIC and no I/O. The reader owns the
 * body it allocates (as the bytes arrive, not when the length does) until
 * wzp_quic_msg_reader_free(); a reader that
 * returned anything but WZP_QUIC_MSG_MORE ignores further input.
 */
#ifndef WZP_QUIC_MSG_H
#define WZP_QUIC_MSG_H

#include <stddef.h>
#include <stdint.h>

#define WZP_QUIC_MSG_MAX (1u << 20)
#define WZP_QUIC_MSG_PREFIX 4

enum wzp_quic_msg_status {
	WZP_QUIC_MSG_MORE,      /* the message is not complete yet */
	WZP_QUIC_MSG_DONE,      /* body and len hold the whole message */
	WZP_QUIC_MSG_TOO_LARGE, /* the length prefix exceeds WZP_QUIC_MSG_MAX */
	WZP_QUIC_MSG_TRUNCATED, /* FIN came before the whole message */
	WZP_QUIC_MSG_NO_MEMORY, /* the body could not be allocated */
	WZP_QUIC_MSG_TRAILING,  /* strict: bytes after the message */
};

struct wzp_quic_msg_reader {
	uint8_t prefix[WZP_QUIC_MSG_PREFIX];
	size_t have; /* bytes of prefix and body received so far */
	uint32_t len;
	uint8_t *body;
	size_t cap; /* allocated bytes of body: grows as the body arrives */
	int complete; /* every body byte is in */
	int strict;   /* set before the first feed: wzp/1's rule for trailing bytes */
	enum wzp_quic_msg_status status;
};

/* Feeds the next in-order stream bytes; fin says the stream ends after them. */
enum wzp_quic_msg_status wzp_quic_msg_feed(struct wzp_quic_msg_reader *r, const uint8_t *data,
					   size_t len, int fin);
void wzp_quic_msg_reader_free(struct wzp_quic_msg_reader *r);

/* A malloc'd frame (prefix and body) for body[len], its size in *frame_len;
 * NULL if len exceeds WZP_QUIC_MSG_MAX or memory runs out. */
uint8_t *wzp_quic_msg_frame(const uint8_t *body, size_t len, size_t *frame_len);

#endif
