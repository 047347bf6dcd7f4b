/* quic_conn.c: an ngtcp2 connection's life on libev: creation, packets in
 * and out, the timer, closing and ending (see quic_conn.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <ngtcp2/ngtcp2_crypto.h>

#include "quic_conn_int.h"
#include "quic_mem.h"

static ngtcp2_tstamp now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ngtcp2_tstamp)ts.tv_sec * NGTCP2_SECONDS + (ngtcp2_tstamp)ts.tv_nsec;
}

static ngtcp2_conn *get_conn(ngtcp2_crypto_conn_ref *ref)
{
	struct wzp_quic_conn *c = ref->user_data;

	return c->conn;
}

static void on_rand(uint8_t *dest, size_t destlen, const ngtcp2_rand_ctx *rand_ctx)
{
	(void)rand_ctx;
	if (gnutls_rnd(GNUTLS_RND_NONCE, dest, destlen) != 0)
		abort(); /* GnuTLS's generator failing is not survivable */
}

static int random_cid(ngtcp2_cid *cid)
{
	cid->datalen = WZP_QUIC_CID_LEN;
	return gnutls_rnd(GNUTLS_RND_RANDOM, cid->data, cid->datalen);
}

/* A CID this side issues: its route key hidden in it (quic_cid.h). */
static int issue_cid(const struct wzp_quic_conn *c, ngtcp2_cid *cid)
{
	cid->datalen = WZP_QUIC_CID_LEN;
	return wzp_quic_cid_issue(c->cid_key, c->route, cid->data);
}

static int on_new_cid(ngtcp2_conn *conn, ngtcp2_cid *cid, uint8_t *token, size_t cidlen,
		      void *user_data)
{
	(void)conn;
	if (cidlen != WZP_QUIC_CID_LEN || issue_cid(user_data, cid) != 0 ||
	    gnutls_rnd(GNUTLS_RND_RANDOM, token, NGTCP2_STATELESS_RESET_TOKENLEN) != 0)
		return NGTCP2_ERR_CALLBACK_FAILURE;
	return 0;
}

/* CRYPTO data goes to GnuTLS here rather than through
 * ngtcp2_crypto_recv_crypto_data_cb so that the GnuTLS error is kept. */
static int on_crypto_data(ngtcp2_conn *conn, ngtcp2_crypto_level level, uint64_t offset,
			  const uint8_t *data, size_t datalen, void *user_data)
{
	struct wzp_quic_conn *c = user_data;
	int rv = wzp_quic_tls_advance(conn, level, data, datalen);

	(void)offset;
	if (rv == 0)
		return 0;
	c->gnutls_error = rv;
	rv = ngtcp2_conn_get_tls_error(conn); /* set when transport parameters were bad */
	return rv != 0 ? rv : NGTCP2_ERR_CRYPTO;
}

static int on_handshake(ngtcp2_conn *conn, void *user_data)
{
	struct wzp_quic_conn *c = user_data;

	(void)conn;
	c->handshake_done = 1;
	wzp_quic_tls_alpn(c->tls, c->alpn, sizeof c->alpn);
	wzp_quic_tls_sni(c->tls, c->sni, sizeof c->sni);
	if (c->events.handshake != NULL)
		c->events.handshake(c, c->user);
	return 0;
}

static const ngtcp2_callbacks base_callbacks = {
	.recv_crypto_data = on_crypto_data,
	.handshake_completed = on_handshake,
	.encrypt = ngtcp2_crypto_encrypt_cb,
	.decrypt = ngtcp2_crypto_decrypt_cb,
	.hp_mask = ngtcp2_crypto_hp_mask_cb,
	.recv_stream_data = wzp_quic_on_stream_data,
	.stream_close = wzp_quic_on_stream_close,
	.rand = on_rand,
	.get_new_connection_id = on_new_cid,
	.update_key = ngtcp2_crypto_update_key_cb,
	.delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb,
	.delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb,
	.recv_datagram = wzp_quic_on_datagram,
	.get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb,
	.version_negotiation = ngtcp2_crypto_version_negotiation_cb,
};

