/* test_protect.c: a 1:1 call and a 4-member room (with a join and a
 * leave) driven through the relay's forwarding core, end to end: every
 * member opens every other member's packets, the relay holds no key and
 * opens nothing, and tampered, replayed and wrongly keyed packets are
 * refused and counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "wzp/handshake.h"
#include "wzp/media_aead.h"
#include "wzp/relay_room.h"
#include "wzp/room_keys.h"

#define MAX_MEMBERS 5
#define DGRAM 512

struct peer {
	bool present, has_gen;
	uint8_t pair_key[WZP_KEY_SIZE];
	uint8_t role; /* our direction in the pairwise handshake */
	uint32_t last_gen;
	struct wzp_media_receiver rx;
};

struct member {
	bool in_room;
	uint32_t relay_id;
	struct wzp_identity id;
	uint8_t fp[WZP_FINGERPRINT_SIZE];
	struct wzp_media_sender tx;
	uint32_t gen;
	struct peer peers[MAX_MEMBERS];
	uint64_t opened;
};

static struct member members[MAX_MEMBERS];
static struct wzp_relay_room relay;
/* Everything the relay learns: its own handshake keys with each client. */
static uint8_t relay_keys[MAX_MEMBERS][WZP_KEY_SIZE];

static bool contains(const void *hay, size_t n, const uint8_t needle[WZP_KEY_SIZE])
{
	const uint8_t *h = hay;

	for (size_t i = 0; i + WZP_KEY_SIZE <= n; i++)
		if (memcmp(h + i, needle, WZP_KEY_SIZE) == 0)
			return true;
	return false;
}

/* The handshake of 5.2 between a caller and a callee, through the relay. */
static void handshake(const struct wzp_identity *caller, const struct wzp_identity *callee,
		      uint32_t caller_id, uint32_t callee_id, uint8_t caller_key[32],
		      uint8_t callee_key[32])
{
	uint8_t eph_a[32], eph_b[32];
	struct wzp_signed_ephemeral offer;
	struct wzp_handshake_accepted acc;
	struct wzp_handshake_finished fin;
	struct wzp_signed_ephemeral_in in;

	randombytes_buf(eph_a, sizeof eph_a);
	randombytes_buf(eph_b, sizeof eph_b);
	wzp_handshake_sign(&offer, caller, eph_a, WZP_ROLE_OFFER);
	if (caller_id != 0)
		assert_int_equal(wzp_relay_room_direct(&relay, caller_id, callee_id), WZP_OK);
	in = (struct wzp_signed_ephemeral_in){ offer.identity_pub, 32, offer.ephemeral_pub, 32,
					       offer.signature, 64 };
	assert_int_equal(wzp_handshake_accept(&acc, callee, eph_b, &in, NULL, 0, WZP_PROFILE_V1),
			 WZP_OK);
	if (caller_id != 0)
		assert_int_equal(wzp_relay_room_direct(&relay, callee_id, caller_id), WZP_OK);
	in = (struct wzp_signed_ephemeral_in){ acc.answer.identity_pub, 32,
					       acc.answer.ephemeral_pub, 32, acc.answer.signature,
					       64 };
	assert_int_equal(wzp_handshake_finish(&fin, eph_a, &in, &acc.chosen, NULL, 0,
					      WZP_PROFILE_V1),
			 WZP_OK);
	assert_memory_equal(fin.keys.session_key, acc.keys.session_key, 32);
	memcpy(caller_key, fin.keys.session_key, 32);
	memcpy(callee_key, acc.keys.session_key, 32);
	wzp_session_keys_wipe(&fin.keys);
	wzp_session_keys_wipe(&acc.keys);
}

static void member_init(int i)
{
	uint8_t seed[WZP_SEED_SIZE], relay_seed[WZP_SEED_SIZE], k[32];
	struct wzp_identity relay_id;

	memset(&members[i], 0, sizeof members[i]);
	memset(seed, 0x10 + i, sizeof seed);
	memset(relay_seed, 0xEE, sizeof relay_seed);
	wzp_identity_derive(&members[i].id, seed);
	wzp_fingerprint(members[i].fp, members[i].id.ed25519_pub);
	/* The client authenticates the relay; that key never seals media. */
	wzp_identity_derive(&relay_id, relay_seed);
	handshake(&members[i].id, &relay_id, 0, 0, k, relay_keys[i]);
	wzp_identity_wipe(&relay_id);
	assert_int_equal(wzp_relay_room_join(&relay, &members[i].relay_id), WZP_OK);
	members[i].in_room = true;
}

