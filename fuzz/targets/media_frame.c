/* Fuzz target: wzp/1 datagram framing. The input is a sequence of
 * datagrams, each [length u8][bytes]; each is classified and decoded
 * against the running timestamp reference, which moves only on success.
 * A decoded frame must re-encode to a frame that decodes the same.
 * seed-ops: wire.frames.decode_sequence:datagrams wire.media_packet.decode */
#include <stdlib.h>
#include <string.h>

#include "../records.h"
#include "wzp/compact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_packet(const struct wzp_media_packet *a, const struct wzp_media_packet *b)
{
	if (memcmp(&a->header, &b->header, sizeof a->header) != 0 ||
	    a->payload_len != b->payload_len || a->has_report != b->has_report ||
	    (a->payload_len && memcmp(a->payload, b->payload, a->payload_len) != 0))
		abort();
}

static void re_encode(const struct wzp_media_packet *p, const struct wzp_ts_reference *ref)
{
	static uint8_t out[70000];
	struct wzp_compact_sender sender = { .started = true, .last_ts = ref->ts };
	struct wzp_media_packet again;
	size_t n;

	if (p->header.reserved || p->header.csrc_count)
		return; /* accepted on receipt, never sent in wzp/1 */
	if (wzp_media_frame_encode(out, sizeof out, &n, p, &sender) != WZP_OK)
		abort();
	if (wzp_media_frame_decode(&again, out, n, ref) != WZP_OK)
		abort();
	same_packet(p, &again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wzp_ts_reference ref = { 0 };
	const uint8_t *rec;
	size_t at = 0, len;

	while (next_record(data, size, &at, &rec, &len)) {
		struct wzp_media_packet p;

		if (wzp_media_frame_decode(&p, rec, len, &ref) == WZP_OK) {
			wzp_ts_reference_update(&ref, p.header.timestamp_ms);
			re_encode(&p, &ref);
		}
	}
	return 0;
}