/* A server's TLS session has nothing left to do once the handshake is
 * done: TLS 1.3 over QUIC sends a server no post-handshake message, and
 * ngtcp2 protects packets and updates keys with its own contexts. With the
 * ALPN id and SNI copied, the session and its handshake buffers (some
 * 10 KiB) are freed. A client keeps its session: the server's certificate
 * is read from it (D-0066). */
static int on_server_handshake(ngtcp2_conn *conn, void *user_data)
{
	struct wzp_quic_conn *c = user_data;
	int rv = on_handshake(conn, user_data);

	ngtcp2_conn_set_tls_native_handle(conn, NULL);
	gnutls_deinit(c->tls);
	c->tls = NULL;
	return rv;
}

static void settings_for(ngtcp2_settings *s, const ngtcp2_pkt_hd *client_initial)
{
	ngtcp2_settings_default(s);
	s->initial_ts = now_ns();
	s->initial_rtt = WZP_QUIC_INITIAL_RTT_MS * NGTCP2_MILLISECONDS;
	s->cc_algo = NGTCP2_CC_ALGO_CUBIC;
	s->max_window = WZP_QUIC_MAX_DATA; /* window auto-tuning stops at upstream's values */
	s->max_stream_window = WZP_QUIC_MAX_STREAM_DATA;
	if (client_initial != NULL)
		s->token = client_initial->token;
}

static uint64_t or_default(uint64_t value_ms, uint64_t default_ms)
{
	return (value_ms ? value_ms : default_ms) * NGTCP2_MILLISECONDS;
}

/* WZP-TRANS-002: upstream's transport parameters, both sides. */
static int params_for(ngtcp2_transport_params *p, const struct wzp_quic_config *cfg,
		      const ngtcp2_pkt_hd *client_initial)
{
	ngtcp2_transport_params_default(p);
	p->initial_max_data = WZP_QUIC_MAX_DATA;
	p->initial_max_stream_data_bidi_local = WZP_QUIC_MAX_STREAM_DATA;
	p->initial_max_stream_data_bidi_remote = WZP_QUIC_MAX_STREAM_DATA;
	p->initial_max_stream_data_uni = WZP_QUIC_MAX_STREAM_DATA;
	p->initial_max_streams_bidi = WZP_QUIC_MAX_STREAMS;
	p->initial_max_streams_uni = WZP_QUIC_MAX_STREAMS;
	p->max_idle_timeout = or_default(cfg->idle_timeout_ms, WZP_QUIC_IDLE_TIMEOUT_MS);
	p->max_datagram_frame_size = WZP_QUIC_DATAGRAM_FRAME_MAX;
	p->max_udp_payload_size = WZP_QUIC_RX_MAX; /* WZP-TRANS-007: one read slot */
	if (client_initial == NULL)
		return 0;
	p->original_dcid = client_initial->dcid;
	p->stateless_reset_token_present = 1;
	return gnutls_rnd(GNUTLS_RND_RANDOM, p->stateless_reset_token,
			  sizeof p->stateless_reset_token);
}

static int make_ngtcp2(struct wzp_quic_conn *c, const struct wzp_quic_config *cfg,
		       const ngtcp2_pkt_hd *hd)
{
	ngtcp2_callbacks cb = base_callbacks;
	ngtcp2_settings s;
	ngtcp2_transport_params p;
	ngtcp2_cid scid, dcid;
	ngtcp2_path path = {
		{ (ngtcp2_sockaddr *)&c->local.ss, c->local.len },
		{ (ngtcp2_sockaddr *)&c->remote.ss, c->remote.len },
		NULL,
	};

	if (gnutls_rnd(GNUTLS_RND_RANDOM, c->route, sizeof c->route) != 0 ||
	    issue_cid(c, &scid) != 0 || params_for(&p, cfg, hd) != 0)
		return -1;
	settings_for(&s, hd);
	if (hd != NULL) {
		cb.recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
		cb.handshake_completed = on_server_handshake;
		c->odcid = hd->dcid;
		return ngtcp2_conn_server_new(&c->conn, &hd->scid, &scid, &path, hd->version, &cb,
					      &s, &p, wzp_quic_mem(), c);
	}
	cb.client_initial = ngtcp2_crypto_client_initial_cb;
	cb.recv_retry = ngtcp2_crypto_recv_retry_cb;
	if (random_cid(&dcid) != 0)
		return -1;
	return ngtcp2_conn_client_new(&c->conn, &dcid, &scid, &path, NGTCP2_PROTO_VER_V1, &cb, &s,
				      &p, wzp_quic_mem(), c);
}

