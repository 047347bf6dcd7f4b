/* quality_report.c: spec/02-wire.md, section 2.4 "QualityReport". */
#include "wzp/quality_report.h"
#include "wzp/trace.h"

#define BYTE_MAX 255u

enum wzp_err wzp_quality_report_decode(struct wzp_quality_report *r, const uint8_t *buf,
				       size_t len)
{
	WZP_REJECT("WZP-WIRE-020", len < WZP_QUALITY_REPORT_SIZE, WZP_ERR_TRUNCATED);
	r->loss_pct = WZP_VALUE("WZP-WIRE-021", buf[0]);
	r->rtt_4ms = WZP_VALUE("WZP-WIRE-021", buf[1]);
	r->jitter_ms = WZP_VALUE("WZP-WIRE-021", buf[2]);
	r->bitrate_cap_kbps = WZP_VALUE("WZP-WIRE-021", buf[3]);
	return WZP_OK;
}

void wzp_quality_report_encode(uint8_t out[WZP_QUALITY_REPORT_SIZE],
			       const struct wzp_quality_report *r)
{
	out[0] = WZP_VALUE("WZP-WIRE-021", r->loss_pct);
	out[1] = WZP_VALUE("WZP-WIRE-021", r->rtt_4ms);
	out[2] = WZP_VALUE("WZP-WIRE-021", r->jitter_ms);
	out[3] = WZP_VALUE("WZP-WIRE-021", r->bitrate_cap_kbps);
}

/* WZP-WIRE-022: divide first, then multiply, both in binary32. */
float wzp_quality_report_loss_percent(const struct wzp_quality_report *r)
{
	float fraction = (float)r->loss_pct / 255.0f;

	return WZP_VALUE_F32("WZP-WIRE-022", fraction * 100.0f);
}

/* WZP-WIRE-023 */
uint16_t wzp_quality_report_rtt_ms(const struct wzp_quality_report *r)
{
	return WZP_VALUE("WZP-WIRE-023", (uint16_t)(r->rtt_4ms * 4u));
}

static uint8_t saturate_byte(uint64_t v)
{
	return (uint8_t)(v > BYTE_MAX ? BYTE_MAX : v);
}

/* WZP-WIRE-024: round(lost * 255 / expected), halves up; 0 when nothing was
 * expected. 64-bit intermediates: lost * 255 overflows 32 bits. */
static uint8_t loss_to_byte(uint32_t lost, uint32_t expected)
{
	uint64_t scaled;

	if (expected == 0)
		return WZP_VALUE("WZP-WIRE-024", 0);
	scaled = ((uint64_t)lost * BYTE_MAX + expected / 2) / expected;
	return WZP_VALUE("WZP-WIRE-024", saturate_byte(scaled));
}

/* WZP-WIRE-025: round(rtt / 4), halves up, saturating. */
static uint8_t rtt_to_byte(uint32_t rtt_ms)
{
	return WZP_VALUE("WZP-WIRE-025", saturate_byte(((uint64_t)rtt_ms + 2) / 4));
}

enum wzp_err wzp_quality_report_from_measurements(struct wzp_quality_report *r,
						  const struct wzp_link_measurements *m)
{
	WZP_REJECT("WZP-WIRE-024", m->packets_lost > m->packets_expected, WZP_ERR_BAD_PARAM);
	r->loss_pct = loss_to_byte(m->packets_lost, m->packets_expected);
	r->rtt_4ms = rtt_to_byte(m->rtt_ms);
	r->jitter_ms = WZP_VALUE("WZP-WIRE-026", saturate_byte(m->jitter_ms));
	r->bitrate_cap_kbps = WZP_VALUE("WZP-WIRE-026", saturate_byte(m->bitrate_cap_kbps));
	return WZP_OK;
}
