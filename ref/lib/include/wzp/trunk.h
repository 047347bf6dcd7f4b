/* trunk.h: TrunkFrame, several sessions' media frames in one datagram
 * (spec/02-wire.md 2.8).
 *
 *   [count BE16] then count entries of [session_id 2][len BE16][payload len]
 *
 * In wzp/1 the frame follows the escape byte 0x3C (compact.h), carries 1 to
 * WZP_TRUNK_MAX_ENTRIES non-empty entries and ends exactly where its last
 * entry ends. The upstream-aa09275 profile accepts an empty frame and
 * ignores bytes after the last entry, as upstream does.
 *
 * Decoding is in two steps so that nothing allocates: wzp_trunk_decode
 * checks the whole frame and counts the entries; wzp_trunk_entry then
 * reads them in order, each call returning where the next one starts.
 * Entry payloads borrow from the input.
 */
#ifndef WZP_TRUNK_H
#define WZP_TRUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

#define WZP_TRUNK_ENTRY_OVERHEAD 4
#define WZP_TRUNK_MAX_ENTRIES 64

struct wzp_trunk_entry {
	uint8_t session_id[2];
	const uint8_t *payload; /* borrowed */
	uint16_t payload_len;
};

/* buf starts at the count field (after the escape byte in wzp/1). */
enum wzp_err wzp_trunk_decode(const uint8_t *buf, size_t len, enum wzp_profile profile,
			      uint16_t *count);
#define WZP_TRUNK_FIRST_ENTRY 2 /* offset of the first entry, after the count */

/* The entry at offset `at` of a frame wzp_trunk_decode accepted (start at
 * WZP_TRUNK_FIRST_ENTRY; call at most count times); returns the offset of
 * the next entry. */
size_t wzp_trunk_entry(const uint8_t *buf, size_t at, struct wzp_trunk_entry *entry);

/* Writes count and the entries; *written is the frame's length. */
enum wzp_err wzp_trunk_encode(uint8_t *out, size_t cap, size_t *written,
			      const struct wzp_trunk_entry *entries, size_t count,
			      enum wzp_profile profile);

#endif
