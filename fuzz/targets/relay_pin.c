/* Fuzz target: a client's pin file (ref/relay/client/relay_pin.h). A pin
 * found for an address is written back as a line that reads the same.
 * seed-ops: */
#include <stdlib.h>
#include <string.h>

#include "relay_pin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char addr[] = "127.0.0.1:4433";
	struct relay_pin pin, again;
	char line[RELAY_PIN_ADDR_MAX + 128];
	size_t n;

	if (relay_pin_find(&pin, (const char *)data, size, addr) != 1)
		return 0;
	n = relay_pin_line(line, sizeof line, addr, &pin);
	if (n == 0 || relay_pin_find(&again, line, n, addr) != 1 || memcmp(&pin, &again, sizeof pin))
		abort();
	return 0;
}
