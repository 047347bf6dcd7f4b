/* relay_metrics.h: the relay's counters as Prometheus text on HTTP
 * (spec/08-relay.md 8.6, WZP-RELAY-019), served by libmicrohttpd on the
 * relay's own libev loop (no thread: MHD's epoll fd is watched there).
 *
 * GET /metrics answers 200 with the text exposition format 0.0.4: the
 * names of upstream's relay where it has one (wzp_relay_active_sessions,
 * _active_rooms, _packets_forwarded_total, _bytes_forwarded_total) and
 * wzp/1's additions (_connections_total, _datagrams_dropped_total,
 * _signals_total, _bad_signals_total, _pongs_total, and 8.2's: _joins_total,
 * _signals_forwarded_total, _signals_dropped_total, _refused_total{reason},
 * _auth_attempts_total{result}, _handshake_duration_seconds). Any other path is
 * 404, any other method 405.
 *
 * Contract: relay_metrics_open() binds host:port (port "0" picks a free
 * one) and returns 0, or -1 leaving nothing allocated. The relay must
 * outlive the server; relay_metrics_free() stops it (NULL is fine).
 * relay_metrics_text() returns a malloc'd NUL-terminated text, or NULL.
 */
#ifndef WZP_RELAY_METRICS_H
#define WZP_RELAY_METRICS_H

#include <ev.h>

#include "relay.h"

struct relay_metrics;

int relay_metrics_open(struct relay_metrics **out, struct ev_loop *loop, const char *host,
		       const char *port, const struct relay *relay);
unsigned relay_metrics_port(const struct relay_metrics *m);
void relay_metrics_free(struct relay_metrics *m);
char *relay_metrics_text(const struct relay *relay);

#endif
