/* cli_lines.c: stdin commands for the test clients (cli_lines.h). */
#include <string.h>
#include <unistd.h>

#include "cli_lines.h"

static int hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

ssize_t cli_hex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = strlen(hex) / 2;

	if (strlen(hex) % 2 != 0 || n > cap)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (ssize_t)n;
}

/* Runs every complete line in the buffer and keeps the rest. */
static void run_lines(struct cli_lines *l)
{
	char *nl;

	while ((nl = memchr(l->buf, '\n', l->used)) != NULL) {
		size_t n = (size_t)(nl - l->buf) + 1;

		*nl = '\0';
		l->line(l->user, l->buf);
		memmove(l->buf, l->buf + n, l->used - n);
		l->used -= n;
	}
}

static void on_input(struct ev_loop *loop, ev_io *w, int revents)
{
	struct cli_lines *l = w->data;
	ssize_t n = read(STDIN_FILENO, l->buf + l->used, sizeof l->buf - 1 - l->used);

	(void)revents;
	if (n <= 0 || (l->used += (size_t)n) == sizeof l->buf - 1) {
		ev_io_stop(loop, w);
		l->eof(l->user);
		return;
	}
	run_lines(l);
}

void cli_lines_start(struct cli_lines *l, struct ev_loop *loop)
{
	ev_io_init(&l->io, on_input, STDIN_FILENO, EV_READ);
	l->io.data = l;
	ev_io_start(loop, &l->io);
}

void cli_lines_stop(struct cli_lines *l, struct ev_loop *loop)
{
	ev_io_stop(loop, &l->io);
}
