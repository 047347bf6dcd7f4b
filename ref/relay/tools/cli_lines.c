/* cli_lines.c: stdin commands for the test clients (cli_lines.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli_lines.h"

ssize_t cli_hex(uint8_t *out, size_t cap, const char *hex)
{
	size_t len = strlen(hex), n = 0;

	if (len % 2 != 0 || len / 2 > cap ||
	    sodium_hex2bin(out, cap, hex, len, NULL, &n, NULL) != 0 || n != len / 2)
		return -1;
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
	if (n > 0) {
		l->used += (size_t)n;
		run_lines(l);
	}
	if (n <= 0 || l->used == sizeof l->buf - 1) { /* the end, or a line too long */
		ev_io_stop(loop, w);
		l->eof(l->user);
	}
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

static void on_deadline(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)revents;
	printf("timeout\n");
	*(int *)w->data = 2;
	ev_break(loop, EVBREAK_ALL);
}

void cli_deadline_start(ev_timer *t, struct ev_loop *loop, double seconds, int *status)
{
	ev_timer_init(t, on_deadline, seconds, 0.);
	t->data = status;
	ev_timer_start(loop, t);
}
