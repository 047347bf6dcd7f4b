/* ops_protect.c: media protection, anti-replay, rekeying and room keys
 * (spec/05-crypto.md 5.4-5.7; ADAPTER.md "Crypto: media protection").
 * In upstream-aa09275 media is plaintext: the media ops say so with
 * "plaintext" and the warning, and pass the bytes through. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "json_args.h"
#include "ops.h"
#include "wire_json.h"
#include "wzp/media_aead.h"
#include "wzp/rekey.h"
#include "wzp/room_keys.h"

#define DATAGRAM_MAX 65536

static json_t *plaintext_result(enum wzp_profile profile)
{
	return json_pack("{s:b, s:s}", "plaintext", 1, "warning",
			 wzp_media_plaintext_warning(profile));
}

/* args: { key, direction, index, frame } result: { sealed, nonce } */
static const char *media_seal(const struct op_request *req, json_t **result)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE], nonce[WZP_MEDIA_NONCE_SIZE], *frame = NULL, *out;
	uint64_t dir, index;
	struct wzp_media_key k;
	size_t len, written;
	enum wzp_err err;

	if (!arg_hex_exact(req->args, "key", key, sizeof key) ||
	    arg_uint(req->args, "direction", UINT8_MAX, &dir) != NULL ||
	    arg_uint(req->args, "index", UINT32_MAX, &index) != NULL ||
	    !arg_hex(req->args, "frame", &frame, &len)) {
		free(frame);
		return "bad_request";
	}
	if (!wzp_media_is_protected(req->profile)) {
		*result = plaintext_result(req->profile);
		json_object_set_new(*result, "sealed", json_hex(frame, len));
		free(frame);
		return NULL;
	}
	out = malloc(len + WZP_MEDIA_TAG_SIZE);
	wzp_media_key_init(&k, key);
	err = wzp_media_seal(out, len + WZP_MEDIA_TAG_SIZE, &written, &k, (uint8_t)dir,
			     (uint32_t)index, frame, len);
	if (err == WZP_OK) {
		wzp_media_nonce(nonce, k.session_id, (uint32_t)index, (uint8_t)dir);
		*result = json_pack("{s:o, s:o}", "sealed", json_hex(out, written), "nonce",
				    json_hex(nonce, sizeof nonce));
	}
	wzp_media_key_wipe(&k);
	sodium_memzero(key, sizeof key);
	free(frame);
	free(out);
	return err == WZP_OK ? NULL : wzp_err_name(err);
}

static json_t *opened_json(enum wzp_err err, const struct wzp_media_opened *o)
{
	if (err != WZP_OK)
		return json_pack("{s:s}", "error", wzp_err_name(err));
	return json_pack("{s:I, s:b, s:o}", "index", (json_int_t)o->index, "previous_key",
			 o->previous_key, "packet", packet_to_json(&o->packet));
}

static json_t *plain_json(enum wzp_err err, const struct wzp_media_packet *p)
{
	if (err != WZP_OK)
		return json_pack("{s:s}", "error", wzp_err_name(err));
	return json_pack("{s:o}", "packet", packet_to_json(p));
}

/* One step: install a key, or receive a datagram. NULL on bad input. */
static json_t *receive_step(struct wzp_media_receiver *rx, const json_t *step,
			    enum wzp_profile profile)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE], *dgram = NULL, plain[DATAGRAM_MAX];
	struct wzp_media_opened o;
	struct wzp_media_packet p;
	json_t *out = NULL;
	size_t len;

	if (json_object_get(step, "install_key") != NULL) {
		if (!arg_hex_exact(step, "install_key", key, sizeof key))
			return NULL;
		wzp_media_receiver_install(rx, key);
		sodium_memzero(key, sizeof key);
		return json_pack("{s:o}", "installed", json_hex(rx->current.k.session_id, 4));
	}
	if (!arg_hex(step, "datagram", &dgram, &len) || len > DATAGRAM_MAX) {
		free(dgram);
		return NULL;
	}
	if (wzp_media_is_protected(profile))
		out = opened_json(wzp_media_open(rx, &o, plain, sizeof plain, dgram, len), &o);
	else
		out = plain_json(wzp_media_packet_decode(&p, dgram, len, profile), &p);
	free(dgram);
	return out;
}

/* args: { direction, steps: [{install_key} | {datagram}] }
 * result: { results, counters, keys_held } */
