/* quality_profile.c: spec/05-crypto.md 5.2, "Profile negotiation"
 * (WZP-CRYPTO-028, -029). */
#include <string.h>

#include "wzp/codec_id.h"
#include "wzp/quality_profile.h"
#include "wzp/trace.h"

const struct wzp_quality_profile WZP_QUALITY_GOOD = { WZP_CODEC_OPUS24K, 0.2f, 20, 5 };
const struct wzp_quality_profile WZP_QUALITY_DEGRADED = { WZP_CODEC_OPUS6K, 0.5f, 40, 10 };
const struct wzp_quality_profile WZP_QUALITY_CATASTROPHIC = { WZP_CODEC_CODEC2_1200, 1.0f, 40, 8 };

/* Bit rates of the CodecId registry (spec/02-wire.md, WZP-WIRE-005). */
static const uint32_t codec_bps[WZP_CODEC_ID_MAX + 1] = { 24000, 16000, 6000, 3200, 1200, 0 };

bool wzp_quality_profile_equal(const struct wzp_quality_profile *a,
			       const struct wzp_quality_profile *b)
{
	return a->codec_id == b->codec_id && memcmp(&a->fec_ratio, &b->fec_ratio, sizeof(float)) == 0
	       && a->frame_duration_ms == b->frame_duration_ms
	       && a->frames_per_block == b->frames_per_block;
}

float wzp_quality_profile_total_kbps(const struct wzp_quality_profile *p)
{
	float kbps = (float)codec_bps[p->codec_id] / 1000.0f;

	return kbps * (1.0f + p->fec_ratio);
}

static bool registered(const struct wzp_quality_profile *p)
{
	return wzp_quality_profile_equal(p, &WZP_QUALITY_GOOD)
	       || wzp_quality_profile_equal(p, &WZP_QUALITY_DEGRADED)
	       || wzp_quality_profile_equal(p, &WZP_QUALITY_CATASTROPHIC);
}

static enum wzp_err check_offered(const struct wzp_quality_profile *p, enum wzp_profile profile)
{
	WZP_REJECT("WZP-CRYPTO-028", !wzp_codec_id_known(p->codec_id), WZP_ERR_UNKNOWN_CODEC);
	WZP_REJECT("WZP-CRYPTO-028", profile == WZP_PROFILE_V1 && !registered(p),
		   WZP_ERR_UNKNOWN_QUALITY_PROFILE);
	return WZP_OK;
}

enum wzp_err wzp_quality_profile_choose(struct wzp_quality_profile *chosen,
					const struct wzp_quality_profile *offered, size_t n,
					enum wzp_profile profile)
{
	const struct wzp_quality_profile *best = &WZP_QUALITY_GOOD;

	for (size_t i = 0; i < n; i++) {
		enum wzp_err err = check_offered(&offered[i], profile);

		if (err != WZP_OK)
			return err;
	}
	for (size_t i = 0; i < n; i++) {
		bool later_wins = wzp_quality_profile_total_kbps(&offered[i])
				  >= wzp_quality_profile_total_kbps(best);

		if (i == 0 || WZP_VALUE("WZP-CRYPTO-028", later_wins))
			best = &offered[i];
	}
	*chosen = *best;
	return WZP_OK;
}

enum wzp_err wzp_quality_profile_accept_choice(struct wzp_quality_profile *used,
					       const struct wzp_quality_profile *chosen,
					       const struct wzp_quality_profile *offered, size_t n,
					       enum wzp_profile profile)
{
	bool was_offered = n == 0 && wzp_quality_profile_equal(chosen, &WZP_QUALITY_GOOD);

	if (profile == WZP_PROFILE_UPSTREAM) {
		*used = WZP_QUALITY_GOOD;
		return WZP_OK;
	}
	for (size_t i = 0; i < n; i++)
		was_offered |= wzp_quality_profile_equal(chosen, &offered[i]);
	WZP_REJECT("WZP-CRYPTO-029", !was_offered, WZP_ERR_UNKNOWN_QUALITY_PROFILE);
	*used = *chosen;
	return WZP_OK;
}
