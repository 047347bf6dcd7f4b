/* Fuzz target: upstream's compact framing (upstream-aa09275), as a
 * sequence of [length u8][bytes] frames through one mini-frame context.
 * seed-ops: wire.frames.decode_sequence:datagrams */
#include <stdlib.h>

#include "../records.h"
#include "wzp/compact_upstream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wzp_upstream_mini_context ctx = { 0 };
	const uint8_t *rec;
	size_t at = 0, len;

	while (next_record(data, size, &at, &rec, &len)) {
		struct wzp_media_packet p;

		if (wzp_upstream_compact_decode(&p, rec, len, &ctx) == WZP_OK &&
		    p.payload + p.payload_len > rec + len)
			abort();
	}
	return 0;
}
