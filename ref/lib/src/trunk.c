/* trunk.c: spec/02-wire.md 2.8 "TrunkFrame". */
#include <string.h>

#include "bytes.h"
#include "wzp/trace.h"
#include "wzp/trunk.h"

/* WZP-WIRE-050: walk the entries, checking each fits. */
static enum wzp_err walk(const uint8_t *buf, size_t len, uint16_t count,
			 enum wzp_profile profile, size_t *end)
{
	size_t at = WZP_TRUNK_FIRST_ENTRY;

	for (uint16_t i = 0; i < count; i++) {
		uint16_t n;

		WZP_REJECT("WZP-WIRE-050", len - at < WZP_TRUNK_ENTRY_OVERHEAD, WZP_ERR_TRUNCATED);
		n = WZP_VALUE("WZP-WIRE-050", load_be16(buf + at + 2));
		WZP_REJECT("WZP-WIRE-051", profile == WZP_PROFILE_V1 && n == 0,
			   WZP_ERR_FIELD_RANGE);
		at += WZP_TRUNK_ENTRY_OVERHEAD;
		WZP_REJECT("WZP-WIRE-050", len - at < n, WZP_ERR_TRUNCATED);
		at += n;
	}
	*end = at;
	return WZP_OK;
}

enum wzp_err wzp_trunk_decode(const uint8_t *buf, size_t len, enum wzp_profile profile,
			      uint16_t *count)
{
	bool v1 = profile == WZP_PROFILE_V1;
	uint16_t n;
	size_t end;
	enum wzp_err err;

	WZP_REJECT("WZP-WIRE-050", len < 2, WZP_ERR_TRUNCATED);
	n = WZP_VALUE("WZP-WIRE-050", load_be16(buf));
	WZP_REJECT("WZP-WIRE-051", v1 && (n == 0 || n > WZP_TRUNK_MAX_ENTRIES),
		   WZP_ERR_FIELD_RANGE);
	err = walk(buf, len, n, profile, &end);
	if (err != WZP_OK)
		return err;
	WZP_REJECT("WZP-WIRE-051", v1 && end != len, WZP_ERR_TRAILING_BYTES);
	*count = n;
	return WZP_OK;
}

size_t wzp_trunk_entry(const uint8_t *buf, size_t at, struct wzp_trunk_entry *entry)
{
	memcpy(entry->session_id, buf + at, 2);
	entry->payload_len = load_be16(buf + at + 2);
	entry->payload = buf + at + WZP_TRUNK_ENTRY_OVERHEAD;
	return at + WZP_TRUNK_ENTRY_OVERHEAD + entry->payload_len;
}

/* WZP-WIRE-051 for the sender; both profiles refuse what the fields cannot
 * hold (upstream cuts count and lengths to 16 bits without a word). */
static enum wzp_err check_entries(const struct wzp_trunk_entry *entries, size_t count,
				  enum wzp_profile profile, size_t *size)
{
	bool v1 = profile == WZP_PROFILE_V1;

	WZP_REJECT("WZP-WIRE-051", v1 && (count == 0 || count > WZP_TRUNK_MAX_ENTRIES),
		   WZP_ERR_FIELD_RANGE);
	WZP_REJECT("WZP-WIRE-051", count > UINT16_MAX, WZP_ERR_FIELD_RANGE);
	*size = 2;
	for (size_t i = 0; i < count; i++) {
		WZP_REJECT("WZP-WIRE-051", v1 && entries[i].payload_len == 0,
			   WZP_ERR_FIELD_RANGE);
		*size += WZP_TRUNK_ENTRY_OVERHEAD + entries[i].payload_len;
	}
	return WZP_OK;
}

enum wzp_err wzp_trunk_encode(uint8_t *out, size_t cap, size_t *written,
			      const struct wzp_trunk_entry *entries, size_t count,
			      enum wzp_profile profile)
{
	size_t size, at = WZP_TRUNK_FIRST_ENTRY;
	enum wzp_err err = check_entries(entries, count, profile, &size);

	if (err != WZP_OK)
		return err;
	if (size > cap)
		return WZP_ERR_NO_MEMORY;
	store_be16(out, WZP_VALUE("WZP-WIRE-050", (uint16_t)count));
	for (size_t i = 0; i < count; i++) {
		memcpy(out + at, entries[i].session_id, 2);
		store_be16(out + at + 2, entries[i].payload_len);
		if (entries[i].payload_len > 0)
			memcpy(out + at + WZP_TRUNK_ENTRY_OVERHEAD, entries[i].payload,
			       entries[i].payload_len);
		at += WZP_TRUNK_ENTRY_OVERHEAD + entries[i].payload_len;
	}
	*written = size;
	return WZP_OK;
}
