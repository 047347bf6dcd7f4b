/* relay_config.c: `key = value` lines (relay_config.h). */
#include <stdio.h>
#include <string.h>

#include "relay_config.h"

/* s without leading and trailing spaces and tabs, cut in place. */
static char *trim(char *s)
{
	char *end;

	s += strspn(s, " \t\r");
	end = s + strlen(s);
	while (end > s && strchr(" \t\r", end[-1]) != NULL)
		*--end = '\0';
	return s;
}

/* One line: 0 when skipped or set, -1 when bad. */
static int setting(char *line, relay_config_set set, void *ctx)
{
	char *eq, *key, *value;

	line = trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return 0;
	if ((eq = strchr(line, '=')) == NULL)
		return -1;
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (key[0] == '\0' || value[0] == '\0')
		return -1;
	return set(ctx, key, value) == 0 ? 0 : -1;
}

static size_t read_all(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return cap;
	n = fread(buf, 1, cap, f);
	if (ferror(f))
		n = cap;
	fclose(f);
	return n;
}

int relay_config_parse(char *text, relay_config_set set, void *ctx, unsigned *bad_line)
{
	char *line = text, *nl;

	for (*bad_line = 1; line != NULL; line = nl, (*bad_line)++) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (setting(line, set, ctx) != 0)
			return -1;
	}
	return 0;
}

int relay_config_read(const char *path, char *buf, size_t cap, relay_config_set set, void *ctx)
{
	size_t n = read_all(path, buf, cap);
	unsigned line;

	if (n >= cap) {
		fprintf(stderr, "wzp-relay: cannot read %s (missing, or over %zu bytes)\n", path,
			cap - 1);
		return -1;
	}
	buf[n] = '\0';
	if (relay_config_parse(buf, set, ctx, &line) != 0) {
		fprintf(stderr, "wzp-relay: %s:%u: bad setting\n", path, line);
		return -1;
	}
	return 0;
}
