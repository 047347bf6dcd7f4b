/* relay_auth.h: AuthToken validation over HTTP (spec/08-relay.md
 * WZP-RELAY-022, -023, decision 0062), without blocking the relay's loop.
 *
 * relay_auth_start() POSTs {"token": T} (Content-Type application/json)
 * to the configured URL with libcurl's multi interface; the transfer is
 * driven from the relay's libev loop by a short timer while any request
 * is pending. When it ends, done(user, verdict, result) is called once
 * (relay_auth_reply.h); result is NULL unless the verdict is OK. A
 * request that has not ended within timeout_ms, one whose server cannot
 * be reached, and one whose body exceeds RELAY_AUTH_BODY_MAX end
 * RELAY_AUTH_UNAVAILABLE. Only http and https URLs are followed, and no
 * redirects.
 *
 * Contract: relay_auth_new() returns NULL when libcurl cannot be set up.
 * relay_auth_start() returns a handle, or NULL (out of memory: done is
 * then never called). relay_auth_cancel() drops a pending request
 * without calling done (a closed connection). relay_auth_free() cancels
 * everything left.
 */
#ifndef WZP_RELAY_AUTH_H
#define WZP_RELAY_AUTH_H

#include <ev.h>
#include <stdint.h>

#include "relay_auth_reply.h"

#define RELAY_AUTH_BODY_MAX 65536
#define RELAY_AUTH_TIMEOUT_MS 5000 /* upstream's 5 s */

struct relay_auth;
struct relay_auth_req;

typedef void (*relay_auth_done)(void *user, enum relay_auth_verdict v,
				const struct relay_auth_result *result);

struct relay_auth *relay_auth_new(struct ev_loop *loop, const char *url, uint64_t timeout_ms);
/* The fingerprint in the answer is read by profile's rules. */
struct relay_auth_req *relay_auth_start(struct relay_auth *a, const char *token,
					enum wzp_profile profile, relay_auth_done done, void *user);
void relay_auth_cancel(struct relay_auth *a, struct relay_auth_req *req);
void relay_auth_free(struct relay_auth *a);

#endif
