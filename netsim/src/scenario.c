/* scenario.c: the scenario file parser and its lookups (scenario.h). */
#include "scenario.h"

#include <string.h>

#define TOKENS_MAX 12
#define MICRO 1000000ull

struct parser {
	struct netsim_scenario *s;
	struct netsim_step *step; /* the step settings go to */
	uint8_t dirs;             /* the directions they go to */
	uint32_t seen;            /* header keys given, by bit */
};

struct line {
	char buf[256];
	char *tok[TOKENS_MAX];
	size_t n;
};

/* A decimal number with up to 6 fraction digits, in millionths; *unit is
 * what follows it. */
static bool parse_micro(const char *t, uint64_t *micro, const char **unit)
{
	uint64_t whole = 0, frac = 0, scale = MICRO;
	const char *p = t;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > 10000000000ull)
			return false;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (scale == 1)
				return false;
			scale /= 10;
			frac += (uint64_t)(*p - '0') * scale;
		}
	}
	*micro = whole * MICRO + frac;
	*unit = p;
	return true;
}

/* A number with one of the given units: value * mult[i] / div[i]. */
struct unit {
	const char *name;
	uint64_t div; /* millionths of the unit per result unit */
};

static enum netsim_scenario_err parse_unit(const char *t, const struct unit *units,
					   uint64_t max, uint64_t *out)
{
	uint64_t micro;
	const char *u;

	if (!parse_micro(t, &micro, &u))
		return NETSIM_SCENARIO_SYNTAX;
	for (; units->name; units++) {
		if (strcmp(u, units->name) == 0) {
			*out = micro / units->div;
			return *out > max ? NETSIM_SCENARIO_RANGE : NETSIM_SCENARIO_OK;
		}
	}
	return NETSIM_SCENARIO_SYNTAX;
}

static const struct unit TIME_UNITS[] = { { "us", MICRO }, { "ms", 1000 }, { "s", 1 }, { 0, 0 } };
static const struct unit RATE_UNITS[] = {
	{ "bps", MICRO }, { "kbps", 1000 }, { "Mbps", 1 }, { 0, 0 }
};
static const struct unit BYTE_UNITS[] = { { "B", MICRO }, { "KB", 1000 }, { 0, 0 } };
static const struct unit PERCENT_UNITS[] = { { "%", 100 }, { 0, 0 } };
static const struct unit COUNT_UNITS[] = { { "", MICRO }, { 0, 0 } };

static enum netsim_scenario_err parse_time(const char *t, uint64_t *us)
{
	return parse_unit(t, TIME_UNITS, NETSIM_TIME_MAX_US, us);
}

static enum netsim_scenario_err parse_ppm(const char *t, uint32_t *ppm)
{
	uint64_t v;
	enum netsim_scenario_err e = parse_unit(t, PERCENT_UNITS, MICRO, &v);

	*ppm = (uint32_t)v;
	return e;
}

static int word_index(const char *t, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(t, words[i]) == 0)
			return i;
	return -1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Splits a line (comments from '#' dropped) into tokens; n is
 * TOKENS_MAX + 1 when there are too many. */
static void split(struct line *l, const char *text, size_t len)
{
	char *p = l->buf, *end;

	memcpy(l->buf, text, len);
	l->buf[len] = '\0';
	end = strchr(l->buf, '#');
	if (end)
		*end = '\0';
	l->n = 0;
	while (*p) {
		while (blank(*p))
			*p++ = '\0';
		if (!*p)
			break;
		if (l->n == TOKENS_MAX) {
			l->n = TOKENS_MAX + 1;
			return;
		}
		l->tok[l->n++] = p;
		while (*p && !blank(*p))
			p++;
	}
}

/* ---- header keys ---- */

enum header_key { H_NAME, H_DURATION, H_CODEC, H_MEMBERS, H_SEED, H_EXPECT };
static const char *const HEADER_KEYS[] = { "name", "duration", "codec", "members", "seed",
					   "expect", NULL };

