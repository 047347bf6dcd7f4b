/* ops_meta.c: "meta.hello", which tells the runner who we are and which
 * ops and profiles we serve (ADAPTER.md, "Discovery"). */
#include "ops.h"

static json_t *op_names(void)
{
	json_t *names = json_array();

	for (size_t t = 0; op_tables[t] != NULL; t++)
		for (size_t i = 0; i < op_tables[t]->count; i++)
			json_array_append_new(names, json_string(op_tables[t]->ops[i].name));
	return names;
}

static const char *meta_hello(const struct op_request *req, json_t **result)
{
	(void)req;
	*result = json_pack("{s:s, s:s, s:[s, s], s:o}",
			    "implementation", "wzp reference adapter (libwzp)",
			    "adapter_protocol", "1",
			    "profiles", wzp_profile_name(WZP_PROFILE_V1),
			    wzp_profile_name(WZP_PROFILE_UPSTREAM),
			    "ops", op_names());
	return NULL;
}

static const struct op ops[] = {
	{ "meta.hello", meta_hello },
};

const struct op_table ops_meta_table = OP_TABLE(ops);
