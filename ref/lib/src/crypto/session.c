/* session.c: spec/05-crypto.md 5.3, "Session state machine"
 * (WZP-CRYPTO-040..-044). */
#include <string.h>

#include "wzp/session.h"
#include "wzp/trace.h"

#define REFUSE WZP_SESSION__COUNT

/* WZP-CRYPTO-040: the next state for each (state, event); REFUSE where the
 * table of the spec has none. */
static const uint8_t next_state[WZP_SESSION__COUNT][WZP_EVENT__COUNT] = {
	[WZP_SESSION_IDLE] = { WZP_SESSION_CONNECTING, REFUSE, REFUSE, REFUSE, REFUSE, REFUSE,
			       REFUSE },
	[WZP_SESSION_CONNECTING] = { REFUSE, WZP_SESSION_HANDSHAKING, REFUSE, REFUSE, REFUSE,
				     WZP_SESSION_CLOSED, WZP_SESSION_CLOSED },
	[WZP_SESSION_HANDSHAKING] = { REFUSE, REFUSE, WZP_SESSION_ACTIVE, REFUSE, REFUSE,
				      WZP_SESSION_CLOSED, WZP_SESSION_CLOSED },
	[WZP_SESSION_ACTIVE] = { REFUSE, REFUSE, REFUSE, WZP_SESSION_REKEYING, REFUSE,
				 WZP_SESSION_CLOSED, WZP_SESSION_CLOSED },
	[WZP_SESSION_REKEYING] = { REFUSE, REFUSE, REFUSE, REFUSE, WZP_SESSION_ACTIVE,
				   WZP_SESSION_CLOSED, WZP_SESSION_CLOSED },
	[WZP_SESSION_CLOSED] = { REFUSE, REFUSE, REFUSE, REFUSE, REFUSE, REFUSE, REFUSE },
};

static const char *const state_names[WZP_SESSION__COUNT] = {
	"Idle", "Connecting", "Handshaking", "Active", "Rekeying", "Closed",
};

static const char *const event_names[WZP_EVENT__COUNT] = {
	"Initiate", "Connected", "HandshakeComplete", "RekeyStart", "RekeyComplete",
	"Terminate", "ConnectionLost",
};

void wzp_session_init(struct wzp_session *s)
{
	*s = (struct wzp_session){ .state = WZP_SESSION_IDLE, .close_reason = WZP_CLOSE_NONE };
}

enum wzp_err wzp_session_transition(struct wzp_session *s, enum wzp_session_event event,
				    enum wzp_close_reason reason, uint64_t now_ms)
{
	unsigned to;

	WZP_REJECT("WZP-CRYPTO-040", (unsigned)event >= WZP_EVENT__COUNT, WZP_ERR_BAD_PARAM);
	to = next_state[s->state][event];
	WZP_REJECT("WZP-CRYPTO-040", to == REFUSE, WZP_ERR_INVALID_TRANSITION);
	s->state = (enum wzp_session_state)to;
	s->rekey_count += WZP_VALUE("WZP-CRYPTO-041", event == WZP_EVENT_REKEY_COMPLETE);
	s->last_transition_ms = now_ms;
	if (to == WZP_SESSION_CLOSED)
		s->close_reason = event == WZP_EVENT_CONNECTION_LOST ? WZP_CLOSE_CONNECTION_LOST
								     : reason;
	return WZP_OK;
}

enum wzp_err wzp_session_handshake_done(struct wzp_session *s, enum wzp_err handshake_result,
					uint64_t now_ms)
{
	bool ok = WZP_VALUE("WZP-CRYPTO-044", handshake_result == WZP_OK);

	WZP_REJECT("WZP-CRYPTO-044", s->state != WZP_SESSION_HANDSHAKING,
		   WZP_ERR_INVALID_TRANSITION);
	if (ok)
		return wzp_session_transition(s, WZP_EVENT_HANDSHAKE_COMPLETE, WZP_CLOSE_NONE,
					      now_ms);
	return wzp_session_transition(s, WZP_EVENT_TERMINATE, WZP_CLOSE_ERROR, now_ms);
}

bool wzp_session_media_active(const struct wzp_session *s)
{
	return WZP_VALUE("WZP-CRYPTO-042",
			 s->state == WZP_SESSION_ACTIVE || s->state == WZP_SESSION_REKEYING);
}

uint64_t wzp_session_time_in_state_ms(const struct wzp_session *s, uint64_t now_ms)
{
	return WZP_VALUE("WZP-CRYPTO-043",
			 now_ms > s->last_transition_ms ? now_ms - s->last_transition_ms : 0);
}

const char *wzp_session_state_name(enum wzp_session_state state)
{
	return (unsigned)state < WZP_SESSION__COUNT ? state_names[state] : NULL;
}

bool wzp_session_event_from_name(const char *name, enum wzp_session_event *out)
{
	for (unsigned i = 0; i < WZP_EVENT__COUNT; i++) {
		if (strcmp(name, event_names[i]) == 0) {
			*out = (enum wzp_session_event)i;
			return true;
		}
	}
	return false;
}