static enum netsim_scenario_err header_name(struct parser *ps, const struct line *l)
{
	const char *t = l->tok[1];
	size_t n = strlen(t);

	if (l->n != 2 || n >= NETSIM_NAME_MAX)
		return NETSIM_SCENARIO_SYNTAX;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return NETSIM_SCENARIO_SYNTAX;
	memcpy(ps->s->name, t, n + 1);
	return NETSIM_SCENARIO_OK;
}

static enum netsim_scenario_err header_expect(struct parser *ps, const struct line *l)
{
	static const char *const words[] = { "recovery", "drift", "latency", "bitrate",
					     "fidelity", "nothing", NULL };

	ps->s->expect = 0;
	for (size_t i = 1; i < l->n; i++) {
		int w = word_index(l->tok[i], words);

		if (w < 0)
			return NETSIM_SCENARIO_UNKNOWN_KEY;
		if (w < 5)
			ps->s->expect |= 1u << w;
		else if (l->n != 2)
			return NETSIM_SCENARIO_SYNTAX;
	}
	return NETSIM_SCENARIO_OK;
}

static enum netsim_scenario_err header_number(const struct line *l, uint64_t lo, uint64_t hi,
					      uint64_t *out)
{
	enum netsim_scenario_err e;

	if (l->n != 2)
		return NETSIM_SCENARIO_SYNTAX;
	e = parse_unit(l->tok[1], COUNT_UNITS, hi, out);
	if (e == NETSIM_SCENARIO_OK && *out < lo)
		return NETSIM_SCENARIO_RANGE;
	return e;
}

static enum netsim_scenario_err header(struct parser *ps, const struct line *l, int key)
{
	static const char *const codecs[] = { "real", "null", NULL };
	struct netsim_scenario *s = ps->s;
	uint64_t v = 0;
	enum netsim_scenario_err e = NETSIM_SCENARIO_OK;
	int w;

	if (ps->seen & (1u << key))
		return NETSIM_SCENARIO_DUPLICATE;
	ps->seen |= 1u << key;
	if (l->n < 2)
		return NETSIM_SCENARIO_SYNTAX;
	switch ((enum header_key)key) {
	case H_NAME:
		return header_name(ps, l);
	case H_DURATION:
		if (l->n != 2)
			return NETSIM_SCENARIO_SYNTAX;
		e = parse_time(l->tok[1], &s->duration_us);
		return e == NETSIM_SCENARIO_OK && s->duration_us == 0 ? NETSIM_SCENARIO_RANGE : e;
	case H_CODEC:
		w = word_index(l->tok[1], codecs);
		if (l->n != 2)
			return NETSIM_SCENARIO_SYNTAX;
		s->codec = (enum netsim_codec)w;
		return w < 0 ? NETSIM_SCENARIO_UNKNOWN_KEY : NETSIM_SCENARIO_OK;
	case H_MEMBERS:
		e = header_number(l, 2, NETSIM_MEMBERS_MAX, &v);
		s->members = (uint32_t)v;
		return e;
	case H_SEED:
		e = header_number(l, 0, 10000000000ull, &s->seed);
		return e;
	case H_EXPECT:
		return header_expect(ps, l);
	}
	return NETSIM_SCENARIO_UNKNOWN_KEY;
}

/* ---- timeline: `at`, and the settings of a step ---- */

static enum netsim_scenario_err at(struct parser *ps, const struct line *l)
{
	static const char *const dirs[] = { "up", "down", NULL };
	struct netsim_scenario *s = ps->s;
	struct netsim_step *last = &s->steps[s->nsteps - 1];
	uint64_t t;
	enum netsim_scenario_err e;
	int d = -1;

