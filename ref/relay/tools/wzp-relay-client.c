/* wzp-relay-client: joins a room on a wzp-relay through the client
 * library (ref/relay/client/relay_session.h), then obeys one command per
 * line on stdin and reports every event on stdout, one line each
 * (echo_common.h's format). No audio: media is opaque bytes.
 *
 *   wzp-relay-client --port P [--host H] [--room KEY | --room-name NAME]
 *       [--upstream] [--seed HEX64] [--alias A] [--token T]
 *       [--pin-cert HEX64] [--pin-fingerprint FP] [--pin-file FILE]
 *       [--join-timeout-ms MS] [--timeout SECONDS] [--quiet] [--room-keys]
 *
 * Defaults: 127.0.0.1, room "default" (--room-name hashes NAME,
 * wzp/room.h), profile wzp/1 (--upstream: upstream-aa09275), a random
 * identity, no token, no pin, timeout 30 s. --quiet counts datagrams
 * without printing them.
 * --room-keys makes it a room member of spec/05-crypto.md 5.7
 * (member_keys.h): it runs the pairwise handshake with every other
 * member, sends each its RoomKey (a sender key it seals nothing under:
 * its datagrams stay the raw bytes of the commands), opens theirs, and
 * tries every datagram it receives under the sender keys it holds.
 * Commands:  datagram HEX      one media datagram
 *            burst N HEX       N datagrams, HEX then a BE32 index, one per ms
 *            signal TEXT       TEXT as one signal message
 *            stats             print the counters
 *            close             close with code 0, "normal close"
 * End of input closes the same way. Events:
 *   identity fingerprint=HEX
 *   joined cert=HEX relay=FP pinned=0|1 learned=0|1
 *   room count=N members=FP,FP,... aliases="a,b,..."
 *   datagram len=N hex=...
 *   signal variant=V len=N body="..."
 *   send-error what=datagram|signal|command err=N
 *   stats datagrams=N signals=N updates=N sent=N
 *   paired with=FP                 (--room-keys) a pairwise handshake done
 *   room-key from=FP next=N        (--room-keys) FP's sender key, opened
 *   opened from=FP index=N         (--room-keys) the datagram just printed
 *                                  opened under FP's sender key
 *   closed kind=... (echo_common.h), then closed-joined joined=0|1
 *   timeout
 *
 * Exit status: 0 when this side closed, 1 when the session ended
 * otherwise, 2 on timeout, 64 on bad arguments.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_lines.h"
#include "echo_common.h"
#include "member_keys.h"
#include "relay_session.h"
#include "wzp/room.h"

#define BURST_GAP_S 0.001

/* --room-keys: the member's keys and, per member slot, the receiver of
 * the sender key it sent us (held: one was installed). */
struct room_keys {
	struct member_keys keys;
	bool held[WZP_ROOM_PEERS_MAX];
	struct wzp_media_receiver rx[WZP_ROOM_PEERS_MAX];
	ev_timer tick;
};

struct client {
	struct ev_loop *loop;
	struct relay_session *session;
	struct cli_lines input;
	int quiet, status;
	uint64_t datagrams, signals, updates, sent;
	ev_timer burst;
	uint8_t burst_buf[CLI_LINE_MAX / 2 + 4];
	size_t burst_len;
	uint32_t burst_left, burst_index;
	struct room_keys *room; /* NULL without --room-keys */
};

static uint64_t loop_ms(const struct client *cl)
{
	return (uint64_t)(ev_now(cl->loop) * 1000.);
}

static void print_hex(const char *key, const uint8_t *b, size_t n)
{
	printf(" %s=", key);
	for (size_t i = 0; i < n; i++)
		printf("%02x", b[i]);
}

/* ---- --room-keys: a room member of 5.7 (member_keys.h) ---- */

static void print_fp(const char *key, const struct client *cl, size_t slot)
{
	print_hex(key, cl->room->keys.member.peers[slot].fp, WZP_FINGERPRINT_SIZE);
}

static void keys_send(void *user, const char *text, size_t len)
{
	struct client *cl = user;
	int rv = (int)relay_session_send_signal(cl->session, text, len);

	if (rv != 0)
		printf("send-error what=signal err=%d\n", rv);
}

/* Nothing to do when a member joins, nor with our own sender key: we seal
 * nothing, so every index we announce is 0. */
static void keys_joined(void *user, size_t slot, const char *hex)
{
	(void)user;
	(void)slot;
	(void)hex;
}

