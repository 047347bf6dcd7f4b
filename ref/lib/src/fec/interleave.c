/* interleave.c: spec/04-fec.md 4.5, the sending order of D blocks. */
#include "wzp/fec.h"
#include "wzp/trace.h"

/* WZP-FEC-011: slot 0 of every block in block order, then slot 1, ...,
 * skipping blocks that have fewer packets. */
size_t wzp_fec_interleave(const uint8_t *counts, size_t blocks, struct wzp_fec_slot *order)
{
	size_t n = 0;
	uint8_t longest = 0;

	for (size_t b = 0; b < blocks; b++)
		longest = counts[b] > longest ? counts[b] : longest;
	for (uint8_t slot = 0; slot < longest; slot++)
		for (size_t b = 0; b < blocks; b++)
			if (slot < counts[b])
				order[n++] = (struct wzp_fec_slot){
					WZP_VALUE("WZP-FEC-011", (uint8_t)b), slot };
	return n;
}
