/* quic_conn.h: one WZP QUIC connection (ngtcp2 0.12.1, GnuTLS, libev).
 *
 * What a connection carries (upstream facts, crypto-transport-relay.md 2):
 *  - media: one QUIC DATAGRAM frame (RFC 9221) per media packet, unreliable
 *    and unordered. wzp_quic_send_datagram() queues one; events.datagram
 *    delivers each one received.
 *  - signal messages: one new bidirectional stream per message, carrying
 *    BE32 length, JSON, FIN (quic_msg.h). wzp_quic_send_message() opens the
 *    stream; events.message delivers each complete message once. The
 *    receiver answers each message stream with an empty FIN, as upstream
 *    does. A bad message (over 1 MiB, cut short by FIN, or in wzp/1 with
 *    bytes after it) is not delivered;
 *    its stream is reset with WZP_QUIC_STREAM_BAD_MESSAGE and
 *    events.bad_message (if set) is told.
 *  - close: wzp_quic_close() sends CONNECTION_CLOSE with an application
 *    error code and reason (upstream: 0, "normal close").
 *
 * Transport parameters and settings are upstream's (the WZP_QUIC_*
 * constants below): idle timeout 30 s and keep-alive PING after 5 s idle
 * (both can be set per config, for tests and deployments),
 * max_datagram_frame_size 65535, connection window 256 KiB, stream window
 * 64 KiB, 100 bidirectional and 100 unidirectional streams, initial RTT
 * 300 ms, CUBIC. Upstream's 128 KiB send window has no ngtcp2 equivalent.
 *
 * Threading and re-entrancy: everything runs on the one ev_loop the
 * connection was made on. The send and close calls only queue work and arm
 * the connection's timer, so they are safe inside event callbacks; the
 * packets go out on the next loop iteration.
 *
 * Ending: events.closed is called exactly once, last, with how the
 * connection ended; after it nothing is sent. A server frees its
 * connections itself after events.closed returns; a client's owner frees
 * it with wzp_quic_client_free() (quic_client.h).
 */
#ifndef WZP_QUIC_CONN_H
#define WZP_QUIC_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "quic_tls.h"

#define WZP_QUIC_IDLE_TIMEOUT_MS 30000
#define WZP_QUIC_KEEP_ALIVE_MS 5000
#define WZP_QUIC_INITIAL_RTT_MS 300
#define WZP_QUIC_DATAGRAM_FRAME_MAX 65535 /* quinn: min(its 65536-byte buffer, 65535) */
#define WZP_QUIC_MAX_DATA (256 * 1024)
#define WZP_QUIC_MAX_STREAM_DATA (64 * 1024)
#define WZP_QUIC_MAX_STREAMS 100
#define WZP_QUIC_DATAGRAM_QUEUE 64 /* queued datagrams; when full the oldest is dropped */
#define WZP_QUIC_STREAM_BAD_MESSAGE 1 /* RESET_STREAM code for a bad signal message */
#define WZP_QUIC_REASON_MAX 128
/* Bytes of a peer's incomplete messages a connection holds at most, over
 * all its streams: twice the largest message. A stream whose bytes would
 * pass it is reset as a bad message (too_large). */
#define WZP_QUIC_IN_BUFFER_MAX (2u << 20)

struct wzp_quic_conn;

enum wzp_quic_err {
	WZP_QUIC_OK = 0,
	WZP_QUIC_E_STATE,     /* not possible now: before the handshake, or after the end */
	WZP_QUIC_E_TOO_LARGE, /* datagram above wzp_quic_max_datagram(), message above 1 MiB */
	WZP_QUIC_E_NO_MEMORY,
};

enum wzp_quic_end_kind {
	WZP_QUIC_END_LOCAL,     /* this side called wzp_quic_close() */
	WZP_QUIC_END_PEER,      /* the peer sent CONNECTION_CLOSE */
	WZP_QUIC_END_IDLE,      /* the idle timeout expired */
	WZP_QUIC_END_HANDSHAKE, /* this side's TLS stack failed the handshake */
	WZP_QUIC_END_ERROR,     /* any other failure on this side */
};

/* Why a peer's message was refused (its stream reset). */
enum wzp_quic_bad {
	WZP_QUIC_BAD_TOO_LARGE, /* a length over 1 MiB, or past the connection's budget */
	WZP_QUIC_BAD_TRUNCATED, /* FIN before the announced length */
	WZP_QUIC_BAD_TRAILING,  /* wzp/1: bytes after the message (WZP-WIRE-062) */
	WZP_QUIC_BAD_NO_MEMORY,
};

