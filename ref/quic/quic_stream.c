/* quic_stream.c: signal messages, datagrams and the packet writer
 * (see quic_conn.h for the behaviour, quic_conn_int.h for the split). */
#include <stdlib.h>
#include <string.h>

#include "quic_conn_int.h"
#include "wzp/trace.h"

/* Short header (1 + DCID + packet number of at most 4), AEAD tag (16 for
 * every TLS 1.3 QUIC cipher), DATAGRAM frame type and 2-byte length. */
#define SHORT_HEADER_OVERHEAD (1 + 4 + 16)
#define DATAGRAM_FRAME_OVERHEAD (1 + 2)

/* Streams are kept in queue order: messages open in the order they were sent. */
static struct wzp_quic_stream *stream_add(struct wzp_quic_conn *c, int64_t id)
{
	struct wzp_quic_stream *s = calloc(1, sizeof *s), **link = &c->streams;

	if (s == NULL)
		return NULL;
	s->id = id;
	while (*link != NULL) {
		s->prev = *link;
		link = &(*link)->next;
	}
	*link = s;
	return s;
}

static void stream_free(struct wzp_quic_conn *c, struct wzp_quic_stream *s)
{
	c->in_buffered -= s->buffered;
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		c->streams = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	free(s->out);
	wzp_quic_msg_reader_free(&s->in);
	free(s);
}

/* A new local stream that will carry out[out_len] (taken). */
static enum wzp_quic_err queue_stream(struct wzp_quic_conn *c, uint8_t *out, size_t out_len,
				      int hold_fin)
{
	struct wzp_quic_stream *s;

	if (out == NULL || (s = stream_add(c, -1)) == NULL) {
		free(out);
		return WZP_QUIC_E_NO_MEMORY;
	}
	s->local = 1;
	s->fin_wanted = 1;
	s->hold_fin = hold_fin;
	s->out = out;
	s->out_len = out_len;
	wzp_quic_conn_kick(c);
	return WZP_QUIC_OK;
}

/* WZP-TRANS-005: BE32 length, at most 1 MiB, then the JSON and FIN. */
enum wzp_quic_err wzp_quic_send_message(struct wzp_quic_conn *c, const uint8_t *body,
					size_t len)
{
	size_t frame_len = 0;
	uint8_t *frame;

	if (c->ended || c->close_requested)
		return WZP_QUIC_E_STATE;
	if (len > WZP_QUIC_MSG_MAX)
		return WZP_QUIC_E_TOO_LARGE;
	/* frame_len is set by the call: read it only after (argument order is unspecified) */
	frame = wzp_quic_msg_frame(body, len, &frame_len);
	return queue_stream(c, frame, frame_len, 0);
}

enum wzp_quic_err wzp_quic_send_stream_raw(struct wzp_quic_conn *c, const uint8_t *bytes,
					   size_t len, int fin)
{
	uint8_t *out;

	if (c->ended || c->close_requested)
		return WZP_QUIC_E_STATE;
	if (len == 0 || (out = malloc(len)) == NULL)
		return WZP_QUIC_E_NO_MEMORY;
	memcpy(out, bytes, len);
	return queue_stream(c, out, len, !fin);
}

void wzp_quic_open_streams(struct wzp_quic_conn *c)
{
	for (struct wzp_quic_stream *s = c->streams; s != NULL; s = s->next) {
		int64_t id;

		s->blocked = 0;
		if (s->id >= 0)
			continue;
		if (ngtcp2_conn_open_bidi_stream(c->conn, &id, s) != 0)
			return; /* no stream credit yet (or before the handshake): later */
		s->id = id;
	}
}

static enum wzp_quic_bad bad_of(enum wzp_quic_msg_status st)
{
	switch (st) {
	case WZP_QUIC_MSG_TOO_LARGE:
		return WZP_QUIC_BAD_TOO_LARGE;
	case WZP_QUIC_MSG_TRUNCATED:
		return WZP_QUIC_BAD_TRUNCATED;
	case WZP_QUIC_MSG_TRAILING:
		return WZP_QUIC_BAD_TRAILING;
	default:
		return WZP_QUIC_BAD_NO_MEMORY;
	}
}

static void bad_message(struct wzp_quic_conn *c, struct wzp_quic_stream *s, enum wzp_quic_bad why)
{
	s->delivered = 1; /* reported once */
	ngtcp2_conn_shutdown_stream(c->conn, s->id, WZP_QUIC_STREAM_BAD_MESSAGE);
	if (WZP_SITE("WZP-TRANS-005", c->events.bad_message != NULL))
		c->events.bad_message(c, why, c->user);
}

