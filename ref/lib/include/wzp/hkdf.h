/* hkdf.h: HKDF-SHA256 (RFC 5869), built on libsodium's HMAC-SHA256
 * (spec/05-crypto.md, WZP-CRYPTO-002).
 *
 * libsodium 1.0.18 has no HKDF, so this is extract then expand, written
 * out. An absent salt is salt_len 0, which RFC 5869 defines as HashLen
 * zero bytes. Writes okm_len bytes to okm, 1 to 255 * 32, and returns
 * WZP_ERR_BAD_PARAM (writing nothing) for any other length. The pseudo-
 * random key and the last block are wiped before returning.
 */
#ifndef WZP_HKDF_H
#define WZP_HKDF_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

#define WZP_HKDF_SHA256_MAX (255 * 32)

enum wzp_err wzp_hkdf_sha256(uint8_t *okm, size_t okm_len, const uint8_t *salt, size_t salt_len,
			     const uint8_t *ikm, size_t ikm_len, const uint8_t *info,
			     size_t info_len);

#endif
