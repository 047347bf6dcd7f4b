/* vad.c: spec/06-media.md 6.2 "Silence": the voice detector. */
#include <math.h>

#include "wzp/silence.h"
#include "wzp/trace.h"

void wzp_vad_init(struct wzp_vad *v)
{
	*v = (struct wzp_vad){ WZP_VAD_THRESHOLD, WZP_VAD_HANGOVER, 0, 0 };
}

/* WZP-MEDIA-010 */
double wzp_frame_rms(const int16_t *pcm, size_t n)
{
	double sum = 0.0;

	if (n == 0)
		return 0.0;
	for (size_t i = 0; i < n; i++)
		sum += (double)pcm[i] * (double)pcm[i];
	return sqrt(sum / (double)n);
}

/* WZP-MEDIA-010: suppressed from the (hangover + 1)th frame under the
 * threshold; the first frame at or above it ends suppression. */
bool wzp_vad_suppress(struct wzp_vad *v, const int16_t *pcm, size_t n)
{
	if (!(wzp_frame_rms(pcm, n) < v->threshold)) {
		v->silent_frames = v->suppressed = 0;
		return false;
	}
	if (v->silent_frames < UINT32_MAX)
		v->silent_frames++;
	if (v->silent_frames <= WZP_VALUE("WZP-MEDIA-010", v->hangover))
		return false;
	v->suppressed++;
	return true;
}

/* WZP-MEDIA-011: wzp/1 sends CN on the first suppressed frame and every
 * 10th after it; upstream on the 10th, 20th, ... */
bool wzp_vad_send_cn(const struct wzp_vad *v, enum wzp_profile profile)
{
	uint32_t k = profile == WZP_PROFILE_V1 ? v->suppressed - 1 : v->suppressed;

	return v->suppressed > 0 && WZP_VALUE("WZP-MEDIA-011", k % WZP_CN_INTERVAL) == 0;
}
