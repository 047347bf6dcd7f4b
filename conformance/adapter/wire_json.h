/* wire_json.h: MediaHeader and QualityReport objects as ADAPTER.md writes
 * them. The readers return NULL or an adapter error code. */
#ifndef WZP_ADAPTER_WIRE_JSON_H
#define WZP_ADAPTER_WIRE_JSON_H

#include <jansson.h>

#include "wzp/media_header.h"
#include "wzp/media_packet.h"
#include "wzp/quality_report.h"

json_t *header_to_json(const struct wzp_media_header *h);
const char *header_from_json(const json_t *j, struct wzp_media_header *h);
json_t *report_to_json(const struct wzp_quality_report *r);
const char *report_from_json(const json_t *j, struct wzp_quality_report *r);
/* { header, payload (hex), report (object or null) } */
json_t *packet_to_json(const struct wzp_media_packet *p);

#endif