/* A media packet from member i: 40 bytes of payload, a report every 7th. */
static size_t make_packet(struct member *m, uint8_t *out, uint32_t n)
{
	uint8_t payload[40];
	struct wzp_media_packet p = { 0 };
	size_t written;

	memset(payload, (int)n, sizeof payload);
	p.header.codec_id = 0;
	p.header.timestamp_ms = 20 * m->tx.next_index;
	p.header.has_quality_report = n % 7 == 0;
	p.has_report = p.header.has_quality_report;
	p.report.loss_pct = 3;
	p.payload = payload;
	p.payload_len = sizeof payload;
	assert_int_equal(wzp_media_send(&m->tx, out, DGRAM, &written, &p), WZP_OK);
	return written;
}

/* The relay's best attempt: every key it knows, every direction. */
static void relay_cannot_open(const uint8_t *dgram, size_t len)
{
	uint8_t plain[DGRAM];

	for (int k = 0; k < MAX_MEMBERS; k++)
		for (uint8_t dir = 0; dir <= WZP_DIR_ROOM; dir++) {
			struct wzp_media_receiver rx;
			struct wzp_media_opened o;
			enum wzp_err err;

			wzp_media_receiver_init(&rx, dir);
			wzp_media_receiver_install(&rx, relay_keys[k]);
			err = wzp_media_open(&rx, &o, plain, sizeof plain, dgram, len);
			assert_true(err == WZP_ERR_AUTH_FAILED || err == WZP_ERR_NO_REFERENCE);
			wzp_media_receiver_wipe(&rx);
		}
	assert_false(contains(&relay, sizeof relay, members[0].tx.key.key));
}

/* Member s sends n packets; the relay fans them out; each recipient opens. */
static void send_round(int s, int n)
{
	uint8_t dgram[DGRAM], plain[DGRAM];
	uint32_t to[WZP_RELAY_ROOM_MAX];
	size_t len, k;

	for (int j = 0; j < n; j++) {
		len = make_packet(&members[s], dgram, (uint32_t)j);
		assert_int_equal(wzp_relay_room_fanout(&relay, members[s].relay_id, dgram, len, to,
						       &k),
				 WZP_OK);
		relay_cannot_open(dgram, len);
		for (size_t t = 0; t < k; t++) {
			assert_int_not_equal(to[t], members[s].relay_id);
			for (int r = 0; r < MAX_MEMBERS; r++) {
				struct wzp_media_opened o;

				if (!members[r].in_room || members[r].relay_id != to[t])
					continue;
				assert_int_equal(wzp_media_open(&members[r].peers[s].rx, &o, plain,
								sizeof plain, dgram, len),
						 WZP_OK);
				assert_int_equal(o.packet.payload_len, 40);
				assert_int_equal(o.packet.payload[0], (uint8_t)j);
				members[r].opened++;
			}
		}
	}
}

/* Pairwise handshakes between newcomer i and every member in the room. */
static void pair_up(int i)
{
	for (int j = 0; j < MAX_MEMBERS; j++) {
		struct peer *a = &members[i].peers[j], *b = &members[j].peers[i];

		if (j == i || !members[j].in_room)
			continue;
		handshake(&members[i].id, &members[j].id, members[i].relay_id, members[j].relay_id,
			  a->pair_key, b->pair_key);
		a->present = b->present = true;
		a->role = WZP_DIR_CALLER;
		b->role = WZP_DIR_CALLEE;
		wzp_media_receiver_init(&a->rx, WZP_DIR_ROOM);
		wzp_media_receiver_init(&b->rx, WZP_DIR_ROOM);
	}
}

/* Member s draws a new sender key and sends it to everyone in the room. */
static void rotate(int s)
{
	uint8_t key[32], msg[WZP_ROOM_KEY_MSG_SIZE], got[32];
	struct member *m = &members[s];
	uint32_t gen, next;

	randombytes_buf(key, sizeof key);
	if (m->tx.next_index == 0 && m->gen == 0)
		wzp_media_sender_init(&m->tx, key, WZP_DIR_ROOM);
	else
		wzp_media_sender_rekey(&m->tx, key);
	m->gen++;
	for (int r = 0; r < MAX_MEMBERS; r++) {
		struct peer *out = &m->peers[r], *in = &members[r].peers[s];

		if (r == s || !members[r].in_room)
			continue;
		wzp_room_key_seal(msg, out->pair_key, out->role, m->gen, m->fp, members[r].fp, key,
				  m->tx.next_index);
		assert_int_equal(wzp_relay_room_direct(&relay, m->relay_id, members[r].relay_id),
				 WZP_OK);
		assert_false(contains(&relay, sizeof relay, key));
		assert_int_equal(wzp_room_key_open(got, &gen, &next, in->pair_key, out->role, m->fp,
						   members[r].fp, msg, sizeof msg,
						   in->has_gen ? &in->last_gen : NULL),
				 WZP_OK);
		assert_int_equal(wzp_room_key_open(got, &gen, &next, in->pair_key, out->role, m->fp,
						   members[r].fp, msg, sizeof msg, &gen),
				 WZP_ERR_REPLAY);
		in->has_gen = true;
		in->last_gen = gen;
		wzp_media_receiver_install(&in->rx, got);
		wzp_media_receiver_expect(&in->rx, next);
	}
	sodium_memzero(key, sizeof key);
}

