/* relay_seed.h: the relay's persistent Ed25519 identity (spec/08-relay.md
 * 8.3, WZP-RELAY-025, decision 0063).
 *
 * relay_seed_open(dir) reads DIR/relay-seed (64 hex digits, a newline
 * allowed after them) when it exists; otherwise it draws 32 bytes from
 * the system CSPRNG (libsodium) and writes them there with mode 0600,
 * never replacing a file. With dir NULL the seed is fresh and kept
 * nowhere, as upstream does at every start. The identity is derived from
 * the seed (wzp/identity.h); the seed itself is wiped.
 *
 * Contract: returns 0 and fills *id (a secret: the caller wipes it with
 * wzp_identity_wipe) and *created (1: made by this call), or -1 with a
 * message on stderr (unreadable, unwritable, or not 64 hex digits).
 */
#ifndef WZP_RELAY_SEED_H
#define WZP_RELAY_SEED_H

#include "wzp/identity.h"

int relay_seed_open(struct wzp_identity *id, int *created, const char *dir);

#endif
