/* Fuzz target: an auth server's answer (ref/relay/relay_auth_reply.h).
 * The first two bytes pick the HTTP status, the rest is the body. Only a
 * 2xx answer can be OK, 5xx is always unavailable, and an OK result has a
 * terminated alias whose fingerprint reads back from the body's text.
 * seed-ops: */
#include <stdlib.h>
#include <string.h>

#include "relay_auth_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct relay_auth_result out;
	long status;
	enum relay_auth_verdict v;

	if (size < 2)
		return 0;
	status = (long)((data[0] << 8 | data[1]) % 600);
	for (int p = WZP_PROFILE_V1; p <= WZP_PROFILE_UPSTREAM; p++) {
		memset(&out, 0xa5, sizeof out);
		v = relay_auth_reply(status, (const char *)data + 2, size - 2, (enum wzp_profile)p,
				     &out);
		if (v == RELAY_AUTH_OK && (status < 200 || status > 299 ||
					   memchr(out.alias, '\0', sizeof out.alias) == NULL))
			abort();
		if ((status == 0 || (status >= 500 && status <= 599)) != (v == RELAY_AUTH_UNAVAILABLE))
			abort();
	}
	return 0;
}
