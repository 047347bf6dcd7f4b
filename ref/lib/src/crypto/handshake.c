/* handshake.c: spec/05-crypto.md 5.2, "Handshake" (WZP-CRYPTO-020..-027).
 *
 * Signatures are libsodium's Ed25519, whose verification refuses
 * non-canonical S, non-canonical and small-order public keys and
 * small-order R (WZP-CRYPTO-024, D-0012).
 */
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "wzp/handshake.h"
#include "wzp/hkdf.h"
#include "wzp/trace.h"

static const char LABEL_OFFER[] = "call-offer";
static const char LABEL_ANSWER[] = "call-answer";
static const char INFO_SESSION[] = "warzone-session-key";

#define LABEL_MAX (sizeof LABEL_ANSWER - 1)

/* ephemeral_pub || label, the signed message; returns its length. */
static size_t signed_message(uint8_t msg[WZP_KEY_SIZE + LABEL_MAX],
			     const uint8_t ephemeral_pub[WZP_KEY_SIZE],
			     enum wzp_handshake_role role)
{
	const char *label = role == WZP_ROLE_OFFER ? LABEL_OFFER : LABEL_ANSWER;
	size_t label_len = role == WZP_ROLE_OFFER
				   ? WZP_VALUE("WZP-CRYPTO-021", sizeof LABEL_OFFER - 1)
				   : WZP_VALUE("WZP-CRYPTO-022", sizeof LABEL_ANSWER - 1);

	memcpy(msg, ephemeral_pub, WZP_KEY_SIZE);
	memcpy(msg + WZP_KEY_SIZE, label, label_len);
	return WZP_KEY_SIZE + label_len;
}

void wzp_handshake_sign(struct wzp_signed_ephemeral *out, const struct wzp_identity *id,
			const uint8_t ephemeral_secret[WZP_KEY_SIZE], enum wzp_handshake_role role)
{
	uint8_t msg[WZP_KEY_SIZE + LABEL_MAX];
	size_t msg_len;

	memcpy(out->identity_pub, id->ed25519_pub, WZP_KEY_SIZE);
	crypto_scalarmult_base(out->ephemeral_pub, ephemeral_secret);
	out->ephemeral_pub[0] = WZP_VALUE("WZP-CRYPTO-020", out->ephemeral_pub[0]);
	msg_len = signed_message(msg, out->ephemeral_pub, role);
	crypto_sign_detached(out->signature, NULL, msg, msg_len, id->ed25519_secret);
}

enum wzp_err wzp_handshake_verify(struct wzp_signed_ephemeral *out,
				  const struct wzp_signed_ephemeral_in *in,
				  enum wzp_handshake_role role)
{
	uint8_t msg[WZP_KEY_SIZE + LABEL_MAX];
	size_t msg_len;

	WZP_REJECT("WZP-CRYPTO-023", in->identity_pub_len != WZP_KEY_SIZE, WZP_ERR_BAD_LENGTH);
	WZP_REJECT("WZP-CRYPTO-023", in->ephemeral_pub_len != WZP_KEY_SIZE, WZP_ERR_BAD_LENGTH);
	WZP_REJECT("WZP-CRYPTO-023", in->signature_len != WZP_SIGNATURE_SIZE, WZP_ERR_BAD_LENGTH);
	msg_len = signed_message(msg, in->ephemeral_pub, role);
	WZP_REJECT("WZP-CRYPTO-024",
		   crypto_sign_verify_detached(in->signature, msg, msg_len, in->identity_pub) != 0,
		   WZP_ERR_BAD_SIGNATURE);
	memcpy(out->identity_pub, in->identity_pub, WZP_KEY_SIZE);
	memcpy(out->ephemeral_pub, in->ephemeral_pub, WZP_KEY_SIZE);
	memcpy(out->signature, in->signature, WZP_SIGNATURE_SIZE);
	return WZP_OK;
}

/* X25519; false when the result is all zero. libsodium may return early
 * for a low-order point without writing, so the zero result is written
 * here: that is what upstream-aa09275 goes on with. */
