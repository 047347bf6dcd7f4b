/* relay_config.h: the relay's --config file (spec/08-relay.md 8.1,
 * WZP-RELAY-020).
 *
 * One setting a line, `key = value`, with the long flags' names without
 * "--" as keys (listen, state-dir, metrics-port, auth-url, ...: wzp-relay --help); blank lines and lines
 * starting with '#' are skipped; spaces around key and value are dropped.
 * Upstream's relay reads no config file (facts 3.1).
 *
 * relay_config_read() reads the whole file into buf (cap bytes, the file
 * must be shorter) and calls set(ctx, key, value) for each setting, in
 * order; key and value point into buf, so they live as long as it.
 *
 * Contract: returns 0, or -1 with a message on stderr naming the file and
 * line: unreadable or too large, a line without '=', an empty key or
 * value, or set() returning nonzero (an unknown key, a bad value).
 */
#ifndef WZP_RELAY_CONFIG_H
#define WZP_RELAY_CONFIG_H

#include <stddef.h>

typedef int (*relay_config_set)(void *ctx, const char *key, const char *value);

int relay_config_read(const char *path, char *buf, size_t cap, relay_config_set set, void *ctx);

/* The same on a NUL-terminated text in memory, cut in place; 0, or -1
 * with *bad_line the line at fault (nothing printed). Pure. */
int relay_config_parse(char *text, relay_config_set set, void *ctx, unsigned *bad_line);

#endif
