/* rekey.h: the Rekey signal and the key it derives (spec/05-crypto.md
 * 5.6, WZP-CRYPTO-070..-072).
 *
 * Each side sends Rekey { new_ephemeral_pub, signature }, the signature
 * by its identity key over new_ephemeral_pub || session_id || "rekey",
 * where session_id is that of the key being replaced. The new key is
 *
 *   HKDF-SHA256(salt = current key, IKM = X25519(own new secret,
 *               peer new_ephemeral_pub), info = "warzone-rekey", 32)
 *
 * Secrets are the caller's (new ephemeral secrets from a CSPRNG, one per
 * rekey); every temporary is wiped; outputs are written only on success.
 */
#ifndef WZP_REKEY_H
#define WZP_REKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/handshake.h"
#include "wzp/identity.h"
#include "wzp/profile.h"

#define WZP_REKEY_INTERVAL 65536u

/* True once this many packets were sealed or accepted under one key. */
bool wzp_rekey_due(uint64_t packets_under_key);

void wzp_rekey_sign(uint8_t new_ephemeral_pub[WZP_KEY_SIZE],
		    uint8_t signature[WZP_SIGNATURE_SIZE], const struct wzp_identity *id,
		    const uint8_t new_ephemeral_secret[WZP_KEY_SIZE],
		    const uint8_t session_id[WZP_SESSION_ID_SIZE]);

/* A received Rekey, fields as they arrived. */
struct wzp_rekey_in {
	const uint8_t *new_ephemeral_pub;
	size_t new_ephemeral_pub_len;
	const uint8_t *signature;
	size_t signature_len;
};

/* Checks the peer's Rekey (WZP_ERR_BAD_LENGTH, then WZP_ERR_BAD_SIGNATURE
 * under peer_identity_pub) and derives the new key (WZP_ERR_WEAK_KEY in
 * wzp/1 for a low-order key). */
enum wzp_err wzp_rekey_accept(uint8_t new_key[WZP_KEY_SIZE],
			      const uint8_t peer_identity_pub[WZP_KEY_SIZE],
			      const struct wzp_rekey_in *in,
			      const uint8_t session_id[WZP_SESSION_ID_SIZE],
			      const uint8_t current_key[WZP_KEY_SIZE],
			      const uint8_t own_new_secret[WZP_KEY_SIZE], enum wzp_profile profile);

#endif