static void keys_own(void *user, const uint8_t key[WZP_MEDIA_KEY_SIZE], uint8_t direction)
{
	(void)user;
	(void)key;
	(void)direction;
}

static uint32_t keys_next_index(void *user)
{
	(void)user;
	return 0;
}

static void keys_left(void *user, size_t slot)
{
	struct room_keys *r = ((struct client *)user)->room;

	if (r->held[slot])
		wzp_media_receiver_wipe(&r->rx[slot]);
	r->held[slot] = false;
}

static void keys_paired(void *user, size_t slot)
{
	printf("paired");
	print_fp("with", user, slot);
	printf("\n");
}

static enum wzp_err keys_peer(void *user, size_t slot, const uint8_t key[WZP_MEDIA_KEY_SIZE],
			      uint8_t direction, bool expect_index, uint32_t next_index)
{
	struct room_keys *r = ((struct client *)user)->room;

	if (!r->held[slot])
		wzp_media_receiver_init(&r->rx[slot], direction);
	r->held[slot] = true;
	wzp_media_receiver_install(&r->rx[slot], key);
	if (expect_index)
		wzp_media_receiver_expect(&r->rx[slot], next_index);
	printf("room-key");
	print_fp("from", user, slot);
	printf(" next=%u\n", next_index);
	return WZP_OK;
}

static const struct member_keys_events KEYS_EVENTS = {
	keys_send, keys_joined, keys_left, keys_own, keys_peer, keys_next_index, keys_paired,
};

static void on_keys_tick(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client *cl = w->data;

	(void)loop;
	(void)revents;
	member_keys_tick(&cl->room->keys, loop_ms(cl));
}

/* The datagram under the first member's sender key that opens it. */
static void try_open(struct client *cl, const uint8_t *data, size_t len)
{
	static uint8_t plain[CLI_LINE_MAX / 2];
	struct room_keys *r = cl->room;
	struct wzp_media_opened opened;

	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++) {
		if (!r->held[i] ||
		    wzp_media_open(&r->rx[i], &opened, plain, sizeof plain, data, len) != WZP_OK)
			continue;
		printf("opened");
		print_fp("from", cl, i);
		printf(" index=%u\n", opened.index);
		return;
	}
}

static struct room_keys *room_keys_new(struct client *cl, const struct wzp_identity *id)
{
	struct room_keys *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	member_keys_init(&r->keys, id, false, &KEYS_EVENTS, cl);
	ev_timer_init(&r->tick, on_keys_tick, MEMBER_KEYS_RETRY_MS / 1000.,
		      MEMBER_KEYS_RETRY_MS / 1000.);
	r->tick.data = cl;
	ev_timer_start(cl->loop, &r->tick);
	return r;
}

static void room_keys_free(struct room_keys *r, struct ev_loop *loop)
{
	if (r == NULL)
		return;
	ev_timer_stop(loop, &r->tick);
	member_keys_free(&r->keys);
	for (size_t i = 0; i < WZP_ROOM_PEERS_MAX; i++)
		if (r->held[i])
			wzp_media_receiver_wipe(&r->rx[i]);
	free(r);
}

/* ---- relay session events ---- */

static void on_joined(struct relay_session *s, const struct relay_session_joined *j, void *user)
{
	(void)s;
	(void)user;
	printf("joined");
	print_hex("cert", j->cert_sha256, sizeof j->cert_sha256);
	print_hex("relay", j->relay_fingerprint, sizeof j->relay_fingerprint);
	printf(" pinned=%d learned=%d\n", j->pinned, j->learned);
}

static void on_room(struct relay_session *s, const struct relay_session_member *m, size_t n,
		    void *user)
{
	struct client *cl = user;

	(void)s;
	cl->updates++;
	printf("room count=%zu members=", n);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < WZP_FINGERPRINT_SIZE; k++)
			printf("%02x", m[i].fingerprint[k]);
		printf(i + 1 < n ? "," : "");
	}
	printf(" aliases=\"");
	for (size_t i = 0; i < n; i++)
		printf("%s%s", m[i].alias, i + 1 < n ? "," : "");
	printf("\"\n");
	if (cl->room != NULL)
		member_keys_on_room(&cl->room->keys, m, n, loop_ms(cl));
}

static void on_signal(struct relay_session *s, const char *variant, const uint8_t *body,
		      size_t len, void *user)
{
	struct client *cl = user;
	struct wzp_signal sig;

	(void)s;
	cl->signals++;
	printf("signal variant=%s", variant);
	echo_print_payload("", "body", body, len);
	printf("\n");
	if (cl->room == NULL ||
	    wzp_signal_parse(&sig, (const char *)body, len, WZP_PROFILE_V1) != WZP_OK)
		return;
	member_keys_on_signal(&cl->room->keys, &sig, loop_ms(cl));
	wzp_signal_clear(&sig);
}

