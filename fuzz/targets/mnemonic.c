/* Fuzz target: mnemonic decoding in both profiles, then the round trip.
 * seed-ops: crypto.mnemonic.decode
 * seed-args: mnemonic */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/mnemonic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	uint8_t v1[32], upstream[32], back[32];
	char words[WZP_MNEMONIC_MAX];
	enum wzp_err err = wzp_mnemonic_decode(v1, text, size, WZP_PROFILE_V1);
	enum wzp_err err_up = wzp_mnemonic_decode(upstream, text, size, WZP_PROFILE_UPSTREAM);

	/* The profiles differ only in the order of checks for 12..21 words. */
	if ((err == WZP_OK) != (err_up == WZP_OK))
		abort();
	if (err != WZP_OK)
		return 0;
	if (memcmp(v1, upstream, 32) != 0)
		abort();
	wzp_mnemonic_encode(words, v1);
	if (wzp_mnemonic_decode(back, words, strlen(words), WZP_PROFILE_V1) != WZP_OK ||
	    memcmp(back, v1, 32) != 0)
		abort();
	return 0;
}
