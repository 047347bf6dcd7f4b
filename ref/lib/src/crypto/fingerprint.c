/* fingerprint.c: spec/05-crypto.md 5.1, "Fingerprint" (WZP-CRYPTO-005..-007). */
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "ct.h"
#include "wzp/fingerprint.h"
#include "wzp/trace.h"

#define GROUPS 8
#define GROUP_STRIDE 5 /* four digits and a colon */

void wzp_fingerprint(uint8_t fp[WZP_FINGERPRINT_SIZE], const uint8_t ed25519_pub[32])
{
	uint8_t digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, ed25519_pub, 32);
	memcpy(fp, digest, WZP_FINGERPRINT_SIZE);
	fp[0] = WZP_VALUE("WZP-CRYPTO-005", fp[0]);
}

void wzp_fingerprint_display(char out[WZP_FINGERPRINT_DISPLAY_LEN + 1],
			     const uint8_t fp[WZP_FINGERPRINT_SIZE])
{
	for (size_t g = 0; g < GROUPS; g++) {
		ct_hex_put(out + g * GROUP_STRIDE, fp[2 * g]);
		ct_hex_put(out + g * GROUP_STRIDE + 2, fp[2 * g + 1]);
		out[g * GROUP_STRIDE + 4] = WZP_VALUE("WZP-CRYPTO-006", ':');
	}
	out[WZP_FINGERPRINT_DISPLAY_LEN] = '\0';
}

void wzp_fingerprint_hex(char out[WZP_FINGERPRINT_HEX_LEN + 1],
			 const uint8_t fp[WZP_FINGERPRINT_SIZE])
{
	for (size_t i = 0; i < WZP_FINGERPRINT_SIZE; i++)
		ct_hex_put(out + 2 * i, fp[i]);
	out[WZP_FINGERPRINT_HEX_LEN] = '\0';
}

static bool is_hex_digit(char c)
{
	uint32_t bad = 0;

	ct_hex_value((uint8_t)c, &bad);
	return bad == 0;
}

static void decode_digits(uint8_t fp[WZP_FINGERPRINT_SIZE], const char digits[32])
{
	uint32_t bad = 0;

	for (size_t i = 0; i < WZP_FINGERPRINT_SIZE; i++)
		fp[i] = (uint8_t)(ct_hex_value((uint8_t)digits[2 * i], &bad) << 4 |
				  ct_hex_value((uint8_t)digits[2 * i + 1], &bad));
}

/* upstream-aa09275: keep the hex digits, drop everything else. */
static enum wzp_err parse_lenient(uint8_t fp[WZP_FINGERPRINT_SIZE], const char *text, size_t len)
{
	char digits[WZP_FINGERPRINT_HEX_LEN];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (!is_hex_digit(text[i]))
			continue;
		if (n < sizeof digits)
			digits[n] = text[i];
		n++;
	}
	WZP_REJECT("WZP-CRYPTO-007", n % 2 != 0, WZP_ERR_BAD_ENCODING);
	WZP_REJECT("WZP-CRYPTO-007", n < sizeof digits, WZP_ERR_BAD_LENGTH);
	decode_digits(fp, digits);
	return WZP_OK;
}

/* wzp/1: exactly the hex form or the display form. */
static enum wzp_err parse_strict(uint8_t fp[WZP_FINGERPRINT_SIZE], const char *text, size_t len)
{
	char digits[WZP_FINGERPRINT_HEX_LEN];
	bool display = len == WZP_FINGERPRINT_DISPLAY_LEN;
	size_t n = 0;

	WZP_REJECT("WZP-CRYPTO-007", len != WZP_FINGERPRINT_HEX_LEN && !display,
		   WZP_ERR_BAD_LENGTH);
	for (size_t i = 0; i < len; i++) {
		bool colon_place = display && i % GROUP_STRIDE == GROUP_STRIDE - 1;

		WZP_REJECT("WZP-CRYPTO-007", colon_place ? text[i] != ':' : !is_hex_digit(text[i]),
			   WZP_ERR_BAD_ENCODING);
		if (!colon_place && n < sizeof digits)
			digits[n++] = text[i];
	}
	decode_digits(fp, digits);
	return WZP_OK;
}

enum wzp_err wzp_fingerprint_parse(uint8_t fp[WZP_FINGERPRINT_SIZE], const char *text, size_t len,
				   enum wzp_profile profile)
{
	if (profile == WZP_PROFILE_UPSTREAM)
		return parse_lenient(fp, text, len);
	return parse_strict(fp, text, len);
}
