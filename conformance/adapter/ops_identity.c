/* ops_identity.c: seeds, HKDF, identities, fingerprints, mnemonics and room
 * names (spec/05-crypto.md 5.1; ADAPTER.md "Crypto: identity"). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "json_args.h"
#include "ops.h"
#include "wzp/fingerprint.h"
#include "wzp/hkdf.h"
#include "wzp/identity.h"
#include "wzp/mnemonic.h"
#include "wzp/room.h"

/* A string argument with its length (JSON strings may hold NUL). */
static bool arg_text(const json_t *args, const char *key, const char **text, size_t *len)
{
	json_t *v = json_object_get(args, key);

	if (!json_is_string(v))
		return false;
	*text = json_string_value(v);
	*len = json_string_length(v);
	return true;
}

/* args: { salt, ikm, info: hex; length }  result: { okm: hex } */
static const char *hkdf_sha256(const struct op_request *req, json_t **result)
{
	uint8_t *salt = NULL, *ikm = NULL, *info = NULL, *okm = NULL;
	size_t salt_len, ikm_len, info_len;
	const char *err = NULL;
	uint64_t length;

	if (!arg_hex(req->args, "salt", &salt, &salt_len) ||
	    !arg_hex(req->args, "ikm", &ikm, &ikm_len) ||
	    !arg_hex(req->args, "info", &info, &info_len))
		err = "bad_request";
	if (err == NULL)
		err = arg_uint(req->args, "length", 2 * WZP_HKDF_SHA256_MAX, &length);
	if (err == NULL && (okm = malloc((size_t)length + 1)) == NULL)
		err = "no_memory";
	if (err == NULL) {
		enum wzp_err e = wzp_hkdf_sha256(okm, (size_t)length, salt, salt_len, ikm, ikm_len,
						 info, info_len);

		if (e != WZP_OK)
			err = wzp_err_name(e);
		else
			*result = json_pack("{s:o}", "okm", json_hex(okm, (size_t)length));
	}
	free(salt);
	free(ikm);
	free(info);
	free(okm);
	return err;
}

/* args: { hex: text }  result: { seed: hex } */
static const char *seed_from_hex(const struct op_request *req, json_t **result)
{
	uint8_t seed[WZP_SEED_SIZE];
	const char *text;
	enum wzp_err err;
	size_t len;

	if (!arg_text(req->args, "hex", &text, &len))
		return "bad_request";
	err = wzp_seed_from_hex(seed, text, len);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:o}", "seed", json_hex(seed, sizeof seed));
	sodium_memzero(seed, sizeof seed);
	return NULL;
}

/* args: { seed: hex }  result: the keys, the fingerprint and its text forms */
static const char *identity_derive(const struct op_request *req, json_t **result)
{
	char display[WZP_FINGERPRINT_DISPLAY_LEN + 1], hex[WZP_FINGERPRINT_HEX_LEN + 1];
	uint8_t seed[WZP_SEED_SIZE];
	struct wzp_identity id;

	if (!arg_hex_exact(req->args, "seed", seed, sizeof seed))
		return "bad_request";
	wzp_identity_derive(&id, seed);
	wzp_fingerprint_display(display, id.fingerprint);
	wzp_fingerprint_hex(hex, id.fingerprint);
	*result = json_pack("{s:o, s:o, s:o, s:o, s:o, s:s, s:s}",
			    "ed25519_seed", json_hex(id.ed25519_seed, 32),
			    "ed25519_pub", json_hex(id.ed25519_pub, 32),
			    "x25519_secret", json_hex(id.x25519_secret, 32),
			    "x25519_pub", json_hex(id.x25519_pub, 32),
			    "fingerprint", json_hex(id.fingerprint, WZP_FINGERPRINT_SIZE),
			    "fingerprint_display", display, "fingerprint_hex", hex);
	wzp_identity_wipe(&id);
	sodium_memzero(seed, sizeof seed);
	return NULL;
}

/* args: { text }  result: { fingerprint: hex } */
static const char *fingerprint_parse(const struct op_request *req, json_t **result)
{
	uint8_t fp[WZP_FINGERPRINT_SIZE];
	const char *text;
	enum wzp_err err;
	size_t len;

	if (!arg_text(req->args, "text", &text, &len))
		return "bad_request";
	err = wzp_fingerprint_parse(fp, text, len, req->profile);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:o}", "fingerprint", json_hex(fp, sizeof fp));
	return NULL;
}

/* args: { seed: hex }  result: { mnemonic } */
static const char *mnemonic_encode(const struct op_request *req, json_t **result)
{
	char words[WZP_MNEMONIC_MAX];
	uint8_t seed[WZP_SEED_SIZE];

	if (!arg_hex_exact(req->args, "seed", seed, sizeof seed))
		return "bad_request";
	wzp_mnemonic_encode(words, seed);
	*result = json_pack("{s:s}", "mnemonic", words);
	sodium_memzero(words, sizeof words);
	sodium_memzero(seed, sizeof seed);
	return NULL;
}

/* args: { mnemonic }  result: { seed: hex } */
static const char *mnemonic_decode(const struct op_request *req, json_t **result)
{
	uint8_t seed[WZP_SEED_SIZE];
	const char *text;
	enum wzp_err err;
	size_t len;

	if (!arg_text(req->args, "mnemonic", &text, &len))
		return "bad_request";
	err = wzp_mnemonic_decode(seed, text, len, req->profile);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:o}", "seed", json_hex(seed, sizeof seed));
	sodium_memzero(seed, sizeof seed);
	return NULL;
}

/* args: { name }  result: { hash } */
static const char *room_hash(const struct op_request *req, json_t **result)
{
	char hash[WZP_ROOM_HASH_LEN + 1];
	const char *name;
	size_t len;

	if (!arg_text(req->args, "name", &name, &len))
		return "bad_request";
	wzp_room_hash(hash, (const uint8_t *)name, len);
	*result = json_pack("{s:s}", "hash", hash);
	return NULL;
}

static const struct op ops[] = {
	{ "crypto.hkdf_sha256", hkdf_sha256 },
	{ "crypto.seed.from_hex", seed_from_hex },
	{ "crypto.identity.derive", identity_derive },
	{ "crypto.fingerprint.parse", fingerprint_parse },
	{ "crypto.mnemonic.encode", mnemonic_encode },
	{ "crypto.mnemonic.decode", mnemonic_decode },
	{ "crypto.room.hash", room_hash },
};

const struct op_table ops_identity_table = OP_TABLE(ops);
