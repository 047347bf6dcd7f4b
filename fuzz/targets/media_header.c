/* Fuzz target: MediaHeader decode in both profiles, and the round trip
 * decode -> encode -> the same bytes (unused bits cleared).
 * seed-ops: wire.media_header.decode */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/media_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const uint8_t *data, size_t size, enum wzp_profile profile)
{
	struct wzp_media_header h;
	uint8_t out[WZP_MEDIA_HEADER_SIZE], want[WZP_MEDIA_HEADER_SIZE];

	if (wzp_media_header_decode(&h, data, size, profile) != WZP_OK)
		return;
	if (wzp_media_header_encode(out, &h, profile) != WZP_OK) {
		/* Only wzp/1 refuses to re-encode what it decoded: a nonzero
		 * reserved byte or CSRC count, which receivers accept. */
		if (profile != WZP_PROFILE_V1 || (h.reserved == 0 && h.csrc_count == 0))
			abort();
		return;
	}
	memcpy(want, data, sizeof want);
	want[1] &= 0xFC;
	if (memcmp(out, want, sizeof out) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	round_trip(data, size, WZP_PROFILE_V1);
	round_trip(data, size, WZP_PROFILE_UPSTREAM);
	return 0;
}
