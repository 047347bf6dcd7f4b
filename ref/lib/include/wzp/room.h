/* room.h: the hashed room name (spec/05-crypto.md 5.1, WZP-CRYPTO-012).
 *
 * The first 16 bytes of SHA-256("featherchat-group:" || name) as 32
 * lowercase hex digits and a NUL. name is len bytes of UTF-8, hashed as
 * given: no trimming, case folding or Unicode normalization. Cannot fail.
 */
#ifndef WZP_ROOM_H
#define WZP_ROOM_H

#include <stddef.h>
#include <stdint.h>

#define WZP_ROOM_HASH_LEN 32

void wzp_room_hash(char out[WZP_ROOM_HASH_LEN + 1], const uint8_t *name, size_t len);

#endif
