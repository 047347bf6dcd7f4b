/* Fuzz target: CallOffer/CallAnswer verification and the callee's step.
 * The input is identity_pub (32 bytes) || ephemeral_pub (32) || signature
 * (the rest); shorter inputs give shorter fields.
 * seed-ops: crypto.handshake.accept crypto.handshake.finish
 * seed-args: offer.identity_pub offer.ephemeral_pub offer.signature answer.identity_pub answer.ephemeral_pub answer.signature */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/handshake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wzp_signed_ephemeral_in split(const uint8_t *data, size_t size)
{
	size_t id_len = size < 32 ? size : 32;
	size_t eph_len = size - id_len < 32 ? size - id_len : 32;

	return (struct wzp_signed_ephemeral_in){ data, id_len, data + id_len, eph_len,
						 data + id_len + eph_len,
						 size - id_len - eph_len };
}

/* An accepted offer's answer must verify, and its key must not come from
 * a zero shared secret in wzp/1. */
static void check_accept(const struct wzp_signed_ephemeral_in *offer)
{
	static const uint8_t zero[WZP_KEY_SIZE];
	uint8_t seed[WZP_SEED_SIZE], eph[WZP_KEY_SIZE];
	struct wzp_handshake_accepted out;
	struct wzp_signed_ephemeral answer;
	struct wzp_signed_ephemeral_in in;
	struct wzp_identity callee;

	memset(seed, 0xBB, sizeof seed);
	memset(eph, 0x22, sizeof eph);
	wzp_identity_derive(&callee, seed);
	if (wzp_handshake_accept(&out, &callee, eph, offer, NULL, 0, WZP_PROFILE_V1) == WZP_OK) {
		in = (struct wzp_signed_ephemeral_in){ out.answer.identity_pub, 32,
						       out.answer.ephemeral_pub, 32,
						       out.answer.signature, 64 };
		if (wzp_handshake_verify(&answer, &in, WZP_ROLE_ANSWER) != WZP_OK ||
		    memcmp(out.keys.shared_secret, zero, sizeof zero) == 0)
			abort();
	}
	wzp_identity_wipe(&callee);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wzp_signed_ephemeral_in in = split(data, size);
	struct wzp_signed_ephemeral out;

	for (int role = WZP_ROLE_OFFER; role <= WZP_ROLE_ANSWER; role++) {
		enum wzp_err err = wzp_handshake_verify(&out, &in, (enum wzp_handshake_role)role);

		if (err == WZP_OK && (size != 128 || memcmp(&out, data, 128) != 0))
			abort();
		if (err != WZP_OK && err != WZP_ERR_BAD_LENGTH && err != WZP_ERR_BAD_SIGNATURE)
			abort();
		if (err == WZP_ERR_BAD_LENGTH && size == 128)
			abort();
	}
	check_accept(&in);
	return 0;
}
