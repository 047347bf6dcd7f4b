/* signal.c: spec/02-wire.md 2.9 "SignalMessage". Checks a JSON value
 * against the table in signal_schema.c and builds its canonical form. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json_emit.h"
#include "signal_schema.h"
#include "wzp/signal.h"
#include "wzp/trace.h"

struct walk {
	unsigned profile_bit;
	int depth;
};

static enum wzp_err canon_signal(const json_t *v, struct walk *w, int *variant, json_t **out);
static enum wzp_err canon_value(const struct type_desc *t, const json_t *v, struct walk *w,
				json_t **out);

static unsigned profile_bit(enum wzp_profile profile)
{
	return profile == WZP_PROFILE_V1 ? IN_V1 : IN_UPSTREAM;
}

/* WZP-WIRE-073: integers are JSON integers within the field's range;
 * WZP-WIRE-074: u64 stops at 2^63-1, where jansson does. */
static enum wzp_err canon_uint(const json_t *v, json_int_t max, json_t **out)
{
	WZP_REJECT("WZP-WIRE-073", !json_is_integer(v), WZP_ERR_FIELD_TYPE);
	WZP_REJECT("WZP-WIRE-073", json_integer_value(v) < 0 || json_integer_value(v) > max,
		   WZP_ERR_FIELD_RANGE);
	*out = json_integer(WZP_VALUE("WZP-WIRE-073", json_integer_value(v)));
	return WZP_OK;
}

/* WZP-WIRE-073: a binary32, read as serde does (the number as a double,
 * then rounded to binary32); it must stay finite. */
static enum wzp_err canon_f32(const json_t *v, json_t **out)
{
	float f;

	WZP_REJECT("WZP-WIRE-073", !json_is_number(v), WZP_ERR_FIELD_TYPE);
	f = (float)json_number_value(v);
	WZP_REJECT("WZP-WIRE-073", !isfinite(f), WZP_ERR_FIELD_RANGE);
	*out = json_real(wzp_json_f32_shortest(f));
	return WZP_OK;
}

static enum wzp_err canon_enum(const char *const *names, const json_t *v, json_t **out)
{
	size_t i = 0;

	WZP_REJECT("WZP-WIRE-073", !json_is_string(v), WZP_ERR_FIELD_TYPE);
	while (names[i] != NULL && strcmp(names[i], json_string_value(v)) != 0)
		i++;
	WZP_REJECT("WZP-WIRE-073", names[i] == NULL, WZP_ERR_FIELD_RANGE);
	*out = json_string(names[i]);
	return WZP_OK;
}

static enum wzp_err canon_list(const struct type_desc *t, const json_t *v, struct walk *w,
			       json_t **out)
{
	json_t *list;

	WZP_REJECT("WZP-WIRE-073", !json_is_array(v), WZP_ERR_FIELD_TYPE);
	WZP_REJECT("WZP-WIRE-073", t->length != 0 && json_array_size(v) != t->length,
		   WZP_ERR_ARRAY_LENGTH);
	list = json_array();
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *elem;
		enum wzp_err err = canon_value(t->elem, json_array_get(v, i), w, &elem);

		if (err != WZP_OK) {
			json_decref(list);
			return err;
		}
		json_array_append_new(list, elem);
	}
	*out = list;
	return WZP_OK;
}

/* The value serde gives a #[serde(default)] field that is missing. */
static json_t *empty_value(const struct type_desc *t)
{
	switch (t->kind) {
	case K_LIST:
		return json_array();
	case K_STRING:
		return json_string("");
	case K_BOOL:
		return json_false();
	default:
		return json_integer(0);
	}
}

/* WZP-WIRE-072: one field by its presence rule; *out stays NULL when the
 * canonical form leaves the field out. */
static enum wzp_err canon_field(const struct field *f, const json_t *obj, struct walk *w,
				json_t **out)
{
	const json_t *v = json_object_get(obj, f->name);
	bool option = f->rule == OPTION || f->rule == OPTION_SKIP;
	enum wzp_err err;

	*out = NULL;
	if (v == NULL || (option && json_is_null(v))) {
		WZP_REJECT("WZP-WIRE-072", f->rule == REQUIRED, WZP_ERR_MISSING_FIELD);
		if (f->rule == OPTION)
			*out = json_null();
		else if (f->rule == DEFAULT)
			*out = empty_value(f->type);
		return WZP_OK;
	}
	err = canon_value(f->type, v, w, out);
	if (err == WZP_OK && f->rule == DEFAULT_SKIP_EMPTY && json_array_size(*out) == 0) {
		json_decref(*out);
		*out = NULL;
	}
	return err;
}

