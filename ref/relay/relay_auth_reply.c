/* relay_auth_reply.c: an auth server's answer into a verdict
 * (relay_auth_reply.h). */
#include <jansson.h>
#include <string.h>

#include "relay_auth_reply.h"
#include "wzp/trace.h"

static enum relay_auth_verdict verdict_of(const json_t *j, enum wzp_profile profile,
					  struct relay_auth_result *out)
{
	const json_t *fp = json_object_get(j, "fingerprint");
	const char *alias = json_string_value(json_object_get(j, "alias"));
	uint8_t bytes[WZP_FINGERPRINT_SIZE];

	if (!json_is_true(json_object_get(j, "valid")) || !json_is_string(fp) ||
	    wzp_fingerprint_parse(bytes, json_string_value(fp), json_string_length(fp),
				  profile) != WZP_OK)
		return RELAY_AUTH_FAIL;
	memcpy(out->fingerprint, bytes, sizeof bytes);
	out->alias[0] = '\0';
	if (alias != NULL) {
		strncpy(out->alias, alias, RELAY_AUTH_ALIAS_MAX - 1);
		out->alias[RELAY_AUTH_ALIAS_MAX - 1] = '\0';
	}
	return RELAY_AUTH_OK;
}

enum relay_auth_verdict relay_auth_reply(long status, const char *body, size_t len,
					 enum wzp_profile profile, struct relay_auth_result *out)
{
	json_t *j;
	enum relay_auth_verdict v = RELAY_AUTH_FAIL;

	if (WZP_SITE("WZP-RELAY-023", status == 0 || (status >= 500 && status <= 599)))
		return RELAY_AUTH_UNAVAILABLE;
	if (status < 200 || status > 299)
		return RELAY_AUTH_FAIL;
	j = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	if (json_is_object(j))
		v = verdict_of(j, profile, out);
	json_decref(j);
	return v;
}

const char *relay_auth_verdict_name(enum relay_auth_verdict v)
{
	static const char *const names[] = { "ok", "fail", "unavailable" };

	return names[v];
}
