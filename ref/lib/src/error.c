/* error.c: names of the typed errors (spec/00-conventions.md, "Errors"). */
#include "wzp/error.h"

static const char *const names[WZP_ERR__COUNT] = {
	[WZP_OK] = "ok",
	[WZP_ERR_TRUNCATED] = "truncated",
	[WZP_ERR_UNKNOWN_CODEC] = "unknown_codec",
	[WZP_ERR_UNSUPPORTED_VERSION] = "unsupported_version",
	[WZP_ERR_FIELD_RANGE] = "field_range",
	[WZP_ERR_UNKNOWN_PROFILE] = "unknown_profile",
	[WZP_ERR_BAD_PARAM] = "bad_param",
	[WZP_ERR_INSUFFICIENT] = "insufficient",
	[WZP_ERR_NO_MEMORY] = "no_memory",
	[WZP_ERR_BAD_LENGTH] = "bad_length",
	[WZP_ERR_BAD_ENCODING] = "bad_encoding",
	[WZP_ERR_WORD_COUNT] = "word_count",
	[WZP_ERR_UNKNOWN_WORD] = "unknown_word",
	[WZP_ERR_BAD_CHECKSUM] = "bad_checksum",
	[WZP_ERR_BAD_SIGNATURE] = "bad_signature",
	[WZP_ERR_WEAK_KEY] = "weak_key",
	[WZP_ERR_UNKNOWN_QUALITY_PROFILE] = "unknown_quality_profile",
	[WZP_ERR_INVALID_TRANSITION] = "invalid_transition",
};

const char *wzp_err_name(enum wzp_err err)
{
	if ((unsigned)err >= WZP_ERR__COUNT)
		return "unknown_error";
	return names[err];
}