/* WZP-WIRE-072, WZP-WIRE-075: the profile's fields in declaration order;
 * members the table does not name are dropped. */
static enum wzp_err canon_struct(const struct struct_desc *st, const json_t *v, struct walk *w,
				 json_t **out)
{
	json_t *obj;

	WZP_REJECT("WZP-WIRE-072", !json_is_object(v), WZP_ERR_FIELD_TYPE);
	obj = json_object();
	for (size_t i = 0; i < st->count; i++) {
		const struct field *f = &st->fields[i];
		json_t *value;
		enum wzp_err err;

		if (!(f->profiles & w->profile_bit))
			continue;
		err = canon_field(f, v, w, &value);
		if (err != WZP_OK) {
			json_decref(obj);
			return err;
		}
		if (value != NULL)
			json_object_set_new(obj, f->name, value);
	}
	*out = obj;
	return WZP_OK;
}

static enum wzp_err canon_nested(const json_t *v, struct walk *w, json_t **out)
{
	int variant;
	enum wzp_err err;

	WZP_REJECT("WZP-WIRE-075", w->depth >= WZP_SIGNAL_MAX_DEPTH, WZP_ERR_FIELD_RANGE);
	w->depth++;
	err = canon_signal(v, w, &variant, out);
	w->depth--;
	return err;
}

static enum wzp_err canon_value(const struct type_desc *t, const json_t *v, struct walk *w,
				json_t **out)
{
	switch (t->kind) {
	case K_U8:
		return canon_uint(v, UINT8_MAX, out);
	case K_U32:
		return canon_uint(v, UINT32_MAX, out);
	case K_U64:
		return canon_uint(v, INT64_MAX, out);
	case K_BOOL:
		WZP_REJECT("WZP-WIRE-073", !json_is_boolean(v), WZP_ERR_FIELD_TYPE);
		*out = json_boolean(json_is_true(v));
		return WZP_OK;
	case K_STRING:
		WZP_REJECT("WZP-WIRE-073", !json_is_string(v), WZP_ERR_FIELD_TYPE);
		*out = json_stringn(json_string_value(v), json_string_length(v));
		return WZP_OK;
	case K_F32:
		return canon_f32(v, out);
	case K_ENUM:
		return canon_enum(t->names, v, out);
	case K_LIST:
		return canon_list(t, v, w, out);
	case K_STRUCT:
		return canon_struct(t->st, v, w, out);
	case K_SIGNAL:
		return canon_nested(v, w, out);
	}
	return WZP_ERR_FIELD_TYPE;
}

