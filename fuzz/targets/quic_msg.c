/* Fuzz target: signal message framing on a QUIC stream
 * (ref/quic/quic_msg.h). The first byte picks how the rest is cut into
 * chunks (low bits) and a strict reader (bit 7); the last chunk carries
 * FIN. A message that completes is exactly the announced bytes after the
 * prefix, and its frame is the input's start (strict: the whole input).
 * seed-ops: */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quic_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wzp_quic_msg_reader r = { .status = WZP_QUIC_MSG_MORE };
	enum wzp_quic_msg_status st = WZP_QUIC_MSG_MORE;
	size_t step, at = 1, frame_len;
	uint8_t *frame;

	if (size < 1)
		return 0;
	step = (size_t)data[0] % 64 + 1;
	r.strict = data[0] >> 7;
	while (at < size && st == WZP_QUIC_MSG_MORE) {
		size_t n = size - at < step ? size - at : step;

		st = wzp_quic_msg_feed(&r, data + at, n, at + n == size);
		at += n;
	}
	if (st == WZP_QUIC_MSG_DONE) {
		frame = wzp_quic_msg_frame(r.body, r.len, &frame_len);
		if (frame == NULL || frame_len > size - 1 || memcmp(frame, data + 1, frame_len) != 0 ||
		    (r.strict && frame_len != size - 1))
			abort();
		free(frame);
	}
	if (st == WZP_QUIC_MSG_MORE && size > 1)
		abort(); /* the last chunk had FIN: never still waiting */
	wzp_quic_msg_reader_free(&r);
	return 0;
}
