/* hop.c: CallOffer and CallAnswer between a client and the relay (hop.h). */
#include <string.h>

#include "hop.h"
#include "wzp/signal.h"

#define OFFERED_MAX 16 /* more offered profiles than this: unknown_quality_profile */

static const char *const codec_names[] = {
	"Opus24k", "Opus16k", "Opus6k", "Codec2_3200", "Codec2_1200", "ComfortNoise",
};
#define CODEC_COUNT (sizeof codec_names / sizeof codec_names[0])

static json_t *bytes_json(const uint8_t *b, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		json_array_append_new(a, json_integer(b[i]));
	return a;
}

static json_t *profile_json(const struct wzp_quality_profile *p)
{
	return json_pack("{s:s, s:f, s:i, s:i}", "codec", codec_names[p->codec_id], "fec_ratio",
			 (double)p->fec_ratio, "frame_duration_ms", p->frame_duration_ms,
			 "frames_per_block", p->frames_per_block);
}

static void add_signed(json_t *fields, const struct wzp_signed_ephemeral *s)
{
	json_object_set_new(fields, "identity_pub", bytes_json(s->identity_pub, WZP_KEY_SIZE));
	json_object_set_new(fields, "ephemeral_pub", bytes_json(s->ephemeral_pub, WZP_KEY_SIZE));
	json_object_set_new(fields, "signature", bytes_json(s->signature, WZP_SIGNATURE_SIZE));
}

char *hop_offer_text(const struct wzp_identity *id, const uint8_t eph_secret[WZP_KEY_SIZE],
		     const char *alias, enum wzp_profile profile, size_t *len)
{
	const struct wzp_quality_profile *offered[] = {
		&WZP_QUALITY_GOOD, &WZP_QUALITY_DEGRADED, &WZP_QUALITY_CATASTROPHIC,
	};
	struct wzp_signed_ephemeral s;
	json_t *fields = json_object(), *list = json_array();

	wzp_handshake_sign(&s, id, eph_secret, WZP_ROLE_OFFER);
	add_signed(fields, &s);
	for (size_t i = 0; i < 3; i++)
		json_array_append_new(list, profile_json(offered[i]));
	json_object_set_new(fields, "supported_profiles", list);
	if (alias != NULL && profile == WZP_PROFILE_V1)
		json_object_set_new(fields, "alias", json_string(alias));
	return wzp_signal_text(json_pack("{s:o}", "CallOffer", fields), profile, len);
}

/* A byte array field into buf (room for cap); its length, or cap + 1 when
 * it is longer (the core then refuses it with bad_length). */
static size_t bytes_from(const json_t *fields, const char *name, uint8_t *buf, size_t cap)
{
	const json_t *a = json_object_get(fields, name);
	size_t n = json_array_size(a);

	if (n > cap)
		return cap + 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)json_integer_value(json_array_get(a, i));
	return n;
}

struct signed_buf {
	uint8_t id[WZP_KEY_SIZE], eph[WZP_KEY_SIZE], sig[WZP_SIGNATURE_SIZE];
	struct wzp_signed_ephemeral_in in;
};

static void signed_from(struct signed_buf *b, const json_t *fields)
{
	b->in = (struct wzp_signed_ephemeral_in){
		b->id, bytes_from(fields, "identity_pub", b->id, sizeof b->id),
		b->eph, bytes_from(fields, "ephemeral_pub", b->eph, sizeof b->eph),
		b->sig, bytes_from(fields, "signature", b->sig, sizeof b->sig),
	};
}

/* A canonical QualityProfile object (the schema checked its fields). */
static void profile_from(const json_t *j, struct wzp_quality_profile *p)
{
	const char *codec = json_string_value(json_object_get(j, "codec"));

	p->codec_id = 0;
	for (size_t i = 0; i < CODEC_COUNT; i++)
		if (strcmp(codec, codec_names[i]) == 0)
			p->codec_id = (uint8_t)i;
	p->fec_ratio = (float)json_number_value(json_object_get(j, "fec_ratio"));
	p->frame_duration_ms = (uint8_t)json_integer_value(json_object_get(j, "frame_duration_ms"));
	p->frames_per_block = (uint8_t)json_integer_value(json_object_get(j, "frames_per_block"));
}

static char *answer_text(const struct wzp_handshake_accepted *acc, enum wzp_profile profile,
			 size_t *len)
{
	json_t *fields = json_object();

	add_signed(fields, &acc->answer);
	json_object_set_new(fields, "chosen_profile", profile_json(&acc->chosen));
	return wzp_signal_text(json_pack("{s:o}", "CallAnswer", fields), profile, len);
}

static void member_from(struct hop_member *who, const json_t *fields, const uint8_t id[32])
{
	const char *alias = json_string_value(json_object_get(fields, "alias"));

	wzp_fingerprint(who->fingerprint, id);
	who->alias[0] = '\0';
	if (alias != NULL) {
		strncpy(who->alias, alias, HOP_ALIAS_MAX - 1);
		who->alias[HOP_ALIAS_MAX - 1] = '\0';
	}
}

enum wzp_err hop_accept(char **answer, size_t *len, struct hop_member *who,
			const struct wzp_identity *relay, const uint8_t eph_secret[WZP_KEY_SIZE],
			const json_t *offer_fields, enum wzp_profile profile)
{
	const json_t *list = json_object_get(offer_fields, "supported_profiles");
	struct wzp_quality_profile offered[OFFERED_MAX];
	struct wzp_handshake_accepted acc;
	struct signed_buf b;
	enum wzp_err err;

	signed_from(&b, offer_fields);
	if (json_array_size(list) > OFFERED_MAX)
		return WZP_ERR_UNKNOWN_QUALITY_PROFILE;
	for (size_t i = 0; i < json_array_size(list); i++)
		profile_from(json_array_get(list, i), &offered[i]);
	err = wzp_handshake_accept(&acc, relay, eph_secret, &b.in, offered, json_array_size(list),
				   profile);
	if (err != WZP_OK)
		return err;
	wzp_session_keys_wipe(&acc.keys);
	if ((*answer = answer_text(&acc, profile, len)) == NULL)
		return WZP_ERR_NO_MEMORY;
	member_from(who, offer_fields, b.id);
	return WZP_OK;
}

enum wzp_err hop_finish(uint8_t relay_fp[WZP_FINGERPRINT_SIZE],
			const uint8_t eph_secret[WZP_KEY_SIZE], const json_t *answer_fields,
			enum wzp_profile profile)
{
	const struct wzp_quality_profile offered[] = {
		WZP_QUALITY_GOOD, WZP_QUALITY_DEGRADED, WZP_QUALITY_CATASTROPHIC,
	};
	struct wzp_quality_profile chosen;
	struct wzp_handshake_finished fin;
	struct signed_buf b;
	enum wzp_err err;

	signed_from(&b, answer_fields);
	profile_from(json_object_get(answer_fields, "chosen_profile"), &chosen);
	err = wzp_handshake_finish(&fin, eph_secret, &b.in, &chosen, offered, 3, profile);
	if (err != WZP_OK)
		return err;
	wzp_session_keys_wipe(&fin.keys);
	wzp_fingerprint(relay_fp, b.id);
	return WZP_OK;
}
