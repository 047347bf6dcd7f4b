/* client_args.c: wzp-client's options (client_args.h). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_args.h"
#include "wzp/quality.h"

/* WZP-CLIENT-001 */
static const char USAGE[] =
	"usage: wzp-client [options] [HOST:PORT]     (default 127.0.0.1:4433)\n"
	"Joins a room on a wzp relay and holds an end-to-end protected call.\n"
	"\n"
	"connection:\n"
	"  --room NAME            the room (its hash is the SNI); default: \"default\"\n"
	"  --one-to-one           a 1:1 call with the room's one other member\n"
	"  --seed HEX             identity seed, 64 hex digits (default: a new one)\n"
	"  --alias NAME           the name others see\n"
	"  --token TOKEN          AuthToken for relays that require one\n"
	"  --pin-file FILE        pin relays on first use in FILE, then hold them to it\n"
	"  --pin-cert SHA256      the relay certificate's SHA-256 (hex)\n"
	"  --pin-fingerprint FP   the relay's identity fingerprint\n"
	"  --join-timeout SECS    give up joining after SECS (default 10)\n"
	"  --reconnect SECS       when the connection is lost, join again (once a\n"
	"                         second, for up to SECS) and resume the call\n"
	"audio:\n"
	"  --tone HZ              send a sine of HZ (amplitude 16000)\n"
	"  --send-file FILE.wav   send a 48 kHz mono WAV file\n"
	"  --reflect              send back what is heard (for a peer's echo test)\n"
	"  --record FILE.wav      record what is heard (the mix, after volumes)\n"
	"  --volume FP:GAIN       play the member whose fingerprint starts with FP\n"
	"                         at GAIN (0..4); repeatable\n"
	"  --duration SECS        end the call after SECS (default: at the input's end)\n"
	"  --tier TIER            good (default), degraded or catastrophic\n"
	"  --switch-tier SECS:TIER  switch tier SECS into the call\n"
	"  --no-denoise, --no-suppress   no denoiser, no silence suppression\n"
	"tests and diagnostics:\n"
	"  --echo-test SECS       send a test signal, compare what comes back (a peer\n"
	"                         must --reflect); prints a JSON quality report\n"
	"  --drift-test SECS      send a tone, measure the clock drift of what is heard\n"
	"  --metrics-file FILE    one JSON line of metrics a second\n"
	"  --status, --no-status  the live status line on stderr (default: if a TTY)\n"
	"  --print-wire           print `joined` and `datagram HEX` (each datagram\n"
	"                         received) on stdout, for conformance/live\n"
	"  --dump-dir DIR         raw_mic.wav, post_dsp.wav, post_decode_<fp>.wav\n"
	"  --impair-loss PCT      drop PCT %% of outgoing datagrams\n"
	"  --impair-delay MS      delay outgoing datagrams by MS\n"
	"  --impair-reorder PCT   hold back PCT %% of outgoing datagrams by one frame\n"
	"  --impair-seed N        the impairment's random seed (default 1)\n"
	"  --compare SENT.wav HEARD.wav   no call: the echo test's report of HEARD\n"
	"                         against SENT, and whether it meets the --tier's\n"
	"                         fidelity floor (exit 0 yes, 4 no)\n"
	"  --help                 this text\n"
	"\n"
	"exit: 0 done, 1 failed or lost, 2 join timeout, 3 pin mismatch,\n"
	"      4 a test heard nothing, 64 bad argument, 66 bad input, 73 bad output\n";

enum {
	OPT_ROOM = 256, OPT_ONE, OPT_SEED, OPT_ALIAS, OPT_TOKEN, OPT_PIN_FILE, OPT_PIN_CERT,
	OPT_PIN_FP, OPT_JOIN_TIMEOUT, OPT_TONE, OPT_SEND_FILE, OPT_REFLECT, OPT_RECORD,
	OPT_VOLUME, OPT_DURATION, OPT_TIER, OPT_SWITCH, OPT_NO_DENOISE, OPT_NO_SUPPRESS,
	OPT_ECHO, OPT_DRIFT, OPT_METRICS, OPT_STATUS, OPT_NO_STATUS, OPT_DUMP, OPT_LOSS,
	OPT_DELAY, OPT_REORDER, OPT_IMPAIR_SEED, OPT_COMPARE, OPT_RECONNECT, OPT_PRINT_WIRE, OPT_HELP,
};