/* The message on a peer's stream: delivered once complete, then our half
 * ends with an empty FIN; a bad one, or one that would hold more than the
 * connection's budget of incomplete bytes, resets the stream. */
static void take_message(struct wzp_quic_conn *c, struct wzp_quic_stream *s, const uint8_t *data,
			 size_t len, int fin)
{
	size_t before = s->in.have;
	enum wzp_quic_msg_status st;

	if (s->delivered)
		return;
	if (c->in_buffered + len > WZP_QUIC_IN_BUFFER_MAX) {
		bad_message(c, s, WZP_QUIC_BAD_TOO_LARGE);
		return;
	}
	st = wzp_quic_msg_feed(&s->in, data, len, fin);
	s->buffered += s->in.have - before;
	c->in_buffered += s->in.have - before;
	if (st == WZP_QUIC_MSG_MORE)
		return;
	c->in_buffered -= s->buffered;
	s->buffered = 0;
	if (st != WZP_QUIC_MSG_DONE) {
		bad_message(c, s, bad_of(st));
		return;
	}
	s->delivered = 1;
	s->fin_wanted = 1;
	if (c->events.message != NULL)
		c->events.message(c, s->in.body, s->in.len, c->user);
	wzp_quic_conn_kick(c);
}

int wzp_quic_on_stream_data(ngtcp2_conn *conn, uint32_t flags, int64_t stream_id,
			    uint64_t offset, const uint8_t *data, size_t datalen, void *user_data,
			    void *stream_user_data)
{
	struct wzp_quic_conn *c = user_data;
	struct wzp_quic_stream *s = stream_user_data;

	(void)offset;
	ngtcp2_conn_extend_max_stream_offset(conn, stream_id, datalen);
	ngtcp2_conn_extend_max_offset(conn, datalen);
	if (s == NULL && ngtcp2_is_bidi_stream(stream_id) &&
	    !ngtcp2_conn_is_local_stream(conn, stream_id)) {
		if ((s = stream_add(c, stream_id)) == NULL)
			return NGTCP2_ERR_CALLBACK_FAILURE;
		s->in.strict = strcmp(c->alpn, "wzp/1") == 0; /* WZP-WIRE-062 */
		ngtcp2_conn_set_stream_user_data(conn, stream_id, s);
	}
	if (s != NULL && !s->local) /* what comes back on our own message stream is ignored */
		take_message(c, s, data, datalen, (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0);
	return 0;
}

int wzp_quic_on_stream_close(ngtcp2_conn *conn, uint32_t flags, int64_t stream_id,
			     uint64_t app_error_code, void *user_data, void *stream_user_data)
{
	(void)flags;
	(void)app_error_code;
	if (stream_user_data != NULL)
		stream_free(user_data, stream_user_data);
	if (ngtcp2_conn_is_local_stream(conn, stream_id))
		return 0;
	if (WZP_SITE("WZP-TRANS-002", ngtcp2_is_bidi_stream(stream_id)))
		ngtcp2_conn_extend_max_streams_bidi(conn, 1);
	else
		ngtcp2_conn_extend_max_streams_uni(conn, 1);
	return 0;
}

size_t wzp_quic_max_datagram(struct wzp_quic_conn *c)
{
	const ngtcp2_transport_params *p;
	size_t frame, pkt;

	if (!c->handshake_done || c->ended)
		return 0;
	p = ngtcp2_conn_get_remote_transport_params(c->conn);
	if (p == NULL || p->max_datagram_frame_size <= DATAGRAM_FRAME_OVERHEAD)
		return 0;
	frame = (size_t)p->max_datagram_frame_size - DATAGRAM_FRAME_OVERHEAD;
	pkt = ngtcp2_conn_get_path_max_tx_udp_payload_size(c->conn) - SHORT_HEADER_OVERHEAD -
	      ngtcp2_conn_get_dcid(c->conn)->datalen - DATAGRAM_FRAME_OVERHEAD;
	return frame < pkt ? frame : pkt;
}

static void pop_datagram(struct wzp_quic_conn *c)
{
	struct wzp_quic_dgram *d = c->dgram_head;

	c->dgram_head = d->next;
	if (c->dgram_head == NULL)
		c->dgram_tail = &c->dgram_head;
	c->dgram_count--;
	free(d);
}

/* WZP-TRANS-003: one media packet, one DATAGRAM frame; too large is refused. */
enum wzp_quic_err wzp_quic_send_datagram(struct wzp_quic_conn *c, const uint8_t *data,
					 size_t len)
{
	struct wzp_quic_dgram *d;

	if (c->ended || c->close_requested || !c->handshake_done)
		return WZP_QUIC_E_STATE;
	if (len > wzp_quic_max_datagram(c))
		return WZP_QUIC_E_TOO_LARGE;
	if ((d = malloc(sizeof *d + len)) == NULL)
		return WZP_QUIC_E_NO_MEMORY;
	if (c->dgram_count == WZP_QUIC_DATAGRAM_QUEUE)
		pop_datagram(c);
	d->next = NULL;
	d->len = len;
	memcpy(d->data, data, len);
	*c->dgram_tail = d;
	c->dgram_tail = &d->next;
	c->dgram_count++;
	wzp_quic_conn_kick(c);
	return WZP_QUIC_OK;
}

int wzp_quic_on_datagram(ngtcp2_conn *conn, uint32_t flags, const uint8_t *data,
			 size_t datalen, void *user_data)
{
	struct wzp_quic_conn *c = user_data;

	(void)conn;
	(void)flags;
	if (c->events.datagram != NULL)
		c->events.datagram(c, data, datalen, c->user);
	return 0;
}

static struct wzp_quic_stream *writable(struct wzp_quic_conn *c)
{
	for (struct wzp_quic_stream *s = c->streams; s != NULL; s = s->next)
		if (s->id >= 0 && s->fin_wanted && !s->fin_sent && !s->blocked)
			return s;
	return NULL;
}

/* The rest of s's message and FIN. A stream that cannot take more now is
 * passed over (NGTCP2_ERR_WRITE_MORE: the packet is still open). */
static ngtcp2_ssize write_stream(struct wzp_quic_conn *c, struct wzp_quic_stream *s,
				 uint8_t *buf, size_t cap, ngtcp2_tstamp ts)
{
	ngtcp2_vec v = { s->out != NULL ? s->out + s->out_sent : NULL, s->out_len - s->out_sent };
	ngtcp2_ssize taken = -1;
	ngtcp2_ssize n = ngtcp2_conn_writev_stream(
		c->conn, NULL, NULL, buf, cap, &taken,
		NGTCP2_WRITE_STREAM_FLAG_MORE | (s->hold_fin ? 0 : NGTCP2_WRITE_STREAM_FLAG_FIN),
		s->id, &v, 1, ts);

	if (taken >= 0) {
		s->out_sent += (size_t)taken;
		s->fin_sent = s->out_sent == s->out_len;
	}
	if (n == NGTCP2_ERR_STREAM_DATA_BLOCKED)
		s->blocked = 1;
	else if (n == NGTCP2_ERR_STREAM_SHUT_WR || n == NGTCP2_ERR_STREAM_NOT_FOUND)
		s->fin_sent = 1; /* the peer reset it: nothing more to send */
	else
		return n;
	return NGTCP2_ERR_WRITE_MORE;
}

/* The oldest queued datagram; one the peer cannot take is dropped. No
 * FLAG_MORE: the packet closes after it, so no two media packets share a
 * UDP datagram and a loss takes one of them, not a burst (WZP-TRANS-003). */
static ngtcp2_ssize write_datagram(struct wzp_quic_conn *c, uint8_t *buf, size_t cap,
				   ngtcp2_tstamp ts)
{
	struct wzp_quic_dgram *d = c->dgram_head;
	ngtcp2_vec v = { d->data, d->len };
	int accepted = 0;
	ngtcp2_ssize n = ngtcp2_conn_writev_datagram(c->conn, NULL, NULL, buf, cap, &accepted,
						     NGTCP2_WRITE_DATAGRAM_FLAG_NONE, 0, &v, 1, ts);
	int refused = n == NGTCP2_ERR_INVALID_STATE || n == NGTCP2_ERR_INVALID_ARGUMENT;

	if (accepted || refused)
		pop_datagram(c);
	return refused ? NGTCP2_ERR_WRITE_MORE : n;
}

ngtcp2_ssize wzp_quic_write_packet(struct wzp_quic_conn *c, uint8_t *buf, size_t cap,
				   ngtcp2_tstamp ts)
{
	for (;;) {
		struct wzp_quic_stream *s = writable(c);
		ngtcp2_ssize n;

		if (s != NULL)
			n = write_stream(c, s, buf, cap, ts);
		else if (c->dgram_head != NULL)
			n = write_datagram(c, buf, cap, ts);
		else
			return ngtcp2_conn_write_pkt(c->conn, NULL, NULL, buf, cap, ts);
		if (n != NGTCP2_ERR_WRITE_MORE)
			return n;
	}
}

void wzp_quic_free_queues(struct wzp_quic_conn *c)
{
	while (c->streams != NULL)
		stream_free(c, c->streams);
	while (c->dgram_head != NULL)
		pop_datagram(c);
}