static const char *media_receive(const struct op_request *req, json_t **result)
{
	json_t *steps = json_object_get(req->args, "steps"), *step, *results;
	struct wzp_media_receiver rx;
	uint64_t dir;
	size_t i;

	if (arg_uint(req->args, "direction", UINT8_MAX, &dir) != NULL || !json_is_array(steps))
		return "bad_request";
	wzp_media_receiver_init(&rx, (uint8_t)dir);
	results = json_array();
	json_array_foreach(steps, i, step) {
		json_t *r = receive_step(&rx, step, req->profile);

		if (r == NULL) {
			json_decref(results);
			wzp_media_receiver_wipe(&rx);
			return "bad_request";
		}
		json_array_append_new(results, r);
	}
	*result = wzp_media_is_protected(req->profile) ? json_object()
						       : plaintext_result(req->profile);
	json_object_set_new(*result, "results", results);
	json_object_set_new(*result, "counters",
			    json_pack("{s:I, s:I, s:I, s:I}", "accepted",
				      (json_int_t)rx.counters.accepted, "auth_failed",
				      (json_int_t)rx.counters.auth_failed, "replayed",
				      (json_int_t)rx.counters.replayed, "malformed",
				      (json_int_t)rx.counters.malformed));
	json_object_set_new(*result, "keys_held",
			    json_integer(rx.current.held + rx.previous.held));
	wzp_media_receiver_wipe(&rx);
	return NULL;
}

/* args: { seqs } result: { results: [{index} | {error}] }, every packet
 * taken as authentic. */
static const char *replay_run(const struct op_request *req, json_t **result)
{
	json_t *seqs = json_object_get(req->args, "seqs"), *item, *results;
	struct wzp_replay_window w = { 0 };
	size_t i;

	if (!json_is_array(seqs))
		return "bad_request";
	results = json_array();
	json_array_foreach(seqs, i, item) {
		json_int_t seq = json_integer_value(item);
		uint32_t index;
		enum wzp_err err;

		if (!json_is_integer(item) || seq < 0 || seq > UINT16_MAX) {
			json_decref(results);
			return "bad_request";
		}
		index = wzp_packet_index(&w, (uint16_t)seq);
		err = wzp_replay_check(&w, index);
		if (err == WZP_OK)
			wzp_replay_update(&w, index);
		json_array_append_new(results,
				      err == WZP_OK ? json_pack("{s:I}", "index", (json_int_t)index)
						    : json_pack("{s:s}", "error", wzp_err_name(err)));
	}
	*result = json_pack("{s:o}", "results", results);
	return NULL;
}

/* args: { packets } result: { due } */
static const char *rekey_due(const struct op_request *req, json_t **result)
{
	uint64_t n;
	const char *err = arg_uint(req->args, "packets", UINT64_MAX, &n);

	if (err != NULL)
		return err;
	*result = json_pack("{s:b}", "due", wzp_rekey_due(n));
	return NULL;
}

/* args: { identity_seed, new_ephemeral_secret, session_id }
 * result: { new_ephemeral_pub, signature } */
static const char *rekey_sign(const struct op_request *req, json_t **result)
{
	uint8_t seed[WZP_SEED_SIZE], secret[WZP_KEY_SIZE], sid[WZP_SESSION_ID_SIZE];
	uint8_t pub[WZP_KEY_SIZE], sig[WZP_SIGNATURE_SIZE];
	struct wzp_identity id;

	if (!arg_hex_exact(req->args, "identity_seed", seed, sizeof seed) ||
	    !arg_hex_exact(req->args, "new_ephemeral_secret", secret, sizeof secret) ||
	    !arg_hex_exact(req->args, "session_id", sid, sizeof sid))
		return "bad_request";
	wzp_identity_derive(&id, seed);
	wzp_rekey_sign(pub, sig, &id, secret, sid);
	*result = json_pack("{s:o, s:o}", "new_ephemeral_pub", json_hex(pub, sizeof pub),
			    "signature", json_hex(sig, sizeof sig));
	wzp_identity_wipe(&id);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(secret, sizeof secret);
	return NULL;
}

/* args: { peer_identity_pub, new_ephemeral_pub, signature, session_id,
 * current_key, own_new_secret } result: { new_key, new_session_id } */
