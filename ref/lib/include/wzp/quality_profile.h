/* quality_profile.h: the quality profiles a CallOffer lists and a
 * CallAnswer chooses (spec/05-crypto.md 5.2, WZP-CRYPTO-028, -029).
 *
 * A profile is a codec, an FEC ratio (binary32), a frame duration and a
 * block size. wzp/1 knows exactly GOOD, DEGRADED and CATASTROPHIC and
 * refuses any other with WZP_ERR_UNKNOWN_QUALITY_PROFILE; upstream-aa09275
 * takes any profile whose codec is registered. Profiles compare field by
 * field, the ratio by its bits. Nothing here allocates or keeps pointers.
 */
#ifndef WZP_QUALITY_PROFILE_H
#define WZP_QUALITY_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"
#include "wzp/profile.h"

struct wzp_quality_profile {
	uint8_t codec_id;          /* enum wzp_codec_id */
	float fec_ratio;           /* repair per source symbol, binary32 */
	uint8_t frame_duration_ms;
	uint8_t frames_per_block;
};

extern const struct wzp_quality_profile WZP_QUALITY_GOOD;         /* Opus24k 0.2 20 5 */
extern const struct wzp_quality_profile WZP_QUALITY_DEGRADED;     /* Opus6k 0.5 40 10 */
extern const struct wzp_quality_profile WZP_QUALITY_CATASTROPHIC; /* Codec2_1200 1.0 40 8 */

bool wzp_quality_profile_equal(const struct wzp_quality_profile *a,
			       const struct wzp_quality_profile *b);

/* (codec bit rate / 1000) * (1 + fec_ratio), in binary32; the codec must
 * be registered. */
float wzp_quality_profile_total_kbps(const struct wzp_quality_profile *p);

/* The callee's choice among n offered profiles: the highest total bit
 * rate, the later on a tie, GOOD when n is 0. WZP_ERR_UNKNOWN_CODEC for a
 * codec outside the registry, then (wzp/1) WZP_ERR_UNKNOWN_QUALITY_PROFILE,
 * checked profile by profile in offer order. */
enum wzp_err wzp_quality_profile_choose(struct wzp_quality_profile *chosen,
					const struct wzp_quality_profile *offered, size_t n,
					enum wzp_profile profile);

/* The caller's check of the answer's choice, giving the profile to use.
 * wzp/1: chosen must be one of the offered (GOOD when none were), else
 * WZP_ERR_UNKNOWN_QUALITY_PROFILE. upstream-aa09275 ignores the choice and
 * uses GOOD. */
enum wzp_err wzp_quality_profile_accept_choice(struct wzp_quality_profile *used,
					       const struct wzp_quality_profile *chosen,
					       const struct wzp_quality_profile *offered, size_t n,
					       enum wzp_profile profile);

#endif