static int make_tls(struct wzp_quic_conn *c, const struct wzp_quic_conn_init *in)
{
	if (in->client_initial != NULL)
		return wzp_quic_tls_server_session(&c->tls, in->creds, &in->cfg->alpn, &c->ref);
	return wzp_quic_tls_client_session(&c->tls, in->creds, &in->cfg->alpn, in->cfg->sni,
					   &c->ref);
}

static void on_timer(struct ev_loop *loop, ev_timer *w, int revents);

struct wzp_quic_conn *wzp_quic_conn_new(const struct wzp_quic_conn_init *in)
{
	struct wzp_quic_conn *c = calloc(1, sizeof *c);

	if (c == NULL)
		return NULL;
	c->loop = in->loop;
	c->tx = in->tx;
	c->kicked = in->kicked;
	c->connected = in->connected;
	c->local = *in->local;
	c->remote = *in->remote;
	c->events = in->cfg->events;
	c->user = in->cfg->user;
	c->reap = in->reap;
	c->owner = in->owner;
	c->cid_key = in->cid_key;
	c->dgram_tail = &c->dgram_head;
	c->ref.get_conn = get_conn;
	c->ref.user_data = c;
	ev_timer_init(&c->timer, on_timer, 0., 0.);
	c->timer.data = c;
	if (make_ngtcp2(c, in->cfg, in->client_initial) != 0 || make_tls(c, in) != 0) {
		wzp_quic_conn_free(c);
		return NULL;
	}
	ngtcp2_conn_set_tls_native_handle(c->conn, c->tls);
	ngtcp2_conn_set_keep_alive_timeout(c->conn,
					   or_default(in->cfg->keep_alive_ms, WZP_QUIC_KEEP_ALIVE_MS));
	return c;
}

static void unkick(struct wzp_quic_conn *c)
{
	struct wzp_quic_conn **link = &c->kicked->head;

	while (*link != c)
		link = &(*link)->kicked_next;
	*link = c->kicked_next;
	c->is_kicked = 0;
}

void wzp_quic_conn_free(struct wzp_quic_conn *c)
{
	if (c == NULL)
		return;
	if (c->is_kicked)
		unkick(c);
	ev_timer_stop(c->loop, &c->timer);
	wzp_quic_free_queues(c);
	ngtcp2_conn_del(c->conn);
	if (c->tls != NULL)
		gnutls_deinit(c->tls);
	free(c);
}

/* The end: events.closed, then the owner's reap, which may free c. */
static void finish(struct wzp_quic_conn *c, const struct wzp_quic_end *end)
{
	c->ended = 1;
	ev_timer_stop(c->loop, &c->timer);
	if (c->events.closed != NULL)
		c->events.closed(c, end, c->user);
	if (c->reap != NULL)
		c->reap(c, c->owner);
}

static const struct wzp_quic_addr *send_to(const struct wzp_quic_conn *c)
{
	return c->connected ? NULL : &c->remote;
}

/* Sent at once, with what waits before it: the connection ends next. */
static void send_close(struct wzp_quic_conn *c, const ngtcp2_connection_close_error *ccerr)
{
	ngtcp2_ssize n = ngtcp2_conn_write_connection_close(
		c->conn, NULL, NULL, wzp_quic_tx_next(c->tx), WZP_QUIC_PKT_MAX, ccerr, now_ns());

	if (n > 0)
		wzp_quic_tx_add(c->tx, (size_t)n, send_to(c));
	wzp_quic_tx_send(c->tx);
}

static void copy_reason(char *out, const uint8_t *reason, size_t len)
{
	if (len >= WZP_QUIC_REASON_MAX)
		len = WZP_QUIC_REASON_MAX - 1;
	if (len)
		memcpy(out, reason, len);
	out[len] = '\0';
}

