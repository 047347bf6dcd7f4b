/* test_relay_parts.c: the relay's pure parts, without sockets: the relay
 * hop (hop.h), an auth server's answer, the ACL, the pin file and the
 * config text (spec/08-relay.md 8.1-8.3). The live tests drive the same
 * code through wzp-relay; these pin down the edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hop.h"
#include "relay_acl.h"
#include "relay_auth_reply.h"
#include "relay_config.h"
#include "relay_pin.h"
#include "wzp/signal.h"

static void identity(struct wzp_identity *id, uint8_t fill)
{
	uint8_t seed[WZP_SEED_SIZE];

	memset(seed, fill, sizeof seed);
	wzp_identity_derive(id, seed);
}

/* The fields of a signal text, which the caller frees with json_decref. */
static json_t *fields_of(const char *text, size_t len, const char *variant)
{
	struct wzp_signal s = { 0 };
	json_t *fields;

	assert_int_equal(wzp_signal_parse(&s, text, len, WZP_PROFILE_V1), WZP_OK);
	assert_string_equal(wzp_signal_variant_name(s.variant), variant);
	fields = json_deep_copy(wzp_signal_fields(&s));
	wzp_signal_clear(&s);
	return fields;
}

/* verifies: WZP-RELAY-024 */
static void test_hop_round_trip_names_both_ends(void **state)
{
	struct wzp_identity client, relay;
	uint8_t eph_c[32], eph_r[32], relay_fp[WZP_FINGERPRINT_SIZE];
	struct hop_member who;
	size_t len, alen;
	char *offer, *answer;
	json_t *of, *af;

	(void)state;
	identity(&client, 1);
	identity(&relay, 2);
	memset(eph_c, 3, sizeof eph_c);
	memset(eph_r, 4, sizeof eph_r);
	offer = hop_offer_text(&client, eph_c, "alice", WZP_PROFILE_V1, &len);
	of = fields_of(offer, len, "CallOffer");
	assert_int_equal(hop_accept(&answer, &alen, &who, &relay, eph_r, of, WZP_PROFILE_V1),
			 WZP_OK);
	assert_memory_equal(who.fingerprint, client.fingerprint, WZP_FINGERPRINT_SIZE);
	assert_string_equal(who.alias, "alice");
	af = fields_of(answer, alen, "CallAnswer");
	assert_int_equal(hop_finish(relay_fp, eph_c, af, WZP_PROFILE_V1), WZP_OK);
	assert_memory_equal(relay_fp, relay.fingerprint, WZP_FINGERPRINT_SIZE);
	json_decref(of);
	json_decref(af);
	free(offer);
	free(answer);
}

/* verifies: WZP-RELAY-024 */
static void test_hop_refuses_forged_messages(void **state)
{
	struct wzp_identity client, relay;
	uint8_t eph[32], fp[WZP_FINGERPRINT_SIZE];
	struct hop_member who = { .alias = "unchanged" };
	size_t len;
	char *offer, *answer = NULL;
	json_t *of;

	(void)state;
	identity(&client, 1);
	identity(&relay, 2);
	memset(eph, 5, sizeof eph);
	offer = hop_offer_text(&client, eph, NULL, WZP_PROFILE_V1, &len);
	of = fields_of(offer, len, "CallOffer");
	json_array_set_new(json_object_get(of, "signature"), 0, json_integer(
		(json_integer_value(json_array_get(json_object_get(of, "signature"), 0)) + 1) % 256));
	assert_int_equal(hop_accept(&answer, &len, &who, &relay, eph, of, WZP_PROFILE_V1),
			 WZP_ERR_BAD_SIGNATURE);
	assert_null(answer);
	assert_string_equal(who.alias, "unchanged");
	/* An offer read as an answer: signed for "call-offer", not "call-answer". */
	json_decref(of);
	of = fields_of(offer, len, "CallOffer");
	json_object_set_new(of, "chosen_profile", json_deep_copy(json_array_get(
		json_object_get(of, "supported_profiles"), 0)));
	assert_int_equal(hop_finish(fp, eph, of, WZP_PROFILE_V1), WZP_ERR_BAD_SIGNATURE);
	json_decref(of);
	free(offer);
}

/* verifies: WZP-RELAY-022 WZP-RELAY-023 */
static void test_auth_answers(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum relay_auth_verdict v;
	} cases[] = {
		{ 200, "{\"valid\":true,\"fingerprint\":\"0011223344556677889900aabbccddee\"}",
		  RELAY_AUTH_OK },
		{ 204, "{\"valid\":true,\"fingerprint\":\"0011:2233:4455:6677:8899:00aa:bbcc:ddee\","
		       "\"alias\":\"m\",\"eth_address\":1}", RELAY_AUTH_OK },
		{ 200, "{\"valid\":false,\"fingerprint\":\"0011223344556677889900aabbccddee\"}",
		  RELAY_AUTH_FAIL },
		{ 200, "{\"valid\":\"true\",\"fingerprint\":\"0011223344556677889900aabbccddee\"}",
		  RELAY_AUTH_FAIL },
		{ 200, "{\"valid\":true}", RELAY_AUTH_FAIL },
		{ 200, "{\"valid\":true,\"fingerprint\":\"xyz\"}", RELAY_AUTH_FAIL },
		{ 200, "[true]", RELAY_AUTH_FAIL },
		{ 200, "{\"valid\":true,\"valid\":true,\"fingerprint\":\"0011223344556677889900aabbccddee\"}",
		  RELAY_AUTH_FAIL },
		{ 401, "{\"valid\":true,\"fingerprint\":\"0011223344556677889900aabbccddee\"}",
		  RELAY_AUTH_FAIL },
		{ 302, "", RELAY_AUTH_FAIL },
		{ 500, "", RELAY_AUTH_UNAVAILABLE },
		{ 503, "{\"valid\":true}", RELAY_AUTH_UNAVAILABLE },
		{ 0, "", RELAY_AUTH_UNAVAILABLE },
	};
	struct relay_auth_result out;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&out, 0, sizeof out);
		assert_int_equal(relay_auth_reply(cases[i].status, cases[i].body,
						  strlen(cases[i].body), WZP_PROFILE_V1, &out),
				 cases[i].v);
		if (cases[i].v == RELAY_AUTH_OK)
			assert_int_equal(out.fingerprint[15], 0xee);
	}
}

