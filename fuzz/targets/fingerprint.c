/* Fuzz target: fingerprint and seed text parsing in both profiles.
 * seed-ops: crypto.fingerprint.parse crypto.seed.from_hex
 * seed-args: text hex */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/fingerprint.h"
#include "wzp/identity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	uint8_t fp[WZP_FINGERPRINT_SIZE], lenient[WZP_FINGERPRINT_SIZE], back[WZP_FINGERPRINT_SIZE];
	char display[WZP_FINGERPRINT_DISPLAY_LEN + 1];
	uint8_t seed[WZP_SEED_SIZE];

	/* Whatever wzp/1 accepts, upstream reads the same way. */
	if (wzp_fingerprint_parse(fp, text, size, WZP_PROFILE_V1) == WZP_OK) {
		if (wzp_fingerprint_parse(lenient, text, size, WZP_PROFILE_UPSTREAM) != WZP_OK ||
		    memcmp(fp, lenient, sizeof fp) != 0)
			abort();
		wzp_fingerprint_display(display, fp);
		if (wzp_fingerprint_parse(back, display, WZP_FINGERPRINT_DISPLAY_LEN,
					  WZP_PROFILE_V1) != WZP_OK || memcmp(fp, back, sizeof fp) != 0)
			abort();
	}
	if (wzp_seed_from_hex(seed, text, size) == WZP_OK && size != WZP_SEED_HEX_LEN)
		abort();
	return 0;
}