/* Ends after a failure on this side: CONNECTION_CLOSE with a transport error. */
static void fail(struct wzp_quic_conn *c, struct wzp_quic_end *end, int liberr)
{
	ngtcp2_connection_close_error ccerr;

	ngtcp2_connection_close_error_default(&ccerr);
	if (end->kind == WZP_QUIC_END_HANDSHAKE)
		ngtcp2_connection_close_error_set_transport_error_tls_alert(&ccerr, end->tls_alert,
									   NULL, 0);
	else
		ngtcp2_connection_close_error_set_transport_error_liberr(&ccerr, liberr, NULL, 0);
	send_close(c, &ccerr);
	end->code = ccerr.error_code;
	finish(c, end);
}

static void peer_closed(struct wzp_quic_conn *c)
{
	ngtcp2_connection_close_error ccerr;
	struct wzp_quic_end end = { .kind = WZP_QUIC_END_PEER };

	ngtcp2_conn_get_connection_close_error(c->conn, &ccerr);
	end.application = ccerr.type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_APPLICATION;
	end.code = ccerr.error_code;
	copy_reason(end.reason, ccerr.reason, ccerr.reasonlen);
	finish(c, &end);
}

static void read_failed(struct wzp_quic_conn *c, int rv)
{
	struct wzp_quic_end end = { .kind = WZP_QUIC_END_ERROR, .ngtcp2_error = rv };

	if (rv == NGTCP2_ERR_DRAINING) {
		peer_closed(c);
	} else if (rv == NGTCP2_ERR_DROP_CONN) {
		finish(c, &end);
	} else if (rv == NGTCP2_ERR_CRYPTO) {
		end.kind = WZP_QUIC_END_HANDSHAKE;
		end.tls_alert = ngtcp2_conn_get_tls_alert(c->conn);
		end.gnutls_error = c->gnutls_error;
		fail(c, &end, rv);
	} else {
		fail(c, &end, rv);
	}
}

static void close_now(struct wzp_quic_conn *c)
{
	ngtcp2_connection_close_error ccerr;
	struct wzp_quic_end end = { .kind = WZP_QUIC_END_LOCAL, .application = 1 };

	ngtcp2_connection_close_error_default(&ccerr);
	ngtcp2_connection_close_error_set_application_error(
		&ccerr, c->close_code, (const uint8_t *)c->close_reason, strlen(c->close_reason));
	send_close(c, &ccerr);
	end.code = c->close_code;
	memcpy(end.reason, c->close_reason, sizeof end.reason);
	finish(c, &end);
}

/* The next ngtcp2 expiry (a close asked for is kicked, not timed). */
static void arm_timer(struct wzp_quic_conn *c)
{
	ngtcp2_tstamp expiry = ngtcp2_conn_get_expiry(c->conn), now = now_ns();

	ev_timer_stop(c->loop, &c->timer);
	if (expiry <= now)
		ev_timer_set(&c->timer, 0., 0.);
	else if (expiry != UINT64_MAX)
		ev_timer_set(&c->timer, (double)(expiry - now) / NGTCP2_SECONDS, 0.);
	else
		return;
	ev_timer_start(c->loop, &c->timer);
}

/* Every packet ngtcp2 has ready goes into the send batch, which a client
 * sends now and a server before its loop next waits; then the timer is
 * re-armed. */
static int flush(struct wzp_quic_conn *c)
{
	ngtcp2_tstamp ts = now_ns();
	ngtcp2_ssize n;

	wzp_quic_open_streams(c);
	while ((n = wzp_quic_write_packet(c, wzp_quic_tx_next(c->tx), WZP_QUIC_PKT_MAX, ts)) > 0)
		wzp_quic_tx_add(c->tx, (size_t)n, send_to(c));
	if (c->kicked != NULL)
		ev_prepare_start(c->loop, &c->kicked->before_wait);
	else
		wzp_quic_tx_send(c->tx);
	if (n < 0) {
		struct wzp_quic_end end = { .kind = WZP_QUIC_END_ERROR, .ngtcp2_error = (int)n };

		fail(c, &end, (int)n);
		return -1;
	}
	arm_timer(c);
	return 0;
}

