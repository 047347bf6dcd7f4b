/* pair.c: DirectCallOffer and DirectCallAnswer between two members (pair.h). */
#include <sodium.h>
#include <string.h>

#include "pair.h"
#include "wzp/quality_profile.h"
#include "wzp/signal.h"

json_t *pair_bytes_json(const uint8_t *b, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_integer(b[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

bool pair_bytes_field(const json_t *fields, const char *name, uint8_t *out, size_t n)
{
	const json_t *a = json_object_get(fields, name);

	if (!json_is_array(a) || json_array_size(a) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)json_integer_value(json_array_get(a, i));
	return true;
}

/* GOOD, the one profile members offer each other (tiers switch in band). */
static json_t *good_json(void)
{
	return json_pack("{s:s, s:f, s:i, s:i}", "codec", "Opus24k", "fec_ratio",
			 (double)WZP_QUALITY_GOOD.fec_ratio, "frame_duration_ms",
			 WZP_QUALITY_GOOD.frame_duration_ms, "frames_per_block",
			 WZP_QUALITY_GOOD.frames_per_block);
}

static void put_signed(json_t *o, const struct wzp_signed_ephemeral *s)
{
	json_object_set_new(o, "identity_pub", pair_bytes_json(s->identity_pub, WZP_KEY_SIZE));
	json_object_set_new(o, "ephemeral_pub", pair_bytes_json(s->ephemeral_pub, WZP_KEY_SIZE));
	json_object_set_new(o, "signature", pair_bytes_json(s->signature, WZP_SIGNATURE_SIZE));
}

char *pair_offer_text(const struct wzp_identity *id, const uint8_t eph[WZP_KEY_SIZE],
		      const char *call_id, const uint8_t target[WZP_FINGERPRINT_SIZE],
		      size_t *len)
{
	char from[WZP_FINGERPRINT_HEX_LEN + 1], to[WZP_FINGERPRINT_HEX_LEN + 1];
	struct wzp_signed_ephemeral s;
	json_t *f;

	wzp_fingerprint_hex(from, id->fingerprint);
	wzp_fingerprint_hex(to, target);
	wzp_handshake_sign(&s, id, eph, WZP_ROLE_OFFER);
	f = json_pack("{s:s, s:s, s:s, s:[o]}", "caller_fingerprint", from, "target_fingerprint",
		      to, "call_id", call_id, "supported_profiles", good_json());
	if (f == NULL)
		return NULL;
	put_signed(f, &s);
	return wzp_signal_text(json_pack("{s:o}", "DirectCallOffer", f), WZP_PROFILE_V1, len);
}

/* The signed fields as received; false when one is missing. */
struct signed_in {
	uint8_t id[WZP_KEY_SIZE], eph[WZP_KEY_SIZE], sig[WZP_SIGNATURE_SIZE];
	struct wzp_signed_ephemeral_in in;
};

static bool read_signed(struct signed_in *b, const json_t *f)
{
	const json_t *sig = json_object_get(f, "signature");

	if (!pair_bytes_field(f, "identity_pub", b->id, WZP_KEY_SIZE) ||
	    !pair_bytes_field(f, "ephemeral_pub", b->eph, WZP_KEY_SIZE) || !json_is_array(sig))
		return false;
	/* A signature of another length reaches the core, which says bad_length. */
	b->in = (struct wzp_signed_ephemeral_in){ b->id, WZP_KEY_SIZE, b->eph, WZP_KEY_SIZE,
						  b->sig, json_array_size(sig) };
	if (b->in.signature_len == WZP_SIGNATURE_SIZE)
		pair_bytes_field(f, "signature", b->sig, WZP_SIGNATURE_SIZE);
	return true;
}

/* The identity key is the member we think we talk to. */
static bool is_member(const uint8_t identity_pub[WZP_KEY_SIZE],
		      const uint8_t fp[WZP_FINGERPRINT_SIZE])
{
	uint8_t got[WZP_FINGERPRINT_SIZE];

	wzp_fingerprint(got, identity_pub);
	return memcmp(got, fp, WZP_FINGERPRINT_SIZE) == 0;
}

enum wzp_err pair_accept(char **answer, size_t *len, uint8_t key[WZP_KEY_SIZE],
			 const struct wzp_identity *id, const uint8_t eph[WZP_KEY_SIZE],
			 const uint8_t caller[WZP_FINGERPRINT_SIZE], const json_t *offer)
{
	struct wzp_handshake_accepted acc;
	struct signed_in b;
	json_t *f;
	enum wzp_err e;

	if (!read_signed(&b, offer))
		return WZP_ERR_BAD_LENGTH;
	e = wzp_handshake_accept(&acc, id, eph, &b.in, &WZP_QUALITY_GOOD, 1, WZP_PROFILE_V1);
	if (e != WZP_OK)
		return e;
	if (!is_member(b.id, caller)) {
		wzp_session_keys_wipe(&acc.keys);
		return WZP_ERR_BAD_PARAM;
	}
	f = json_pack("{s:O, s:s, s:o}", "call_id", json_object_get(offer, "call_id"),
		      "accept_mode", "AcceptTrusted", "chosen_profile", good_json());
	if (f != NULL)
		put_signed(f, &acc.answer);
	*answer = f ? wzp_signal_text(json_pack("{s:o}", "DirectCallAnswer", f), WZP_PROFILE_V1,
				      len)
		    : NULL;
	if (*answer == NULL) {
		wzp_session_keys_wipe(&acc.keys);
		return WZP_ERR_NO_MEMORY;
	}
	memcpy(key, acc.keys.session_key, WZP_KEY_SIZE);
	wzp_session_keys_wipe(&acc.keys);
	return WZP_OK;
}

enum wzp_err pair_finish(uint8_t key[WZP_KEY_SIZE], const uint8_t eph[WZP_KEY_SIZE],
			 const uint8_t callee[WZP_FINGERPRINT_SIZE], const json_t *answer)
{
	struct wzp_handshake_finished fin;
	struct signed_in b;
	enum wzp_err e;

	if (!read_signed(&b, answer))
		return WZP_ERR_BAD_LENGTH;
	e = wzp_handshake_finish(&fin, eph, &b.in, &WZP_QUALITY_GOOD, &WZP_QUALITY_GOOD, 1,
				 WZP_PROFILE_V1);
	if (e != WZP_OK)
		return e;
	if (!is_member(b.id, callee)) {
		wzp_session_keys_wipe(&fin.keys);
		return WZP_ERR_BAD_PARAM;
	}
	memcpy(key, fin.keys.session_key, WZP_KEY_SIZE);
	wzp_session_keys_wipe(&fin.keys);
	return WZP_OK;
}