	if (l->n < 2 || l->n > 3)
		return NETSIM_SCENARIO_SYNTAX;
	e = parse_time(l->tok[1], &t);
	if (e != NETSIM_SCENARIO_OK)
		return e;
	if (l->n == 3 && (d = word_index(l->tok[2], dirs)) < 0)
		return NETSIM_SCENARIO_UNKNOWN_KEY;
	if (!(ps->seen & (1u << H_DURATION)) || t < last->at_us || t >= s->duration_us)
		return NETSIM_SCENARIO_ORDER;
	ps->dirs = d < 0 ? 3 : (uint8_t)(1u << d);
	if (t == last->at_us) {
		ps->step = last;
		return NETSIM_SCENARIO_OK;
	}
	if (s->nsteps == NETSIM_STEPS_MAX)
		return NETSIM_SCENARIO_TOO_MANY;
	ps->step = &s->steps[s->nsteps++];
	*ps->step = *last;
	ps->step->at_us = t;
	return NETSIM_SCENARIO_OK;
}

static enum netsim_scenario_err set_burst(struct netsim_conditions *c, const struct line *l)
{
	uint32_t loss;
	uint64_t len_micro;
	const char *unit;
	enum netsim_scenario_err e;

	if (l->n != 3)
		return NETSIM_SCENARIO_SYNTAX;
	e = parse_ppm(l->tok[1], &loss);
	if (e != NETSIM_SCENARIO_OK)
		return e;
	if (!parse_micro(l->tok[2], &len_micro, &unit) || *unit)
		return NETSIM_SCENARIO_SYNTAX;
	if (loss >= MICRO || len_micro < MICRO || len_micro > 1000 * MICRO)
		return NETSIM_SCENARIO_RANGE;
	/* Mean burst B packets: r = 1/B; stationary loss L = p / (p + r). */
	c->ge_r_ppm = (uint32_t)(MICRO * MICRO / len_micro);
	c->ge_p_ppm = (uint32_t)((uint64_t)c->ge_r_ppm * loss / (MICRO - loss));
	if (c->ge_p_ppm > MICRO)
		return NETSIM_SCENARIO_RANGE;
	if (loss > 0 && c->ge_p_ppm == 0)
		c->ge_p_ppm = 1;
	c->ge_bad_loss_ppm = MICRO;
	c->ge_good_loss_ppm = 0;
	return NETSIM_SCENARIO_OK;
}

static enum netsim_scenario_err set_gilbert(struct netsim_conditions *c, const struct line *l)
{
	uint32_t v[4] = { 0, 0, MICRO, 0 };
	enum netsim_scenario_err e = NETSIM_SCENARIO_OK;

	if (l->n < 3 || l->n > 5)
		return NETSIM_SCENARIO_SYNTAX;
	for (size_t i = 1; i < l->n && e == NETSIM_SCENARIO_OK; i++)
		e = parse_ppm(l->tok[i], &v[i - 1]);
	c->ge_p_ppm = v[0];
	c->ge_r_ppm = v[1];
	c->ge_bad_loss_ppm = v[2];
	c->ge_good_loss_ppm = v[3];
	return e;
}

static enum netsim_scenario_err set_jitter(struct netsim_conditions *c, const struct line *l)
{
	static const char *const dists[] = { "uniform", "normal", "exponential", NULL };
	int w = 0;

	if (l->n < 2 || l->n > 3)
		return NETSIM_SCENARIO_SYNTAX;
	if (l->n == 3 && (w = word_index(l->tok[2], dists)) < 0)
		return NETSIM_SCENARIO_UNKNOWN_KEY;
	c->jitter = (enum netsim_jitter)w;
	return parse_time(l->tok[1], &c->jitter_us);
}

static enum netsim_scenario_err set_queue(struct netsim_conditions *c, const struct line *l)
{
	if (l->n != 2)
		return NETSIM_SCENARIO_SYNTAX;
	c->queue_us = 0;
	c->queue_bytes = 0;
	if (parse_time(l->tok[1], &c->queue_us) == NETSIM_SCENARIO_OK)
		return NETSIM_SCENARIO_OK;
	return parse_unit(l->tok[1], BYTE_UNITS, 1000000000ull, &c->queue_bytes);
}

