/* ops_media.c: jitter buffer, tier controller and bandwidth estimator
 * scenario ops (spec/06-media.md 6.4-6.6; ADAPTER.md "Media"). */
#include <stdio.h>
#include <string.h>

#include "json_args.h"
#include "ops.h"
#include "wire_json.h"
#include "wzp/bandwidth.h"
#include "wzp/jitter.h"
#include "wzp/quality.h"

static const char *const tier_names[] = { "good", "degraded", "catastrophic" };

static json_t *json_f64(double value)
{
	uint64_t bits;
	char hex[17];

	memcpy(&bits, &value, sizeof bits);
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)bits);
	return json_string(hex);
}

static const struct uint_field jb_config_uints[] = {
	{ "min_delay_ms", UINT32_MAX }, { "max_delay_ms", UINT32_MAX }, { "capacity", UINT32_MAX },
};
static const struct uint_field jb_push_uints[] = {
	{ "ts", UINT32_MAX }, { "duration", UINT32_MAX }, { "arrival", UINT32_MAX },
};

static const char *jb_push(struct wzp_jitter_buffer *jb, const json_t *ev, json_t **out)
{
	static const char *const names[] = { "accepted", "late", "duplicate" };
	struct wzp_jb_frame f = { 0 };
	enum wzp_jb_push_result res;
	uint64_t v[COUNT(jb_push_uints)];
	const char *bad = arg_uints(ev, jb_push_uints, COUNT(jb_push_uints), v);
	enum wzp_err err;

	if (bad != NULL)
		return bad;
	if (!arg_bool(ev, "cn", &f.comfort_noise) || !arg_bool(ev, "recovered", &f.recovered))
		return "bad_request";
	f.ts_ms = (uint32_t)v[0];
	f.duration_ms = (uint32_t)v[1];
	err = wzp_jb_push(jb, &f, (uint32_t)v[2], &res);
	if (err != WZP_OK)
		return wzp_err_name(err);
	*out = json_pack("{s:s,s:I}", "push", names[res], "target_ms",
			 (json_int_t)wzp_jb_stats(jb).target_ms);
	return NULL;
}

static json_t *jb_pop(struct wzp_jitter_buffer *jb)
{
	static const char *const names[] = { "frame", "conceal", "comfort", "empty" };
	struct wzp_jb_frame f;
	uint32_t duration;
	enum wzp_jb_pop_kind kind = wzp_jb_pop(jb, &f, &duration);
	json_t *out = json_pack("{s:s,s:I}", "pop", names[kind], "duration_ms", (json_int_t)duration);

	if (kind == WZP_JB_FRAME)
		json_object_set_new(out, "ts", json_integer(f.ts_ms));
	return out;
}

static json_t *jb_stats_json(const struct wzp_jb_stats *s)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "depth",
			 (json_int_t)s->depth, "depth_ms", (json_int_t)s->depth_ms, "target_ms",
			 (json_int_t)s->target_ms, "jitter_q4", (json_int_t)s->jitter_q4, "played",
			 (json_int_t)s->played, "concealed", (json_int_t)s->concealed, "lost",
			 (json_int_t)s->lost, "late", (json_int_t)s->late, "duplicates",
			 (json_int_t)s->duplicates, "recovered", (json_int_t)s->recovered,
			 "underruns", (json_int_t)s->underruns, "overruns", (json_int_t)s->overruns);
}

/* args: { config, events: [ {"op":"push", ts, duration, arrival, cn, recovered} | {"op":"pop"} ] }
 * result: { outputs: one per event, stats } */
