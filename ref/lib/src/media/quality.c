/* quality.c: spec/06-media.md 6.5 "Quality tiers". */
#include "wzp/quality.h"
#include "wzp/trace.h"

#define DOWNGRADE_AFTER 3
#define UPGRADE_AFTER 10

const struct wzp_quality_profile *wzp_tier_profile(enum wzp_tier tier)
{
	static const struct wzp_quality_profile *const profiles[] = {
		[WZP_TIER_GOOD] = &WZP_QUALITY_GOOD,
		[WZP_TIER_DEGRADED] = &WZP_QUALITY_DEGRADED,
		[WZP_TIER_CATASTROPHIC] = &WZP_QUALITY_CATASTROPHIC,
	};

	return profiles[tier];
}

/* WZP-MEDIA-030 */
enum wzp_tier wzp_tier_classify(const struct wzp_quality_report *r)
{
	float loss = wzp_quality_report_loss_percent(r);
	unsigned rtt = wzp_quality_report_rtt_ms(r);

	if (loss > 40.0f || rtt > 600)
		return WZP_VALUE("WZP-MEDIA-030", WZP_TIER_CATASTROPHIC);
	if (loss > 10.0f || rtt > 400)
		return WZP_VALUE("WZP-MEDIA-030", WZP_TIER_DEGRADED);
	return WZP_TIER_GOOD;
}

bool wzp_tier_observe(struct wzp_tier_controller *ctl, const struct wzp_quality_report *r)
{
	enum wzp_tier seen = wzp_tier_classify(r);

	if (seen == ctl->tier) {
		ctl->worse = ctl->better = 0;
		return false;
	}
	if (seen > ctl->tier) {
		/* WZP-MEDIA-031: 3 worse in a row take the tier of the third */
		ctl->better = 0;
		if (++ctl->worse < WZP_VALUE("WZP-MEDIA-031", DOWNGRADE_AFTER))
			return false;
		ctl->tier = seen;
		ctl->worse = 0;
		return true;
	}
	/* WZP-MEDIA-032: 10 better in a row move up exactly one tier */
	ctl->worse = 0;
	if (++ctl->better < WZP_VALUE("WZP-MEDIA-032", UPGRADE_AFTER))
		return false;
	ctl->tier = (enum wzp_tier)(ctl->tier - 1);
	ctl->better = 0;
	return true;
}
