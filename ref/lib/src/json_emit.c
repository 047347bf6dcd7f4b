/* json_emit.c: see json_emit.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_emit.h"
#include "wzp/trace.h"

struct text {
	char *buf;
	size_t len, cap;
	int failed;
};

static void put(struct text *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->cap + n + 1) * 2;
		char *grown = realloc(t->buf, cap);

		if (grown == NULL) {
			t->failed = 1;
			return;
		}
		t->buf = grown;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void put_str(struct text *t, const char *s)
{
	put(t, s, strlen(s));
}

static void put_escaped(struct text *t, const char *s, size_t n)
{
	static const char *const short_forms[32] = {
		['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n", ['\f'] = "\\f", ['\r'] = "\\r",
	};
	char seq[8];

	put(t, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			put(t, "\\", 1);
			put(t, s + i, 1);
		} else if (c < 0x20) {
			snprintf(seq, sizeof seq, "\\u%04x", WZP_VALUE("WZP-WIRE-076", c));
			put_str(t, short_forms[c] ? short_forms[c] : seq);
		} else {
			put(t, s + i, 1);
		}
	}
	put(t, "\"", 1);
}

double wzp_json_f32_shortest(float value)
{
	char digits[32];

	for (int precision = 1; precision <= 9; precision++) {
		snprintf(digits, sizeof digits, "%.*g", precision, (double)value);
		if (strtof(digits, NULL) == value)
			break;
	}
	return strtod(digits, NULL);
}

static void put_real(struct text *t, double value)
{
	char digits[40];

	snprintf(digits, sizeof digits, "%.9g", value);
	put_str(t, digits);
	if (strpbrk(digits, ".e") == NULL)
		put_str(t, ".0");
}

static void emit(struct text *t, const json_t *v);

static void emit_object(struct text *t, const json_t *v)
{
	const char *key;
	json_t *member;
	int first = 1;

	put(t, "{", 1);
	json_object_foreach((json_t *)v, key, member) {
		if (!first)
			put(t, ",", 1);
		first = 0;
		put_escaped(t, key, strlen(key));
		put(t, ":", 1);
		emit(t, member);
	}
	put(t, "}", 1);
}

static void emit_array(struct text *t, const json_t *v)
{
	put(t, "[", 1);
	for (size_t i = 0; i < json_array_size(v); i++) {
		if (i > 0)
			put(t, ",", 1);
		emit(t, json_array_get(v, i));
	}
	put(t, "]", 1);
}

static void emit(struct text *t, const json_t *v)
{
	char number[32];

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		emit_object(t, v);
		break;
	case JSON_ARRAY:
		emit_array(t, v);
		break;
	case JSON_STRING:
		put_escaped(t, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT,
			 WZP_VALUE("WZP-WIRE-076", json_integer_value(v)));
		put_str(t, number);
		break;
	case JSON_REAL:
		put_real(t, json_real_value(v));
		break;
	case JSON_TRUE:
		put_str(t, "true");
		break;
	case JSON_FALSE:
		put_str(t, "false");
		break;
	case JSON_NULL:
		put_str(t, "null");
		break;
	}
}

char *wzp_json_emit(const json_t *value, size_t *len)
{
	struct text t = { 0 };

	put(&t, "", 0);
	emit(&t, value);
	if (t.failed) {
		free(t.buf);
		return NULL;
	}
	*len = t.len;
	return t.buf;
}
