/* media_aead.c: spec/05-crypto.md 5.4, media AEAD (WZP-CRYPTO-050..-056,
 * -059). ChaCha20-Poly1305 IETF from libsodium; libsodium checks the tag
 * in constant time before it decrypts anything. */
#include <sodium.h>
#include <string.h>

#include "bytes.h"
#include "wzp/media_aead.h"
#include "wzp/trace.h"

#define MINI_BIT 0x80

static const char WARNING[] =
	"WARNING: profile upstream-aa09275 sends media IN THE CLEAR: the relay and anyone "
	"on the path can listen. Use it for interop tests only.";

void wzp_media_key_init(struct wzp_media_key *k, const uint8_t key[WZP_MEDIA_KEY_SIZE])
{
	uint8_t digest[crypto_hash_sha256_BYTES];

	memcpy(k->key, key, WZP_MEDIA_KEY_SIZE);
	crypto_hash_sha256(digest, key, WZP_MEDIA_KEY_SIZE);
	memcpy(k->session_id, digest, sizeof k->session_id);
}

void wzp_media_key_wipe(struct wzp_media_key *k)
{
	sodium_memzero(k, sizeof *k);
}

/* WZP-CRYPTO-050: session_id || index (BE32) || direction || 00 00 00. */
void wzp_media_nonce(uint8_t nonce[WZP_MEDIA_NONCE_SIZE], const uint8_t session_id[4],
		     uint32_t index, uint8_t direction)
{
	memcpy(nonce, session_id, 4);
	store_be32(nonce + 4, WZP_VALUE("WZP-CRYPTO-050", index));
	nonce[8] = WZP_VALUE("WZP-CRYPTO-051", direction);
	memset(nonce + 9, 0, 3);
}

bool wzp_media_is_protected(enum wzp_profile profile)
{
	return WZP_VALUE("WZP-CRYPTO-059", profile == WZP_PROFILE_V1);
}

const char *wzp_media_plaintext_warning(enum wzp_profile profile)
{
	return wzp_media_is_protected(profile) ? NULL : WARNING;
}

/* WZP-CRYPTO-053: the header bytes as sent, 12 (FULL) or 9 (MINI). */
static size_t header_len(uint8_t first)
{
	return WZP_VALUE("WZP-CRYPTO-053", (first & MINI_BIT) ? WZP_MINI_HEADER_SIZE
							       : WZP_MEDIA_HEADER_SIZE);
}

enum wzp_err wzp_media_seal(uint8_t *out, size_t cap, size_t *written,
			    const struct wzp_media_key *k, uint8_t direction, uint32_t index,
			    const uint8_t *frame, size_t len)
{
	uint8_t nonce[WZP_MEDIA_NONCE_SIZE];
	enum wzp_frame_kind kind;
	size_t hdr;

	if (wzp_frame_kind_of(frame, len, &kind) != WZP_OK || kind == WZP_FRAME_TRUNK)
		return WZP_ERR_BAD_PARAM;
	hdr = header_len(frame[0]);
	if (len < hdr)
		return WZP_ERR_BAD_PARAM;
	WZP_REJECT("WZP-CRYPTO-052", load_be16(frame + 2) != (uint16_t)index, WZP_ERR_BAD_PARAM);
	if (cap < len + WZP_MEDIA_TAG_SIZE)
		return WZP_ERR_NO_MEMORY;
	wzp_media_nonce(nonce, k->session_id, index, direction);
	memmove(out, frame, len);
	crypto_aead_chacha20poly1305_ietf_encrypt(out + hdr, NULL, out + hdr, len - hdr, out, hdr,
						  NULL, nonce, k->key);
	*written = len + WZP_MEDIA_TAG_SIZE;
	return WZP_OK;
}

void wzp_media_sender_init(struct wzp_media_sender *s, const uint8_t key[WZP_MEDIA_KEY_SIZE],
			   uint8_t direction)
{
	memset(s, 0, sizeof *s);
	wzp_media_key_init(&s->key, key);
	s->direction = direction;
}

void wzp_media_sender_rekey(struct wzp_media_sender *s, const uint8_t key[WZP_MEDIA_KEY_SIZE])
{
	wzp_media_key_wipe(&s->key);
	wzp_media_key_init(&s->key, key);
	s->sealed_under_key = 0;
	s->framing.started = false;
}

enum wzp_err wzp_media_send(struct wzp_media_sender *s, uint8_t *out, size_t cap,
			    size_t *written, const struct wzp_media_packet *p)
{
	struct wzp_media_packet q = *p;
	struct wzp_compact_sender framing = s->framing;
	size_t len;
	enum wzp_err err;

	if (cap < WZP_MEDIA_TAG_SIZE)
		return WZP_ERR_NO_MEMORY;
	q.header.seq = (uint16_t)s->next_index;
	err = wzp_media_frame_encode(out, cap - WZP_MEDIA_TAG_SIZE, &len, &q, &framing);
	if (err == WZP_OK)
		err = wzp_media_seal(out, cap, written, &s->key, s->direction, s->next_index, out,
				     len);
	if (err != WZP_OK)
		return err;
	s->framing = framing;
	s->next_index++;
	s->sealed_under_key++;
	return WZP_OK;
}

