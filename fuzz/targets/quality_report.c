/* Fuzz target: QualityReport decode, its conversions and the round trip.
 * seed-ops: wire.quality_report.decode */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/quality_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wzp_quality_report r;
	uint8_t out[WZP_QUALITY_REPORT_SIZE];
	float loss;

	if (wzp_quality_report_decode(&r, data, size) != WZP_OK)
		return 0;
	wzp_quality_report_encode(out, &r);
	if (memcmp(out, data, sizeof out) != 0)
		abort();
	loss = wzp_quality_report_loss_percent(&r);
	if (!(loss >= 0.0f && loss <= 100.0f) || wzp_quality_report_rtt_ms(&r) > 1020)
		abort();
	return 0;
}
