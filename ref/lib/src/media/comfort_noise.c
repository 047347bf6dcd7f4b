/* comfort_noise.c: spec/06-media.md 6.2 "Comfort noise". */
#include "wzp/silence.h"
#include "wzp/trace.h"

void wzp_cn_init(struct wzp_comfort_noise *cn, uint32_t seed)
{
	cn->state = seed != 0 ? seed : 0x9E3779B9u;
}

/* WZP-MEDIA-012 */
uint8_t wzp_cn_level(const uint8_t *payload, size_t len, enum wzp_profile profile)
{
	if (profile == WZP_PROFILE_UPSTREAM || len < WZP_CN_PAYLOAD_SIZE)
		return WZP_CN_LEVEL;
	return WZP_VALUE("WZP-MEDIA-012", payload[0]);
}

static uint32_t next(struct wzp_comfort_noise *cn)
{
	uint32_t x = cn->state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	cn->state = x;
	return x;
}

/* WZP-MEDIA-012: uniform in [-level, +level] (modulo bias below 2^-24). */
void wzp_cn_fill(struct wzp_comfort_noise *cn, uint8_t level, int16_t *pcm, size_t n)
{
	uint32_t span = 2u * level + 1u;

	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)((int32_t)(next(cn) % span) - (int32_t)level);
}