void wzp_media_sender_wipe(struct wzp_media_sender *s)
{
	sodium_memzero(s, sizeof *s);
}

void wzp_media_receiver_init(struct wzp_media_receiver *rx, uint8_t sender_direction)
{
	memset(rx, 0, sizeof *rx);
	rx->direction = sender_direction;
}

void wzp_media_receiver_install(struct wzp_media_receiver *rx,
				const uint8_t key[WZP_MEDIA_KEY_SIZE])
{
	sodium_memzero(&rx->previous, sizeof rx->previous);
	rx->previous = rx->current;
	memset(&rx->current, 0, sizeof rx->current);
	wzp_media_key_init(&rx->current.k, key);
	rx->current.held = true;
}

void wzp_media_receiver_expect(struct wzp_media_receiver *rx, uint32_t next_index)
{
	if (rx->window.started)
		return;
	rx->window.started = true;
	rx->window.top = next_index - 1;
}

void wzp_media_receiver_wipe(struct wzp_media_receiver *rx)
{
	sodium_memzero(rx, sizeof *rx);
}

static bool try_key(const struct wzp_rx_key *key, uint8_t direction, uint32_t index,
		    uint8_t *plain, const uint8_t *dgram, size_t hdr, size_t len)
{
	uint8_t nonce[WZP_MEDIA_NONCE_SIZE];

	if (!key->held)
		return false;
	wzp_media_nonce(nonce, key->k.session_id, index, direction);
	return crypto_aead_chacha20poly1305_ietf_decrypt(plain, NULL, NULL, dgram + hdr, len - hdr,
							 dgram, hdr, nonce, key->k.key) == 0;
}

/* WZP-CRYPTO-055: the current key, then the previous one for an index
 * below the first accepted under the current key. 0, 1, or -1 for none. */
static int open_with_keys(const struct wzp_media_receiver *rx, uint32_t index, uint8_t *plain,
			  const uint8_t *dgram, size_t hdr, size_t len)
{
	bool may_be_older = !rx->current.used || index < rx->current.first_index;

	if (try_key(&rx->current, rx->direction, index, plain, dgram, hdr, len))
		return 0;
	if (WZP_VALUE("WZP-CRYPTO-055", may_be_older) &&
	    try_key(&rx->previous, rx->direction, index, plain, dgram, hdr, len))
		return 1;
	return -1;
}

/* Accepting moves the window, the timestamp reference and the key phase;
 * the previous key is wiped once the window is 1024 past the first index
 * of the current one (WZP-CRYPTO-056). */
static void accept(struct wzp_media_receiver *rx, uint32_t index, int key, uint32_t ts)
{
	wzp_replay_update(&rx->window, WZP_VALUE("WZP-CRYPTO-054", index));
	wzp_ts_reference_update(&rx->ts_ref, ts);
	if (key == 0 && !rx->current.used) {
		rx->current.used = true;
		rx->current.first_index = index;
	}
	if (rx->current.used && rx->previous.held &&
	    rx->window.top - rx->current.first_index >=
		    WZP_VALUE("WZP-CRYPTO-056", WZP_REPLAY_WINDOW))
		sodium_memzero(&rx->previous, sizeof rx->previous);
}

/* WZP-CRYPTO-054: decode, length, index, window, authenticate, accept. */
static enum wzp_err open_once(struct wzp_media_receiver *rx, struct wzp_media_opened *out,
			      uint8_t *plain, size_t cap, const uint8_t *dgram, size_t len)
{
	struct wzp_media_packet p;
	size_t hdr, body;
	uint32_t index;
	int key;
	enum wzp_err err = wzp_media_frame_decode(&p, dgram, len, &rx->ts_ref);

	if (err != WZP_OK)
		return err;
	hdr = header_len(dgram[0]);
	WZP_REJECT("WZP-CRYPTO-053",
		   len < hdr + WZP_MEDIA_TAG_SIZE + (p.header.has_quality_report ? 4 : 0),
		   WZP_ERR_TRUNCATED);
	body = len - hdr - WZP_MEDIA_TAG_SIZE;
	if (cap < body)
		return WZP_ERR_NO_MEMORY;
	index = wzp_packet_index(&rx->window, p.header.seq);
	err = wzp_replay_check(&rx->window, index);
	if (err != WZP_OK)
		return err;
	key = open_with_keys(rx, index, plain, dgram, hdr, len);
	WZP_REJECT("WZP-CRYPTO-053", key < 0, WZP_ERR_AUTH_FAILED);
	err = wzp_media_body_decode(&p, plain, body);
	if (err != WZP_OK)
		return err;
	accept(rx, index, key, p.header.timestamp_ms);
	out->packet = p;
	out->index = index;
	out->previous_key = key == 1;
	return WZP_OK;
}

enum wzp_err wzp_media_open(struct wzp_media_receiver *rx, struct wzp_media_opened *out,
			    uint8_t *plain, size_t cap, const uint8_t *dgram, size_t len)
{
	enum wzp_err err = open_once(rx, out, plain, cap, dgram, len);

	if (err == WZP_OK)
		rx->counters.accepted++;
	else if (err == WZP_ERR_AUTH_FAILED)
		rx->counters.auth_failed++;
	else if (err == WZP_ERR_REPLAY)
		rx->counters.replayed++;
	else
		rx->counters.malformed++;
	return err;
}
