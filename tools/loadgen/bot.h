/* bot.h: one load bot, and the fleet it belongs to (tools/loadgen).
 *
 * A bot is one WZP participant. Over QUIC it joins its room on a
 * wzp-relay through the client library (ref/relay/client/relay_session.h:
 * SNI = the room key, CallOffer / CallAnswer of the relay hop, then
 * RoomUpdate; spec/08-relay.md 8.2) under an identity derived from its id,
 * and counts as ready once a RoomUpdate lists its whole room; then it
 * sends and takes DATAGRAM frames. Over plain UDP (the floor,
 * tools/udp-floor) it sends "join KEY" until the floor answers "joined",
 * then plain datagrams. While
 * the fleet is sending, each bot sends one stamped payload (payload.h)
 * every 1/rate s and keeps the send time of its last LOADGEN_RING
 * sequence numbers; a receiving bot looks a packet's (sender, seq) up
 * there, so latency is measured from just before the send call to just
 * after the receive callback, both in this process (CLOCK_MONOTONIC).
 *
 * Bots i*room_size .. i*room_size + room_size - 1 share room i.
 *
 * Ownership: the fleet owns its bots (an array) and they point back to it;
 * everything runs on the fleet's one ev_loop. bot_open() returns 0 or a
 * negative value (socket or QUIC setup failed; bot_close() is still safe);
 * bot_close() frees what the bot holds and may be called once per bot.
 */
#ifndef LOADGEN_BOT_H
#define LOADGEN_BOT_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>

#include "latency.h"
#include "payload.h"
#include "relay_session.h"
#include "wzp/identity.h"

#define LOADGEN_RING 1024 /* send times kept per bot: 20 s at 50 packets/s */
#define LOADGEN_KEY_LEN 32

struct fleet_config {
	const char *host;
	const char *port;
	bool udp;           /* plain UDP to the floor instead of QUIC to a relay */
	uint32_t bots;
	uint32_t room_size;
	double rate;        /* packets/s per bot */
	double seconds;     /* sending time */
	double connect_timeout; /* every bot joined within this, s */
};

struct bot_counts {
	uint64_t sent, send_errors;
	uint64_t received;   /* distinct (sender, seq) from a room mate */
	uint64_t duplicates; /* the same (sender, seq) again */
	uint64_t unknown;    /* no stamp, a stranger's stamp, or too old to look up */
};

struct bot {
	struct fleet *fleet;
	uint32_t id;
	char room[LOADGEN_KEY_LEN + 1];
	struct wzp_identity identity;   /* QUIC */
	struct relay_session *session;  /* QUIC */
	int fd;                         /* UDP, -1 otherwise */
	ev_io io;                       /* UDP */
	ev_timer join_retry;            /* UDP */
	ev_timer tick;
	bool ready, ended;
	uint32_t seq;                   /* the next sequence number */
	uint64_t due_ns;                /* when the next tick is due */
	uint64_t sent_ns[LOADGEN_RING];
	uint32_t sent_seq[LOADGEN_RING];
	uint32_t *seen;                 /* [room_size][LOADGEN_RING]: seq + 1 received */
	struct bot_counts n;
};

struct fleet {
	struct ev_loop *loop;
	struct fleet_config cfg;
	struct payload_set payloads;
	struct bot *bots;
	uint32_t ready;
	uint32_t ended;      /* connections that ended before the fleet closed them */
	bool sending, closing;
	struct latency lat;
	struct latency lag;  /* how late ticks fire: the bots' loop falling behind */
	void (*on_ready)(struct fleet *f); /* every bot joined */
};

int bot_open(struct bot *b, struct fleet *f, uint32_t id);
void bot_start_sending(struct bot *b);
void bot_stop_sending(struct bot *b);
/* Closes the session (QUIC: CONNECTION_CLOSE, code 0). */
void bot_hang_up(struct bot *b);
void bot_close(struct bot *b);

uint64_t bot_now_ns(void);

#endif