static const char *jitter_run(const struct op_request *req, json_t **result)
{
	static struct wzp_jitter_buffer jb;
	struct wzp_jb_config cfg;
	uint64_t v[COUNT(jb_config_uints)];
	const json_t *cfg_json = json_object_get(req->args, "config");
	const json_t *events = json_object_get(req->args, "events");
	const char *bad = cfg_json ? arg_uints(cfg_json, jb_config_uints, COUNT(jb_config_uints), v)
				   : "bad_request";
	json_t *outputs, *ev;
	enum wzp_err err;
	size_t i;

	if (bad != NULL)
		return bad;
	if (!json_is_array(events))
		return "bad_request";
	cfg = (struct wzp_jb_config){ (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2] };
	err = wzp_jb_init(&jb, &cfg);
	if (err != WZP_OK)
		return wzp_err_name(err);
	outputs = json_array();
	json_array_foreach(events, i, ev) {
		const char *op;
		json_t *out = NULL;

		if (!arg_string(ev, "op", &op))
			bad = "bad_request";
		else if (strcmp(op, "pop") == 0)
			out = jb_pop(&jb);
		else if (strcmp(op, "push") == 0)
			bad = jb_push(&jb, ev, &out);
		else
			bad = "bad_request";
		if (bad != NULL) {
			json_decref(outputs);
			return bad;
		}
		json_array_append_new(outputs, out);
	}
	struct wzp_jb_stats s = wzp_jb_stats(&jb);
	*result = json_pack("{s:o,s:o}", "outputs", outputs, "stats", jb_stats_json(&s));
	return NULL;
}

/* args: { reports: [report] }  result: { steps: [ {tier, changed} ] } */
static const char *tier_run(const struct op_request *req, json_t **result)
{
	struct wzp_tier_controller ctl = { 0 };
	const json_t *reports = json_object_get(req->args, "reports");
	json_t *steps, *rj;
	size_t i;

	if (!json_is_array(reports))
		return "bad_request";
	steps = json_array();
	json_array_foreach(reports, i, rj) {
		struct wzp_quality_report r;
		const char *bad = report_from_json(rj, &r);
		bool changed;

		if (bad != NULL) {
			json_decref(steps);
			return bad;
		}
		changed = wzp_tier_observe(&ctl, &r);
		json_array_append_new(steps, json_pack("{s:s,s:s,s:b}", "classified",
						       tier_names[wzp_tier_classify(&r)], "tier",
						       tier_names[ctl.tier], "changed", changed));
	}
	*result = json_pack("{s:o}", "steps", steps);
	return NULL;
}

static const struct uint_field bwe_uints[] = {
	{ "initial_kbps", 1000000 }, { "min_kbps", 1000000 }, { "max_kbps", 1000000 },
};

/* args: { initial_kbps, min_kbps, max_kbps, reports: [report] }
 * result: { steps: [ {estimate_kbps: binary64 hex, state, tier} ] } */
static const char *bwe_run(const struct op_request *req, json_t **result)
{
	static const char *const states[] = { "normal", "overuse", "underuse" };
	const json_t *reports = json_object_get(req->args, "reports");
	uint64_t v[COUNT(bwe_uints)];
	const char *bad = arg_uints(req->args, bwe_uints, COUNT(bwe_uints), v);
	struct wzp_bwe e;
	enum wzp_err err;
	json_t *steps, *rj;
	size_t i;

	if (bad != NULL)
		return bad;
	if (!json_is_array(reports))
		return "bad_request";
	err = wzp_bwe_init(&e, (double)v[0], (double)v[1], (double)v[2]);
	if (err != WZP_OK)
		return wzp_err_name(err);
	steps = json_array();
	json_array_foreach(reports, i, rj) {
		struct wzp_quality_report r;

		bad = report_from_json(rj, &r);
		if (bad != NULL) {
			json_decref(steps);
			return bad;
		}
		wzp_bwe_update_report(&e, &r);
		json_array_append_new(steps, json_pack("{s:o,s:s,s:s}", "estimate_kbps",
						       json_f64(e.kbps), "state",
						       states[e.state % 3], "tier",
						       tier_names[wzp_bwe_tier(&e, req->profile)]));
	}
	*result = json_pack("{s:o}", "steps", steps);
	return NULL;
}

static const struct op ops[] = {
	{ "media.jitter.run", jitter_run },
	{ "media.tier.run", tier_run },
	{ "media.bwe.run", bwe_run },
};

const struct op_table ops_media_table = OP_TABLE(ops);
