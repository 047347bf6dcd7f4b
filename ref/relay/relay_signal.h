/* relay_signal.h: what the relay does with one signal message it receives
 * (spec/08-relay.md 8.1, WZP-RELAY-015, -016).
 *
 * The body (the JSON of one stream, framing already removed) is parsed
 * for the connection's profile. A Ping gets a reply: a Pong with the same
 * timestamp_ms, serialised as serde would. Any other valid message needs
 * no reply.
 *
 * Contract: returns WZP_OK for a valid message, setting *variant to its
 * name (static) and *reply to NULL or a malloc'd reply of *reply_len
 * bytes the caller frees; or the parser's error for an invalid message,
 * with *variant NULL and *reply NULL.
 */
#ifndef WZP_RELAY_SIGNAL_H
#define WZP_RELAY_SIGNAL_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

enum wzp_err relay_signal_handle(const uint8_t *body, size_t len, enum wzp_profile profile,
				 const char **variant, char **reply, size_t *reply_len);

#endif
