/* sim.h: the netsim simulator (spec/09-netsim.md 9.2): members of a room
 * (2 to NETSIM_MEMBERS_MAX) each sending one wzp/1 call stream (call.h)
 * through its own uplink channel to the relay core (relay_room.h), which
 * fans every datagram out to the other members, each over its own
 * downlink channel. One simulated clock in microseconds; every random
 * number comes from the run's seed. No wall clock touches the results:
 * only the CPU split (struct netsim_cpu) varies between runs.
 *
 * What is simulated, and how:
 *   - senders run without silence suppression (every frame is speech and
 *     FEC-protected), speech from build/fixtures or the null codec;
 *   - each member's audio device pulls 20 ms every 20 ms of its own phase;
 *   - keys come from the seed: a sender key per member, direction CALLER /
 *     CALLEE with two members, ROOM with more (spec/05-crypto.md 5.7);
 *   - the tier: forced by the scenario, or (AUTO) each sender's tier
 *     controller (quality.h) fed once a second by every receiver's report
 *     of the loss it saw from that sender (datagrams of the second before
 *     last, counted by their send time: what sequence numbers would tell),
 *     and of twice its mean one-way delay as the RTT; the report travels
 *     as a reliable signal (a QUIC stream): it is never lost and arrives
 *     after the base delays of the receiver's uplink and the sender's
 *     downlink.
 * The caller owns the struct (large: allocate it); netsim_sim_free
 * releases what run allocated.
 */
#ifndef NETSIM_SIM_H
#define NETSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "channel.h"
#include "scenario.h"

/* Bytes a datagram carries below the media layer on the wire: IPv4 20,
 * UDP 8, QUIC short header 11, QUIC AEAD tag 16, DATAGRAM type 1
 * (docs/fec-tiers.md); the channel and the bit rates count them. */
#define NETSIM_TRANSPORT_OVERHEAD 56
/* How long receivers keep playing after the senders stop. */
#define NETSIM_DRAIN_US 3000000ull
/* The period of the CSV time series. */
#define NETSIM_SAMPLE_US 500000ull

/* CPU time by part, in nanoseconds (the one thing that varies), taken
 * with the monotonic clock around each part: the thread CPU clock is a
 * system call that cost more than the simulator it measured. */
enum netsim_cpu_part {
	NETSIM_CPU_SEND,    /* encode (codec), FEC encode, seal (crypto) */
	NETSIM_CPU_RECEIVE, /* open (crypto), FEC decode, jitter buffer */
	NETSIM_CPU_PLAYOUT, /* decode or conceal (codec) */
	NETSIM_CPU_NETWORK, /* the channel model */
	NETSIM_CPU_SIM,     /* the event queue, the relay core, measurement */
	NETSIM_CPU_FIDELITY, /* scoring the playout against the speech sent (an assertion) */
};
#define NETSIM_CPU_PARTS 6

struct netsim_cpu {
	uint64_t ns[NETSIM_CPU_PARTS];
};

/* One row of the time series: over the period ending at t_us, summed over
 * all receivers (rates) or the worst of them (depth, delay). */
struct netsim_sample {
	uint64_t t_us;
	uint32_t sent, arrived; /* datagrams, counted once per receiver */
	uint32_t received, recovered, concealed, played; /* frames */
	uint32_t buffer_ms; /* jitter buffer depth at t_us, the deepest receiver */
	uint32_t delay_ms;  /* mouth-to-ear delay of frames played, the highest */
	uint32_t tier;      /* member 1's sending tier: 0 GOOD, 1 DEGRADED, 2 CATASTROPHIC */
	uint64_t up_bits, down_bits; /* on-wire bits offered to member 1's up and down links */
};

/* What the assertions read (per session). */
struct netsim_result {
	/* frames in the recovery window (member.h), summed over receivers */
	uint64_t frames_sent;     /* the senders FEC-protected */
	uint64_t frames_played;   /* of those, played (received or recovered) */
	uint64_t frames_ideal_lost; /* lost by a code that recovers every block with >= K */
	uint64_t acquisition_sent, acquisition_played; /* frames before the window */
	uint64_t frames_recovered;
	uint64_t frames_concealed, underruns;
	uint64_t frames_late, frames_skipped; /* handed on, then dropped by the jitter buffer */
	uint64_t packets_sent, packets_lost_channel;
	uint32_t latency_p50_ms, latency_p95_ms, latency_max_ms;
	uint32_t latency_budget_ms; /* the budget of the worst tier used (9.3) */
	int32_t drift_ms;           /* change of the playout lag, reference to end */
	uint32_t drift_bound_ms;    /* the buffer's largest target, plus a frame */
	uint64_t samples_in, samples_out; /* captured by member 1, played from it by member 2 */
	uint64_t up_bps[NETSIM_MEMBERS_MAX], down_bps[NETSIM_MEMBERS_MAX]; /* mean offered */
	double fidelity;            /* member 2's playout of member 1 (REAL, one tier); -1: not measured */
	double fidelity_floor;
	uint32_t tiers_used;        /* bit t: tier t was sent */
	uint32_t tier_changes;
};

/* Runs a whole session with the given seed. progress (may be NULL) gets
 * a line every few seconds of wall time (the results never depend on
 * it). speech_dir holds speech_a.raw and
 * speech_b.raw (REAL codec only). Fills *res and the time series (*samples,
 * *nsamples, owned by the caller after: free()). Returns 0, or -1 with a
 * message on stderr (a library call failed). */
int netsim_run(const struct netsim_scenario *s, uint64_t seed, const char *speech_dir,
	       FILE *progress, struct netsim_result *res, struct netsim_sample **samples,
	       size_t *nsamples, struct netsim_cpu *cpu);

#endif
