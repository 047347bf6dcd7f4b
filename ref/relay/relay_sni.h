/* relay_sni.h: what the server name (SNI) of a connection asks the relay
 * for (spec/08-relay.md 8.1, decision 0060).
 *
 * A room: its key is the 32 lowercase hex characters of the room hash
 * (wzp/room.h), or "default", which is also what no SNI at all means.
 * A reserved name: "probe", "relay", "signal" or "federation", plain
 * labels that GnuTLS servers accept (upstream's "_probe" style names are
 * refused by GnuTLS before the application sees them) and that cannot be
 * mistaken for a room key. Anything else is invalid.
 *
 * Contract: pure; sni is a NUL-terminated string ("" for none). For a
 * room, room[] receives its key, NUL-terminated; otherwise room[] is "".
 */
#ifndef WZP_RELAY_SNI_H
#define WZP_RELAY_SNI_H

#define RELAY_ROOM_KEY_MAX 33 /* 32 hex characters and the NUL */

enum relay_sni_kind {
	RELAY_SNI_ROOM,
	RELAY_SNI_PROBE,
	RELAY_SNI_RELAY,
	RELAY_SNI_SIGNAL,
	RELAY_SNI_FEDERATION,
	RELAY_SNI_INVALID,
};

enum relay_sni_kind relay_sni_classify(const char *sni, char room[RELAY_ROOM_KEY_MAX]);
const char *relay_sni_kind_name(enum relay_sni_kind kind);

#endif
