/* records.h: fuzz inputs made of [length u8][bytes] records, the form the
 * sequence targets read (fuzz/run builds their seeds the same way). */
#ifndef WZP_FUZZ_RECORDS_H
#define WZP_FUZZ_RECORDS_H

#include <stddef.h>
#include <stdint.h>

/* The next record at *at, cut short by the end of the input; 0 at the end. */
static inline int next_record(const uint8_t *data, size_t size, size_t *at,
			      const uint8_t **rec, size_t *len)
{
	if (*at >= size)
		return 0;
	*len = data[(*at)++];
	if (*len > size - *at)
		*len = size - *at;
	*rec = data + *at;
	*at += *len;
	return 1;
}

#endif