static enum netsim_scenario_err set_pair(const struct line *l, uint32_t *ppm, uint64_t *us)
{
	enum netsim_scenario_err e;

	if (l->n != 3)
		return NETSIM_SCENARIO_SYNTAX;
	e = parse_ppm(l->tok[1], ppm);
	return e != NETSIM_SCENARIO_OK ? e : parse_time(l->tok[2], us);
}

enum setting { S_LOSS, S_BURST, S_GILBERT, S_DELAY, S_JITTER, S_REORDER, S_DUPLICATE, S_RATE,
	       S_QUEUE, S_CLEAR };
static const char *const SETTINGS[] = { "loss", "burst", "gilbert", "delay", "jitter",
					"reorder", "duplicate", "rate", "queue", "clear", NULL };

static enum netsim_scenario_err one_setting(struct netsim_conditions *c, const struct line *l,
					    int key)
{
	bool one = l->n == 2;

	switch ((enum setting)key) {
	case S_LOSS:
		return one ? parse_ppm(l->tok[1], &c->loss_ppm) : NETSIM_SCENARIO_SYNTAX;
	case S_BURST:
		return set_burst(c, l);
	case S_GILBERT:
		return set_gilbert(c, l);
	case S_DELAY:
		return one ? parse_time(l->tok[1], &c->delay_us) : NETSIM_SCENARIO_SYNTAX;
	case S_JITTER:
		return set_jitter(c, l);
	case S_REORDER:
		return set_pair(l, &c->reorder_ppm, &c->reorder_gap_us);
	case S_DUPLICATE:
		return one ? parse_ppm(l->tok[1], &c->duplicate_ppm) : NETSIM_SCENARIO_SYNTAX;
	case S_RATE:
		return one ? parse_unit(l->tok[1], RATE_UNITS, NETSIM_RATE_MAX_BPS, &c->rate_bps)
			   : NETSIM_SCENARIO_SYNTAX;
	case S_QUEUE:
		return set_queue(c, l);
	case S_CLEAR:
		if (l->n != 1)
			return NETSIM_SCENARIO_SYNTAX;
		*c = (struct netsim_conditions){ 0 };
		return NETSIM_SCENARIO_OK;
	}
	return NETSIM_SCENARIO_UNKNOWN_KEY;
}

static enum netsim_scenario_err blackout(struct parser *ps, const struct line *l)
{
	struct netsim_scenario *s = ps->s;
	struct netsim_blackout *b;
	uint64_t len;
	enum netsim_scenario_err e;

	if (l->n != 2)
		return NETSIM_SCENARIO_SYNTAX;
	e = parse_time(l->tok[1], &len);
	if (e != NETSIM_SCENARIO_OK)
		return e;
	if (s->nblackouts == NETSIM_BLACKOUTS_MAX)
		return NETSIM_SCENARIO_TOO_MANY;
	b = &s->blackouts[s->nblackouts++];
	b->from_us = ps->step->at_us;
	b->until_us = b->from_us + len;
	b->dirs = ps->dirs;
	return NETSIM_SCENARIO_OK;
}

static enum netsim_scenario_err tier(struct parser *ps, const struct line *l)
{
	static const char *const tiers[] = { "auto", "good", "degraded", "catastrophic", NULL };
	int w;

	if (l->n != 2)
		return NETSIM_SCENARIO_SYNTAX;
	w = word_index(l->tok[1], tiers);
	if (w < 0)
		return NETSIM_SCENARIO_UNKNOWN_KEY;
	ps->step->tier = (enum netsim_tier)w;
	return NETSIM_SCENARIO_OK;
}

static enum netsim_scenario_err setting(struct parser *ps, const struct line *l)
{
	int key = word_index(l->tok[0], SETTINGS);
	enum netsim_scenario_err e = NETSIM_SCENARIO_OK;

