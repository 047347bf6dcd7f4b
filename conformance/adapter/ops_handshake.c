/* ops_handshake.c: the signed handshake, profile negotiation and the
 * session state machine (spec/05-crypto.md 5.2-5.3; ADAPTER.md "Crypto:
 * handshake and session"). Handlers never print secrets; they answer with what the
 * vectors check. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "json_args.h"
#include "ops.h"
#include "wzp/handshake.h"
#include "wzp/session.h"

#define MAX_OFFERED 64

/* "identity_seed" and "ephemeral_secret", 32 bytes each. */
static bool secrets_from_json(const json_t *args, uint8_t seed[WZP_SEED_SIZE],
			      uint8_t eph[WZP_KEY_SIZE])
{
	return arg_hex_exact(args, "identity_seed", seed, WZP_SEED_SIZE) &&
	       arg_hex_exact(args, "ephemeral_secret", eph, WZP_KEY_SIZE);
}

static const struct uint_field profile_uints[] = {
	{ "codec_id", UINT8_MAX }, { "frame_duration_ms", UINT8_MAX },
	{ "frames_per_block", UINT8_MAX },
};

static const char *profile_from_json(const json_t *j, struct wzp_quality_profile *p)
{
	uint64_t v[3];
	const char *err = arg_uints(j, profile_uints, 3, v);
	float fec;

	if (err != NULL)
		return err;
	if (!arg_f32(j, "fec_ratio", &fec))
		return "bad_request";
	*p = (struct wzp_quality_profile){ (uint8_t)v[0], fec, (uint8_t)v[1], (uint8_t)v[2] };
	return NULL;
}

static json_t *profile_to_json(const struct wzp_quality_profile *p)
{
	return json_pack("{s:i, s:o, s:i, s:i}", "codec_id", p->codec_id, "fec_ratio",
			 json_f32(p->fec_ratio), "frame_duration_ms", p->frame_duration_ms,
			 "frames_per_block", p->frames_per_block);
}

/* "offered_profiles": an array of up to MAX_OFFERED profiles. */
static const char *offered_from_json(const json_t *args, struct wzp_quality_profile *out,
				     size_t *n)
{
	json_t *list = json_object_get(args, "offered_profiles"), *item;
	size_t i;

	if (!json_is_array(list) || json_array_size(list) > MAX_OFFERED)
		return "bad_request";
	json_array_foreach(list, i, item) {
		const char *err = profile_from_json(item, &out[i]);

		if (err != NULL)
			return err;
	}
	*n = json_array_size(list);
	return NULL;
}

/* The received fields of a message; free them with signed_in_free. */
static bool signed_in_from_json(const json_t *j, struct wzp_signed_ephemeral_in *in)
{
	uint8_t *id = NULL, *eph = NULL, *sig = NULL;
	bool ok = arg_hex(j, "identity_pub", &id, &in->identity_pub_len) &&
		  arg_hex(j, "ephemeral_pub", &eph, &in->ephemeral_pub_len) &&
		  arg_hex(j, "signature", &sig, &in->signature_len);

	in->identity_pub = id;
	in->ephemeral_pub = eph;
	in->signature = sig;
	return ok;
}

static void signed_in_free(struct wzp_signed_ephemeral_in *in)
{
	free((void *)in->identity_pub);
	free((void *)in->ephemeral_pub);
	free((void *)in->signature);
}

static json_t *signed_to_json(const struct wzp_signed_ephemeral *s)
{
	return json_pack("{s:o, s:o, s:o}", "identity_pub", json_hex(s->identity_pub, WZP_KEY_SIZE),
			 "ephemeral_pub", json_hex(s->ephemeral_pub, WZP_KEY_SIZE),
			 "signature", json_hex(s->signature, WZP_SIGNATURE_SIZE));
}

