/* Fuzz target: TrunkFrame decoding in both profiles; every entry of an
 * accepted frame lies inside the input, and wzp/1 frames re-encode to the
 * same bytes.
 * seed-ops: wire.trunk.decode */
#include <stdlib.h>
#include <string.h>

#include "wzp/trunk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *data, size_t size, enum wzp_profile profile)
{
	static struct wzp_trunk_entry entries[UINT16_MAX];
	static uint8_t out[1 << 20];
	uint16_t count;
	size_t n, at = WZP_TRUNK_FIRST_ENTRY;

	if (wzp_trunk_decode(data, size, profile, &count) != WZP_OK)
		return;
	for (uint16_t i = 0; i < count; i++) {
		at = wzp_trunk_entry(data, at, &entries[i]);
		if (entries[i].payload + entries[i].payload_len > data + size)
			abort();
	}
	if (profile != WZP_PROFILE_V1)
		return;
	if (wzp_trunk_encode(out, sizeof out, &n, entries, count, profile) != WZP_OK ||
	    n != size || memcmp(out, data, size) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, WZP_PROFILE_V1);
	check(data, size, WZP_PROFILE_UPSTREAM);
	return 0;
}