static bool x25519(uint8_t shared[WZP_KEY_SIZE], const uint8_t secret[WZP_KEY_SIZE],
		   const uint8_t peer[WZP_KEY_SIZE])
{
	if (crypto_scalarmult(shared, secret, peer) == 0)
		return true;
	sodium_memzero(shared, WZP_KEY_SIZE);
	return false;
}

/* The session key and id from k's shared secret, in place. */
static void keys_from_shared(struct wzp_session_keys *k)
{
	uint8_t digest[crypto_hash_sha256_BYTES];

	wzp_hkdf_sha256(k->session_key, WZP_KEY_SIZE, NULL, 0, k->shared_secret, WZP_KEY_SIZE,
			(const uint8_t *)INFO_SESSION,
			WZP_VALUE("WZP-CRYPTO-026", sizeof INFO_SESSION - 1));
	crypto_hash_sha256(digest, k->session_key, WZP_KEY_SIZE);
	memcpy(k->session_id, digest, WZP_SESSION_ID_SIZE);
	k->session_id[0] = WZP_VALUE("WZP-CRYPTO-027", k->session_id[0]);
	sodium_memzero(digest, sizeof digest);
}

enum wzp_err wzp_session_keys_derive(struct wzp_session_keys *out,
				     const uint8_t ephemeral_secret[WZP_KEY_SIZE],
				     const uint8_t peer_ephemeral_pub[WZP_KEY_SIZE],
				     enum wzp_profile profile)
{
	struct wzp_session_keys k;
	bool weak = !x25519(k.shared_secret, ephemeral_secret, peer_ephemeral_pub);
	bool refuse = weak && profile == WZP_PROFILE_V1;

	k.shared_secret[0] = WZP_VALUE("WZP-CRYPTO-025", k.shared_secret[0]);
	if (!refuse) {
		keys_from_shared(&k);
		*out = k;
	}
	wzp_session_keys_wipe(&k);
	WZP_REJECT("WZP-CRYPTO-025", refuse, WZP_ERR_WEAK_KEY);
	return WZP_OK;
}

void wzp_session_keys_wipe(struct wzp_session_keys *keys)
{
	sodium_memzero(keys, sizeof *keys);
}

enum wzp_err wzp_handshake_accept(struct wzp_handshake_accepted *out,
				  const struct wzp_identity *callee,
				  const uint8_t ephemeral_secret[WZP_KEY_SIZE],
				  const struct wzp_signed_ephemeral_in *offer,
				  const struct wzp_quality_profile *offered, size_t n_offered,
				  enum wzp_profile profile)
{
	struct wzp_handshake_accepted r;
	struct wzp_signed_ephemeral caller;
	enum wzp_err err = wzp_handshake_verify(&caller, offer, WZP_ROLE_OFFER);

	if (err == WZP_OK)
		err = wzp_quality_profile_choose(&r.chosen, offered, n_offered, profile);
	if (err == WZP_OK)
		err = wzp_session_keys_derive(&r.keys, ephemeral_secret, caller.ephemeral_pub,
					      profile);
	if (err == WZP_OK) {
		wzp_handshake_sign(&r.answer, callee, ephemeral_secret, WZP_ROLE_ANSWER);
		*out = r;
	}
	sodium_memzero(&r, sizeof r);
	return err;
}

enum wzp_err wzp_handshake_finish(struct wzp_handshake_finished *out,
				  const uint8_t ephemeral_secret[WZP_KEY_SIZE],
				  const struct wzp_signed_ephemeral_in *answer,
				  const struct wzp_quality_profile *chosen,
				  const struct wzp_quality_profile *offered, size_t n_offered,
				  enum wzp_profile profile)
{
	struct wzp_handshake_finished r;
	struct wzp_signed_ephemeral callee;
	enum wzp_err err = wzp_handshake_verify(&callee, answer, WZP_ROLE_ANSWER);

	if (err == WZP_OK)
		err = wzp_quality_profile_accept_choice(&r.profile, chosen, offered, n_offered,
							profile);
	if (err == WZP_OK)
		err = wzp_session_keys_derive(&r.keys, ephemeral_secret, callee.ephemeral_pub,
					      profile);
	if (err == WZP_OK)
		*out = r;
	sodium_memzero(&r, sizeof r);
	return err;
}