static void add_keys(json_t *result, const struct wzp_session_keys *k)
{
	json_object_set_new(result, "shared_secret", json_hex(k->shared_secret, WZP_KEY_SIZE));
	json_object_set_new(result, "session_key", json_hex(k->session_key, WZP_KEY_SIZE));
	json_object_set_new(result, "session_id", json_hex(k->session_id, WZP_SESSION_ID_SIZE));
}

/* args: { role: "offer"|"answer", identity_seed, ephemeral_secret }
 * result: { identity_pub, ephemeral_pub, signature } */
static const char *handshake_sign(const struct op_request *req, json_t **result)
{
	uint8_t seed[WZP_SEED_SIZE], eph[WZP_KEY_SIZE];
	struct wzp_signed_ephemeral out;
	struct wzp_identity id;
	enum wzp_handshake_role role;
	const char *role_name;

	if (!arg_string(req->args, "role", &role_name) || !secrets_from_json(req->args, seed, eph))
		return "bad_request";
	if (strcmp(role_name, "offer") == 0)
		role = WZP_ROLE_OFFER;
	else if (strcmp(role_name, "answer") == 0)
		role = WZP_ROLE_ANSWER;
	else
		return "bad_request";
	wzp_identity_derive(&id, seed);
	wzp_handshake_sign(&out, &id, eph, role);
	*result = signed_to_json(&out);
	wzp_identity_wipe(&id);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(eph, sizeof eph);
	return NULL;
}

/* args: { identity_seed, ephemeral_secret, offer, offered_profiles }
 * result: the answer's fields, chosen_profile, shared_secret, session_key, session_id */
static const char *handshake_accept(const struct op_request *req, json_t **result)
{
	struct wzp_quality_profile offered[MAX_OFFERED];
	uint8_t seed[WZP_SEED_SIZE], eph[WZP_KEY_SIZE];
	struct wzp_signed_ephemeral_in offer = { 0 };
	struct wzp_handshake_accepted out;
	struct wzp_identity id;
	const char *bad = NULL;
	enum wzp_err err;
	size_t n = 0;

	if (!secrets_from_json(req->args, seed, eph)
	    || !signed_in_from_json(json_object_get(req->args, "offer"), &offer))
		bad = "bad_request";
	if (bad == NULL)
		bad = offered_from_json(req->args, offered, &n);
	if (bad != NULL) {
		signed_in_free(&offer);
		return bad;
	}
	wzp_identity_derive(&id, seed);
	err = wzp_handshake_accept(&out, &id, eph, &offer, offered, n, req->profile);
	signed_in_free(&offer);
	wzp_identity_wipe(&id);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(eph, sizeof eph);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = signed_to_json(&out.answer);
	json_object_set_new(*result, "chosen_profile", profile_to_json(&out.chosen));
	add_keys(*result, &out.keys);
	sodium_memzero(&out, sizeof out);
	return NULL;
}

/* args: { ephemeral_secret, answer, chosen_profile, offered_profiles }
 * result: { profile, shared_secret, session_key, session_id } */
static const char *handshake_finish(const struct op_request *req, json_t **result)
{
	struct wzp_quality_profile offered[MAX_OFFERED], chosen;
	struct wzp_signed_ephemeral_in answer = { 0 };
	struct wzp_handshake_finished out;
	uint8_t eph[WZP_KEY_SIZE];
	const char *bad = NULL;
	enum wzp_err err;
	size_t n = 0;

	if (!arg_hex_exact(req->args, "ephemeral_secret", eph, WZP_KEY_SIZE) ||
	    !signed_in_from_json(json_object_get(req->args, "answer"), &answer))
		bad = "bad_request";
	if (bad == NULL)
		bad = profile_from_json(json_object_get(req->args, "chosen_profile"), &chosen);
	if (bad == NULL)
		bad = offered_from_json(req->args, offered, &n);
	if (bad != NULL) {
		signed_in_free(&answer);
		return bad;
	}
	err = wzp_handshake_finish(&out, eph, &answer, &chosen, offered, n, req->profile);
	signed_in_free(&answer);
	sodium_memzero(eph, sizeof eph);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:o}", "profile", profile_to_json(&out.profile));
	add_keys(*result, &out.keys);
	sodium_memzero(&out, sizeof out);
	return NULL;
}

