/* ops.h: the reference adapter's operation tables (conformance/ADAPTER.md).
 *
 * Each module of libwzp has one ops_<module>.c that defines a table of
 * { name, handler } and registers it in ops_registry.c. A handler reads its
 * arguments from req->args, and on success sets *result to a new JSON
 * object and returns NULL; on failure it returns an error code: a libwzp
 * wzp_err_name(), or "bad_request" when the arguments are malformed.
 */
#ifndef WZP_ADAPTER_OPS_H
#define WZP_ADAPTER_OPS_H

#include <jansson.h>

#include "wzp/profile.h"

struct op_request {
	json_t *args;             /* borrowed; never NULL (empty object if absent) */
	enum wzp_profile profile; /* the request's "profile", wzp/1 by default */
};

typedef const char *(*op_handler)(const struct op_request *req, json_t **result);

struct op {
	const char *name;
	op_handler handler;
};

struct op_table {
	const struct op *ops;
	size_t count;
};

#define OP_TABLE(ops_array) { ops_array, sizeof ops_array / sizeof ops_array[0] }

extern const struct op_table ops_meta_table;
extern const struct op_table ops_profile_table;
extern const struct op_table ops_wire_header_table;
extern const struct op_table ops_wire_packet_table;
extern const struct op_table ops_wire_signal_table;
extern const struct op_table ops_identity_table;
extern const struct op_table ops_handshake_table;
extern const struct op_table ops_raptorq_table;
extern const struct op_table ops_fec_table;
extern const struct op_table ops_protect_table;
extern const struct op_table ops_media_table;

/* All tables, NULL-terminated (ops_registry.c). */
extern const struct op_table *const op_tables[];

const struct op *op_find(const char *name);

#endif