static const char *rekey_accept(const struct op_request *req, json_t **result)
{
	uint8_t peer[WZP_KEY_SIZE], sid[WZP_SESSION_ID_SIZE], cur[WZP_KEY_SIZE];
	uint8_t own[WZP_KEY_SIZE], new_key[WZP_KEY_SIZE], *pub = NULL, *sig = NULL;
	struct wzp_rekey_in in = { 0 };
	struct wzp_media_key k;
	enum wzp_err err = WZP_ERR_BAD_PARAM;
	bool ok = arg_hex_exact(req->args, "peer_identity_pub", peer, sizeof peer) &&
		  arg_hex_exact(req->args, "session_id", sid, sizeof sid) &&
		  arg_hex_exact(req->args, "current_key", cur, sizeof cur) &&
		  arg_hex_exact(req->args, "own_new_secret", own, sizeof own) &&
		  arg_hex(req->args, "new_ephemeral_pub", &pub, &in.new_ephemeral_pub_len) &&
		  arg_hex(req->args, "signature", &sig, &in.signature_len);

	in.new_ephemeral_pub = pub;
	in.signature = sig;
	if (ok)
		err = wzp_rekey_accept(new_key, peer, &in, sid, cur, own, req->profile);
	if (ok && err == WZP_OK) {
		wzp_media_key_init(&k, new_key);
		*result = json_pack("{s:o, s:o}", "new_key", json_hex(new_key, sizeof new_key),
				    "new_session_id", json_hex(k.session_id, 4));
		wzp_media_key_wipe(&k);
		sodium_memzero(new_key, sizeof new_key);
	}
	sodium_memzero(cur, sizeof cur);
	sodium_memzero(own, sizeof own);
	free(pub);
	free(sig);
	return !ok ? "bad_request" : err == WZP_OK ? NULL : wzp_err_name(err);
}

struct room_args {
	uint8_t pair_key[WZP_MEDIA_KEY_SIZE];
	uint8_t sender_fp[WZP_FINGERPRINT_SIZE], recipient_fp[WZP_FINGERPRINT_SIZE];
	uint64_t role;
};

static bool room_args(const json_t *args, struct room_args *a)
{
	return arg_hex_exact(args, "pair_key", a->pair_key, sizeof a->pair_key) &&
	       arg_hex_exact(args, "sender_fp", a->sender_fp, sizeof a->sender_fp) &&
	       arg_hex_exact(args, "recipient_fp", a->recipient_fp, sizeof a->recipient_fp) &&
	       arg_uint(args, "sender_role", UINT8_MAX, &a->role) == NULL;
}

/* args: { pair_key, sender_role, generation, sender_fp, recipient_fp,
 * sender_key, next_index } result: { message } */
static const char *room_key_seal(const struct op_request *req, json_t **result)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE], msg[WZP_ROOM_KEY_MSG_SIZE];
	struct room_args a;
	uint64_t gen, next;

	if (!room_args(req->args, &a) ||
	    arg_uint(req->args, "generation", UINT32_MAX, &gen) != NULL ||
	    arg_uint(req->args, "next_index", UINT32_MAX, &next) != NULL ||
	    !arg_hex_exact(req->args, "sender_key", key, sizeof key))
		return "bad_request";
	wzp_room_key_seal(msg, a.pair_key, (uint8_t)a.role, (uint32_t)gen, a.sender_fp,
			  a.recipient_fp, key, (uint32_t)next);
	*result = json_pack("{s:o}", "message", json_hex(msg, sizeof msg));
	sodium_memzero(&a, sizeof a);
	sodium_memzero(key, sizeof key);
	return NULL;
}

/* args: { pair_key, sender_role, sender_fp, recipient_fp, message,
 * last_generation (optional) } result: { generation, sender_key, next_index } */
static const char *room_key_open(const struct op_request *req, json_t **result)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE], *msg = NULL;
	struct room_args a;
	uint64_t last = 0;
	uint32_t last32, gen, next;
	bool has_last = json_object_get(req->args, "last_generation") != NULL;
	enum wzp_err err;
	size_t len;

	if (!room_args(req->args, &a) || !arg_hex(req->args, "message", &msg, &len) ||
	    (has_last && arg_uint(req->args, "last_generation", UINT32_MAX, &last) != NULL)) {
		free(msg);
		return "bad_request";
	}
	last32 = (uint32_t)last;
	err = wzp_room_key_open(key, &gen, &next, a.pair_key, (uint8_t)a.role, a.sender_fp,
				a.recipient_fp, msg, len, has_last ? &last32 : NULL);
	if (err == WZP_OK)
		*result = json_pack("{s:I, s:o, s:I}", "generation", (json_int_t)gen,
				    "sender_key", json_hex(key, sizeof key), "next_index",
				    (json_int_t)next);
	sodium_memzero(&a, sizeof a);
	sodium_memzero(key, sizeof key);
	free(msg);
	return err == WZP_OK ? NULL : wzp_err_name(err);
}

static const struct op ops[] = {
	{ "protect.media.seal", media_seal },
	{ "protect.media.receive", media_receive },
	{ "protect.replay.run", replay_run },
	{ "protect.rekey.due", rekey_due },
	{ "protect.rekey.sign", rekey_sign },
	{ "protect.rekey.accept", rekey_accept },
	{ "protect.room_key.seal", room_key_seal },
	{ "protect.room_key.open", room_key_open },
};

const struct op_table ops_protect_table = OP_TABLE(ops);
