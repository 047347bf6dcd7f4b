/* ops_profile.c: profile selection (spec/01-profiles.md). */
#include <stdlib.h>

#include "json_args.h"
#include "ops.h"

/* args: { "alpn": hex }  result: { "profile": name } */
static const char *profile_from_alpn(const struct op_request *req, json_t **result)
{
	enum wzp_profile profile;
	enum wzp_err err;
	uint8_t *alpn;
	size_t len;

	if (!arg_hex(req->args, "alpn", &alpn, &len))
		return "bad_request";
	err = wzp_profile_from_alpn(alpn, len, &profile);
	free(alpn);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:s}", "profile", wzp_profile_name(profile));
	return NULL;
}

static const struct op ops[] = {
	{ "profile.from_alpn", profile_from_alpn },
};

const struct op_table ops_profile_table = OP_TABLE(ops);
