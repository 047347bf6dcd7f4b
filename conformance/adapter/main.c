#define _POSIX_C_SOURCE 200809L /* getline */
/* main.c: the reference conformance adapter (conformance/ADAPTER.md).
 *
 * Reads one JSON request per line on stdin, answers one JSON line on
 * stdout, in order, flushing after each: {"id":..,"ok":true,"result":{..}}
 * or {"id":..,"ok":false,"error":"<code>"}. A line that is not a JSON
 * object with a string "op" gets error "bad_request" (and id null if it had
 * none); an op we do not serve gets "unsupported_op"; an unknown profile
 * gets "unknown_profile". The adapter exits 0 at end of input.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ops.h"

static json_t *answer_error(json_t *id, const char *code)
{
	return json_pack("{s:O, s:b, s:s}", "id", id, "ok", 0, "error", code);
}

static json_t *answer_ok(json_t *id, json_t *result)
{
	return json_pack("{s:O, s:b, s:o}", "id", id, "ok", 1, "result", result);
}

static const char *parse_profile(const json_t *request, enum wzp_profile *profile)
{
	json_t *name = json_object_get(request, "profile");

	*profile = WZP_PROFILE_V1;
	if (name == NULL)
		return NULL;
	if (!json_is_string(name))
		return "bad_request";
	if (wzp_profile_from_name(json_string_value(name), profile) != WZP_OK)
		return "unknown_profile";
	return NULL;
}

static json_t *dispatch(json_t *request, json_t *id)
{
	json_t *empty = json_object();
	struct op_request req = { json_object_get(request, "args"), WZP_PROFILE_V1 };
	const char *op_name = json_string_value(json_object_get(request, "op"));
	const struct op *op = op_name != NULL ? op_find(op_name) : NULL;
	const char *err = op_name == NULL ? "bad_request" : op == NULL ? "unsupported_op" : NULL;
	json_t *result = NULL, *answer;

	if (req.args == NULL)
		req.args = empty;
	if (err == NULL && !json_is_object(req.args))
		err = "bad_request";
	if (err == NULL)
		err = parse_profile(request, &req.profile);
	if (err == NULL)
		err = op->handler(&req, &result);
	answer = err != NULL ? answer_error(id, err) : answer_ok(id, result);
	json_decref(empty);
	return answer;
}

static void serve_line(const char *line)
{
	json_t *request = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
	json_t *id = json_object_get(request, "id");
	json_t *null_id = json_null();
	json_t *answer;

	if (id == NULL)
		id = null_id;
	if (!json_is_object(request))
		answer = answer_error(id, "bad_request");
	else
		answer = dispatch(request, id);
	json_dumpf(answer, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	fflush(stdout);
	json_decref(answer);
	json_decref(null_id);
	json_decref(request);
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;

	while (getline(&line, &cap, stdin) != -1)
		serve_line(line);
	free(line);
	return 0;
}
