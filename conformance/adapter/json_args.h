/* json_args.h: typed, range-checked reads of adapter arguments and the
 * value encodings of ADAPTER.md (bytes as lowercase hex, binary32 floats as
 * 8 hex digits of their bit pattern). The other getters return false when
 * the member is missing or has the wrong JSON type or form. */
#ifndef WZP_ADAPTER_JSON_ARGS_H
#define WZP_ADAPTER_JSON_ARGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An unsigned integer member: NULL on success, "bad_request" when missing or
 * not an integer, "field_range" when negative or above max. */
const char *arg_uint(const json_t *obj, const char *key, uint64_t max, uint64_t *out);

/* Several unsigned members at once, stopping at the first error. */
struct uint_field {
	const char *key;
	uint64_t max;
};
const char *arg_uints(const json_t *obj, const struct uint_field *fields, size_t count,
		      uint64_t *out);
bool arg_bool(const json_t *obj, const char *key, bool *out);
/* *out is malloc'd (at least 1 byte so ASan sees exact bounds); caller frees. */
bool arg_hex(const json_t *obj, const char *key, uint8_t **out, size_t *len);
/* A hex member of exactly n bytes, copied into out; the temporary copy is
 * wiped (the bytes may be a secret). */
bool arg_hex_exact(const json_t *obj, const char *key, uint8_t *out, size_t n);
bool arg_f32(const json_t *obj, const char *key, float *out);
bool arg_string(const json_t *obj, const char *key, const char **out);

json_t *json_hex(const uint8_t *bytes, size_t len);
json_t *json_f32(float value);

#endif
