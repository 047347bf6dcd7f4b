/* identity.h: a WZP identity from its 32-byte seed (spec/05-crypto.md 5.1,
 * WZP-CRYPTO-001, -003..-006).
 *
 * The seed is the only secret a user keeps; every key is derived from it
 * with HKDF-SHA256 (salt absent) and the info strings "warzone-ed25519"
 * and "warzone-x25519", so the same seed gives the same identity in
 * upstream WZP and featherChat. struct wzp_identity holds secrets: the
 * caller owns it and wipes it with wzp_identity_wipe when done. Nothing
 * here allocates, logs or keeps pointers.
 */
#ifndef WZP_IDENTITY_H
#define WZP_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/fingerprint.h"

#define WZP_SEED_SIZE 32
#define WZP_SEED_HEX_LEN 64

struct wzp_identity {
	uint8_t ed25519_seed[32];   /* secret: HKDF(seed, "warzone-ed25519"), the RFC 8032 seed */
	uint8_t ed25519_secret[64]; /* secret: libsodium's form, seed || public key */
	uint8_t ed25519_pub[32];    /* the identity public key, sent in CallOffer/CallAnswer */
	uint8_t x25519_secret[32];  /* secret: HKDF(seed, "warzone-x25519"), unclamped */
	uint8_t x25519_pub[32];     /* X25519(x25519_secret, 9) */
	uint8_t fingerprint[WZP_FINGERPRINT_SIZE]; /* SHA-256(ed25519_pub)[0..16] */
};

/* Every key of the identity of seed. Cannot fail. */
void wzp_identity_derive(struct wzp_identity *id, const uint8_t seed[WZP_SEED_SIZE]);

/* Overwrites every byte of *id with zeros. */
void wzp_identity_wipe(struct wzp_identity *id);

/* The seed from its text form: exactly 64 hex digits, either case.
 * WZP_ERR_BAD_LENGTH for another length, WZP_ERR_BAD_ENCODING for a
 * character that is not a hex digit; seed is written only on success. The
 * digits are decoded in constant time. */
enum wzp_err wzp_seed_from_hex(uint8_t seed[WZP_SEED_SIZE], const char *text, size_t len);

#endif
