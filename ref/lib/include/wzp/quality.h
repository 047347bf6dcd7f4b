/* quality.h: quality tiers, their profiles, and the tier controller
 * (spec/06-media.md 6.5).
 *
 * Contract: classification reads a QualityReport's loss as the binary32
 * percentage of WZP-WIRE-022 and its RTT in ms, with strict `>` against the
 * thresholds. The controller is a caller-owned struct (zero-initialised is
 * Good with empty counters); it never allocates and has no failure mode.
 */
#ifndef WZP_QUALITY_H
#define WZP_QUALITY_H

#include <stdbool.h>
#include <stdint.h>

#include "wzp/codec_id.h"
#include "wzp/quality_profile.h"
#include "wzp/quality_report.h"

enum wzp_tier { WZP_TIER_GOOD = 0, WZP_TIER_DEGRADED = 1, WZP_TIER_CATASTROPHIC = 2 };


struct wzp_tier_controller {
	enum wzp_tier tier;
	uint32_t worse; /* consecutive reports worse than tier */
	uint32_t better; /* consecutive reports better than tier */
};

/* What a tier sends: WZP_QUALITY_GOOD, _DEGRADED or _CATASTROPHIC. */
const struct wzp_quality_profile *wzp_tier_profile(enum wzp_tier tier);
enum wzp_tier wzp_tier_classify(const struct wzp_quality_report *r);

/* Feeds one report; true when the tier changed (then ctl->tier is the new one). */
bool wzp_tier_observe(struct wzp_tier_controller *ctl, const struct wzp_quality_report *r);

#endif
