/* Fuzz target: the relay's --config text (ref/relay/relay_config.h).
 * Every setting handed out has a non-empty key without '=' and a
 * non-empty value, neither with spaces at its ends.
 * seed-ops: */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relay_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, const char *key, const char *value)
{
	size_t k = strlen(key), v = strlen(value);

	(void)ctx;
	if (k == 0 || v == 0 || strchr(key, '=') != NULL || strchr(" \t", key[0]) != NULL ||
	    strchr(" \t", key[k - 1]) != NULL || strchr(" \t", value[0]) != NULL ||
	    strchr(" \t", value[v - 1]) != NULL)
		abort();
	return key[0] == 'x' ? -1 : 0; /* an unknown key stops the parse */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	unsigned line = 0;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (relay_config_parse(text, check, NULL, &line) != 0 && line == 0)
		abort();
	free(text);
	return 0;
}
