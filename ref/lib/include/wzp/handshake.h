/* handshake.h: the signed CallOffer/CallAnswer handshake and the session
 * key (spec/05-crypto.md 5.2, WZP-CRYPTO-020..-029).
 *
 * Each side sends its Ed25519 identity key, a fresh X25519 ephemeral key
 * and a signature over ephemeral_pub || "call-offer" (caller) or
 * ephemeral_pub || "call-answer" (callee). The receiver checks lengths,
 * then the signature against the identity key in the same message, then
 * the quality profile, then derives:
 *
 *   shared      = X25519(own ephemeral secret, peer ephemeral_pub)
 *   session_key = HKDF-SHA256(no salt, shared, "warzone-session-key", 32)
 *   session_id  = SHA-256(session_key)[0..4]
 *
 * The caller supplies ephemeral secrets (32 bytes from a CSPRNG, new for
 * every handshake): the core has no randomness of its own. Outputs that
 * hold secrets (struct wzp_session_keys) are the caller's to wipe with
 * wzp_session_keys_wipe; every temporary is wiped here. On error nothing
 * is written to the outputs. Received fields are pointer and length, as
 * they arrive: their lengths are checked here.
 */
#ifndef WZP_HANDSHAKE_H
#define WZP_HANDSHAKE_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/identity.h"
#include "wzp/profile.h"
#include "wzp/quality_profile.h"

#define WZP_KEY_SIZE 32
#define WZP_SIGNATURE_SIZE 64
#define WZP_SESSION_ID_SIZE 4

enum wzp_handshake_role {
	WZP_ROLE_OFFER,  /* the caller's CallOffer, label "call-offer" */
	WZP_ROLE_ANSWER, /* the callee's CallAnswer, label "call-answer" */
};

/* The signed fields of a CallOffer or CallAnswer, as sent. */
struct wzp_signed_ephemeral {
	uint8_t identity_pub[WZP_KEY_SIZE];
	uint8_t ephemeral_pub[WZP_KEY_SIZE];
	uint8_t signature[WZP_SIGNATURE_SIZE];
};

/* The same fields as received, not yet checked. */
struct wzp_signed_ephemeral_in {
	const uint8_t *identity_pub;
	size_t identity_pub_len;
	const uint8_t *ephemeral_pub;
	size_t ephemeral_pub_len;
	const uint8_t *signature;
	size_t signature_len;
};

struct wzp_session_keys {
	uint8_t shared_secret[WZP_KEY_SIZE]; /* secret */
	uint8_t session_key[WZP_KEY_SIZE];   /* secret: the media AEAD key */
	uint8_t session_id[WZP_SESSION_ID_SIZE];
};

/* Our signed ephemeral key for role. Cannot fail. */
void wzp_handshake_sign(struct wzp_signed_ephemeral *out, const struct wzp_identity *id,
			const uint8_t ephemeral_secret[WZP_KEY_SIZE], enum wzp_handshake_role role);

/* Checks a peer's fields for role: WZP_ERR_BAD_LENGTH unless the keys are
 * 32 and the signature 64 bytes, then WZP_ERR_BAD_SIGNATURE unless the
 * signature verifies (strictly) under identity_pub. */
enum wzp_err wzp_handshake_verify(struct wzp_signed_ephemeral *out,
				  const struct wzp_signed_ephemeral_in *in,
				  enum wzp_handshake_role role);

/* The session from our ephemeral secret and the peer's ephemeral key.
 * wzp/1: WZP_ERR_WEAK_KEY when the shared secret is all zero (a low-order
 * peer key); upstream-aa09275 goes on with the zero secret. */
enum wzp_err wzp_session_keys_derive(struct wzp_session_keys *out,
				     const uint8_t ephemeral_secret[WZP_KEY_SIZE],
				     const uint8_t peer_ephemeral_pub[WZP_KEY_SIZE],
				     enum wzp_profile profile);
void wzp_session_keys_wipe(struct wzp_session_keys *keys);

/* The callee's step: verify the offer, choose a profile, derive the
 * session, sign the answer. */
struct wzp_handshake_accepted {
	struct wzp_signed_ephemeral answer;
	struct wzp_quality_profile chosen;
	struct wzp_session_keys keys;
};
enum wzp_err wzp_handshake_accept(struct wzp_handshake_accepted *out,
				  const struct wzp_identity *callee,
				  const uint8_t ephemeral_secret[WZP_KEY_SIZE],
				  const struct wzp_signed_ephemeral_in *offer,
				  const struct wzp_quality_profile *offered, size_t n_offered,
				  enum wzp_profile profile);

/* The caller's last step: verify the answer, check its chosen profile
 * against what we offered, derive the session. */
struct wzp_handshake_finished {
	struct wzp_quality_profile profile;
	struct wzp_session_keys keys;
};
enum wzp_err wzp_handshake_finish(struct wzp_handshake_finished *out,
				  const uint8_t ephemeral_secret[WZP_KEY_SIZE],
				  const struct wzp_signed_ephemeral_in *answer,
				  const struct wzp_quality_profile *chosen,
				  const struct wzp_quality_profile *offered, size_t n_offered,
				  enum wzp_profile profile);

#endif
