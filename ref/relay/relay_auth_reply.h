/* relay_auth_reply.h: what an auth server's answer means (spec/08-relay.md
 * WZP-RELAY-022, -023; upstream facts 3.5).
 *
 * featherChat's POST /v1/auth/validate answers a JSON object with `valid`
 * (bool), `fingerprint` (string, needed when valid) and `alias` (string,
 * optional); other members are ignored. The verdict:
 *  - RELAY_AUTH_OK: status 2xx, an object with "valid": true and a
 *    fingerprint that parses (either text form, wzp/fingerprint.h; the
 *    profile's rules); fingerprint and alias are written.
 *  - RELAY_AUTH_UNAVAILABLE: status 0 (no answer: unreachable, timed out,
 *    body too large) or 5xx.
 *  - RELAY_AUTH_FAIL: anything else (4xx or another status, a body that is
 *    not a JSON object, valid false or missing or not a bool, a missing or
 *    bad fingerprint).
 *
 * Contract: pure; body is len bytes, not NUL-terminated. out is written
 * only for RELAY_AUTH_OK; the alias is cut to RELAY_AUTH_ALIAS_MAX - 1
 * bytes ("" when absent).
 */
#ifndef WZP_RELAY_AUTH_REPLY_H
#define WZP_RELAY_AUTH_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/fingerprint.h"
#include "wzp/profile.h"

#define RELAY_AUTH_ALIAS_MAX 128

enum relay_auth_verdict {
	RELAY_AUTH_OK,
	RELAY_AUTH_FAIL,
	RELAY_AUTH_UNAVAILABLE,
};

struct relay_auth_result {
	uint8_t fingerprint[WZP_FINGERPRINT_SIZE];
	char alias[RELAY_AUTH_ALIAS_MAX];
};

enum relay_auth_verdict relay_auth_reply(long status, const char *body, size_t len,
					 enum wzp_profile profile, struct relay_auth_result *out);
const char *relay_auth_verdict_name(enum relay_auth_verdict v);

#endif
