/* bandwidth.c: spec/06-media.md 6.6 "Bandwidth estimator". */
#include <math.h>
#include <string.h>

#include "wzp/bandwidth.h"
#include "wzp/trace.h"

enum wzp_err wzp_bwe_init(struct wzp_bwe *e, double initial_kbps, double min_kbps,
			  double max_kbps)
{
	WZP_REJECT("WZP-MEDIA-040", !isfinite(initial_kbps) || !isfinite(min_kbps) ||
					    !isfinite(max_kbps) || !(min_kbps >= 0.0) ||
					    !(min_kbps <= max_kbps),
		   WZP_ERR_BAD_PARAM);
	memset(e, 0, sizeof *e);
	e->kbps = initial_kbps;
	e->min_kbps = min_kbps;
	e->max_kbps = max_kbps;
	return WZP_OK;
}

/* WZP-MEDIA-041: the delay detector. */
static void detect_delay(struct wzp_bwe *e, double rtt)
{
	if (!e->started) {
		e->started = true;
		e->baseline_ms = e->ema_ms = rtt;
		e->state = WZP_BWE_NORMAL;
		return;
	}
	if (rtt < e->baseline_ms)
		e->baseline_ms = rtt;
	else
		e->baseline_ms = e->baseline_ms + 0.001 * (rtt - e->baseline_ms);
	e->ema_ms = 0.3 * rtt + 0.7 * e->ema_ms;
	if (e->ema_ms > 1.5 * e->baseline_ms)
		e->state = WZP_VALUE("WZP-MEDIA-041", WZP_BWE_OVERUSE);
	else if (e->ema_ms < 1.1 * e->baseline_ms)
		e->state = WZP_VALUE("WZP-MEDIA-041", WZP_BWE_UNDERUSE);
	else
		e->state = WZP_BWE_NORMAL;
}

/* WZP-MEDIA-042: mean of the last 10 losses, summed oldest first, above 5 %. */
static bool congested(struct wzp_bwe *e, double loss)
{
	double sum = 0.0;

	if (e->loss_count == WZP_BWE_LOSS_WINDOW) {
		memmove(e->loss, e->loss + 1, sizeof e->loss - sizeof e->loss[0]);
		e->loss_count--;
	}
	e->loss[e->loss_count++] = loss;
	for (uint32_t i = 0; i < e->loss_count; i++)
		sum += e->loss[i];
	return WZP_VALUE("WZP-MEDIA-042", sum / (double)e->loss_count > 5.0);
}

double wzp_bwe_update(struct wzp_bwe *e, double rtt_ms, double loss_percent)
{
	bool loss_congested;

	detect_delay(e, rtt_ms);
	loss_congested = congested(e, loss_percent);
	/* WZP-MEDIA-043 */
	if (e->state == WZP_BWE_OVERUSE || loss_congested)
		e->kbps = WZP_VALUE_F32("WZP-MEDIA-043", 1.0f) * e->kbps * 0.85;
	else if (e->state == WZP_BWE_UNDERUSE)
		e->kbps = e->kbps + e->kbps * 0.05;
	if (e->kbps < e->min_kbps)
		e->kbps = e->min_kbps;
	if (e->kbps > e->max_kbps)
		e->kbps = e->max_kbps;
	return e->kbps;
}

double wzp_bwe_update_report(struct wzp_bwe *e, const struct wzp_quality_report *r)
{
	return wzp_bwe_update(e, (double)wzp_quality_report_rtt_ms(r),
			      (double)wzp_quality_report_loss_percent(r));
}

/* WZP-MEDIA-044: wzp/1 derives the thresholds from the tiers' measured
 * on-wire rates (69.71 and 23.27 kbps) with 25 % headroom, rounded up;
 * upstream's are 25 and 8. */
enum wzp_tier wzp_bwe_tier(const struct wzp_bwe *e, enum wzp_profile profile)
{
	double good = profile == WZP_PROFILE_V1 ? 88.0 : 25.0;
	double degraded = profile == WZP_PROFILE_V1 ? 30.0 : 8.0;

	if (e->kbps >= good)
		return WZP_TIER_GOOD;
	if (e->kbps >= degraded)
		return WZP_VALUE("WZP-MEDIA-044", WZP_TIER_DEGRADED);
	return WZP_VALUE("WZP-MEDIA-044", WZP_TIER_CATASTROPHIC);
}
