/* test_handshake.c: properties of the handshake that vectors cannot show:
 * both sides agree for many key pairs, every single-bit change of a signed
 * field is refused, and nothing is written on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/handshake.h"

static void fill(uint8_t *out, size_t n, uint8_t start)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(start + 7 * i);
}

static struct wzp_signed_ephemeral_in view(const struct wzp_signed_ephemeral *m)
{
	return (struct wzp_signed_ephemeral_in){ m->identity_pub, WZP_KEY_SIZE, m->ephemeral_pub,
						 WZP_KEY_SIZE, m->signature, WZP_SIGNATURE_SIZE };
}

/* verifies: WZP-CRYPTO-025 WZP-CRYPTO-026 WZP-CRYPTO-027 */
static void test_both_sides_derive_the_same_session(void **state)
{
	(void)state;
	for (uint8_t n = 0; n < 40; n++) {
		uint8_t seed_a[32], seed_b[32], eph_a[32], eph_b[32];
		struct wzp_identity a, b;
		struct wzp_signed_ephemeral offer;
		struct wzp_handshake_accepted acc;
		struct wzp_handshake_finished fin;
		struct wzp_signed_ephemeral_in in;

		fill(seed_a, 32, n);
		fill(seed_b, 32, (uint8_t)(n + 101));
		fill(eph_a, 32, (uint8_t)(n + 13));
		fill(eph_b, 32, (uint8_t)(n + 57));
		wzp_identity_derive(&a, seed_a);
		wzp_identity_derive(&b, seed_b);
		wzp_handshake_sign(&offer, &a, eph_a, WZP_ROLE_OFFER);
		in = view(&offer);
		assert_int_equal(wzp_handshake_accept(&acc, &b, eph_b, &in, &WZP_QUALITY_DEGRADED, 1,
						      WZP_PROFILE_V1), WZP_OK);
		in = view(&acc.answer);
		assert_int_equal(wzp_handshake_finish(&fin, eph_a, &in, &acc.chosen,
						      &WZP_QUALITY_DEGRADED, 1, WZP_PROFILE_V1),
				 WZP_OK);
		assert_memory_equal(&fin.keys, &acc.keys, sizeof fin.keys);
		assert_true(wzp_quality_profile_equal(&fin.profile, &WZP_QUALITY_DEGRADED));
		wzp_identity_wipe(&a);
		wzp_identity_wipe(&b);
	}
}

/* verifies: WZP-CRYPTO-024 */
static void test_every_flipped_bit_is_refused(void **state)
{
	uint8_t seed[32], eph[32];
	struct wzp_signed_ephemeral msg, out;
	struct wzp_identity id;
	uint8_t *bytes = (uint8_t *)&msg;

	(void)state;
	fill(seed, 32, 1);
	fill(eph, 32, 2);
	wzp_identity_derive(&id, seed);
	wzp_handshake_sign(&msg, &id, eph, WZP_ROLE_ANSWER);
	for (size_t bit = 0; bit < 8 * sizeof msg; bit++) {
		struct wzp_signed_ephemeral_in in = view(&msg);

		bytes[bit / 8] ^= (uint8_t)(1u << bit % 8);
		assert_int_equal(wzp_handshake_verify(&out, &in, WZP_ROLE_ANSWER),
				 WZP_ERR_BAD_SIGNATURE);
		bytes[bit / 8] ^= (uint8_t)(1u << bit % 8);
	}
	wzp_identity_wipe(&id);
}

/* verifies: WZP-CRYPTO-023 WZP-CRYPTO-025 */
static void test_nothing_is_written_on_failure(void **state)
{
	uint8_t seed[32], eph[32], low_order[32] = { 0 };
	struct wzp_signed_ephemeral offer;
	struct wzp_handshake_accepted acc, untouched;
	struct wzp_session_keys keys, keys_before;
	struct wzp_signed_ephemeral_in in;
	struct wzp_identity id;

	(void)state;
	fill(seed, 32, 3);
	fill(eph, 32, 4);
	wzp_identity_derive(&id, seed);
	wzp_handshake_sign(&offer, &id, eph, WZP_ROLE_OFFER);
	memset(&acc, 0x5A, sizeof acc);
	untouched = acc;
	in = view(&offer);
	in.signature_len = 63;
	assert_int_equal(wzp_handshake_accept(&acc, &id, eph, &in, NULL, 0, WZP_PROFILE_V1),
			 WZP_ERR_BAD_LENGTH);
	assert_memory_equal(&acc, &untouched, sizeof acc);
	memset(&keys, 0x5A, sizeof keys);
	keys_before = keys;
	assert_int_equal(wzp_session_keys_derive(&keys, eph, low_order, WZP_PROFILE_V1),
			 WZP_ERR_WEAK_KEY);
	assert_memory_equal(&keys, &keys_before, sizeof keys);
	assert_int_equal(wzp_session_keys_derive(&keys, eph, low_order, WZP_PROFILE_UPSTREAM),
			 WZP_OK);
	wzp_identity_wipe(&id);
	for (size_t i = 0; i < sizeof id; i++)
		assert_int_equal(((const uint8_t *)&id)[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_sides_derive_the_same_session),
		cmocka_unit_test(test_every_flipped_bit_is_refused),
		cmocka_unit_test(test_nothing_is_written_on_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
