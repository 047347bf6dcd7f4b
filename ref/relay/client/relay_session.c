/* relay_session.c: joining a room on a wzp-relay as a client
 * (relay_session.h; spec/08-relay.md 8.2, 8.3). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hop.h"
#include "quic_client.h"
#include "relay_pin.h"
#include "relay_session.h"
#include "wzp/signal.h"

#define PIN_FILE_MAX 65536

struct relay_session {
	struct ev_loop *loop;
	struct relay_session_config cfg; /* strings below are copies */
	char *host, *port, *room, *alias, *token, *pin_file;
	struct wzp_quic_client *client;
	struct wzp_quic_conn *conn; /* set at the QUIC handshake */
	char addr[RELAY_PIN_ADDR_MAX];
	int have_cert_pin, have_fp_pin, learn;
	struct relay_pin pin;      /* what the relay must match */
	struct relay_session_joined joined;
	uint8_t eph[WZP_KEY_SIZE]; /* the offer's ephemeral secret, until the answer */
	int offered, is_joined;
	ev_timer join_timer;
};

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* The pin file's text for this relay into s->pin; 0, or -1 (a damaged
 * line: refuse rather than trust again). A missing file is empty. */
static int read_pins(struct relay_session *s)
{
	static char text[PIN_FILE_MAX];
	FILE *f = fopen(s->pin_file, "r");
	size_t n = 0;
	int found;

	if (f != NULL) {
		n = fread(text, 1, sizeof text, f);
		fclose(f);
	}
	found = relay_pin_find(&s->pin, text, n, s->addr);
	if (found < 0)
		return -1;
	s->have_cert_pin = s->have_fp_pin = found;
	s->learn = !found;
	return 0;
}

static int configure_pins(struct relay_session *s, const struct relay_session_config *cfg)
{
	snprintf(s->addr, sizeof s->addr, "%s:%s", cfg->host, cfg->port);
	if (s->pin_file != NULL && read_pins(s) != 0)
		return -1;
	if (cfg->pin_cert != NULL) {
		if (relay_pin_hex(s->pin.cert_sha256, RELAY_PIN_CERT_SIZE, cfg->pin_cert,
				  strlen(cfg->pin_cert)) != 0)
			return -1;
		s->have_cert_pin = 1;
	}
	if (cfg->pin_fingerprint != NULL) {
		if (wzp_fingerprint_parse(s->pin.fingerprint, cfg->pin_fingerprint,
					  strlen(cfg->pin_fingerprint), WZP_PROFILE_V1) != WZP_OK)
			return -1;
		s->have_fp_pin = 1;
	}
	return 0;
}

static void fail(struct relay_session *s, uint64_t code, const char *reason)
{
	ev_timer_stop(s->loop, &s->join_timer);
	wzp_quic_close(s->conn, code, reason);
}

static void on_join_timeout(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct relay_session *s = w->data;

	(void)loop;
	(void)revents;
	if (s->conn != NULL) {
		fail(s, RELAY_SESSION_JOIN_TIMEOUT, "join timeout");
		return;
	}
	/* No QUIC handshake at all: give up on the connection here. */
	wzp_quic_client_free(s->client);
	s->client = NULL;
	if (s->cfg.events.closed != NULL) {
		struct wzp_quic_end end = { .kind = WZP_QUIC_END_LOCAL, .application = 1,
					    .code = RELAY_SESSION_JOIN_TIMEOUT,
					    .reason = "join timeout" };

		s->cfg.events.closed(s, &end, 0, s->cfg.user);
	}
}

static void send_text(struct relay_session *s, char *text, size_t len)
{
	if (text != NULL)
		wzp_quic_send_message(s->conn, (const uint8_t *)text, len);
	free(text);
}

