/* json_args.c: see json_args.h. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_args.h"

const char *arg_uint(const json_t *obj, const char *key, uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);
	json_int_t n;

	if (!json_is_integer(v))
		return "bad_request";
	n = json_integer_value(v);
	if (n < 0 || (uint64_t)n > max)
		return "field_range";
	*out = (uint64_t)n;
	return NULL;
}

const char *arg_uints(const json_t *obj, const struct uint_field *fields, size_t count,
		      uint64_t *out)
{
	for (size_t i = 0; i < count; i++) {
		const char *err = arg_uint(obj, fields[i].key, fields[i].max, &out[i]);

		if (err != NULL)
			return err;
	}
	return NULL;
}

bool arg_bool(const json_t *obj, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_boolean(v))
		return false;
	*out = json_is_true(v);
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex_decode(const char *hex, size_t hex_len, uint8_t *out)
{
	for (size_t i = 0; i < hex_len / 2; i++) {
		int hi = hex_digit(hex[2 * i]);
		int lo = hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

bool arg_hex(const json_t *obj, const char *key, uint8_t **out, size_t *len)
{
	const char *hex;
	size_t hex_len;
	uint8_t *bytes;

	if (!arg_string(obj, key, &hex))
		return false;
	hex_len = strlen(hex);
	if (hex_len % 2 != 0)
		return false;
	bytes = malloc(hex_len / 2 + (hex_len == 0));
	if (bytes == NULL)
		return false;
	if (!hex_decode(hex, hex_len, bytes)) {
		free(bytes);
		return false;
	}
	*out = bytes;
	*len = hex_len / 2;
	return true;
}

bool arg_hex_exact(const json_t *obj, const char *key, uint8_t *out, size_t n)
{
	uint8_t *bytes;
	size_t len;
	bool ok;

	if (!arg_hex(obj, key, &bytes, &len))
		return false;
	ok = len == n;
	if (ok)
		memcpy(out, bytes, n);
	sodium_memzero(bytes, len);
	free(bytes);
	return ok;
}

bool arg_f32(const json_t *obj, const char *key, float *out)
{
	const char *hex;
	uint8_t be[4];
	uint32_t bits;

	if (!arg_string(obj, key, &hex) || strlen(hex) != 8 || !hex_decode(hex, 8, be))
		return false;
	bits = (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 | (uint32_t)be[2] << 8 | be[3];
	memcpy(out, &bits, sizeof bits);
	return true;
}

bool arg_string(const json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	return true;
}

json_t *json_hex(const uint8_t *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *hex = malloc(2 * len + 1);
	json_t *out;

	if (hex == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 15];
	}
	hex[2 * len] = '\0';
	out = json_string(hex);
	free(hex);
	return out;
}

json_t *json_f32(float value)
{
	uint32_t bits;
	char hex[9];

	memcpy(&bits, &value, sizeof bits);
	snprintf(hex, sizeof hex, "%08x", (unsigned)bits);
	return json_string(hex);
}