struct wzp_quic_end {
	enum wzp_quic_end_kind kind;
	int application;    /* code is an application error (frame 0x1d), else transport (0x1c) */
	uint64_t code;      /* sent (LOCAL, HANDSHAKE, ERROR) or received (PEER) */
	char reason[WZP_QUIC_REASON_MAX];
	uint8_t tls_alert;  /* HANDSHAKE: the TLS alert this side sent */
	int gnutls_error;   /* HANDSHAKE: the GnuTLS error that failed it (gnutls_strerror_name) */
	int ngtcp2_error;   /* ERROR: the ngtcp2 error (ngtcp2_strerror) */
};

struct wzp_quic_events {
	void (*handshake)(struct wzp_quic_conn *c, void *user);
	void (*datagram)(struct wzp_quic_conn *c, const uint8_t *data, size_t len, void *user);
	void (*message)(struct wzp_quic_conn *c, const uint8_t *body, size_t len, void *user);
	void (*closed)(struct wzp_quic_conn *c, const struct wzp_quic_end *end, void *user);
	/* Optional (NULL: not told): a peer's stream was reset for a bad
	 * message (enum wzp_quic_bad). */
	void (*bad_message)(struct wzp_quic_conn *c, enum wzp_quic_bad why, void *user);
};

/* How to reach (client) or where to listen (server), and what to say. */
struct wzp_quic_config {
	const char *host;
	const char *port;
	struct wzp_quic_alpn alpn; /* offered (client) or accepted (server), in preference order */
	const char *sni;           /* client only: the server_name to send, NULL for none */
	const char *cert_file;     /* server only: PEM certificate; NULL (or no key_file): */
	const char *key_file;      /* a fresh self-signed one (quic_tls.h) */
	uint64_t idle_timeout_ms;  /* 0: WZP_QUIC_IDLE_TIMEOUT_MS; the smaller side's wins */
	uint64_t keep_alive_ms;    /* 0: WZP_QUIC_KEEP_ALIVE_MS; PING after this long idle */
	struct wzp_quic_events events;
	void *user;
};

enum wzp_quic_err wzp_quic_send_datagram(struct wzp_quic_conn *c, const uint8_t *data,
					 size_t len);
enum wzp_quic_err wzp_quic_send_message(struct wzp_quic_conn *c, const uint8_t *body,
					size_t len);
/* For tests of hostile peers: a new stream carrying exactly bytes[len]
 * (no framing), ended with FIN when fin, else left open. */
enum wzp_quic_err wzp_quic_send_stream_raw(struct wzp_quic_conn *c, const uint8_t *bytes,
					   size_t len, int fin);
/* Starts a key update (RFC 9001 6): the next packets go out under the next
 * 1-RTT keys. ngtcp2 starts one by itself before a key's packet limit; a
 * server holds no TLS session by then (D-0066), so the keys derive from
 * ngtcp2's own secrets. 0, or -1 when not now (the handshake not yet
 * confirmed, or the last update still unconfirmed). */
int wzp_quic_update_keys(struct wzp_quic_conn *c);
/* Closes with an application error code; reason is cut to WZP_QUIC_REASON_MAX - 1. */
void wzp_quic_close(struct wzp_quic_conn *c, uint64_t code, const char *reason);

/* After the handshake: the negotiated ALPN id and the SNI the client sent
 * ("" when none); the largest datagram that fits one packet now (0 when the
 * peer takes none). */
const char *wzp_quic_alpn(const struct wzp_quic_conn *c);
const char *wzp_quic_sni(const struct wzp_quic_conn *c);
size_t wzp_quic_max_datagram(struct wzp_quic_conn *c);
/* The application's pointer for this connection (NULL until set): a
 * server's events find their own state with it, without a search. */
void wzp_quic_set_conn_data(struct wzp_quic_conn *c, void *data);
void *wzp_quic_conn_data(const struct wzp_quic_conn *c);
/* After the handshake: the SHA-256 of the peer's certificate (DER) in
 * out; 0, or -1 when the peer sent none (always on a server: clients send
 * none, and a server frees its TLS session after the handshake). */
int wzp_quic_peer_cert_sha256(const struct wzp_quic_conn *c, uint8_t out[32]);

#endif