/* Steps 1-3 of 8.2: the certificate pin, AuthToken, CallOffer. */
static void on_handshake(struct wzp_quic_conn *c, void *user)
{
	struct relay_session *s = user;
	size_t len = 0;
	char *text;

	s->conn = c;
	if (wzp_quic_peer_cert_sha256(c, s->joined.cert_sha256) != 0 ||
	    (s->have_cert_pin && memcmp(s->joined.cert_sha256, s->pin.cert_sha256, 32) != 0)) {
		fail(s, RELAY_SESSION_PIN_MISMATCH, "pin mismatch");
		return;
	}
	if (s->token != NULL) {
		text = wzp_signal_text(json_pack("{s:{s:s}}", "AuthToken", "token", s->token),
				       s->cfg.profile, &len);
		send_text(s, text, len);
	}
	randombytes_buf(s->eph, sizeof s->eph);
	text = hop_offer_text(s->cfg.identity, s->eph, s->alias, s->cfg.profile, &len);
	send_text(s, text, len);
	s->offered = 1;
}

/* Trust on first use: the relay's line appended to the pin file. */
static void learn(struct relay_session *s)
{
	char line[RELAY_PIN_ADDR_MAX + 128];
	struct relay_pin pin;
	size_t n;
	FILE *f;

	memcpy(pin.cert_sha256, s->joined.cert_sha256, sizeof pin.cert_sha256);
	memcpy(pin.fingerprint, s->joined.relay_fingerprint, sizeof pin.fingerprint);
	n = relay_pin_line(line, sizeof line, s->addr, &pin);
	if (n != 0 && (f = fopen(s->pin_file, "a")) != NULL) {
		s->joined.learned = fwrite(line, 1, n, f) == n;
		s->joined.learned &= fclose(f) == 0;
	}
}

/* Steps 4-5 of 8.2: the relay's CallAnswer, its identity pin, joined. */
static void answer(struct relay_session *s, const struct wzp_signal *sig)
{
	enum wzp_err err = hop_finish(s->joined.relay_fingerprint, s->eph,
				      wzp_signal_fields(sig), s->cfg.profile);

	sodium_memzero(s->eph, sizeof s->eph);
	s->offered = 0;
	if (err != WZP_OK) {
		fail(s, RELAY_SESSION_HANDSHAKE_FAILED, "handshake failed");
		return;
	}
	if (s->have_fp_pin &&
	    memcmp(s->joined.relay_fingerprint, s->pin.fingerprint, WZP_FINGERPRINT_SIZE) != 0) {
		fail(s, RELAY_SESSION_PIN_MISMATCH, "pin mismatch");
		return;
	}
	s->joined.pinned = s->have_cert_pin || s->have_fp_pin;
	if (s->learn)
		learn(s);
	ev_timer_stop(s->loop, &s->join_timer);
	s->is_joined = 1;
	if (s->cfg.events.joined != NULL)
		s->cfg.events.joined(s, &s->joined, s->cfg.user);
}

static void room_update(struct relay_session *s, const struct wzp_signal *sig)
{
	const json_t *list = json_object_get(wzp_signal_fields(sig), "participants");
	struct relay_session_member m[64];
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(list) && n < 64; i++) {
		const json_t *p = json_array_get(list, i), *fp = json_object_get(p, "fingerprint");
		const char *alias = json_string_value(json_object_get(p, "alias"));

		if (wzp_fingerprint_parse(m[n].fingerprint, json_string_value(fp),
					  json_string_length(fp), WZP_PROFILE_V1) != WZP_OK)
			continue;
		snprintf(m[n].alias, sizeof m[n].alias, "%s", alias != NULL ? alias : "");
		n++;
	}
	if (s->cfg.events.room_update != NULL)
		s->cfg.events.room_update(s, m, n, s->cfg.user);
}

static void on_message(struct wzp_quic_conn *c, const uint8_t *body, size_t len, void *user)
{
	struct relay_session *s = user;
	struct wzp_signal sig = { 0 };
	const char *v;

	(void)c;
	if (wzp_signal_parse(&sig, (const char *)body, len, s->cfg.profile) != WZP_OK)
		return;
	v = wzp_signal_variant_name(sig.variant);
	if (strcmp(v, "CallAnswer") == 0 && s->offered)
		answer(s, &sig);
	else if (strcmp(v, "RoomUpdate") == 0)
		room_update(s, &sig);
	else if (s->is_joined && s->cfg.events.signal != NULL)
		s->cfg.events.signal(s, v, body, len, s->cfg.user);
	wzp_signal_clear(&sig);
}

