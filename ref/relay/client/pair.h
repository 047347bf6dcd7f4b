/* pair.h: the pairwise handshake between two room members, through the
 * relay (spec/05-crypto.md 5.7; spec/08-relay.md WZP-RELAY-027):
 * DirectCallOffer from the member that joined later, DirectCallAnswer
 * back, each carrying the signed ephemeral key of 5.2. Its session key is
 * the pair's key: the media key of a 1:1 call, or the key that wraps room
 * key messages in a room.
 *
 * Contract: fields come in as the canonical fields of a parsed signal
 * (wzp_signal_fields), so their types are already checked; texts go out
 * malloc'd (the caller frees; NULL when out of memory). Errors are the
 * handshake's (bad_length, bad_signature, unknown_quality_profile,
 * weak_key), and bad_param when the offer's identity key is not the
 * fingerprint it claims or does not name us. Outputs are written only on
 * success. Ephemeral secrets are the caller's (CSPRNG) to wipe.
 */
#ifndef WZP_RELAY_CLIENT_PAIR_H
#define WZP_RELAY_CLIENT_PAIR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/fingerprint.h"
#include "wzp/handshake.h"
#include "wzp/identity.h"

#define PAIR_CALL_ID_LEN 32 /* hex digits of a call id we make */

/* {"DirectCallOffer":{...}} from us to target. */
char *pair_offer_text(const struct wzp_identity *id, const uint8_t eph[WZP_KEY_SIZE],
		      const char *call_id, const uint8_t target[WZP_FINGERPRINT_SIZE],
		      size_t *len);

/* The callee: checks the offer (from caller, to us), answers it and gives
 * the pair's key. */
enum wzp_err pair_accept(char **answer, size_t *len, uint8_t key[WZP_KEY_SIZE],
			 const struct wzp_identity *id, const uint8_t eph[WZP_KEY_SIZE],
			 const uint8_t caller[WZP_FINGERPRINT_SIZE], const json_t *offer);

/* The caller: checks the answer from callee and gives the pair's key. */
enum wzp_err pair_finish(uint8_t key[WZP_KEY_SIZE], const uint8_t eph[WZP_KEY_SIZE],
			 const uint8_t callee[WZP_FINGERPRINT_SIZE], const json_t *answer);

/* A byte array field of a canonical signal into out (exactly n bytes);
 * false when it is missing or another length. */
bool pair_bytes_field(const json_t *fields, const char *name, uint8_t *out, size_t n);
/* A JSON array of n bytes (NULL when out of memory). */
json_t *pair_bytes_json(const uint8_t *b, size_t n);

#endif
