/* relay_acl.h: the room access list of --acl (spec/08-relay.md
 * WZP-RELAY-032).
 *
 * Text, one room a line: the room key (32 lowercase hex characters or
 * "default", relay_sni.h), then one or more fingerprints (either text
 * form, wzp/fingerprint.h), separated by spaces or tabs. Blank lines and
 * lines starting with '#' are skipped. A room listed admits only its
 * fingerprints; a room not listed admits anyone.
 *
 * Contract: relay_acl_parse() reads len bytes (no NUL needed) into *acl
 * and returns 0, or -1 with *bad_line the 1-based line at fault (a bad
 * room key, a bad fingerprint, a room without fingerprints, a room listed
 * twice, more than RELAY_ACL_MAX entries, or no memory); *acl is left
 * empty on failure. relay_acl_clear() frees it; a zeroed acl is
 * empty and admits anyone.
 */
#ifndef WZP_RELAY_ACL_H
#define WZP_RELAY_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relay_sni.h"
#include "wzp/fingerprint.h"

#define RELAY_ACL_MAX 65536 /* rooms plus fingerprints */

struct relay_acl_room {
	char room[RELAY_ROOM_KEY_MAX];
	size_t count;
	uint8_t (*fingerprints)[WZP_FINGERPRINT_SIZE];
};

struct relay_acl {
	struct relay_acl_room *rooms;
	size_t count;
};

int relay_acl_parse(struct relay_acl *acl, const char *text, size_t len, unsigned *bad_line);
bool relay_acl_allows(const struct relay_acl *acl, const char *room,
		      const uint8_t fp[WZP_FINGERPRINT_SIZE]);
void relay_acl_clear(struct relay_acl *acl);

#endif
