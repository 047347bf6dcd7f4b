/* relay_session.h: a client's membership of a room on a wzp-relay
 * (spec/08-relay.md 8.2 and 8.3), for wzp-relay-client and wzp-client.
 *
 * relay_session_open() connects over QUIC (quic_client.h) with the room
 * key as SNI and the profile's ALPN id, then runs 8.2's steps by itself:
 *  1. pin check: the relay's certificate SHA-256 against cfg.pin_cert, or
 *     the pin file's line for HOST:PORT (relay_pin.h); a mismatch closes
 *     with RELAY_SESSION_PIN_MISMATCH (0x110, "pin mismatch") before
 *     anything is sent;
 *  2. AuthToken{cfg.token} when a token is given;
 *  3. CallOffer with cfg.identity (and alias) and a fresh ephemeral key;
 *  4. the relay's CallAnswer verified (hop.h; a bad one closes with
 *     0x107, "handshake failed"), and the relay's fingerprint checked
 *     against cfg.pin_fingerprint or the pin file (0x110 on mismatch);
 *     a relay the pin file did not know is appended to it (trust on first
 *     use);
 *  5. joined: events.joined.
 * With no pin configured and no pin file, any relay is accepted, as
 * upstream does, and joined reports pinned = 0.
 *
 * Events (on the loop, in order of arrival): joined once; room_update for
 * every RoomUpdate (members in join order); signal for every other valid
 * signal message after the join (forwarded DirectCallOffer,
 * DirectCallAnswer, RoomKey, Pong, ...), with its variant name and the
 * bytes as received; datagram for every media datagram; closed exactly
 * once, last, with how the connection ended (quic_conn.h) and whether it
 * had joined. Invalid messages from the relay are dropped.
 *
 * Contract: returns 0, or a negative value with nothing allocated (bad
 * configuration: no identity, a pin_cert that is not 64 hex digits, a
 * pin_fingerprint that does not parse; or a socket or TLS failure).
 * The send calls return WZP_QUIC_E_STATE until joined. The owner frees
 * the session with relay_session_free() at any time, after closed or
 * instead of waiting for it (then without CONNECTION_CLOSE). The
 * identity must outlive the session; the other strings are copied.
 */
#ifndef WZP_RELAY_SESSION_H
#define WZP_RELAY_SESSION_H

#include <ev.h>
#include <stddef.h>
#include <stdint.h>

#include "quic_conn.h"
#include "wzp/fingerprint.h"
#include "wzp/identity.h"
#include "wzp/profile.h"

#define RELAY_SESSION_PIN_MISMATCH 0x110
#define RELAY_SESSION_HANDSHAKE_FAILED 0x107
#define RELAY_SESSION_JOIN_TIMEOUT 0x108
#define RELAY_SESSION_ALIAS_MAX 128
#define RELAY_SESSION_JOIN_TIMEOUT_MS 10000

struct relay_session;

struct relay_session_joined {
	uint8_t cert_sha256[32];
	uint8_t relay_fingerprint[WZP_FINGERPRINT_SIZE];
	int pinned;  /* 1: checked against a pin; 0: accepted unpinned */
	int learned; /* 1: written to the pin file now (first use) */
};

struct relay_session_member {
	uint8_t fingerprint[WZP_FINGERPRINT_SIZE];
	char alias[RELAY_SESSION_ALIAS_MAX]; /* "" when none */
};

struct relay_session_events {
	void (*joined)(struct relay_session *s, const struct relay_session_joined *j, void *user);
	void (*room_update)(struct relay_session *s, const struct relay_session_member *m,
			    size_t n, void *user);
	void (*signal)(struct relay_session *s, const char *variant, const uint8_t *body,
		       size_t len, void *user);
	void (*datagram)(struct relay_session *s, const uint8_t *data, size_t len, void *user);
	void (*closed)(struct relay_session *s, const struct wzp_quic_end *end, int joined,
		       void *user);
};

struct relay_session_config {
	const char *host, *port;
	const char *room;          /* SNI: a room key (32 hex) or "default"; NULL sends none */
	enum wzp_profile profile;  /* wzp/1 (ALPN "wzp/1") or upstream-aa09275 ("wzp") */
	const struct wzp_identity *identity;
	const char *alias;         /* NULL: none (wzp/1 only) */
	const char *token;         /* NULL: no AuthToken */
	const char *pin_cert;      /* 64 hex digits, or NULL */
	const char *pin_fingerprint; /* the relay's fingerprint, either form, or NULL */
	const char *pin_file;      /* trust on first use, then enforce; or NULL */
	uint64_t join_timeout_ms;  /* 0: RELAY_SESSION_JOIN_TIMEOUT_MS */
	uint64_t idle_timeout_ms, keep_alive_ms; /* 0: quic_conn.h's defaults */
	struct relay_session_events events;
	void *user;
};

int relay_session_open(struct relay_session **out, struct ev_loop *loop,
		       const struct relay_session_config *cfg);
/* One media datagram / one signal message (JSON text) to the relay. */
enum wzp_quic_err relay_session_send_datagram(struct relay_session *s, const uint8_t *data,
					      size_t len);
enum wzp_quic_err relay_session_send_signal(struct relay_session *s, const char *text,
					    size_t len);
/* The largest datagram that fits one packet now (0 before the handshake). */
size_t relay_session_max_datagram(struct relay_session *s);
void relay_session_close(struct relay_session *s, uint64_t code, const char *reason);
void relay_session_free(struct relay_session *s);

#endif
