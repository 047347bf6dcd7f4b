/* cli_lines.h: commands on stdin, one a line, for the relay's test
 * clients (wzp-relay-client, wzp-relay-rawclient).
 *
 * cli_lines_start() watches stdin on loop and calls line(user, text) for
 * each complete line (without its newline, NUL-terminated), then eof(user)
 * once when input ends or a line exceeds CLI_LINE_MAX. cli_hex() decodes
 * hex digits (either case) into out: the byte count, or -1 for an odd
 * count, a bad digit or more than cap bytes.
 *
 * Contract: the struct is the caller's and must outlive the watcher;
 * cli_lines_stop() stops it. Nothing is allocated.
 */
#ifndef WZP_CLI_LINES_H
#define WZP_CLI_LINES_H

#include <ev.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CLI_LINE_MAX 65536

struct cli_lines {
	ev_io io;
	char buf[CLI_LINE_MAX];
	size_t used;
	void (*line)(void *user, char *text);
	void (*eof)(void *user);
	void *user;
};

void cli_lines_start(struct cli_lines *l, struct ev_loop *loop);
void cli_lines_stop(struct cli_lines *l, struct ev_loop *loop);
ssize_t cli_hex(uint8_t *out, size_t cap, const char *hex);

#endif
