/* Fuzz target: SignalMessage and featherChat payload parsing in both
 * profiles. What parses must print to a canonical form that parses to the
 * same canonical form (writing is idempotent).
 * seed-ops: wire.signal.decode:text wire.call_payload.decode:text */
#include <stdlib.h>
#include <string.h>

#include "wzp/signal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const uint8_t *data, size_t size, enum wzp_profile profile)
{
	struct wzp_signal s, again;
	size_t len, len2;
	char *text, *text2;

	if (wzp_signal_parse(&s, (const char *)data, size, profile) != WZP_OK)
		return;
	text = wzp_signal_serialize(&s, &len);
	if (text == NULL || wzp_signal_parse(&again, text, len, profile) != WZP_OK)
		abort();
	text2 = wzp_signal_serialize(&again, &len2);
	if (text2 == NULL || len != len2 || memcmp(text, text2, len) != 0)
		abort();
	free(text);
	free(text2);
	wzp_signal_clear(&s);
	wzp_signal_clear(&again);
}

static void payload(const uint8_t *data, size_t size, enum wzp_profile profile)
{
	json_t *canonical;
	size_t len;
	char *text;

	if (wzp_call_payload_parse(&canonical, (const char *)data, size, profile) != WZP_OK)
		return;
	text = wzp_call_payload_serialize(canonical, &len);
	json_decref(canonical);
	if (text == NULL || wzp_call_payload_parse(&canonical, text, len, profile) != WZP_OK)
		abort();
	json_decref(canonical);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	round_trip(data, size, WZP_PROFILE_V1);
	round_trip(data, size, WZP_PROFILE_UPSTREAM);
	payload(data, size, WZP_PROFILE_V1);
	return 0;
}
