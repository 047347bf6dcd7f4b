/* trace.h: requirement sites, the macros that tie code to spec IDs.
 *
 * Every place where libwzp enforces or computes a requirement says so with
 * one of these, naming the requirement ID as a string literal so that
 * tools/trace can find it:
 *
 *   WZP_REJECT("WZP-WIRE-004", len < 12, WZP_ERR_TRUNCATED);
 *       a rejection check: if the condition holds, return the error.
 *   x = WZP_VALUE("WZP-WIRE-006", expr);
 *       a computed integer value.
 *   f = WZP_VALUE_F32("WZP-WIRE-008", expr);
 *       a computed float value.
 *
 * In the normal build they are plain code and cost nothing. In the mutant
 * build (-DWZP_MUTANT, see spec/decisions/0001-mutant-build.md) the
 * environment variable WZP_MUTANT names one ID, and exactly that ID's sites
 * break: the check is skipped, the value has its lowest bit flipped. A
 * requirement counts as covered only when some test citing it fails then.
 *
 * The shell (ref/quic, ref/relay; code that does I/O around libwzp) marks
 * its decisions with one more, at the condition that decides (ID a string
 * literal, as above):
 *
 *   if (WZP_SITE(ID, strcmp(variant, "Hangup") == 0))
 *       a decision: the condition, in the normal build.
 *
 * In the mutant build (the shell compiled with -DWZP_MUTANT and linked with
 * build/mutant/libwzp.a) the condition of the ID that WZP_MUTANT names is
 * false: the refusal is not made, the step not taken. The condition is not
 * evaluated then, so it must have no side effects. A duty with no condition
 * of its own (a drop that must be counted) is WZP_SITE(ID, 1). These sites
 * break only in a running program: conformance/live --bite (decision 0102)
 * shows each one's live checks fail, not tools/trace.
 */
#ifndef WZP_TRACE_H
#define WZP_TRACE_H

#ifdef WZP_MUTANT
#include <stdbool.h>
/* True when WZP_MUTANT names this ID (mutant.c; mutant build only). */
bool wzp_mutant_is(const char *id);
float wzp_mutant_f32(const char *id, float value);

#define WZP_REJECT(ID, COND, ERR) \
	do { \
		if (!wzp_mutant_is(ID) && (COND)) \
			return (ERR); \
	} while (0)
#define WZP_VALUE(ID, EXPR) ((EXPR) ^ (wzp_mutant_is(ID) ? 1 : 0))
#define WZP_VALUE_F32(ID, EXPR) wzp_mutant_f32((ID), (EXPR))
#define WZP_SITE(ID, COND) (!wzp_mutant_is(ID) && (COND))
#else
#define WZP_REJECT(ID, COND, ERR) \
	do { \
		if (COND) \
			return (ERR); \
	} while (0)
#define WZP_VALUE(ID, EXPR) (EXPR)
#define WZP_VALUE_F32(ID, EXPR) (EXPR)
#define WZP_SITE(ID, COND) (COND)
#endif

#endif
