/* fingerprint.h: the fingerprint of an identity and its text forms
 * (spec/05-crypto.md 5.1, WZP-CRYPTO-005..-007).
 *
 * The fingerprint is the first 16 bytes of SHA-256 of the Ed25519 public
 * key. Its display form is "xxxx:xxxx:..:xxxx" (8 groups, 39 characters),
 * its hex form 32 lowercase digits; both writers add a NUL. Parsing depends
 * on the profile and writes fp only on success. Public data: no wiping.
 */
#ifndef WZP_FINGERPRINT_H
#define WZP_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

#define WZP_FINGERPRINT_SIZE 16
#define WZP_FINGERPRINT_DISPLAY_LEN 39
#define WZP_FINGERPRINT_HEX_LEN 32

void wzp_fingerprint(uint8_t fp[WZP_FINGERPRINT_SIZE], const uint8_t ed25519_pub[32]);
void wzp_fingerprint_display(char out[WZP_FINGERPRINT_DISPLAY_LEN + 1],
			     const uint8_t fp[WZP_FINGERPRINT_SIZE]);
void wzp_fingerprint_hex(char out[WZP_FINGERPRINT_HEX_LEN + 1],
			 const uint8_t fp[WZP_FINGERPRINT_SIZE]);

/* A fingerprint from text (len bytes, not NUL-terminated). wzp/1 accepts
 * the display or the hex form, either case: WZP_ERR_BAD_LENGTH for another
 * length, WZP_ERR_BAD_ENCODING for a wrong character. upstream-aa09275
 * keeps every ASCII hex digit and ignores the rest: WZP_ERR_BAD_ENCODING
 * for an odd number of digits, WZP_ERR_BAD_LENGTH for fewer than 32, and
 * the first 32 otherwise. */
enum wzp_err wzp_fingerprint_parse(uint8_t fp[WZP_FINGERPRINT_SIZE], const char *text, size_t len,
				   enum wzp_profile profile);

#endif
