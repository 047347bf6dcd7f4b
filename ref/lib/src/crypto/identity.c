/* identity.c: spec/05-crypto.md 5.1, "Identity" (WZP-CRYPTO-001, -003, -004). */
#include <sodium.h>
#include <string.h>

#include "ct.h"
#include "wzp/fingerprint.h"
#include "wzp/hkdf.h"
#include "wzp/identity.h"
#include "wzp/trace.h"

static const char INFO_ED25519[] = "warzone-ed25519";
static const char INFO_X25519[] = "warzone-x25519";

/* HKDF-SHA256 with no salt, 32 bytes out: the derivation both keys use. */
static void derive_key(uint8_t out[32], const uint8_t seed[WZP_SEED_SIZE], const char *info,
		       size_t info_len)
{
	wzp_hkdf_sha256(out, 32, NULL, 0, seed, WZP_SEED_SIZE, (const uint8_t *)info, info_len);
}

void wzp_identity_derive(struct wzp_identity *id, const uint8_t seed[WZP_SEED_SIZE])
{
	derive_key(id->ed25519_seed, seed, INFO_ED25519,
		   WZP_VALUE("WZP-CRYPTO-003", sizeof INFO_ED25519 - 1));
	crypto_sign_seed_keypair(id->ed25519_pub, id->ed25519_secret, id->ed25519_seed);
	derive_key(id->x25519_secret, seed, INFO_X25519,
		   WZP_VALUE("WZP-CRYPTO-004", sizeof INFO_X25519 - 1));
	crypto_scalarmult_base(id->x25519_pub, id->x25519_secret);
	wzp_fingerprint(id->fingerprint, id->ed25519_pub);
}

void wzp_identity_wipe(struct wzp_identity *id)
{
	sodium_memzero(id, sizeof *id);
}

enum wzp_err wzp_seed_from_hex(uint8_t seed[WZP_SEED_SIZE], const char *text, size_t len)
{
	uint8_t out[WZP_SEED_SIZE];
	uint32_t bad = 0;

	WZP_REJECT("WZP-CRYPTO-001", len != WZP_SEED_HEX_LEN, WZP_ERR_BAD_LENGTH);
	for (size_t i = 0; i < WZP_SEED_SIZE; i++) {
		uint8_t hi = ct_hex_value((uint8_t)text[2 * i], &bad);
		uint8_t lo = ct_hex_value((uint8_t)text[2 * i + 1], &bad);

		out[i] = (uint8_t)(hi << 4 | lo);
	}
	if (bad == 0)
		memcpy(seed, out, sizeof out);
	sodium_memzero(out, sizeof out);
	WZP_REJECT("WZP-CRYPTO-001", bad != 0, WZP_ERR_BAD_ENCODING);
	return WZP_OK;
}
