/* client_args.h: wzp-client's command line (spec/10-client.md 10.1).
 *
 * client_args_parse fills a struct client_opts from argv, every option
 * checked (ranges, forms); on a bad argument it prints why on stderr and
 * returns CLIENT_EXIT_USAGE. Strings point into argv. Nothing allocates.
 */
#ifndef WZP_CLIENT_ARGS_H
#define WZP_CLIENT_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "wzp/fingerprint.h"
#include "wzp/identity.h"

/* Exit statuses (WZP-CLIENT-002). */
enum client_exit {
	CLIENT_EXIT_OK = 0,
	CLIENT_EXIT_FAILED = 1,    /* could not connect or join, or the connection was lost */
	CLIENT_EXIT_TIMEOUT = 2,   /* not joined within --join-timeout */
	CLIENT_EXIT_PIN = 3,       /* the relay does not match its pin */
	CLIENT_EXIT_NO_AUDIO = 4,  /* an echo or drift test heard nothing back */
	CLIENT_EXIT_USAGE = 64,    /* a bad argument */
	CLIENT_EXIT_NO_INPUT = 66, /* the --send-file cannot be read as 48 kHz mono */
	CLIENT_EXIT_CANT_CREATE = 73, /* an output file cannot be written */
};

#define CLIENT_VOLUMES_MAX 16

struct client_volume {
	char prefix[WZP_FINGERPRINT_HEX_LEN + 1]; /* a hex fingerprint or its start */
	double gain;                              /* 0..4 */
};

enum client_test { CLIENT_TEST_NONE, CLIENT_TEST_ECHO, CLIENT_TEST_DRIFT };

struct client_opts {
	const char *host, *port;
	const char *room;    /* NULL: the room "default" */
	bool one_to_one;
	bool have_seed;
	uint8_t seed[WZP_SEED_SIZE];
	const char *alias, *token;
	const char *pin_file, *pin_cert, *pin_fingerprint;
	double tone_hz;      /* 0: no tone */
	const char *send_file, *record_file, *metrics_file, *dump_dir;
	const char *compare_sent, *compare_heard; /* --compare: no call */
	bool reflect;
	double duration_s;   /* 0: until the input ends or a signal */
	double join_timeout_s;
	double reconnect_s;  /* 0: a lost connection ends the call */
	bool print_wire;     /* `joined` and `datagram HEX` lines on stdout */
	int tier;            /* enum wzp_tier (quality.h) */
	double switch_at_s;  /* < 0: no switch */
	int switch_to;
	enum client_test test;
	double test_s;
	int status;          /* -1: when stderr is a TTY; 0 off; 1 on */
	bool denoise, suppress;
	double loss_pct, reorder_pct;
	uint32_t delay_ms, impair_seed;
	struct client_volume volumes[CLIENT_VOLUMES_MAX];
	int n_volumes;
};

/* CLIENT_EXIT_OK, or CLIENT_EXIT_USAGE (message printed); *help is set
 * for --help (usage printed on stdout). */
int client_args_parse(struct client_opts *o, int argc, char **argv, bool *help);

#endif