static void on_datagram(struct relay_session *s, const uint8_t *data, size_t len, void *user)
{
	struct client *cl = user;

	(void)s;
	cl->datagrams++;
	if (cl->quiet)
		return;
	printf("datagram len=%zu", len);
	print_hex("hex", data, len);
	printf("\n");
	if (cl->room != NULL)
		try_open(cl, data, len);
}

static void on_closed(struct relay_session *s, const struct wzp_quic_end *end, int joined,
		      void *user)
{
	struct client *cl = user;

	(void)s;
	echo_print_end(end);
	printf("closed-joined joined=%d\n", joined);
	cl->status = end->kind == WZP_QUIC_END_LOCAL && end->code == 0 ? 0 : 1;
	ev_break(cl->loop, EVBREAK_ALL);
}

static void on_burst(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct client *cl = w->data;
	uint8_t *idx = cl->burst_buf + cl->burst_len;

	(void)revents;
	idx[0] = (uint8_t)(cl->burst_index >> 24);
	idx[1] = (uint8_t)(cl->burst_index >> 16);
	idx[2] = (uint8_t)(cl->burst_index >> 8);
	idx[3] = (uint8_t)cl->burst_index;
	if (relay_session_send_datagram(cl->session, cl->burst_buf, cl->burst_len + 4) ==
	    WZP_QUIC_OK)
		cl->sent++;
	cl->burst_index++;
	if (--cl->burst_left == 0)
		ev_timer_stop(loop, w);
}

static void burst(struct client *cl, const char *args)
{
	char *end;
	unsigned long n = strtoul(args, &end, 10);
	ssize_t len = *end == ' ' ? cli_hex(cl->burst_buf, sizeof cl->burst_buf - 4, end + 1) : -1;

	if (n == 0 || n > 100000 || len < 0 || ev_is_active(&cl->burst)) {
		printf("send-error what=command err=-1\n");
		return;
	}
	cl->burst_len = (size_t)len;
	cl->burst_left = (uint32_t)n;
	cl->burst_index = 0;
	ev_timer_start(cl->loop, &cl->burst);
}

static void datagram(struct client *cl, const char *hex)
{
	static uint8_t buf[CLI_LINE_MAX / 2];
	ssize_t n = cli_hex(buf, sizeof buf, hex);
	int rv = n < 0 ? -1 : (int)relay_session_send_datagram(cl->session, buf, (size_t)n);

	if (rv != 0)
		printf("send-error what=datagram err=%d\n", rv);
	else
		cl->sent++;
}

static void command(void *user, char *line)
{
	struct client *cl = user;
	int rv;

	if (strncmp(line, "datagram ", 9) == 0) {
		datagram(cl, line + 9);
	} else if (strncmp(line, "burst ", 6) == 0) {
		burst(cl, line + 6);
	} else if (strncmp(line, "signal ", 7) == 0) {
		if ((rv = (int)relay_session_send_signal(cl->session, line + 7, strlen(line + 7))) != 0)
			printf("send-error what=signal err=%d\n", rv);
	} else if (strcmp(line, "stats") == 0) {
		printf("stats datagrams=%llu signals=%llu updates=%llu sent=%llu\n",
		       (unsigned long long)cl->datagrams, (unsigned long long)cl->signals,
		       (unsigned long long)cl->updates, (unsigned long long)cl->sent);
	} else if (strcmp(line, "close") == 0) {
		relay_session_close(cl->session, 0, "normal close");
	} else {
		printf("send-error what=command err=-1\n");
	}
}

static void on_eof(void *user)
{
	struct client *cl = user;

	relay_session_close(cl->session, 0, "normal close");
}

struct args {
	struct relay_session_config cfg;
	char room[WZP_ROOM_HASH_LEN + 1];
	const char *seed;
	double timeout;
	int quiet, room_keys;
};

