/* Fuzz target: opening arbitrary datagrams, and the anti-replay window
 * and key phase on arbitrary sequences. The input is split into
 * datagrams at every 0xFF 0x00 pair; a datagram whose first byte is 0xFE
 * installs a new key (its next byte). Properties: nothing opens under a
 * key nobody sealed with except what we sealed; an accepted index is
 * never accepted twice; failures change no state; at most two keys held.
 * seed-ops: protect.media.seal
 * seed-args: frame */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/media_aead.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ACCEPTED 4096

static void step(struct wzp_media_receiver *rx, const uint8_t *d, size_t n, uint32_t *accepted,
		 size_t *count)
{
	uint8_t plain[2048], sealed[2100], key[WZP_MEDIA_KEY_SIZE];
	struct wzp_media_receiver before;
	struct wzp_media_opened o;
	struct wzp_media_key k;
	size_t len;

	memcpy(&before, rx, sizeof before);
	if (n >= 2 && d[0] == 0xFE) {
		memset(key, d[1], sizeof key);
		wzp_media_receiver_install(rx, key);
		return;
	}
	/* Seal the bytes as a frame under the current key when they are one. */
	if (rx->current.held && n <= 2048 && n >= 4) {
		k = rx->current.k;
		if (wzp_media_seal(sealed, sizeof sealed, &len, &k, rx->direction,
				   wzp_packet_index(&rx->window, (uint16_t)(d[2] << 8 | d[3])), d,
				   n) == WZP_OK)
			d = sealed, n = len;
	}
	if (wzp_media_open(rx, &o, plain, sizeof plain, d, n) != WZP_OK) {
		before.counters = rx->counters;
		if (memcmp(&before, rx, sizeof before) != 0)
			abort();
		return;
	}
	for (size_t i = 0; i < *count; i++)
		if (accepted[i] == o.index && rx->window.top - o.index < WZP_REPLAY_WINDOW)
			abort();
	if (*count < MAX_ACCEPTED)
		accepted[(*count)++] = o.index;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint32_t accepted[MAX_ACCEPTED];
	struct wzp_media_receiver rx;
	size_t start = 0, count = 0;
	uint8_t key[WZP_MEDIA_KEY_SIZE];

	memset(key, 0x42, sizeof key);
	wzp_media_receiver_init(&rx, WZP_DIR_CALLER);
	wzp_media_receiver_install(&rx, key);
	for (size_t i = 0; i <= size; i++) {
		if (i == size || (i + 1 < size && data[i] == 0xFF && data[i + 1] == 0x00)) {
			step(&rx, data + start, i - start, accepted, &count);
			start = i + 2;
			i++;
		}
	}
	if (rx.current.held + rx.previous.held > 2)
		abort();
	wzp_media_receiver_wipe(&rx);
	return 0;
}
