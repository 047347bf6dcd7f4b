/* quic_conn_int.h: the connection's insides, shared by quic_conn.c,
 * quic_stream.c, quic_client.c and quic_server.c (internal header).
 *
 * quic_conn.c owns the ngtcp2 connection's life: creation, packets in and
 * out, the timer, closing and ending. quic_stream.c owns what the
 * application queues on it (messages on streams, datagrams) and the ngtcp2
 * callbacks for them. Every queued buffer stays allocated until ngtcp2 no
 * longer needs it (its stream closed) or the connection is freed.
 */
#ifndef WZP_QUIC_CONN_INT_H
#define WZP_QUIC_CONN_INT_H

#include <ev.h>
#include <ngtcp2/ngtcp2.h>

#include "quic_cid.h"
#include "quic_conn.h"
#include "quic_msg.h"
#include "quic_sock.h"

/* One bidirectional stream: a message this side sends (out) or one it
 * receives (in, answered with an empty FIN). */
struct wzp_quic_stream {
	struct wzp_quic_stream *prev, *next;
	int64_t id; /* -1 until opened */
	uint8_t *out;
	size_t out_len, out_sent;
	int local; /* this side opened it to send a message */
	int fin_wanted, fin_sent, blocked, delivered;
	int hold_fin; /* wzp_quic_send_stream_raw without FIN: the stream stays open */
	size_t buffered; /* bytes of an incomplete message held, counted in the connection's */
	struct wzp_quic_msg_reader in;
};

/* A server's connections with work waiting (a packet read, a datagram or
 * message queued, a close asked for): each is flushed once, just before
 * the event loop next waits, and their packets leave together in the
 * server's send batch (quic_server.c). */
struct wzp_quic_kicked {
	struct wzp_quic_conn *head; /* through kicked_next */
	ev_prepare before_wait;     /* active while packets or connections wait */
};

struct wzp_quic_dgram {
	struct wzp_quic_dgram *next;
	size_t len;
	uint8_t data[];
};

struct wzp_quic_conn {
	ngtcp2_conn *conn;
	gnutls_session_t tls;
	ngtcp2_crypto_conn_ref ref;
	struct ev_loop *loop;
	ev_timer timer;
	struct wzp_quic_tx *tx; /* its socket's send batch: the server's, or a client's own */
	struct wzp_quic_kicked *kicked; /* server: its list; NULL: a client, kicked by its timer */
	struct wzp_quic_conn *kicked_next;
	int is_kicked;
	int connected; /* the socket is connected: send without an address */
	struct wzp_quic_addr local, remote;
	ngtcp2_cid odcid; /* server: the client's first DCID, which its Initials still carry */
	uint8_t route[WZP_QUIC_ROUTE_LEN]; /* random; hidden in its CIDs (quic_cid.h) */
	struct wzp_quic_cid_key *cid_key;  /* server: the server's; NULL: a client */
	struct wzp_quic_events events;
	void *user;
	void *data; /* wzp_quic_set_conn_data */
	void (*reap)(struct wzp_quic_conn *c, void *owner);
	void *owner;
	struct wzp_quic_stream *streams;
	size_t in_buffered; /* bytes of incomplete peer messages held (WZP_QUIC_IN_BUFFER_MAX) */
	struct wzp_quic_dgram *dgram_head, **dgram_tail;
	size_t dgram_count;
	int handshake_done, close_requested, ended;
	uint64_t close_code;
	char close_reason[WZP_QUIC_REASON_MAX];
	int gnutls_error;
	char alpn[32];
	char sni[256];
};

/* What a new connection needs besides its config. */
struct wzp_quic_conn_init {
	struct ev_loop *loop;
	struct wzp_quic_tx *tx;         /* outlives the connection */
	struct wzp_quic_kicked *kicked; /* server: outlives the connection; NULL: a client */
	int connected;
	const struct wzp_quic_addr *local, *remote;
	gnutls_certificate_credentials_t creds;
	const struct wzp_quic_config *cfg;
	const ngtcp2_pkt_hd *client_initial; /* server: the client's first packet; NULL: a client */
	void (*reap)(struct wzp_quic_conn *c, void *owner); /* after events.closed; may free c */
	void *owner;
	struct wzp_quic_cid_key *cid_key; /* server: outlives the connection; NULL: a client */
};

/* quic_conn.c */
struct wzp_quic_conn *wzp_quic_conn_new(const struct wzp_quic_conn_init *init);
void wzp_quic_conn_free(struct wzp_quic_conn *c);
void wzp_quic_conn_recv(struct wzp_quic_conn *c, const struct wzp_quic_addr *from,
			const uint8_t *pkt, size_t len);
/* Work for the connection's next flush: a server's before its loop next
 * waits, a client's on its loop's next iteration. */
void wzp_quic_conn_kick(struct wzp_quic_conn *c);
/* A kicked connection's flush (or its close, when one was asked for); may
 * end it, and its owner's reap may free it. */
void wzp_quic_conn_run(struct wzp_quic_conn *c);
/* cid is the client's first DCID, or route (when not NULL) is the connection's. */
int wzp_quic_conn_owns_cid(const struct wzp_quic_conn *c, const uint8_t *cid, size_t len,
			   const uint8_t *route);

/* quic_stream.c: the packet writer and the ngtcp2 callbacks for data */
ngtcp2_ssize wzp_quic_write_packet(struct wzp_quic_conn *c, uint8_t *buf, size_t cap,
				   ngtcp2_tstamp ts);
void wzp_quic_open_streams(struct wzp_quic_conn *c);
void wzp_quic_free_queues(struct wzp_quic_conn *c);
int wzp_quic_on_stream_data(ngtcp2_conn *conn, uint32_t flags, int64_t stream_id,
			    uint64_t offset, const uint8_t *data, size_t datalen, void *user_data,
			    void *stream_user_data);
int wzp_quic_on_stream_close(ngtcp2_conn *conn, uint32_t flags, int64_t stream_id,
			     uint64_t app_error_code, void *user_data, void *stream_user_data);
int wzp_quic_on_datagram(ngtcp2_conn *conn, uint32_t flags, const uint8_t *data,
			 size_t datalen, void *user_data);

#endif
