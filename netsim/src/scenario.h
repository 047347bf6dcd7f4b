/* scenario.h: netsim scenario files (spec/09-netsim.md 9.1, the format is
 * documented in netsim/README.md). A scenario scripts, over time and per
 * direction, the conditions of the path between an endpoint and the
 * relay: i.i.d. loss, Gilbert-Elliott bursts, delay with jitter,
 * reordering, duplication, a bandwidth cap with its queue, blackouts;
 * and, for the simulator, the tier, the codec and the room size.
 *
 * Contract: the parser reads a whole file from memory into a caller-owned
 * struct (no allocation, no I/O, no globals), rejects anything it does not
 * understand with a typed error and the line it was on, and leaves the
 * struct unspecified on error. The lookups are pure functions of the
 * parsed struct and a time in microseconds since the session started.
 * Standalone: depends on nothing but libc, so a real-process proxy links
 * it with channel.c alone.
 */
#ifndef NETSIM_SCENARIO_H
#define NETSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETSIM_NAME_MAX 64
#define NETSIM_STEPS_MAX 64
#define NETSIM_BLACKOUTS_MAX 64
#define NETSIM_MEMBERS_MAX 16
/* Longest accepted duration, delay, jitter, gap or blackout: one hour. */
#define NETSIM_TIME_MAX_US 3600000000ull
/* Highest accepted rate: 10 Gbit/s. */
#define NETSIM_RATE_MAX_BPS 10000000000ull

/* UP: from an endpoint towards the relay (client to server, for a proxy);
 * DOWN: from the relay towards an endpoint. */
enum netsim_dir { NETSIM_UP = 0, NETSIM_DOWN = 1 };
#define NETSIM_DIRS 2

enum netsim_jitter {
	NETSIM_JITTER_UNIFORM = 0,     /* delay + U(-j, +j) */
	NETSIM_JITTER_NORMAL = 1,      /* delay + N(0, j^2), Irwin-Hall approximation */
	NETSIM_JITTER_EXPONENTIAL = 2, /* delay + Exp(mean j): a one-sided tail */
};

/* The tier a scenario forces on its senders, or AUTO: the simulator's
 * tier controller decides from the loss the receivers report. */
enum netsim_tier {
	NETSIM_TIER_AUTO = 0,
	NETSIM_TIER_GOOD = 1,
	NETSIM_TIER_DEGRADED = 2,
	NETSIM_TIER_CATASTROPHIC = 3,
};

/* REAL: the tier's codec (Opus, Codec2) on speech; NULL: frames of the
 * codec's size filled with a pattern, no encoder or decoder. */
enum netsim_codec { NETSIM_CODEC_REAL = 0, NETSIM_CODEC_NULL = 1 };

/* The assertions a scenario asks for (spec/09-netsim.md 9.3). */
enum netsim_expect {
	NETSIM_EXPECT_RECOVERY = 1u << 0,
	NETSIM_EXPECT_DRIFT = 1u << 1,
	NETSIM_EXPECT_LATENCY = 1u << 2,
	NETSIM_EXPECT_BITRATE = 1u << 3,
	NETSIM_EXPECT_FIDELITY = 1u << 4,
};
#define NETSIM_EXPECT_DEFAULT \
	(NETSIM_EXPECT_RECOVERY | NETSIM_EXPECT_DRIFT | NETSIM_EXPECT_LATENCY | NETSIM_EXPECT_BITRATE)

/* One direction's conditions at one time. Probabilities are in parts per
 * million, times in microseconds, rates in bit/s; all zero is a perfect
 * path. */
struct netsim_conditions {
	uint32_t loss_ppm;        /* i.i.d. loss */
	uint32_t ge_p_ppm;        /* Gilbert-Elliott P(good -> bad) per packet; 0: off */
	uint32_t ge_r_ppm;        /* P(bad -> good) per packet */
	uint32_t ge_bad_loss_ppm; /* loss while bad (h) */
	uint32_t ge_good_loss_ppm; /* loss while good (1 - k) */
	uint64_t delay_us;        /* one-way base delay */
	uint64_t jitter_us;       /* the jitter distribution's scale */
	enum netsim_jitter jitter;
	uint32_t reorder_ppm;     /* packets held back by reorder_gap_us */
	uint64_t reorder_gap_us;
	uint32_t duplicate_ppm;   /* packets delivered twice */
	uint64_t rate_bps;        /* bottleneck rate; 0: unlimited */
	uint64_t queue_us;        /* bottleneck queue limit as time at rate_bps */
	uint64_t queue_bytes;     /* or in bytes (0: queue_us applies) */
	bool blackout;            /* everything is lost (set by netsim_scenario_at) */
};

/* From at_us on: both directions' conditions and the tier. */
struct netsim_step {
	uint64_t at_us;
	struct netsim_conditions dir[NETSIM_DIRS];
	enum netsim_tier tier;
};

struct netsim_blackout {
	uint64_t from_us, until_us; /* [from, until) */
	uint8_t dirs;               /* bit d: direction d */
};

struct netsim_scenario {
	char name[NETSIM_NAME_MAX];
	uint64_t duration_us;
	enum netsim_codec codec;
	uint32_t members;  /* endpoints in the room, 2..NETSIM_MEMBERS_MAX */
	uint64_t seed;     /* the default seed; a run may override it */
	uint32_t expect;   /* enum netsim_expect bits */
	size_t nsteps;     /* steps[0].at_us is 0 */
	struct netsim_step steps[NETSIM_STEPS_MAX];
	size_t nblackouts;
	struct netsim_blackout blackouts[NETSIM_BLACKOUTS_MAX];
};

enum netsim_scenario_err {
	NETSIM_SCENARIO_OK = 0,
	NETSIM_SCENARIO_SYNTAX,      /* a line that is not `key value...` or a bad token */
	NETSIM_SCENARIO_UNKNOWN_KEY, /* a key or a word the format does not have */
	NETSIM_SCENARIO_RANGE,       /* a number outside its key's range */
	NETSIM_SCENARIO_ORDER,       /* a setting before any `at`, times going back, or past the end */
	NETSIM_SCENARIO_DUPLICATE,   /* a header key given twice */
	NETSIM_SCENARIO_TOO_MANY,    /* more steps or blackouts than the limits */
	NETSIM_SCENARIO_MISSING,     /* no `name` or no `duration` */
};

struct netsim_scenario_error {
	enum netsim_scenario_err code;
	unsigned line; /* 1-based; 0 for MISSING */
};

/* Parses len bytes of text (NUL bytes are a SYNTAX error). err may be NULL. */
enum netsim_scenario_err netsim_scenario_parse(struct netsim_scenario *s, const char *text,
					       size_t len, struct netsim_scenario_error *err);

/* A short English name for each error code ("syntax", "unknown key", ...). */
const char *netsim_scenario_strerror(enum netsim_scenario_err e);

/* The conditions of direction d in force at t_us (the last step at or
 * before t_us; blackout set when a blackout covers t_us). */
void netsim_scenario_at(const struct netsim_scenario *s, enum netsim_dir d, uint64_t t_us,
			struct netsim_conditions *out);

/* The tier the scenario forces at t_us (AUTO: none). */
enum netsim_tier netsim_scenario_tier(const struct netsim_scenario *s, uint64_t t_us);

/* The lowest rate cap of direction d over the whole scenario (0: never
 * capped): the bit rate the bitrate assertion holds that direction to. */
uint64_t netsim_scenario_min_rate(const struct netsim_scenario *s, enum netsim_dir d);

#endif
