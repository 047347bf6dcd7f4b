/* ops_registry.c: every op table the adapter serves. Adding a module's ops
 * is one new ops_<module>.c and one line here. */
#include <string.h>

#include "ops.h"

const struct op_table *const op_tables[] = {
	&ops_meta_table,
	&ops_profile_table,
	&ops_wire_header_table,
	&ops_wire_packet_table,
	&ops_wire_signal_table,
	&ops_identity_table,
	&ops_handshake_table,
	&ops_raptorq_table,
	&ops_fec_table,
	&ops_protect_table,
	&ops_media_table,
	NULL,
};

const struct op *op_find(const char *name)
{
	for (size_t t = 0; op_tables[t] != NULL; t++)
		for (size_t i = 0; i < op_tables[t]->count; i++)
			if (strcmp(op_tables[t]->ops[i].name, name) == 0)
				return &op_tables[t]->ops[i];
	return NULL;
}
