/* Fuzz target: a room member's bookkeeping (wzp/room_member.h) on
 * arbitrary sequences of records, each [length][op][arguments]:
 *   op 0: a RoomUpdate; each argument byte b names the member whose
 *         fingerprint is 16 bytes of b (0xff is us)
 *   op 1: the pair with slot arg[0] is done (pair key: 32 bytes of arg[1])
 *   op 2: a new sender key (32 bytes of arg[0])
 *   op 3: seal our key for slot arg[0]
 *   op 4: open a room key message (the rest) from slot arg[0]
 * Properties: a failed call changes nothing; generations never fall;
 * present members have distinct fingerprints and an update leaves exactly
 * the listed members present; a slot is owed a key only when present and
 * paired (WZP-CLIENT-020).
 * seed-ops: protect.room_key.open:message */
#include <stdlib.h>
#include <string.h>

#include "../records.h"
#include "wzp/room_member.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct wzp_room_member *m)
{
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		const struct wzp_room_peer *p = &m->peers[i];

		if (wzp_room_member_owes_key(m, i) && !(p->present && p->paired))
			abort();
		for (size_t j = i + 1; p->present && j < WZP_ROOM_PEERS_MAX; j++)
			if (m->peers[j].present && memcmp(p->fp, m->peers[j].fp, 16) == 0)
				abort();
	}
}

static enum wzp_err update(struct wzp_room_member *m, const uint8_t *arg, size_t n)
{
	uint8_t fps[255][WZP_FINGERPRINT_SIZE];
	struct wzp_room_change ch;
	enum wzp_err e;
	size_t present = 0;

	for (size_t i = 0; i < n; i++)
		memset(fps[i], arg[i], WZP_FINGERPRINT_SIZE);
	e = wzp_room_member_update(m, (const uint8_t(*)[WZP_FINGERPRINT_SIZE])fps, n, &ch);
	for (size_t i = 0; e == WZP_OK && i < WZP_ROOM_PEERS_MAX; i++)
		present += m->peers[i].present;
	if (e == WZP_OK && present + 1 != n)
		abort();
	return e;
}

static enum wzp_err apply(struct wzp_room_member *m, const uint8_t *rec, size_t len)
{
	uint8_t key[WZP_MEDIA_KEY_SIZE], msg[WZP_ROOM_KEY_MSG_SIZE];
	uint32_t next;

	if (len == 0)
		return WZP_OK;
	if (rec[0] % 5 == 0)
		return update(m, rec + 1, len - 1);
	if (len < 3)
		return WZP_OK;
	memset(key, rec[2], sizeof key);
	switch (rec[0] % 5) {
	case 1: return wzp_room_member_paired(m, rec[1], key);
	case 2: wzp_room_member_rotate(m, key); return WZP_OK;
	case 3: return wzp_room_member_seal_key(m, rec[1], 0, msg);
	default:
		return wzp_room_member_open_key(m, rec[1], rec + 2, len - 2, key, &next);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wzp_room_member m, before;
	uint8_t self[WZP_FINGERPRINT_SIZE];
	const uint8_t *rec;
	size_t at = 0, len;

	memset(self, 0xff, sizeof self);
	wzp_room_member_init(&m, self);
	while (next_record(data, size, &at, &rec, &len)) {
		before = m;
		if (apply(&m, rec, len) != WZP_OK && memcmp(&before, &m, sizeof m) != 0)
			abort();
		if (m.generation < before.generation)
			abort();
		check(&m);
	}
	wzp_room_member_wipe(&m);
	return 0;
}
