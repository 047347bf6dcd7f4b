/* report.c: the metrics line and the status line (report.h). */
#include <jansson.h>
#include <stdlib.h>

#include "report.h"

const char *report_tier_name(int tier)
{
	static const char *const names[] = { "good", "degraded", "catastrophic" };

	return tier >= 0 && tier <= 2 ? names[tier] : "?";
}

double report_loss_pct(const struct wzp_call_rx_stats *rx)
{
	uint32_t due = rx->played + rx->lost;

	return due ? 100.0 * rx->lost / due : 0.0;
}

int report_metrics_line(FILE *f, const struct client_snapshot *s, time_t now)
{
	char ts[32];
	struct tm tm;
	json_t *o;
	char *text;
	int rc;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* WZP-CLIENT-005: upstream's fields first (facts 4.6), then ours. */
	o = json_pack("{s:s, s:I, s:I, s:f, s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
		      "s:I, s:I, s:I, s:I, s:I}",
		      "ts", ts, "buffer_depth", (json_int_t)s->buffer_ms,
		      "underruns", (json_int_t)s->rx.underruns,
		      "loss_pct", report_loss_pct(&s->rx), "rtt_ms", (json_int_t)s->rtt_ms,
		      "frames_sent", (json_int_t)s->tx.frames,
		      "quality_profile", report_tier_name(s->tier),
		      "frames_received", (json_int_t)s->rx.frames_received,
		      "t_ms", (json_int_t)s->t_ms, "members", (json_int_t)s->members,
		      "packets_sent", (json_int_t)s->tx.packets,
		      "bytes_sent", (json_int_t)s->tx.bytes,
		      "impaired_dropped", (json_int_t)s->impaired_dropped,
		      "unheard", (json_int_t)s->unheard,
		      "packets_received", (json_int_t)s->rx.packets,
		      "frames_recovered", (json_int_t)s->rx.frames_recovered,
		      "concealed", (json_int_t)s->rx.concealed,
		      "played", (json_int_t)s->rx.played,
		      "undecryptable", (json_int_t)s->undecryptable);
	if (o == NULL)
		return -1;
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (text == NULL)
		return -1;
	rc = fprintf(f, "%s\n", text) < 0 || fflush(f) != 0 ? -1 : 0;
	free(text);
	return rc;
}

/* WZP-CLIENT-006 */
void report_status_line(char *out, size_t cap, const struct client_snapshot *s)
{
	char rtt[24] = "-";

	if (s->rtt_ms >= 0)
		snprintf(rtt, sizeof rtt, "%lld", (long long)s->rtt_ms);
	snprintf(out, cap,
		 "rtt %s ms | loss %.1f %% | buffer %u ms | tier %s | concealed %u | members %u",
		 rtt, report_loss_pct(&s->rx), s->buffer_ms, report_tier_name(s->tier),
		 s->rx.concealed, s->members);
}
