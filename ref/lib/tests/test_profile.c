/* test_profile.c: profile names and ALPN ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wzp/profile.h"

/* verifies: WZP-PROF-001 */
static void test_names_and_alpn_round_trip(void **state)
{
	enum wzp_profile all[] = { WZP_PROFILE_V1, WZP_PROFILE_UPSTREAM };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		const char *alpn = wzp_profile_alpn(all[i]);
		enum wzp_profile p;

		assert_int_equal(wzp_profile_from_name(wzp_profile_name(all[i]), &p), WZP_OK);
		assert_int_equal(p, all[i]);
		assert_int_equal(wzp_profile_from_alpn((const uint8_t *)alpn, strlen(alpn), &p),
				 WZP_OK);
		assert_int_equal(p, all[i]);
	}
}

/* verifies: WZP-PROF-002 */
static void test_only_two_short_ids_are_accepted(void **state)
{
	static const char alphabet[] = "wzp/1W0";
	uint8_t id[5];
	unsigned accepted = 0;
	enum wzp_profile p;

	(void)state;
	/* Every id of up to 5 bytes over an alphabet of near misses. */
	for (size_t len = 0; len <= 5; len++) {
		unsigned total = 1;

		for (size_t i = 0; i < len; i++)
			total *= 7;
		for (unsigned n = 0; n < total; n++) {
			for (size_t i = 0, v = n; i < len; i++, v /= 7)
				id[i] = (uint8_t)alphabet[v % 7];
			accepted += wzp_profile_from_alpn(id, len, &p) == WZP_OK;
		}
	}
	assert_int_equal(accepted, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_alpn_round_trip),
		cmocka_unit_test(test_only_two_short_ids_are_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
