/* hkdf.c: spec/05-crypto.md 5.1, WZP-CRYPTO-002 (RFC 5869 with SHA-256). */
#include <sodium.h>
#include <string.h>

#include "wzp/hkdf.h"
#include "wzp/trace.h"

#define HASH_LEN crypto_auth_hmacsha256_BYTES

/* PRK = HMAC-SHA256(key = salt, msg = IKM); an absent salt is HashLen zeros. */
static void extract(uint8_t prk[HASH_LEN], const uint8_t *salt, size_t salt_len,
		    const uint8_t *ikm, size_t ikm_len)
{
	static const uint8_t zeros[HASH_LEN];
	crypto_auth_hmacsha256_state st;

	if (salt_len == 0) {
		salt = zeros;
		salt_len = sizeof zeros;
	}
	crypto_auth_hmacsha256_init(&st, salt, salt_len);
	crypto_auth_hmacsha256_update(&st, ikm, ikm_len);
	crypto_auth_hmacsha256_final(&st, prk);
	sodium_memzero(&st, sizeof st);
}

/* T(i) = HMAC-SHA256(PRK, T(i-1) || info || i), i from 1; OKM is their
 * concatenation, cut to okm_len. */
static void expand(uint8_t *okm, size_t okm_len, const uint8_t prk[HASH_LEN],
		   const uint8_t *info, size_t info_len)
{
	uint8_t t[HASH_LEN];
	size_t t_len = 0, n;

	for (size_t done = 0, i = 1; done < okm_len; done += n, i++) {
		crypto_auth_hmacsha256_state st;
		uint8_t counter = WZP_VALUE("WZP-CRYPTO-002", (uint8_t)i);

		crypto_auth_hmacsha256_init(&st, prk, HASH_LEN);
		crypto_auth_hmacsha256_update(&st, t, t_len);
		crypto_auth_hmacsha256_update(&st, info, info_len);
		crypto_auth_hmacsha256_update(&st, &counter, 1);
		crypto_auth_hmacsha256_final(&st, t);
		sodium_memzero(&st, sizeof st);
		t_len = HASH_LEN;
		n = okm_len - done < HASH_LEN ? okm_len - done : HASH_LEN;
		memcpy(okm + done, t, n);
	}
	sodium_memzero(t, sizeof t);
}

enum wzp_err wzp_hkdf_sha256(uint8_t *okm, size_t okm_len, const uint8_t *salt, size_t salt_len,
			     const uint8_t *ikm, size_t ikm_len, const uint8_t *info,
			     size_t info_len)
{
	uint8_t prk[HASH_LEN];

	WZP_REJECT("WZP-CRYPTO-002", okm_len == 0 || okm_len > WZP_HKDF_SHA256_MAX,
		   WZP_ERR_BAD_PARAM);
	extract(prk, salt, salt_len, ikm, ikm_len);
	expand(okm, okm_len, prk, info, info_len);
	sodium_memzero(prk, sizeof prk);
	return WZP_OK;
}