/* verifies: WZP-RELAY-032 */
static void test_acl_lines(void **state)
{
	static const char good[] = "# a comment\n\n"
				   "5d61faddbb77f2a92f815bbaac9dbc91 0011223344556677889900aabbccddee\t"
				   "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\r\n"
				   "default 0011223344556677889900aabbccddee";
	static const char *const bad[] = {
		"5D61FADDBB77F2A92F815BBAAC9DBC91 0011223344556677889900aabbccddee\n",
		"lobby 0011223344556677889900aabbccddee\n",
		"default\n",
		"default 00112233\n",
		"default 0011223344556677889900aabbccddee\ndefault 0011223344556677889900aabbccddee\n",
	};
	uint8_t fp[WZP_FINGERPRINT_SIZE], other[WZP_FINGERPRINT_SIZE];
	struct relay_acl acl;
	unsigned line = 0;

	(void)state;
	assert_int_equal(relay_acl_parse(&acl, good, strlen(good), &line), 0);
	assert_int_equal(acl.count, 2);
	memset(other, 0xff, sizeof other);
	assert_int_equal(wzp_fingerprint_parse(fp, "0011223344556677889900aabbccddee", 32,
					       WZP_PROFILE_V1), WZP_OK);
	assert_true(relay_acl_allows(&acl, "5d61faddbb77f2a92f815bbaac9dbc91", other));
	assert_true(relay_acl_allows(&acl, "default", fp));
	assert_false(relay_acl_allows(&acl, "default", other));
	assert_true(relay_acl_allows(&acl, "0123456789abcdef0123456789abcdef", other));
	relay_acl_clear(&acl);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(relay_acl_parse(&acl, bad[i], strlen(bad[i]), &line), -1);
		assert_int_equal(line, i == 4 ? 2 : 1);
		assert_int_equal(acl.count, 0);
	}
}

/* verifies: WZP-RELAY-034 */
static void test_pin_lines(void **state)
{
	struct relay_pin pin, got;
	char line[256], text[1024];
	size_t n;

	(void)state;
	memset(pin.cert_sha256, 0xab, sizeof pin.cert_sha256);
	memset(pin.fingerprint, 0x01, sizeof pin.fingerprint);
	n = relay_pin_line(line, sizeof line, "127.0.0.1:4433", &pin);
	assert_int_equal(n, strlen("127.0.0.1:4433 ") + 64 + 1 + 32 + 1);
	snprintf(text, sizeof text, "# pins\n127.0.0.1:44330 %s%s", line + 15, line);
	assert_int_equal(relay_pin_find(&got, text, strlen(text), "127.0.0.1:4433"), 1);
	assert_memory_equal(&got, &pin, sizeof pin);
	assert_int_equal(relay_pin_find(&got, text, strlen(text), "127.0.0.1:1"), 0);
	snprintf(text, sizeof text, "127.0.0.1:4433 %.64s XYZ\n", line + 15);
	assert_int_equal(relay_pin_find(&got, text, strlen(text), "127.0.0.1:4433"), -1);
	assert_int_equal(relay_pin_line(line, 40, "127.0.0.1:4433", &pin), 0);
}

static int record(void *ctx, const char *key, const char *value)
{
	char *out = ctx;

	strcat(out, key);
	strcat(out, "=");
	strcat(out, value);
	strcat(out, ";");
	return strcmp(key, "unknown") == 0 ? -1 : 0;
}

/* verifies: WZP-RELAY-020 */
static void test_config_lines(void **state)
{
	char text[] = "# c\n\n listen = 127.0.0.1:1 \nmax-sessions=2\r\n", bad[] = "a = 1\nb\n",
	     unknown[] = "a = 1\nunknown = 2\n", seen[256] = "";
	unsigned line = 0;

	(void)state;
	assert_int_equal(relay_config_parse(text, record, seen, &line), 0);
	assert_string_equal(seen, "listen=127.0.0.1:1;max-sessions=2;");
	assert_int_equal(relay_config_parse(bad, record, seen, &line), -1);
	assert_int_equal(line, 2);
	assert_int_equal(relay_config_parse(unknown, record, seen, &line), -1);
	assert_int_equal(line, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hop_round_trip_names_both_ends),
		cmocka_unit_test(test_hop_refuses_forged_messages),
		cmocka_unit_test(test_auth_answers),
		cmocka_unit_test(test_acl_lines),
		cmocka_unit_test(test_pin_lines),
		cmocka_unit_test(test_config_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