static void on_datagram(struct wzp_quic_conn *c, const uint8_t *data, size_t len, void *user)
{
	struct relay_session *s = user;

	(void)c;
	if (s->is_joined && s->cfg.events.datagram != NULL)
		s->cfg.events.datagram(s, data, len, s->cfg.user);
}

static void on_closed(struct wzp_quic_conn *c, const struct wzp_quic_end *end, void *user)
{
	struct relay_session *s = user;

	(void)c;
	ev_timer_stop(s->loop, &s->join_timer);
	s->conn = NULL;
	if (s->cfg.events.closed != NULL)
		s->cfg.events.closed(s, end, s->is_joined, s->cfg.user);
	s->is_joined = 0;
}

static int copy_strings(struct relay_session *s, const struct relay_session_config *cfg)
{
	s->host = dup_or_null(cfg->host);
	s->port = dup_or_null(cfg->port);
	s->room = dup_or_null(cfg->room);
	s->alias = dup_or_null(cfg->alias);
	s->token = dup_or_null(cfg->token);
	s->pin_file = dup_or_null(cfg->pin_file);
	return s->host == NULL || s->port == NULL || (cfg->room != NULL && s->room == NULL) ||
			       (cfg->alias != NULL && s->alias == NULL) ||
			       (cfg->token != NULL && s->token == NULL) ||
			       (cfg->pin_file != NULL && s->pin_file == NULL)
		       ? -1
		       : 0;
}

static int connect_quic(struct relay_session *s)
{
	static const char *const v1[] = { "wzp/1" }, *const up[] = { "wzp" };
	struct wzp_quic_config q = {
		.host = s->host, .port = s->port,
		.alpn = { .ids = s->cfg.profile == WZP_PROFILE_V1 ? v1 : up, .count = 1 },
		.sni = s->room, .idle_timeout_ms = s->cfg.idle_timeout_ms,
		.keep_alive_ms = s->cfg.keep_alive_ms,
		.events = { on_handshake, on_datagram, on_message, on_closed, NULL }, .user = s,
	};

	return wzp_quic_client_open(&s->client, s->loop, &q);
}

int relay_session_open(struct relay_session **out, struct ev_loop *loop,
		       const struct relay_session_config *cfg)
{
	struct relay_session *s = calloc(1, sizeof *s);
	uint64_t ms = cfg->join_timeout_ms != 0 ? cfg->join_timeout_ms
						 : RELAY_SESSION_JOIN_TIMEOUT_MS;

	if (s == NULL)
		return -1;
	s->loop = loop;
	s->cfg = *cfg;
	if (cfg->identity == NULL || sodium_init() < 0 || copy_strings(s, cfg) != 0 ||
	    configure_pins(s, cfg) != 0 || connect_quic(s) != 0) {
		relay_session_free(s);
		return -1;
	}
	ev_timer_init(&s->join_timer, on_join_timeout, (double)ms / 1000., 0.);
	s->join_timer.data = s;
	ev_timer_start(loop, &s->join_timer);
	*out = s;
	return 0;
}

enum wzp_quic_err relay_session_send_datagram(struct relay_session *s, const uint8_t *data,
					      size_t len)
{
	return s->is_joined ? wzp_quic_send_datagram(s->conn, data, len) : WZP_QUIC_E_STATE;
}

enum wzp_quic_err relay_session_send_signal(struct relay_session *s, const char *text,
					    size_t len)
{
	return s->is_joined ? wzp_quic_send_message(s->conn, (const uint8_t *)text, len)
			    : WZP_QUIC_E_STATE;
}

size_t relay_session_max_datagram(struct relay_session *s)
{
	return s->conn != NULL ? wzp_quic_max_datagram(s->conn) : 0;
}

void relay_session_close(struct relay_session *s, uint64_t code, const char *reason)
{
	if (s->conn != NULL)
		wzp_quic_close(s->conn, code, reason);
}

void relay_session_free(struct relay_session *s)
{
	if (s == NULL)
		return;
	if (s->client != NULL)
		wzp_quic_client_free(s->client);
	ev_timer_stop(s->loop, &s->join_timer);
	sodium_memzero(s->eph, sizeof s->eph);
	free(s->host);
	free(s->port);
	free(s->room);
	free(s->alias);
	free(s->token);
	free(s->pin_file);
	free(s);
}
