/* room.c: spec/05-crypto.md 5.1, "Room names" (WZP-CRYPTO-012). */
#include <sodium.h>

#include "ct.h"
#include "wzp/room.h"
#include "wzp/trace.h"

static const char ROOM_PREFIX[] = "featherchat-group:";

void wzp_room_hash(char out[WZP_ROOM_HASH_LEN + 1], const uint8_t *name, size_t len)
{
	uint8_t digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)ROOM_PREFIX,
				  WZP_VALUE("WZP-CRYPTO-012", sizeof ROOM_PREFIX - 1));
	crypto_hash_sha256_update(&st, name, len);
	crypto_hash_sha256_final(&st, digest);
	for (size_t i = 0; i < WZP_ROOM_HASH_LEN / 2; i++)
		ct_hex_put(out + 2 * i, digest[i]);
	out[WZP_ROOM_HASH_LEN] = '\0';
}
