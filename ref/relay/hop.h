/* hop.h: the relay-hop handshake as signal messages (spec/08-relay.md
 * 8.2 steps 4-5, spec/05-crypto.md 5.2 and 5.7), shared by the relay and
 * its clients.
 *
 * A client sends a CallOffer with its identity, a fresh ephemeral key and
 * the signature of 5.2, offering GOOD, DEGRADED and CATASTROPHIC (and, in
 * wzp/1, its alias). The relay verifies it with the core
 * (wzp_handshake_accept) and answers with a CallAnswer signed by its own
 * identity; the client verifies that (wzp_handshake_finish). The session
 * key of the hop protects nothing: both sides wipe it at once. What the
 * hop proves is the identity of each end: the client's fingerprint for
 * the relay, the relay's fingerprint for the client's pin.
 *
 * Contract: messages come in as the canonical fields of a parsed signal
 * (wzp_signal_fields of a CallOffer or CallAnswer, so the types are
 * already checked); texts go out malloc'd (the caller frees), NULL when
 * out of memory. Errors are the core's (bad_length, bad_signature,
 * unknown_codec, unknown_quality_profile, weak_key); nothing is written
 * to the outputs on error. Ephemeral secrets are the caller's, from a
 * CSPRNG, and wiped by the caller.
 */
#ifndef WZP_RELAY_HOP_H
#define WZP_RELAY_HOP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/fingerprint.h"
#include "wzp/handshake.h"
#include "wzp/identity.h"
#include "wzp/profile.h"

#define HOP_ALIAS_MAX 128 /* longer aliases are cut */

/* The client's CallOffer text; alias may be NULL (wzp/1 only). */
char *hop_offer_text(const struct wzp_identity *id, const uint8_t eph_secret[WZP_KEY_SIZE],
		     const char *alias, enum wzp_profile profile, size_t *len);

/* What the relay learns from an offer it accepted. */
struct hop_member {
	uint8_t fingerprint[WZP_FINGERPRINT_SIZE];
	char alias[HOP_ALIAS_MAX]; /* "" when the offer had none */
};

/* The relay's step: verify offer_fields, answer (*answer, *len) and say
 * who the member is. */
enum wzp_err hop_accept(char **answer, size_t *len, struct hop_member *who,
			const struct wzp_identity *relay, const uint8_t eph_secret[WZP_KEY_SIZE],
			const json_t *offer_fields, enum wzp_profile profile);

/* The client's last step: verify the relay's answer; relay_fp receives
 * the relay's fingerprint. */
enum wzp_err hop_finish(uint8_t relay_fp[WZP_FINGERPRINT_SIZE],
			const uint8_t eph_secret[WZP_KEY_SIZE], const json_t *answer_fields,
			enum wzp_profile profile);

#endif
