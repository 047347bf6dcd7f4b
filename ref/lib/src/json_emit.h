/* json_emit.h: compact JSON text exactly as serde_json writes it
 * (internal; spec/02-wire.md 2.9.5).
 *
 * Objects keep their insertion order; strings escape '"', '\\' and the
 * control characters (\b \t \n \f \r short, others \u00xx in lower case),
 * nothing else; every real is a binary32 printed in its shortest
 * round-trip form, with ".0" added to integral values. Returns a malloc'd,
 * NUL-terminated string (the caller frees it) or NULL when out of memory.
 */
#ifndef WZP_JSON_EMIT_H
#define WZP_JSON_EMIT_H

#include <jansson.h>
#include <stddef.h>

char *wzp_json_emit(const json_t *value, size_t *len);

/* The shortest decimal that reads back as this binary32, as a double
 * (so that jansson stores, and the emitter prints, exactly those digits). */
double wzp_json_f32_shortest(float value);

#endif
