/* mutant.c: the mutant build's switch (see trace.h).
 *
 * Deliberate exception to the pure core (spec/decisions/0001-mutant-build.md):
 * this file reads the environment. It is compiled only with -DWZP_MUTANT and
 * never linked into the normal library.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wzp/trace.h"

bool wzp_mutant_is(const char *id)
{
	const char *target = getenv("WZP_MUTANT");

	return target != NULL && strcmp(target, id) == 0;
}

float wzp_mutant_f32(const char *id, float value)
{
	uint32_t bits;

	if (!wzp_mutant_is(id))
		return value;
	memcpy(&bits, &value, sizeof bits);
	bits ^= 1;
	memcpy(&value, &bits, sizeof bits);
	return value;
}
