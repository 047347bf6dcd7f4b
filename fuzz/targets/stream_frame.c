/* Fuzz target: the signal stream reader. The input is cut into chunks of a
 * size that depends on its length; however it is cut, the outcome must be
 * the same as feeding it whole.
 * seed-ops: wire.stream.decode:chunks */
#include <stdlib.h>
#include <string.h>

#include "wzp/stream_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct outcome {
	enum wzp_err err;
	const uint8_t *msg;
	size_t len;
};

static struct outcome read_stream(const uint8_t *data, size_t size, size_t step, uint8_t *buf,
				  enum wzp_profile profile)
{
	struct wzp_stream_reader r;
	struct outcome o = { WZP_OK, NULL, 0 };

	wzp_stream_reader_init(&r, buf, WZP_SIGNAL_MAX_LEN, profile);
	for (size_t at = 0; at < size && o.err == WZP_OK; at += step)
		o.err = wzp_stream_reader_feed(&r, data + at, size - at < step ? size - at : step);
	if (o.err == WZP_OK)
		o.err = wzp_stream_reader_finish(&r, &o.msg, &o.len);
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t whole_buf[WZP_SIGNAL_MAX_LEN], cut_buf[WZP_SIGNAL_MAX_LEN];
	size_t step;

	step = size % 7 + 1;
	for (int p = 0; p < 2; p++) {
		enum wzp_profile profile = p ? WZP_PROFILE_UPSTREAM : WZP_PROFILE_V1;
		struct outcome whole = read_stream(data, size, size + 1, whole_buf, profile);
		struct outcome cut = read_stream(data, size, step, cut_buf, profile);

		if (whole.err != cut.err || whole.len != cut.len ||
		    (whole.len && memcmp(whole.msg, cut.msg, whole.len) != 0))
			abort();
	}
	return 0;
}
