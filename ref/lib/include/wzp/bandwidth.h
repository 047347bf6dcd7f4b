/* bandwidth.h: the delay- and loss-based bandwidth estimator
 * (spec/06-media.md 6.6), after Google Congestion Control.
 *
 * Contract: every step is binary64 arithmetic in the order the spec
 * writes it, so two implementations give bit-identical estimates for the
 * same reports. The caller owns the struct; time enters only as the
 * sequence of reports. wzp_bwe_init returns WZP_ERR_BAD_PARAM (and leaves
 * *e untouched) unless 0 <= min <= max and all three are finite.
 */
#ifndef WZP_BANDWIDTH_H
#define WZP_BANDWIDTH_H

#include <stdbool.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"
#include "wzp/quality.h"
#include "wzp/quality_report.h"

#define WZP_BWE_LOSS_WINDOW 10

enum wzp_bwe_state { WZP_BWE_NORMAL, WZP_BWE_OVERUSE, WZP_BWE_UNDERUSE };

struct wzp_bwe {
	double kbps, min_kbps, max_kbps;
	bool started; /* the delay detector has its first RTT */
	double baseline_ms, ema_ms;
	enum wzp_bwe_state state;
	double loss[WZP_BWE_LOSS_WINDOW]; /* oldest first */
	uint32_t loss_count;
};

enum wzp_err wzp_bwe_init(struct wzp_bwe *e, double initial_kbps, double min_kbps,
			  double max_kbps);
/* One measurement; returns the new estimate in kbps. */
double wzp_bwe_update(struct wzp_bwe *e, double rtt_ms, double loss_percent);
/* The same from a QualityReport: RTT in ms, loss as WZP-WIRE-022's binary32. */
double wzp_bwe_update_report(struct wzp_bwe *e, const struct wzp_quality_report *r);
/* The tier the estimate affords under the profile's thresholds. */
enum wzp_tier wzp_bwe_tier(const struct wzp_bwe *e, enum wzp_profile profile);

#endif
