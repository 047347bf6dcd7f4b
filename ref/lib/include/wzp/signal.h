/* signal.h: SignalMessage, the JSON messages carried one per QUIC stream
 * (spec/02-wire.md 2.9).
 *
 * The message set and every field's type and presence rule are one table
 * (signal_schema.c). Parsing checks a message against the table for the
 * profile and produces its canonical form: the JSON value serde_json would
 * write after reading it (defaults filled in, skipped fields left out,
 * unknown fields dropped, binary32 reals in shortest form).
 * wzp_signal_serialize prints that form byte for byte as serde_json does.
 *
 * Ownership: a parsed wzp_signal owns its canonical JSON (jansson); release
 * it with wzp_signal_clear. wzp_signal_serialize returns a malloc'd string
 * the caller frees. Nothing else allocates. On error *s is left empty.
 */
#ifndef WZP_SIGNAL_H
#define WZP_SIGNAL_H

#include <jansson.h>
#include <stddef.h>

#include "wzp/error.h"
#include "wzp/profile.h"

#define WZP_SIGNAL_MAX_DEPTH 8 /* FederatedSignalForward nesting */

struct wzp_signal {
	int variant;  /* index into the schema, see wzp_signal_variant_name */
	json_t *json; /* canonical form: "Name" or {"Name":{...}}; owned */
};

enum wzp_err wzp_signal_parse(struct wzp_signal *s, const char *text, size_t len,
			      enum wzp_profile profile);
/* The same checks on a JSON value already in memory (borrowed). */
enum wzp_err wzp_signal_from_json(struct wzp_signal *s, const json_t *value,
				  enum wzp_profile profile);
char *wzp_signal_serialize(const struct wzp_signal *s, size_t *len);
/* A message built in memory, checked and printed in canonical form:
 * value (consumed, may be NULL) through wzp_signal_from_json, then
 * wzp_signal_serialize. NULL when it is not a valid message or on no memory. */
char *wzp_signal_text(json_t *value, enum wzp_profile profile, size_t *len);
void wzp_signal_clear(struct wzp_signal *s);

const char *wzp_signal_variant_name(int variant);

/* featherChat (spec/02-wire.md 2.9.6): the CallSignalType a message is
 * carried as, and the WzpCallPayload {"signal", "relay_addr", "room"}
 * around it, parsed into its canonical form (*canonical is owned by the
 * caller: json_decref) and printed as serde prints it. */
const char *wzp_signal_call_type(const struct wzp_signal *s);
enum wzp_err wzp_call_payload_parse(json_t **canonical, const char *text, size_t len,
				    enum wzp_profile profile);
char *wzp_call_payload_serialize(const json_t *canonical, size_t *len);
/* The variant's fields (borrowed from s), NULL for a unit variant. */
const json_t *wzp_signal_fields(const struct wzp_signal *s);

#endif