/* WZP-WIRE-071: the variant by name, among those of the profile. */
static int find_variant(const char *name, unsigned bit)
{
	for (size_t i = 0; i < signal_variant_count; i++)
		if ((signal_variants[i].profiles & bit) && strcmp(signal_variants[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* WZP-WIRE-070: "Name" for a unit variant, {"Name":null} too; {"Name":{..}}
 * for a struct variant. */
static enum wzp_err canon_signal(const json_t *v, struct walk *w, int *variant, json_t **out)
{
	const char *name = json_is_string(v) ? json_string_value(v) : NULL;
	const json_t *body = NULL;
	const struct variant *var;
	json_t *fields;
	enum wzp_err err;

	if (json_is_object(v) && json_object_size(v) == 1) {
		name = json_object_iter_key(json_object_iter((json_t *)v));
		body = json_object_get(v, name);
	}
	WZP_REJECT("WZP-WIRE-070", name == NULL, WZP_ERR_BAD_ENVELOPE);
	*variant = find_variant(name, w->profile_bit);
	WZP_REJECT("WZP-WIRE-071", *variant < 0, WZP_ERR_UNKNOWN_VARIANT);
	var = &signal_variants[*variant];
	if (var->st == NULL) {
		WZP_REJECT("WZP-WIRE-070", body != NULL && !json_is_null(body), WZP_ERR_FIELD_TYPE);
		*out = json_string(var->name);
		return WZP_OK;
	}
	WZP_REJECT("WZP-WIRE-070", body == NULL, WZP_ERR_FIELD_TYPE);
	err = canon_struct(var->st, body, w, &fields);
	if (err == WZP_OK)
		*out = json_pack("{s:o}", var->name, fields);
	return err;
}

enum wzp_err wzp_signal_from_json(struct wzp_signal *s, const json_t *value,
				  enum wzp_profile profile)
{
	struct walk w = { profile_bit(profile), 0 };

	s->json = NULL;
	return canon_signal(value, &w, &s->variant, &s->json);
}

/* WZP-WIRE-075: text that is not JSON, a repeated key or a NUL in a string
 * is bad_json; a number past what 64-bit integers or doubles hold is
 * field_range. */
static enum wzp_err load(const char *text, size_t len, json_t **value)
{
	json_error_t error;

	*value = json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &error);
	if (*value != NULL)
		return WZP_OK;
	WZP_REJECT("WZP-WIRE-074", json_error_code(&error) == json_error_numeric_overflow,
		   WZP_ERR_FIELD_RANGE);
	return WZP_ERR_BAD_JSON;
}

enum wzp_err wzp_signal_parse(struct wzp_signal *s, const char *text, size_t len,
			      enum wzp_profile profile)
{
	json_t *value;
	enum wzp_err err = load(text, len, &value);

	s->json = NULL;
	if (err != WZP_OK)
		return err;
	err = wzp_signal_from_json(s, value, profile);
	json_decref(value);
	return err;
}

/* WZP-WIRE-081 */
const char *wzp_signal_call_type(const struct wzp_signal *s)
{
	return signal_variants[WZP_VALUE("WZP-WIRE-081", s->variant)].call_signal_type;
}

/* WZP-WIRE-080: featherChat's WzpCallPayload. */
static const struct type_desc t_signal = { .kind = K_SIGNAL };
static const struct type_desc t_string = { .kind = K_STRING };
static const struct field call_payload_fields[] = {
	{ "signal", &t_signal, REQUIRED, IN_BOTH },
	{ "relay_addr", &t_string, OPTION, IN_BOTH },
	{ "room", &t_string, OPTION, IN_BOTH },
};
static const struct struct_desc call_payload = { call_payload_fields, 3 };

enum wzp_err wzp_call_payload_parse(json_t **canonical, const char *text, size_t len,
				    enum wzp_profile profile)
{
	struct walk w = { WZP_VALUE("WZP-WIRE-080", profile_bit(profile)), 0 };
	json_t *value;
	enum wzp_err err = load(text, len, &value);

	*canonical = NULL;
	if (err != WZP_OK)
		return err;
	err = canon_struct(&call_payload, value, &w, canonical);
	json_decref(value);
	return err;
}

char *wzp_call_payload_serialize(const json_t *canonical, size_t *len)
{
	return wzp_json_emit(canonical, len);
}

/* WZP-WIRE-076 */
char *wzp_signal_serialize(const struct wzp_signal *s, size_t *len)
{
	return wzp_json_emit(s->json, len);
}

char *wzp_signal_text(json_t *value, enum wzp_profile profile, size_t *len)
{
	struct wzp_signal s = { 0 };
	char *text = NULL;

	if (value != NULL && wzp_signal_from_json(&s, value, profile) == WZP_OK)
		text = wzp_signal_serialize(&s, len);
	wzp_signal_clear(&s);
	json_decref(value);
	return text;
}

void wzp_signal_clear(struct wzp_signal *s)
{
	json_decref(s->json);
	s->json = NULL;
}

const char *wzp_signal_variant_name(int variant)
{
	if (variant < 0 || (size_t)variant >= signal_variant_count)
		return NULL;
	return signal_variants[variant].name;
}

const json_t *wzp_signal_fields(const struct wzp_signal *s)
{
	if (!json_is_object(s->json))
		return NULL;
	return json_object_get(s->json, signal_variants[s->variant].name);
}