/* args: { offered_profiles }  result: { chosen_profile } */
static const char *choose_profile(const struct op_request *req, json_t **result)
{
	struct wzp_quality_profile offered[MAX_OFFERED], chosen;
	const char *bad;
	enum wzp_err err;
	size_t n = 0;

	bad = offered_from_json(req->args, offered, &n);
	if (bad != NULL)
		return bad;
	err = wzp_quality_profile_choose(&chosen, offered, n, req->profile);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*result = json_pack("{s:o}", "chosen_profile", profile_to_json(&chosen));
	return NULL;
}

static const char *const reason_names[] = {
	"", "LocalHangup", "RemoteHangup", "Timeout", "Error",
};

/* One event object: { event, now_ms, reason (Terminate only) }. */
static const char *event_from_json(const json_t *j, enum wzp_session_event *event,
				   enum wzp_close_reason *reason, uint64_t *now_ms)
{
	const char *name, *reason_name;
	const char *err = arg_uint(j, "now_ms", UINT64_MAX >> 11, now_ms);

	if (err != NULL)
		return err;
	if (!arg_string(j, "event", &name) || !wzp_session_event_from_name(name, event))
		return "bad_request";
	*reason = WZP_CLOSE_NONE;
	if (*event != WZP_EVENT_TERMINATE)
		return NULL;
	if (!arg_string(j, "reason", &reason_name))
		return "bad_request";
	for (size_t i = 1; i < sizeof reason_names / sizeof reason_names[0]; i++)
		if (strcmp(reason_name, reason_names[i]) == 0)
			*reason = (enum wzp_close_reason)i;
	return *reason == WZP_CLOSE_NONE ? "bad_request" : NULL;
}

/* args: { events: [...], query_ms }
 * result: { trace, state, rekey_count, media_active, time_in_state_ms } */
static const char *session_run(const struct op_request *req, json_t **result)
{
	json_t *events = json_object_get(req->args, "events"), *item, *trace;
	struct wzp_session s;
	uint64_t query_ms;
	const char *bad = arg_uint(req->args, "query_ms", UINT64_MAX >> 11, &query_ms);
	size_t i;

	if (bad != NULL)
		return bad;
	if (!json_is_array(events))
		return "bad_request";
	wzp_session_init(&s);
	trace = json_array();
	json_array_foreach(events, i, item) {
		enum wzp_session_event event;
		enum wzp_close_reason reason;
		uint64_t now_ms;
		enum wzp_err err;

		bad = event_from_json(item, &event, &reason, &now_ms);
		if (bad != NULL) {
			json_decref(trace);
			return bad;
		}
		err = wzp_session_transition(&s, event, reason, now_ms);
		json_array_append_new(trace, json_string(err == WZP_OK
								 ? wzp_session_state_name(s.state)
								 : wzp_err_name(err)));
	}
	*result = json_pack("{s:o, s:s, s:I, s:b, s:I}", "trace", trace,
			    "state", wzp_session_state_name(s.state),
			    "rekey_count", (json_int_t)s.rekey_count,
			    "media_active", wzp_session_media_active(&s),
			    "time_in_state_ms", (json_int_t)wzp_session_time_in_state_ms(&s, query_ms));
	return NULL;
}

static const struct op ops[] = {
	{ "crypto.handshake.sign", handshake_sign },
	{ "crypto.handshake.accept", handshake_accept },
	{ "crypto.handshake.finish", handshake_finish },
	{ "crypto.handshake.choose_profile", choose_profile },
	{ "crypto.session.run", session_run },
};

const struct op_table ops_handshake_table = OP_TABLE(ops);