	if (strcmp(l->tok[0], "blackout") == 0)
		return blackout(ps, l);
	if (strcmp(l->tok[0], "tier") == 0)
		return tier(ps, l);
	if (key < 0)
		return NETSIM_SCENARIO_UNKNOWN_KEY;
	for (int d = 0; d < NETSIM_DIRS && e == NETSIM_SCENARIO_OK; d++)
		if (ps->dirs & (1u << d))
			e = one_setting(&ps->step->dir[d], l, key);
	return e;
}

static enum netsim_scenario_err parse_line(struct parser *ps, const char *text, size_t len)
{
	struct line l;
	int key;

	if (len >= sizeof l.buf)
		return NETSIM_SCENARIO_SYNTAX;
	if (memchr(text, '\0', len))
		return NETSIM_SCENARIO_SYNTAX;
	split(&l, text, len);
	if (l.n == 0)
		return NETSIM_SCENARIO_OK;
	if (l.n > TOKENS_MAX)
		return NETSIM_SCENARIO_SYNTAX;
	key = word_index(l.tok[0], HEADER_KEYS);
	if (key >= 0)
		return header(ps, &l, key);
	if (strcmp(l.tok[0], "at") == 0)
		return at(ps, &l);
	return setting(ps, &l);
}

static void defaults(struct netsim_scenario *s)
{
	memset(s, 0, sizeof *s);
	s->members = 2;
	s->seed = 1;
	s->expect = NETSIM_EXPECT_DEFAULT;
	s->nsteps = 1;
}

/* WZP-NETSIM-001 */
enum netsim_scenario_err netsim_scenario_parse(struct netsim_scenario *s, const char *text,
					       size_t len, struct netsim_scenario_error *err)
{
	struct parser ps = { .s = s, .step = &s->steps[0], .dirs = 3 };
	struct netsim_scenario_error local;
	unsigned line = 0;
	size_t at_byte = 0;

	if (!err)
		err = &local;
	defaults(s);
	*err = (struct netsim_scenario_error){ NETSIM_SCENARIO_OK, 0 };
	while (at_byte < len) {
		const char *nl = memchr(text + at_byte, '\n', len - at_byte);
		size_t n = nl ? (size_t)(nl - (text + at_byte)) : len - at_byte;

		line++;
		err->code = parse_line(&ps, text + at_byte, n);
		if (err->code != NETSIM_SCENARIO_OK) {
			err->line = line;
			return err->code;
		}
		at_byte += n + 1;
	}
	if (!s->name[0] || !s->duration_us)
		err->code = NETSIM_SCENARIO_MISSING;
	return err->code;
}

const char *netsim_scenario_strerror(enum netsim_scenario_err e)
{
	static const char *const names[] = { "ok", "syntax", "unknown key", "out of range",
					     "out of order", "duplicate key", "too many",
					     "missing name or duration" };

	return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "unknown error";
}

static const struct netsim_step *step_at(const struct netsim_scenario *s, uint64_t t_us)
{
	size_t i = s->nsteps - 1;

	while (i > 0 && s->steps[i].at_us > t_us)
		i--;
	return &s->steps[i];
}

void netsim_scenario_at(const struct netsim_scenario *s, enum netsim_dir d, uint64_t t_us,
			struct netsim_conditions *out)
{
	*out = step_at(s, t_us)->dir[d];
	out->blackout = false;
	for (size_t i = 0; i < s->nblackouts; i++) {
		const struct netsim_blackout *b = &s->blackouts[i];

		if ((b->dirs & (1u << d)) && t_us >= b->from_us && t_us < b->until_us)
			out->blackout = true;
	}
}

enum netsim_tier netsim_scenario_tier(const struct netsim_scenario *s, uint64_t t_us)
{
	return step_at(s, t_us)->tier;
}

uint64_t netsim_scenario_min_rate(const struct netsim_scenario *s, enum netsim_dir d)
{
	uint64_t lo = 0;

	for (size_t i = 0; i < s->nsteps; i++) {
		uint64_t r = s->steps[i].dir[d].rate_bps;

		if (r && (!lo || r < lo))
			lo = r;
	}
	return lo;
}
