/* signal_schema.h: the types the signal table is written in (internal). */
#ifndef WZP_SIGNAL_SCHEMA_H
#define WZP_SIGNAL_SCHEMA_H

#include <stddef.h>

enum kind {
	K_U8,
	K_U32,
	K_U64,     /* 0 .. 2^63-1 here; see WZP-WIRE-074 */
	K_BOOL,
	K_STRING,
	K_F32,
	K_ENUM,    /* a string from names[] */
	K_LIST,    /* a JSON array of elem; length fixed when nonzero */
	K_STRUCT,  /* a JSON object with the fields of st */
	K_SIGNAL,  /* a whole SignalMessage, nested */
};

struct struct_desc;

struct type_desc {
	enum kind kind;
	const struct type_desc *elem;     /* K_LIST */
	size_t length;                    /* K_LIST: 0 for any */
	const struct struct_desc *st;     /* K_STRUCT */
	const char *const *names;         /* K_ENUM, NULL-terminated */
};

/* How serde reads a missing field and when it leaves one out. */
enum rule {
	REQUIRED,           /* T: missing is an error; always written */
	OPTION,             /* Option<T>: missing or null is None; written as null */
	OPTION_SKIP,        /* Option<T>, skip_serializing_if none: None is left out */
	DEFAULT,            /* #[serde(default)] T: missing is the empty value; always written */
	DEFAULT_SKIP_EMPTY, /* #[serde(default)] Vec<T>, skipped when empty */
};

#define IN_V1 1u
#define IN_UPSTREAM 2u
#define IN_BOTH (IN_V1 | IN_UPSTREAM)

struct field {
	const char *name;
	const struct type_desc *type;
	enum rule rule;
	unsigned profiles;
};

struct struct_desc {
	const struct field *fields;
	size_t count;
};

struct variant {
	const char *name;
	const struct struct_desc *st; /* NULL: a unit variant */
	unsigned profiles;
	const char *call_signal_type; /* featherChat's CallSignalType for it */
};

extern const struct variant signal_variants[];
extern const size_t signal_variant_count;

#endif