static const struct option LONG_OPTS[] = {
	{ "room", 1, NULL, OPT_ROOM },           { "one-to-one", 0, NULL, OPT_ONE },
	{ "seed", 1, NULL, OPT_SEED },           { "alias", 1, NULL, OPT_ALIAS },
	{ "token", 1, NULL, OPT_TOKEN },         { "pin-file", 1, NULL, OPT_PIN_FILE },
	{ "pin-cert", 1, NULL, OPT_PIN_CERT },   { "pin-fingerprint", 1, NULL, OPT_PIN_FP },
	{ "join-timeout", 1, NULL, OPT_JOIN_TIMEOUT }, { "tone", 1, NULL, OPT_TONE },
	{ "send-file", 1, NULL, OPT_SEND_FILE }, { "reflect", 0, NULL, OPT_REFLECT },
	{ "record", 1, NULL, OPT_RECORD },       { "volume", 1, NULL, OPT_VOLUME },
	{ "duration", 1, NULL, OPT_DURATION },   { "tier", 1, NULL, OPT_TIER },
	{ "switch-tier", 1, NULL, OPT_SWITCH },  { "no-denoise", 0, NULL, OPT_NO_DENOISE },
	{ "no-suppress", 0, NULL, OPT_NO_SUPPRESS }, { "echo-test", 1, NULL, OPT_ECHO },
	{ "drift-test", 1, NULL, OPT_DRIFT },    { "metrics-file", 1, NULL, OPT_METRICS },
	{ "status", 0, NULL, OPT_STATUS },       { "no-status", 0, NULL, OPT_NO_STATUS },
	{ "dump-dir", 1, NULL, OPT_DUMP },       { "impair-loss", 1, NULL, OPT_LOSS },
	{ "impair-delay", 1, NULL, OPT_DELAY },  { "impair-reorder", 1, NULL, OPT_REORDER },
	{ "impair-seed", 1, NULL, OPT_IMPAIR_SEED }, { "compare", 1, NULL, OPT_COMPARE },
	{ "reconnect", 1, NULL, OPT_RECONNECT }, { "print-wire", 0, NULL, OPT_PRINT_WIRE },
	{ "help", 0, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* A finite number in [lo, hi]. */
static bool number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !isfinite(v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool tier_of(const char *s, int *t)
{
	static const char *const names[] = { "good", "degraded", "catastrophic" };

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*t = i;
			return true;
		}
	return false;
}

/* SECS:TIER */
static bool switch_of(struct client_opts *o, const char *s)
{
	const char *colon = strchr(s, ':');
	char secs[32];

	if (colon == NULL || (size_t)(colon - s) >= sizeof secs)
		return false;
	memcpy(secs, s, (size_t)(colon - s));
	secs[colon - s] = '\0';
	return number(secs, 0, 86400, &o->switch_at_s) && tier_of(colon + 1, &o->switch_to);
}

/* HEXPREFIX:GAIN, the prefix 1..32 hex digits (any case, kept lowercase). */
static bool volume_of(struct client_opts *o, const char *s)
{
	const char *colon = strrchr(s, ':');
	struct client_volume *v;
	size_t n;

	if (colon == NULL || o->n_volumes == CLIENT_VOLUMES_MAX)
		return false;
	n = (size_t)(colon - s);
	if (n == 0 || n > WZP_FINGERPRINT_HEX_LEN || strspn(s, "0123456789abcdefABCDEF") != n)
		return false;
	v = &o->volumes[o->n_volumes];
	for (size_t i = 0; i < n; i++)
		v->prefix[i] = (char)(s[i] | 0x20);
	v->prefix[n] = '\0';
	if (!number(colon + 1, 0, 4, &v->gain))
		return false;
	o->n_volumes++;
	return true;
}

/* HOST:PORT, the port 1..65535; the host may be [v6]. */
static bool address_of(struct client_opts *o, char *s)
{
	char *colon = strrchr(s, ':');
	double port;

	if (colon == NULL || colon == s || !number(colon + 1, 1, 65535, &port) ||
	    strchr(colon + 1, '.') != NULL)
		return false;
	*colon = '\0';
	o->port = colon + 1;
	o->host = s;
	if (s[0] == '[' && colon[-1] == ']') {
		colon[-1] = '\0';
		o->host = s + 1;
	}
	return true;
}

static void defaults(struct client_opts *o)
{
	memset(o, 0, sizeof *o);
	o->host = "127.0.0.1";
	o->port = "4433";
	o->join_timeout_s = 10;
	o->tier = WZP_TIER_GOOD;
	o->switch_at_s = -1;
	o->status = -1;
	o->denoise = o->suppress = true;
	o->impair_seed = 1;
}

/* One option with its argument; false when the argument is bad. */
static bool apply(struct client_opts *o, int c, const char *arg)
{
	double v;

	switch (c) {
	case OPT_ROOM: o->room = arg; return arg[0] != '\0';
	case OPT_ONE: o->one_to_one = true; return true;
	case OPT_SEED:
		o->have_seed = true;
		return wzp_seed_from_hex(o->seed, arg, strlen(arg)) == WZP_OK;
	case OPT_ALIAS: o->alias = arg; return true;
	case OPT_TOKEN: o->token = arg; return true;
	case OPT_PIN_FILE: o->pin_file = arg; return true;
	case OPT_PIN_CERT: o->pin_cert = arg; return true;
	case OPT_PIN_FP: o->pin_fingerprint = arg; return true;
	case OPT_JOIN_TIMEOUT: return number(arg, 0.1, 3600, &o->join_timeout_s);
	case OPT_RECONNECT: return number(arg, 1, 3600, &o->reconnect_s);
	case OPT_TONE: return number(arg, 20, 20000, &o->tone_hz);
	case OPT_SEND_FILE: o->send_file = arg; return true;
	case OPT_REFLECT: o->reflect = true; return true;
	case OPT_RECORD: o->record_file = arg; return true;
	case OPT_VOLUME: return volume_of(o, arg);
	case OPT_DURATION: return number(arg, 0.02, 86400, &o->duration_s);
	case OPT_TIER: return tier_of(arg, &o->tier);
	case OPT_SWITCH: return switch_of(o, arg);
	case OPT_NO_DENOISE: o->denoise = false; return true;
	case OPT_NO_SUPPRESS: o->suppress = false; return true;
	case OPT_ECHO: o->test = CLIENT_TEST_ECHO; return number(arg, 1, 3600, &o->test_s);
	case OPT_DRIFT: o->test = CLIENT_TEST_DRIFT; return number(arg, 1, 3600, &o->test_s);
	case OPT_METRICS: o->metrics_file = arg; return true;
	case OPT_PRINT_WIRE: o->print_wire = true; return true;
	case OPT_STATUS: o->status = 1; return true;
	case OPT_NO_STATUS: o->status = 0; return true;
	case OPT_DUMP: o->dump_dir = arg; return true;
	case OPT_COMPARE: o->compare_sent = arg; return true;
	case OPT_LOSS: return number(arg, 0, 100, &o->loss_pct);
	case OPT_REORDER: return number(arg, 0, 100, &o->reorder_pct);
	case OPT_DELAY:
		if (!number(arg, 0, 10000, &v))
			return false;
		o->delay_ms = (uint32_t)v;
		return true;
	case OPT_IMPAIR_SEED:
		if (!number(arg, 0, 4294967295.0, &v) || v != floor(v))
			return false;
		o->impair_seed = (uint32_t)v;
		return true;
	default: return false;
	}
}

/* Options that exclude each other. */
static const char *conflict(const struct client_opts *o)
{
	if (o->tone_hz > 0 && o->send_file != NULL)
		return "--tone and --send-file exclude each other";
	if (o->reflect && (o->tone_hz > 0 || o->send_file != NULL))
		return "--reflect sends what it hears: no --tone or --send-file";
	if (o->reflect && o->test != CLIENT_TEST_NONE)
		return "--reflect and a test exclude each other";
	return NULL;
}

int client_args_parse(struct client_opts *o, int argc, char **argv, bool *help)
{
	const char *why;
	int c;

	defaults(o);
	*help = false;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", LONG_OPTS, NULL)) != -1) {
		if (c == OPT_HELP) {
			fputs(USAGE, stdout);
			*help = true;
			return CLIENT_EXIT_OK;
		}
		if (c == '?' || !apply(o, c, optarg)) {
			fprintf(stderr, "wzp-client: bad option %s%s%s (see --help)\n",
				argv[optind - 1], optarg && c != '?' ? " " : "",
				optarg && c != '?' ? optarg : "");
			return CLIENT_EXIT_USAGE;
		}
	}
	if (o->compare_sent != NULL && optind < argc)
		o->compare_heard = argv[optind++];
	else if (o->compare_sent != NULL) {
		fprintf(stderr, "wzp-client: --compare SENT.wav HEARD.wav\n");
		return CLIENT_EXIT_USAGE;
	}
	if (optind < argc && !address_of(o, argv[optind++])) {
		fprintf(stderr, "wzp-client: bad relay address %s (HOST:PORT)\n", argv[optind - 1]);
		return CLIENT_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, "wzp-client: unexpected argument %s\n", argv[optind]);
		return CLIENT_EXIT_USAGE;
	}
	if ((why = conflict(o)) != NULL) {
		fprintf(stderr, "wzp-client: %s\n", why);
		return CLIENT_EXIT_USAGE;
	}
	return CLIENT_EXIT_OK;
}
