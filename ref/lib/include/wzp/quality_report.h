/* quality_report.h: the 4-byte QualityReport (spec/02-wire.md, section 2.4).
 *
 *   byte 0: loss_pct (0..255 is 0..100 %)   byte 1: rtt_4ms (RTT / 4 ms)
 *   byte 2: jitter_ms                       byte 3: bitrate_cap_kbps
 *
 * The report carries raw bytes; the conversions to and from physical units
 * are defined exactly (single-precision order of operations for loss,
 * integer rounding for the encoder) so that every implementation derives
 * the same numbers and the same quality-tier decisions. Nothing allocates.
 */
#ifndef WZP_QUALITY_REPORT_H
#define WZP_QUALITY_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "wzp/error.h"

#define WZP_QUALITY_REPORT_SIZE 4

struct wzp_quality_report {
	uint8_t loss_pct;
	uint8_t rtt_4ms;
	uint8_t jitter_ms;
	uint8_t bitrate_cap_kbps;
};

/* What a receiver measured over one reporting interval. */
struct wzp_link_measurements {
	uint32_t packets_expected; /* packets the sender numbered in the interval */
	uint32_t packets_lost;     /* of those, how many never arrived */
	uint32_t rtt_ms;
	uint32_t jitter_ms;
	uint32_t bitrate_cap_kbps;
};

/* Reads the first 4 bytes of buf; fills *r only on success. */
enum wzp_err wzp_quality_report_decode(struct wzp_quality_report *r, const uint8_t *buf,
				       size_t len);
void wzp_quality_report_encode(uint8_t out[WZP_QUALITY_REPORT_SIZE],
			       const struct wzp_quality_report *r);

/* loss_pct / 255 * 100 in binary32, in that order. */
float wzp_quality_report_loss_percent(const struct wzp_quality_report *r);
/* rtt_4ms * 4, 0..1020. */
uint16_t wzp_quality_report_rtt_ms(const struct wzp_quality_report *r);

/* Measurements to report bytes, rounding half up and saturating at 255.
 * WZP_ERR_BAD_PARAM when more packets were lost than expected. */
enum wzp_err wzp_quality_report_from_measurements(struct wzp_quality_report *r,
						  const struct wzp_link_measurements *m);

#endif
