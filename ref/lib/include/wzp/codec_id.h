/* codec_id.h: the CodecId registry carried in the MediaHeader
 * (spec/02-wire.md, WZP-WIRE-005). Identical in both profiles. */
#ifndef WZP_CODEC_ID_H
#define WZP_CODEC_ID_H

#include <stdbool.h>
#include <stdint.h>

enum wzp_codec_id {
	WZP_CODEC_OPUS24K = 0,
	WZP_CODEC_OPUS16K = 1,
	WZP_CODEC_OPUS6K = 2,
	WZP_CODEC_CODEC2_3200 = 3,
	WZP_CODEC_CODEC2_1200 = 4,
	WZP_CODEC_COMFORT_NOISE = 5,
};

#define WZP_CODEC_ID_MAX WZP_CODEC_COMFORT_NOISE

/* True for the six registered ids, false for 6..255. */
static inline bool wzp_codec_id_known(uint8_t id)
{
	return id <= WZP_CODEC_ID_MAX;
}

#endif