static void rotate_all(void)
{
	for (int s = 0; s < MAX_MEMBERS; s++)
		if (members[s].in_room)
			rotate(s);
}

static void everyone_sends(int n)
{
	for (int s = 0; s < MAX_MEMBERS; s++)
		if (members[s].in_room)
			send_round(s, n);
}

/* verifies: WZP-RELAY-005 */
static void test_room_of_four_with_join_and_leave(void **state)
{
	(void)state;
	uint8_t dgram[DGRAM], plain[DGRAM];
	struct wzp_media_opened o;
	size_t len;

	wzp_relay_room_init(&relay);
	memset(members, 0, sizeof members);
	for (int i = 0; i < 3; i++) {
		member_init(i);
		pair_up(i);
	}
	rotate_all();
	everyone_sends(60);
	len = make_packet(&members[0], dgram, 99); /* sealed before D joins */
	member_init(3);
	pair_up(3);
	rotate_all();
	everyone_sends(30);
	assert_int_equal(wzp_media_open(&members[3].peers[0].rx, &o, plain, sizeof plain, dgram,
					len),
			 WZP_ERR_AUTH_FAILED); /* D cannot read what came before it */
	assert_int_equal(wzp_relay_room_leave(&relay, members[1].relay_id), WZP_OK);
	members[1].in_room = false;
	rotate_all();
	everyone_sends(30);
	len = make_packet(&members[0], dgram, 5); /* B left: it cannot read this */
	assert_int_equal(wzp_media_open(&members[1].peers[0].rx, &o, plain, sizeof plain, dgram,
					len),
			 WZP_ERR_AUTH_FAILED);
	assert_int_equal(members[0].opened, 2 * 60 + 3 * 30 + 2 * 30);
	assert_int_equal(members[3].opened, 3 * 30 + 2 * 30);
	assert_int_equal(members[2].peers[0].rx.counters.auth_failed, 0);
	assert_int_equal(wzp_relay_room_direct(&relay, members[0].relay_id, members[1].relay_id),
			 WZP_ERR_BAD_PARAM);
	assert_int_equal(wzp_relay_room_direct(&relay, members[0].relay_id, members[0].relay_id),
			 WZP_ERR_BAD_PARAM);
	for (int i = 0; i < MAX_MEMBERS; i++)
		for (int j = 0; j < MAX_MEMBERS; j++)
			assert_false(contains(&relay, sizeof relay, members[i].peers[j].pair_key) &&
				     members[i].peers[j].present);
}

