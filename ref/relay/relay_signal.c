/* relay_signal.c: Ping gets Pong; everything else is only checked. */
#include <string.h>

#include "relay_signal.h"
#include "wzp/signal.h"

/* WZP-RELAY-016: Pong{timestamp_ms} with the Ping's value, unchanged. */
static char *pong_for(const struct wzp_signal *ping, enum wzp_profile profile, size_t *len)
{
	json_t *ts = json_object_get(wzp_signal_fields(ping), "timestamp_ms");
	json_t *value = json_pack("{s:{s:O}}", "Pong", "timestamp_ms", ts);
	struct wzp_signal pong = { 0 };
	char *text = NULL;

	if (value != NULL && wzp_signal_from_json(&pong, value, profile) == WZP_OK)
		text = wzp_signal_serialize(&pong, len);
	wzp_signal_clear(&pong);
	json_decref(value);
	return text;
}

enum wzp_err relay_signal_handle(const uint8_t *body, size_t len, enum wzp_profile profile,
				 const char **variant, char **reply, size_t *reply_len)
{
	struct wzp_signal s = { 0 };
	enum wzp_err err = wzp_signal_parse(&s, (const char *)body, len, profile);

	*variant = NULL;
	*reply = NULL;
	if (err != WZP_OK)
		return err;
	*variant = wzp_signal_variant_name(s.variant);
	if (strcmp(*variant, "Ping") == 0)
		*reply = pong_for(&s, profile, reply_len);
	wzp_signal_clear(&s);
	return WZP_OK;
}