/* One option with a value; 0, or -1 for an unknown one. */
static int option(struct args *a, const char *opt, const char *val)
{
	struct relay_session_config *c = &a->cfg;

	if (strcmp(opt, "--host") == 0)
		c->host = val;
	else if (strcmp(opt, "--port") == 0)
		c->port = val;
	else if (strcmp(opt, "--room") == 0)
		c->room = val;
	else if (strcmp(opt, "--room-name") == 0) {
		wzp_room_hash(a->room, (const uint8_t *)val, strlen(val));
		c->room = a->room;
	} else if (strcmp(opt, "--seed") == 0)
		a->seed = val;
	else if (strcmp(opt, "--alias") == 0)
		c->alias = val;
	else if (strcmp(opt, "--token") == 0)
		c->token = val;
	else if (strcmp(opt, "--pin-cert") == 0)
		c->pin_cert = val;
	else if (strcmp(opt, "--pin-fingerprint") == 0)
		c->pin_fingerprint = val;
	else if (strcmp(opt, "--pin-file") == 0)
		c->pin_file = val;
	else if (strcmp(opt, "--join-timeout-ms") == 0)
		c->join_timeout_ms = strtoull(val, NULL, 10);
	else if (strcmp(opt, "--timeout") == 0)
		a->timeout = atof(val);
	else
		return -1;
	return 0;
}

static int parse(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--upstream") == 0)
			a->cfg.profile = WZP_PROFILE_UPSTREAM;
		else if (strcmp(argv[i], "--quiet") == 0)
			a->quiet = 1;
		else if (strcmp(argv[i], "--room-keys") == 0)
			a->room_keys = 1;
		else if (i + 1 == argc || option(a, argv[i], argv[i + 1]) != 0)
			return -1;
		else
			i++;
	}
	return a->cfg.port == NULL ? -1 : 0;
}

/* The identity from --seed, or a random one. */
static int identity(struct wzp_identity *id, const char *hex)
{
	uint8_t seed[WZP_SEED_SIZE];
	char fp[WZP_FINGERPRINT_HEX_LEN + 1];

	if (sodium_init() < 0)
		return -1;
	if (hex == NULL)
		randombytes_buf(seed, sizeof seed);
	else if (wzp_seed_from_hex(seed, hex, strlen(hex)) != WZP_OK)
		return -1;
	wzp_identity_derive(id, seed);
	sodium_memzero(seed, sizeof seed);
	wzp_fingerprint_hex(fp, id->fingerprint);
	printf("identity fingerprint=%s\n", fp);
	return 0;
}

static int run(struct client *cl, struct args *a)
{
	ev_timer deadline;

	if (relay_session_open(&cl->session, cl->loop, &a->cfg) != 0) {
		fprintf(stderr, "wzp-relay-client: cannot start (bad pin, pin file or address)\n");
		return 1;
	}
	if (a->room_keys && (cl->room = room_keys_new(cl, a->cfg.identity)) == NULL) {
		relay_session_free(cl->session);
		return 1;
	}
	cl->input = (struct cli_lines){ .line = command, .eof = on_eof, .user = cl };
	cli_lines_start(&cl->input, cl->loop);
	ev_timer_init(&cl->burst, on_burst, BURST_GAP_S, BURST_GAP_S);
	cl->burst.data = cl;
	cli_deadline_start(&deadline, cl->loop, a->timeout, &cl->status);
	ev_run(cl->loop, 0);
	cli_lines_stop(&cl->input, cl->loop);
	ev_timer_stop(cl->loop, &deadline);
	ev_timer_stop(cl->loop, &cl->burst);
	relay_session_free(cl->session);
	room_keys_free(cl->room, cl->loop);
	return cl->status;
}

int main(int argc, char **argv)
{
	struct client cl = { .loop = ev_default_loop(0), .status = 1 };
	struct args a = { .cfg = { .host = "127.0.0.1", .room = "default",
				   .profile = WZP_PROFILE_V1 }, .timeout = 30. };
	struct wzp_identity id;
	int rv;

	echo_setup_output();
	if (parse(argc, argv, &a) != 0 || identity(&id, a.seed) != 0) {
		fprintf(stderr, "usage: wzp-relay-client --port P [--host H] [--room KEY | "
				"--room-name NAME] [--upstream] [--seed HEX64] [--alias A] "
				"[--token T] [--pin-cert HEX64] [--pin-fingerprint FP] "
				"[--pin-file FILE] [--join-timeout-ms MS] [--timeout S] [--quiet] "
				"[--room-keys]\n");
		return 64;
	}
	a.cfg.identity = &id;
	a.cfg.events = (struct relay_session_events){ on_joined, on_room, on_signal, on_datagram,
						      on_closed };
	a.cfg.user = &cl;
	cl.quiet = a.quiet;
	rv = run(&cl, &a);
	wzp_identity_wipe(&id);
	ev_loop_destroy(cl.loop);
	return rv;
}
