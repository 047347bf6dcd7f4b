/* report.h: what the client says about a call while it runs: one JSON
 * line a second in the metrics file (WZP-CLIENT-005) and the one-line
 * live status (WZP-CLIENT-006), both from one snapshot.
 *
 * Contract: the caller fills the snapshot; these only format. The JSON
 * line is written and flushed at once, so a reader sees whole lines.
 */
#ifndef WZP_CLIENT_REPORT_H
#define WZP_CLIENT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "wzp/call.h"

struct client_snapshot {
	uint64_t t_ms;      /* since the call started */
	int64_t rtt_ms;     /* the last Ping's round trip to the relay; -1 before any */
	uint32_t members;   /* others in the room */
	int tier;           /* what we send: enum wzp_tier */
	struct wzp_call_tx_stats tx;
	uint64_t impaired_dropped;
	uint64_t unheard; /* not sent: no member could open them yet */
	struct wzp_call_rx_stats rx; /* summed over members */
	uint32_t buffer_ms;
	uint32_t undecryptable;
};

const char *report_tier_name(int tier);
/* Played frames that were lost (concealed or not), in percent of those due. */
double report_loss_pct(const struct wzp_call_rx_stats *rx);
/* One line with its newline: 0, or -1 when it could not be written. */
int report_metrics_line(FILE *f, const struct client_snapshot *s, time_t now);
/* "rtt 12 ms | loss 0.0 % | buffer 60 ms | tier good | concealed 0 | members 2" */
void report_status_line(char *out, size_t cap, const struct client_snapshot *s);

#endif
