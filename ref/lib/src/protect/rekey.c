/* rekey.c: spec/05-crypto.md 5.6, rekeying (WZP-CRYPTO-070..-072). */
#include <sodium.h>
#include <string.h>

#include "wzp/hkdf.h"
#include "wzp/rekey.h"
#include "wzp/trace.h"

static const char LABEL[] = "rekey";
static const char INFO[] = "warzone-rekey";

#define MSG_LEN (WZP_KEY_SIZE + WZP_SESSION_ID_SIZE + sizeof LABEL - 1)

bool wzp_rekey_due(uint64_t packets_under_key)
{
	return packets_under_key >= WZP_VALUE("WZP-CRYPTO-072", WZP_REKEY_INTERVAL);
}

/* WZP-CRYPTO-070: new_ephemeral_pub || session_id || "rekey". */
static void signed_message(uint8_t msg[MSG_LEN], const uint8_t pub[WZP_KEY_SIZE],
			   const uint8_t session_id[WZP_SESSION_ID_SIZE])
{
	memcpy(msg, pub, WZP_KEY_SIZE);
	memcpy(msg + WZP_KEY_SIZE, session_id, WZP_SESSION_ID_SIZE);
	memcpy(msg + WZP_KEY_SIZE + WZP_SESSION_ID_SIZE, LABEL, sizeof LABEL - 1);
	msg[WZP_KEY_SIZE] = WZP_VALUE("WZP-CRYPTO-070", msg[WZP_KEY_SIZE]);
}

void wzp_rekey_sign(uint8_t new_ephemeral_pub[WZP_KEY_SIZE],
		    uint8_t signature[WZP_SIGNATURE_SIZE], const struct wzp_identity *id,
		    const uint8_t new_ephemeral_secret[WZP_KEY_SIZE],
		    const uint8_t session_id[WZP_SESSION_ID_SIZE])
{
	uint8_t msg[MSG_LEN];

	crypto_scalarmult_base(new_ephemeral_pub, new_ephemeral_secret);
	signed_message(msg, new_ephemeral_pub, session_id);
	crypto_sign_detached(signature, NULL, msg, sizeof msg, id->ed25519_secret);
}

/* WZP-CRYPTO-071: HKDF(salt = current key, X25519(own, peer), "warzone-rekey"). */
static enum wzp_err derive(uint8_t new_key[WZP_KEY_SIZE], const uint8_t current_key[WZP_KEY_SIZE],
			   const uint8_t own[WZP_KEY_SIZE], const uint8_t peer[WZP_KEY_SIZE],
			   enum wzp_profile profile)
{
	uint8_t shared[WZP_KEY_SIZE];
	bool weak = crypto_scalarmult(shared, own, peer) != 0;

	if (weak)
		sodium_memzero(shared, sizeof shared);
	WZP_REJECT("WZP-CRYPTO-071", weak && profile == WZP_PROFILE_V1, WZP_ERR_WEAK_KEY);
	wzp_hkdf_sha256(new_key, WZP_KEY_SIZE, current_key, WZP_KEY_SIZE, shared, sizeof shared,
			(const uint8_t *)INFO, sizeof INFO - 1);
	new_key[0] = WZP_VALUE("WZP-CRYPTO-071", new_key[0]);
	sodium_memzero(shared, sizeof shared);
	return WZP_OK;
}

enum wzp_err wzp_rekey_accept(uint8_t new_key[WZP_KEY_SIZE],
			      const uint8_t peer_identity_pub[WZP_KEY_SIZE],
			      const struct wzp_rekey_in *in,
			      const uint8_t session_id[WZP_SESSION_ID_SIZE],
			      const uint8_t current_key[WZP_KEY_SIZE],
			      const uint8_t own_new_secret[WZP_KEY_SIZE], enum wzp_profile profile)
{
	uint8_t msg[MSG_LEN];

	WZP_REJECT("WZP-CRYPTO-070", in->new_ephemeral_pub_len != WZP_KEY_SIZE,
		   WZP_ERR_BAD_LENGTH);
	WZP_REJECT("WZP-CRYPTO-070", in->signature_len != WZP_SIGNATURE_SIZE, WZP_ERR_BAD_LENGTH);
	signed_message(msg, in->new_ephemeral_pub, session_id);
	WZP_REJECT("WZP-CRYPTO-070",
		   crypto_sign_verify_detached(in->signature, msg, sizeof msg,
					       peer_identity_pub) != 0,
		   WZP_ERR_BAD_SIGNATURE);
	return derive(new_key, current_key, own_new_secret, in->new_ephemeral_pub, profile);
}
