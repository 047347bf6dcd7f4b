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
	[WZP_ERR_UNKNOWN_FRAME_TYPE] = "unknown_frame_type",
	[WZP_ERR_NO_REFERENCE] = "no_reference",
	[WZP_ERR_TRAILING_BYTES] = "trailing_bytes",
	[WZP_ERR_TOO_LARGE] = "too_large",
	[WZP_ERR_BAD_JSON] = "bad_json",
	[WZP_ERR_BAD_ENVELOPE] = "bad_envelope",
	[WZP_ERR_UNKNOWN_VARIANT] = "unknown_variant",
	[WZP_ERR_MISSING_FIELD] = "missing_field",
	[WZP_ERR_FIELD_TYPE] = "field_type",
	[WZP_ERR_ARRAY_LENGTH] = "array_length",
	[WZP_ERR_BAD_LENGTH] = "bad_length",
	[WZP_ERR_BAD_ENCODING] = "bad_encoding",
	[WZP_ERR_WORD_COUNT] = "word_count",
	[WZP_ERR_UNKNOWN_WORD] = "unknown_word",
	[WZP_ERR_BAD_CHECKSUM] = "bad_checksum",
	[WZP_ERR_BAD_SIGNATURE] = "bad_signature",
	[WZP_ERR_WEAK_KEY] = "weak_key",
	[WZP_ERR_UNKNOWN_QUALITY_PROFILE] = "unknown_quality_profile",
	[WZP_ERR_INVALID_TRANSITION] = "invalid_transition",
	[WZP_ERR_STALE] = "stale",
	[WZP_ERR_AUTH_FAILED] = "auth_failed",
	[WZP_ERR_REPLAY] = "replay",
};

const char *wzp_err_name(enum wzp_err err)
{
	if ((unsigned)err >= WZP_ERR__COUNT)
		return "unknown_error";
	return names[err];
}
