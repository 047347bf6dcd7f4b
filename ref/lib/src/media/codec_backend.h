/* codec_backend.h: what codec.c dispatches to (libwzp-internal). */
#ifndef WZP_MEDIA_CODEC_BACKEND_H
#define WZP_MEDIA_CODEC_BACKEND_H

#include "wzp/codec.h"

enum wzp_err wzp_opus_encoder_init(struct wzp_encoder *e, const struct wzp_codec_info *info);
void wzp_opus_encoder_free(struct wzp_encoder *e);
void wzp_opus_decoder_free(struct wzp_decoder *d);
void wzp_codec2_encoder_free(struct wzp_encoder *e);
void wzp_codec2_decoder_free(struct wzp_decoder *d);
enum wzp_err wzp_opus_encode(struct wzp_encoder *e, const int16_t *pcm, size_t n, uint8_t *out,
			     size_t cap, size_t *written);
enum wzp_err wzp_opus_decoder_init(struct wzp_decoder *d);
enum wzp_err wzp_opus_decode(struct wzp_decoder *d, const uint8_t *data, size_t len,
			     int16_t *pcm, size_t n, int fec);

enum wzp_err wzp_codec2_encoder_init(struct wzp_encoder *e, uint8_t codec);
enum wzp_err wzp_codec2_encode(struct wzp_encoder *e, const int16_t *pcm, size_t n,
			       uint8_t *out, size_t cap, size_t *written);
enum wzp_err wzp_codec2_decoder_init(struct wzp_decoder *d);
enum wzp_err wzp_codec2_decode(struct wzp_decoder *d, uint8_t codec, const uint8_t *data,
			       size_t len, int16_t *pcm, size_t n);
enum wzp_err wzp_codec2_conceal(struct wzp_decoder *d, int16_t *pcm, size_t n);

#endif
