/* room_keys.c: spec/05-crypto.md 5.7, sender keys in rooms
 * (WZP-CRYPTO-080, -081). */
#include <sodium.h>
#include <string.h>

#include "bytes.h"
#include "wzp/hkdf.h"
#include "wzp/room_keys.h"
#include "wzp/trace.h"

static const char INFO_WRAP[] = "wzp-room-key";

#define AAD_LEN (2 * WZP_FINGERPRINT_SIZE)
#define PLAIN_LEN (WZP_MEDIA_KEY_SIZE + 4)

/* WZP-CRYPTO-080: the wrap key, nonce and associated data. */
static void wrap_params(uint8_t wrap[WZP_MEDIA_KEY_SIZE], uint8_t nonce[WZP_MEDIA_NONCE_SIZE],
			uint8_t aad[AAD_LEN], const uint8_t pair_key[WZP_MEDIA_KEY_SIZE],
			uint8_t sender_role, uint32_t generation,
			const uint8_t sender_fp[WZP_FINGERPRINT_SIZE],
			const uint8_t recipient_fp[WZP_FINGERPRINT_SIZE])
{
	static const uint8_t zero_id[4];

	wzp_hkdf_sha256(wrap, WZP_MEDIA_KEY_SIZE, NULL, 0, pair_key, WZP_MEDIA_KEY_SIZE,
			(const uint8_t *)INFO_WRAP, sizeof INFO_WRAP - 1);
	wzp_media_nonce(nonce, zero_id, generation, WZP_VALUE("WZP-CRYPTO-080", sender_role));
	memcpy(aad, sender_fp, WZP_FINGERPRINT_SIZE);
	memcpy(aad + WZP_FINGERPRINT_SIZE, recipient_fp, WZP_FINGERPRINT_SIZE);
}

void wzp_room_key_seal(uint8_t out[WZP_ROOM_KEY_MSG_SIZE],
		       const uint8_t pair_key[WZP_MEDIA_KEY_SIZE], uint8_t sender_role,
		       uint32_t generation, const uint8_t sender_fp[WZP_FINGERPRINT_SIZE],
		       const uint8_t recipient_fp[WZP_FINGERPRINT_SIZE],
		       const uint8_t sender_key[WZP_MEDIA_KEY_SIZE], uint32_t next_index)
{
	uint8_t wrap[WZP_MEDIA_KEY_SIZE], nonce[WZP_MEDIA_NONCE_SIZE], aad[AAD_LEN];
	uint8_t plain[PLAIN_LEN];

	wrap_params(wrap, nonce, aad, pair_key, sender_role, generation, sender_fp, recipient_fp);
	store_be32(out, generation);
	memcpy(plain, sender_key, WZP_MEDIA_KEY_SIZE);
	store_be32(plain + WZP_MEDIA_KEY_SIZE, next_index);
	crypto_aead_chacha20poly1305_ietf_encrypt(out + 4, NULL, plain, sizeof plain, aad,
						  sizeof aad, NULL, nonce, wrap);
	sodium_memzero(wrap, sizeof wrap);
	sodium_memzero(plain, sizeof plain);
}

enum wzp_err wzp_room_key_open(uint8_t sender_key[WZP_MEDIA_KEY_SIZE], uint32_t *generation,
			       uint32_t *next_index,
			       const uint8_t pair_key[WZP_MEDIA_KEY_SIZE], uint8_t sender_role,
			       const uint8_t sender_fp[WZP_FINGERPRINT_SIZE],
			       const uint8_t recipient_fp[WZP_FINGERPRINT_SIZE], const uint8_t *msg,
			       size_t len, const uint32_t *last_generation)
{
	uint8_t wrap[WZP_MEDIA_KEY_SIZE], nonce[WZP_MEDIA_NONCE_SIZE], aad[AAD_LEN];
	uint8_t plain[PLAIN_LEN];
	uint32_t gen;
	int bad;

	WZP_REJECT("WZP-CRYPTO-081", len != WZP_ROOM_KEY_MSG_SIZE, WZP_ERR_BAD_LENGTH);
	gen = load_be32(msg);
	wrap_params(wrap, nonce, aad, pair_key, sender_role, gen, sender_fp, recipient_fp);
	bad = crypto_aead_chacha20poly1305_ietf_decrypt(plain, NULL, NULL, msg + 4, len - 4, aad,
							sizeof aad, nonce, wrap);
	sodium_memzero(wrap, sizeof wrap);
	WZP_REJECT("WZP-CRYPTO-081", bad != 0, WZP_ERR_AUTH_FAILED);
	WZP_REJECT("WZP-CRYPTO-081", last_generation != NULL && gen <= *last_generation,
		   WZP_ERR_REPLAY);
	memcpy(sender_key, plain, WZP_MEDIA_KEY_SIZE);
	*next_index = load_be32(plain + WZP_MEDIA_KEY_SIZE);
	sodium_memzero(plain, sizeof plain);
	*generation = gen;
	return WZP_OK;
}
