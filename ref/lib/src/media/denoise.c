/* denoise.c: spec/06-media.md 6.2 "Noise suppression". */
#include <speex/speex_preprocess.h>

#include "wzp/denoise.h"
#include "wzp/trace.h"

enum wzp_err wzp_denoiser_init(struct wzp_denoiser *d)
{
	int on = 1, off = 0;

	d->st = speex_preprocess_state_init(WZP_DENOISE_PIECE, 48000);
	if (d->st == NULL)
		return WZP_ERR_NO_MEMORY;
	speex_preprocess_ctl(d->st, SPEEX_PREPROCESS_SET_DENOISE, &on);
	speex_preprocess_ctl(d->st, SPEEX_PREPROCESS_SET_AGC, &off);
	speex_preprocess_ctl(d->st, SPEEX_PREPROCESS_SET_DEREVERB, &off);
	return WZP_OK;
}

void wzp_denoiser_free(struct wzp_denoiser *d)
{
	if (d->st != NULL)
		speex_preprocess_state_destroy(d->st);
	d->st = NULL;
}

/* WZP-MEDIA-013: every 10 ms piece of the frame. */
enum wzp_err wzp_denoise(struct wzp_denoiser *d, int16_t *pcm, size_t n)
{
	WZP_REJECT("WZP-MEDIA-013", n == 0 || n % WZP_DENOISE_PIECE != 0, WZP_ERR_BAD_PARAM);
	for (size_t at = 0; at < n; at += WZP_VALUE("WZP-MEDIA-013", WZP_DENOISE_PIECE))
		speex_preprocess_run(d->st, pcm + at);
	return WZP_OK;
}
