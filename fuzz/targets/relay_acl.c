/* Fuzz target: the relay's --acl text (ref/relay/relay_acl.h). An
 * accepted list admits each listed fingerprint to its room and names
 * only valid room keys; a refused one names its line and is left empty.
 * seed-ops: */
#include <stdlib.h>
#include <string.h>

#include "relay_acl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct relay_acl acl;
	unsigned line = 0;
	char key[RELAY_ROOM_KEY_MAX];

	if (relay_acl_parse(&acl, (const char *)data, size, &line) != 0) {
		if (line == 0 || acl.count != 0 || acl.rooms != NULL)
			abort();
		return 0;
	}
	for (size_t i = 0; i < acl.count; i++) {
		const struct relay_acl_room *r = &acl.rooms[i];

		if (r->count == 0 || relay_sni_classify(r->room, key) != RELAY_SNI_ROOM ||
		    strcmp(key, r->room) != 0)
			abort();
		for (size_t k = 0; k < r->count; k++)
			if (!relay_acl_allows(&acl, r->room, r->fingerprints[k]))
				abort();
	}
	relay_acl_clear(&acl);
	return 0;
}
