/* session.h: the session state machine (spec/05-crypto.md 5.3,
 * WZP-CRYPTO-040..-044).
 *
 *   Idle -> Connecting -> Handshaking -> Active <-> Rekeying
 *                \______________\___________\________\____-> Closed
 *
 * A session starts in Idle. wzp_session_transition applies one event at
 * now_ms (the caller's clock: the core has none) and returns
 * WZP_ERR_INVALID_TRANSITION, changing nothing, for an event the state
 * does not accept. The handshake drives it through
 * wzp_session_handshake_done. No allocation, no pointers kept.
 */
#ifndef WZP_SESSION_H
#define WZP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "wzp/error.h"

enum wzp_session_state {
	WZP_SESSION_IDLE,
	WZP_SESSION_CONNECTING,
	WZP_SESSION_HANDSHAKING,
	WZP_SESSION_ACTIVE,
	WZP_SESSION_REKEYING,
	WZP_SESSION_CLOSED,
	WZP_SESSION__COUNT
};

enum wzp_session_event {
	WZP_EVENT_INITIATE,           /* the user places a call */
	WZP_EVENT_CONNECTED,          /* the transport is up */
	WZP_EVENT_HANDSHAKE_COMPLETE, /* the signed handshake succeeded */
	WZP_EVENT_REKEY_START,
	WZP_EVENT_REKEY_COMPLETE,
	WZP_EVENT_TERMINATE,          /* hangup, timeout or error (see close_reason) */
	WZP_EVENT_CONNECTION_LOST,
	WZP_EVENT__COUNT
};

enum wzp_close_reason {
	WZP_CLOSE_NONE,
	WZP_CLOSE_LOCAL_HANGUP,
	WZP_CLOSE_REMOTE_HANGUP,
	WZP_CLOSE_TIMEOUT,
	WZP_CLOSE_ERROR,
	WZP_CLOSE_CONNECTION_LOST,
};

struct wzp_session {
	enum wzp_session_state state;
	uint64_t last_transition_ms; /* now_ms of the last accepted event; 0 at start */
	uint32_t rekey_count;        /* accepted RekeyComplete events */
	enum wzp_close_reason close_reason;
};

void wzp_session_init(struct wzp_session *s);

/* Terminate events take their reason (any other event ignores it). */
enum wzp_err wzp_session_transition(struct wzp_session *s, enum wzp_session_event event,
				    enum wzp_close_reason reason, uint64_t now_ms);

/* In Handshaking: HandshakeComplete when handshake_result is WZP_OK, else
 * Terminate with reason Error, so a failed handshake always ends the
 * session. Elsewhere WZP_ERR_INVALID_TRANSITION. */
enum wzp_err wzp_session_handshake_done(struct wzp_session *s, enum wzp_err handshake_result,
					uint64_t now_ms);

/* Media flows in Active and Rekeying. */
bool wzp_session_media_active(const struct wzp_session *s);

/* now_ms - last_transition_ms, 0 when now_ms is earlier. */
uint64_t wzp_session_time_in_state_ms(const struct wzp_session *s, uint64_t now_ms);

/* "Idle", "Connecting", ...; NULL for out of range. */
const char *wzp_session_state_name(enum wzp_session_state state);
/* "Initiate", "Connected", ... by name; false when unknown. */
bool wzp_session_event_from_name(const char *name, enum wzp_session_event *out);

#endif