static void on_timer(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct wzp_quic_conn *c = w->data;
	int rv = c->close_requested ? 0 : ngtcp2_conn_handle_expiry(c->conn, now_ns());

	(void)loop;
	(void)revents;
	if (rv == NGTCP2_ERR_IDLE_CLOSE) {
		struct wzp_quic_end end = { .kind = WZP_QUIC_END_IDLE };

		finish(c, &end);
	} else if (rv != 0) {
		struct wzp_quic_end end = { .kind = WZP_QUIC_END_ERROR, .ngtcp2_error = rv };

		fail(c, &end, rv);
	} else {
		wzp_quic_conn_run(c);
	}
}

void wzp_quic_conn_kick(struct wzp_quic_conn *c)
{
	if (c->kicked == NULL) {
		ev_timer_stop(c->loop, &c->timer);
		ev_timer_set(&c->timer, 0., 0.);
		ev_timer_start(c->loop, &c->timer);
		return;
	}
	if (c->is_kicked)
		return;
	c->is_kicked = 1;
	c->kicked_next = c->kicked->head;
	c->kicked->head = c;
	ev_prepare_start(c->loop, &c->kicked->before_wait);
}

/* What is queued leaves before a close asked for meanwhile: a close asked
 * for while a packet was read follows the answer to that packet (the
 * handshake's last flight, say), as it would have without the batch. */
void wzp_quic_conn_run(struct wzp_quic_conn *c)
{
	if (flush(c) == 0 && c->close_requested)
		close_now(c);
}

void wzp_quic_conn_recv(struct wzp_quic_conn *c, const struct wzp_quic_addr *from,
			const uint8_t *pkt, size_t len)
{
	ngtcp2_path path = {
		{ (ngtcp2_sockaddr *)&c->local.ss, c->local.len },
		{ (ngtcp2_sockaddr *)&from->ss, from->len },
		NULL,
	};
	int rv;

	if (c->ended)
		return;
	rv = ngtcp2_conn_read_pkt(c->conn, &path, NULL, pkt, len, now_ns());
	if (rv != 0)
		read_failed(c, rv);
	else
		wzp_quic_conn_kick(c); /* the packets of one read batch are acknowledged together */
}

/* A CID naming this connection's route that it never issued (or has
 * retired) reaches it too; ngtcp2 then drops the packet, which does not
 * decrypt under its keys. */
int wzp_quic_conn_owns_cid(const struct wzp_quic_conn *c, const uint8_t *cid, size_t len,
			   const uint8_t *route)
{
	if (len == c->odcid.datalen && memcmp(cid, c->odcid.data, len) == 0)
		return 1;
	return route != NULL && memcmp(route, c->route, WZP_QUIC_ROUTE_LEN) == 0;
}

int wzp_quic_update_keys(struct wzp_quic_conn *c)
{
	if (c->ended || ngtcp2_conn_initiate_key_update(c->conn, now_ns()) != 0)
		return -1;
	wzp_quic_conn_kick(c);
	return 0;
}

void wzp_quic_close(struct wzp_quic_conn *c, uint64_t code, const char *reason)
{
	if (c->ended || c->close_requested)
		return;
	c->close_requested = 1;
	c->close_code = code;
	copy_reason(c->close_reason, (const uint8_t *)reason, strlen(reason));
	wzp_quic_conn_kick(c);
}

void wzp_quic_set_conn_data(struct wzp_quic_conn *c, void *data)
{
	c->data = data;
}

void *wzp_quic_conn_data(const struct wzp_quic_conn *c)
{
	return c->data;
}

const char *wzp_quic_alpn(const struct wzp_quic_conn *c)
{
	return c->alpn;
}

const char *wzp_quic_sni(const struct wzp_quic_conn *c)
{
	return c->sni;
}

int wzp_quic_peer_cert_sha256(const struct wzp_quic_conn *c, uint8_t out[32])
{
	unsigned n = 0;
	const gnutls_datum_t *certs = c->tls ? gnutls_certificate_get_peers(c->tls, &n) : NULL;
	size_t size = 32;

	if (certs == NULL || n == 0)
		return -1;
	return gnutls_fingerprint(GNUTLS_DIG_SHA256, &certs[0], out, &size) < 0 ? -1 : 0;
}
