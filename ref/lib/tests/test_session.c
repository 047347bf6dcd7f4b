/* test_session.c: the session state machine driven by real handshakes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/handshake.h"
#include "wzp/session.h"

static struct wzp_session handshaking(void)
{
	struct wzp_session s;

	wzp_session_init(&s);
	assert_int_equal(wzp_session_transition(&s, WZP_EVENT_INITIATE, WZP_CLOSE_NONE, 10), WZP_OK);
	assert_int_equal(wzp_session_transition(&s, WZP_EVENT_CONNECTED, WZP_CLOSE_NONE, 20), WZP_OK);
	return s;
}

/* The caller's handshake result against a callee that answers with the
 * given signature byte flipped (flip 0: an honest answer). */
static enum wzp_err caller_handshake(uint8_t flip)
{
	uint8_t caller_seed[32], callee_seed[32], caller_eph[32], callee_eph[32];
	struct wzp_identity caller, callee;
	struct wzp_signed_ephemeral offer;
	struct wzp_handshake_accepted accepted;
	struct wzp_handshake_finished finished;
	struct wzp_signed_ephemeral_in in;
	enum wzp_err err;

	memset(caller_seed, 0xAA, 32);
	memset(callee_seed, 0xBB, 32);
	memset(caller_eph, 0x11, 32);
	memset(callee_eph, 0x22, 32);
	wzp_identity_derive(&caller, caller_seed);
	wzp_identity_derive(&callee, callee_seed);
	wzp_handshake_sign(&offer, &caller, caller_eph, WZP_ROLE_OFFER);
	in = (struct wzp_signed_ephemeral_in){ offer.identity_pub, 32, offer.ephemeral_pub, 32,
					       offer.signature, 64 };
	assert_int_equal(wzp_handshake_accept(&accepted, &callee, callee_eph, &in, NULL, 0,
					      WZP_PROFILE_V1), WZP_OK);
	accepted.answer.signature[0] ^= flip;
	in = (struct wzp_signed_ephemeral_in){ accepted.answer.identity_pub, 32,
					       accepted.answer.ephemeral_pub, 32,
					       accepted.answer.signature, 64 };
	err = wzp_handshake_finish(&finished, caller_eph, &in, &accepted.chosen, NULL, 0,
				   WZP_PROFILE_V1);
	if (err == WZP_OK)
		assert_memory_equal(finished.keys.session_key, accepted.keys.session_key, 32);
	wzp_identity_wipe(&caller);
	wzp_identity_wipe(&callee);
	return err;
}

/* verifies: WZP-CRYPTO-044 */
static void test_handshake_drives_the_session(void **state)
{
	struct wzp_session ok = handshaking(), bad = handshaking(), idle;

	(void)state;
	assert_int_equal(wzp_session_handshake_done(&ok, caller_handshake(0), 30), WZP_OK);
	assert_int_equal(ok.state, WZP_SESSION_ACTIVE);
	assert_true(wzp_session_media_active(&ok));

	assert_int_equal(caller_handshake(1), WZP_ERR_BAD_SIGNATURE);
	assert_int_equal(wzp_session_handshake_done(&bad, caller_handshake(1), 30), WZP_OK);
	assert_int_equal(bad.state, WZP_SESSION_CLOSED);
	assert_int_equal(bad.close_reason, WZP_CLOSE_ERROR);
	assert_int_equal(wzp_session_handshake_done(&bad, WZP_OK, 40), WZP_ERR_INVALID_TRANSITION);
	assert_int_equal(bad.state, WZP_SESSION_CLOSED);

	wzp_session_init(&idle);
	assert_int_equal(wzp_session_handshake_done(&idle, WZP_OK, 5), WZP_ERR_INVALID_TRANSITION);
	assert_int_equal(idle.state, WZP_SESSION_IDLE);
	assert_int_equal(wzp_session_handshake_done(&ok, WZP_OK, 50), WZP_ERR_INVALID_TRANSITION);
}

/* verifies: WZP-CRYPTO-040 */
static void test_refused_events_change_nothing(void **state)
{
	struct wzp_session s = handshaking(), before = s;

	(void)state;
	for (int e = 0; e < WZP_EVENT__COUNT; e++) {
		if (e == WZP_EVENT_HANDSHAKE_COMPLETE || e == WZP_EVENT_TERMINATE
		    || e == WZP_EVENT_CONNECTION_LOST)
			continue;
		assert_int_equal(wzp_session_transition(&s, (enum wzp_session_event)e,
							WZP_CLOSE_NONE, 999),
				 WZP_ERR_INVALID_TRANSITION);
		assert_memory_equal(&s, &before, sizeof s);
	}
	assert_int_equal(wzp_session_transition(&s, WZP_EVENT__COUNT, WZP_CLOSE_NONE, 1),
			 WZP_ERR_BAD_PARAM);
}

/* verifies: WZP-CRYPTO-041 */
static void test_close_reasons_are_kept(void **state)
{
	struct wzp_session a = handshaking(), b = handshaking();

	(void)state;
	assert_int_equal(wzp_session_transition(&a, WZP_EVENT_TERMINATE, WZP_CLOSE_TIMEOUT, 70),
			 WZP_OK);
	assert_int_equal(a.close_reason, WZP_CLOSE_TIMEOUT);
	assert_int_equal(a.last_transition_ms, 70);
	assert_int_equal(wzp_session_transition(&b, WZP_EVENT_CONNECTION_LOST, WZP_CLOSE_NONE, 80),
			 WZP_OK);
	assert_int_equal(b.close_reason, WZP_CLOSE_CONNECTION_LOST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake_drives_the_session),
		cmocka_unit_test(test_refused_events_change_nothing),
		cmocka_unit_test(test_close_reasons_are_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
