/* resample.c: spec/06-media.md 6.1, "Codec2 and resampling". */
#include <speex/speex_resampler.h>

#include "wzp/resample.h"
#include "wzp/trace.h"

enum wzp_err wzp_resampler_init(struct wzp_resampler *r, uint32_t in_rate, uint32_t out_rate)
{
	int err = 0;

	r->st = speex_resampler_init(1, in_rate, out_rate, WZP_RESAMPLE_QUALITY, &err);
	if (r->st == NULL || err != RESAMPLER_ERR_SUCCESS)
		return WZP_ERR_NO_MEMORY;
	r->in_rate = in_rate;
	r->out_rate = out_rate;
	return WZP_OK;
}

void wzp_resampler_free(struct wzp_resampler *r)
{
	if (r->st != NULL)
		speex_resampler_destroy(r->st);
	r->st = NULL;
}

/* WZP-MEDIA-004: exactly n_in x out / in samples out of every call. */
enum wzp_err wzp_resampler_run(struct wzp_resampler *r, const int16_t *in, size_t n_in,
			       int16_t *out, size_t n_out)
{
	spx_uint32_t got_in = (spx_uint32_t)n_in, got_out = (spx_uint32_t)n_out;

	WZP_REJECT("WZP-MEDIA-004", (uint64_t)n_in * r->out_rate != (uint64_t)n_out * r->in_rate,
		   WZP_ERR_BAD_PARAM);
	if (speex_resampler_process_int(r->st, 0, in, &got_in, out, &got_out) != 0)
		return WZP_ERR_BAD_PARAM;
	WZP_REJECT("WZP-MEDIA-004", got_in != n_in || got_out != n_out, WZP_ERR_BAD_PARAM);
	return WZP_OK;
}

uint32_t wzp_resampler_delay(const struct wzp_resampler *r)
{
	return (uint32_t)speex_resampler_get_output_latency(r->st);
}
