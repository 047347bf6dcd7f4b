/* profile.c: profile names and ALPN ids (spec/01-profiles.md). */
#include <string.h>

#include "wzp/profile.h"
#include "wzp/trace.h"

struct profile_entry {
	enum wzp_profile profile;
	const char *name;
	const char *alpn;
};

/* The names are this spec's labels (spec/01-profiles.md 1.1); the ALPN ids
 * are what peers negotiate (WZP-PROF-001). */
static const struct profile_entry registry[] = {
	{ WZP_PROFILE_V1, "wzp/1", "wzp/1" },
	{ WZP_PROFILE_UPSTREAM, "upstream-aa09275", "wzp" },
};

#define REGISTRY_SIZE (sizeof registry / sizeof registry[0])

static const struct profile_entry *by_name(const char *name)
{
	for (size_t i = 0; i < REGISTRY_SIZE; i++)
		if (strcmp(registry[i].name, name) == 0)
			return &registry[i];
	return NULL;
}

static const struct profile_entry *by_alpn(const uint8_t *alpn, size_t len)
{
	for (size_t i = 0; i < REGISTRY_SIZE; i++)
		if (strlen(registry[i].alpn) == len && memcmp(registry[i].alpn, alpn, len) == 0)
			return &registry[i];
	return NULL;
}

enum wzp_err wzp_profile_from_name(const char *name, enum wzp_profile *out)
{
	const struct profile_entry *e = by_name(name);

	if (e == NULL)
		return WZP_ERR_UNKNOWN_PROFILE;
	*out = e->profile;
	return WZP_OK;
}

const char *wzp_profile_name(enum wzp_profile profile)
{
	return registry[profile == WZP_PROFILE_UPSTREAM].name;
}

enum wzp_err wzp_profile_from_alpn(const uint8_t *alpn, size_t len, enum wzp_profile *out)
{
	const struct profile_entry *e = by_alpn(alpn, len);

	WZP_REJECT("WZP-PROF-002", e == NULL, WZP_ERR_UNKNOWN_PROFILE);
	*out = WZP_VALUE("WZP-PROF-001", e->profile);
	return WZP_OK;
}

const char *wzp_profile_alpn(enum wzp_profile profile)
{
	return registry[profile == WZP_PROFILE_UPSTREAM].alpn;
}
