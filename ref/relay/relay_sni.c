/* relay_sni.c: the server name rules of relay_sni.h (WZP-RELAY-010..-012). */
#include <string.h>

#include "relay_sni.h"
#include "wzp/trace.h"

static const char *const reserved[] = {
	[RELAY_SNI_PROBE] = "probe",
	[RELAY_SNI_RELAY] = "relay",
	[RELAY_SNI_SIGNAL] = "signal",
	[RELAY_SNI_FEDERATION] = "federation",
};

static int is_room_hash(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == RELAY_ROOM_KEY_MAX - 1;
}

enum relay_sni_kind relay_sni_classify(const char *sni, char room[RELAY_ROOM_KEY_MAX])
{
	room[0] = '\0';
	for (int k = RELAY_SNI_PROBE; k <= RELAY_SNI_FEDERATION; k++)
		if (WZP_SITE("WZP-RELAY-011", strcmp(sni, reserved[k]) == 0))
			return (enum relay_sni_kind)k;
	if (sni[0] == '\0' || strcmp(sni, "default") == 0) {
		strcpy(room, "default");
		return RELAY_SNI_ROOM;
	}
	if (!is_room_hash(sni))
		return RELAY_SNI_INVALID;
	memcpy(room, sni, RELAY_ROOM_KEY_MAX);
	return RELAY_SNI_ROOM;
}

const char *relay_sni_kind_name(enum relay_sni_kind kind)
{
	if (kind >= RELAY_SNI_PROBE && kind <= RELAY_SNI_FEDERATION)
		return reserved[kind];
	return kind == RELAY_SNI_ROOM ? "room" : "invalid";
}