/* verifies: WZP-RELAY-002 */
static void test_call_one_to_one(void **state)
{
	(void)state;
	uint8_t dgram[DGRAM], bad[DGRAM], plain[DGRAM], kc[32], ke[32], other[32];
	struct wzp_media_receiver *rx;
	struct wzp_media_opened o;
	uint32_t to[WZP_RELAY_ROOM_MAX];
	size_t len, k;

	wzp_relay_room_init(&relay);
	member_init(0);
	member_init(1);
	handshake(&members[0].id, &members[1].id, members[0].relay_id, members[1].relay_id, kc, ke);
	wzp_media_sender_init(&members[0].tx, kc, WZP_DIR_CALLER);
	wzp_media_sender_init(&members[1].tx, ke, WZP_DIR_CALLEE);
	wzp_media_receiver_init(&members[1].peers[0].rx, WZP_DIR_CALLER);
	wzp_media_receiver_install(&members[1].peers[0].rx, ke);
	wzp_media_receiver_init(&members[0].peers[1].rx, WZP_DIR_CALLEE);
	wzp_media_receiver_install(&members[0].peers[1].rx, kc);
	send_round(0, 120);
	send_round(1, 120);
	assert_int_equal(members[0].opened, 120);
	assert_int_equal(members[1].opened, 120);
	assert_false(contains(&relay, sizeof relay, kc));

	rx = &members[1].peers[0].rx;
	len = make_packet(&members[0], dgram, 1);
	memcpy(bad, dgram, len);
	bad[5] ^= 1; /* a header bit */
	assert_int_equal(wzp_media_open(rx, &o, plain, sizeof plain, bad, len),
			 WZP_ERR_AUTH_FAILED);
	memcpy(bad, dgram, len);
	bad[len - 1] ^= 0x80; /* the tag */
	assert_int_equal(wzp_media_open(rx, &o, plain, sizeof plain, bad, len),
			 WZP_ERR_AUTH_FAILED);
	assert_int_equal(wzp_media_open(rx, &o, plain, sizeof plain, dgram, len), WZP_OK);
	assert_int_equal(wzp_media_open(rx, &o, plain, sizeof plain, dgram, len), WZP_ERR_REPLAY);
	memset(other, 0x77, sizeof other);
	wzp_media_sender_rekey(&members[0].tx, other); /* a key the callee never got */
	len = make_packet(&members[0], dgram, 2);
	assert_int_equal(wzp_media_open(rx, &o, plain, sizeof plain, dgram, len),
			 WZP_ERR_AUTH_FAILED);
	assert_int_equal(rx->counters.auth_failed, 3);
	assert_int_equal(rx->counters.replayed, 1);
	assert_int_equal(rx->counters.accepted, 121);
	/* The relay forwards the bytes unchanged, to the other member only. */
	assert_int_equal(wzp_relay_room_fanout(&relay, members[0].relay_id, dgram, len, to, &k),
			 WZP_OK);
	assert_int_equal(k, 1);
	assert_int_equal(to[0], members[1].relay_id);
	assert_int_equal(wzp_relay_room_fanout(&relay, 99, dgram, len, to, &k), WZP_ERR_BAD_PARAM);
}

/* verifies: WZP-RELAY-001 */
static void test_membership(void **state)
{
	(void)state;
	uint32_t id, first;

	wzp_relay_room_init(&relay);
	assert_int_equal(wzp_relay_room_join(&relay, &first), WZP_OK);
	assert_int_equal(first, 1);
	assert_int_equal(wzp_relay_room_leave(&relay, first), WZP_OK);
	assert_int_equal(wzp_relay_room_leave(&relay, first), WZP_ERR_BAD_PARAM);
	for (int i = 0; i < WZP_RELAY_ROOM_MAX; i++) {
		assert_int_equal(wzp_relay_room_join(&relay, &id), WZP_OK);
		assert_int_equal(id, (uint32_t)i + 2);
	}
	assert_int_equal(wzp_relay_room_join(&relay, &id), WZP_ERR_TOO_LARGE);
	assert_int_equal(wzp_relay_room_leave(&relay, 0), WZP_ERR_BAD_PARAM);
}

/* verifies: WZP-RELAY-003 WZP-RELAY-004 */
static void test_classify_and_count(void **state)
{
	(void)state;
	static const uint8_t trunk[] = { 0x3C, 0, 1 }, reserved[] = { 0x3D, 0 };
	static const uint8_t media[20] = { 0x04 };
	uint32_t a, b, to[WZP_RELAY_ROOM_MAX];
	const struct wzp_relay_member *ma, *mb;
	size_t k;

	wzp_relay_room_init(&relay);
	assert_int_equal(wzp_relay_room_join(&relay, &a), WZP_OK);
	assert_int_equal(wzp_relay_room_join(&relay, &b), WZP_OK);
	assert_int_equal(wzp_relay_room_fanout(&relay, a, media, 0, to, &k), WZP_ERR_TRUNCATED);
	assert_int_equal(wzp_relay_room_fanout(&relay, a, trunk, sizeof trunk, to, &k),
			 WZP_ERR_UNKNOWN_FRAME_TYPE);
	assert_int_equal(wzp_relay_room_fanout(&relay, a, reserved, sizeof reserved, to, &k),
			 WZP_ERR_UNKNOWN_FRAME_TYPE);
	assert_int_equal(wzp_relay_room_fanout(&relay, a, media, sizeof media, to, &k), WZP_OK);
	ma = wzp_relay_room_member(&relay, a);
	mb = wzp_relay_room_member(&relay, b);
	assert_int_equal(ma->dropped, 3);
	assert_int_equal(ma->rx_packets, 1);
	assert_int_equal(ma->rx_bytes, 20);
	assert_int_equal(mb->tx_packets, 1);
	assert_int_equal(mb->tx_bytes, 20);
	assert_int_equal(ma->tx_packets, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_one_to_one),
		cmocka_unit_test(test_room_of_four_with_join_and_leave),
		cmocka_unit_test(test_membership),
		cmocka_unit_test(test_classify_and_count),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
