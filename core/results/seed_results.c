/*
 * The Results JSON v1 part of a seed result: schema_version, metadata and
 * each table's size on the server after the run (data and indexes).
 */
#include <stdlib.h>
#include <string.h>

#include "engine_sql.h"
#include "seed_results.h"

static int first_value(void *ud, int32_t is_header, uint32_t ncols, const char *const *names,
		       const char *const *values, const uint32_t *lengths)
{
	long long *v = ud;

	if (is_header)
		return 0;
	if (ncols && values[0])
		*v = atoll(values[0]);
	return 1;
}

/* Bytes the table takes on the server (data + indexes), as the engine file's [results] section asks; -1 when unknown. */
static long long table_bytes(const target *t, dba_conn *c, const seed_table *st)
{
	const engine_file *en = results_engine(t);
	const char *q = results_engine_sql(en, "table_bytes_query"), *prep = results_engine_sql(en, "table_bytes_prepare");
	const char *dflt = results_engine_sql(en, "default_schema");
	char *sql;
	long long v = -1;
	dba_error de;

	memset(&de, 0, sizeof(de));
	if (prep && (sql = results_engine_expand(t, c, prep, st->schema, st->name, st->quoted, dflt))) {
		t->ops->exec(c, sql, NULL, NULL, NULL, &de);
		free(sql);
	}
	if (q && (sql = results_engine_expand(t, c, q, st->schema, st->name, st->quoted, dflt))) {
		t->ops->exec(c, sql, first_value, &v, NULL, &de);
		free(sql);
	}
	return v;
}

static json_t *seed_config(const seed_cfg *cfg, const seed_opts *o)
{
	json_t *j = json_object();

	json_object_set_new(j, "config_file", cfg->path ? json_string(cfg->path) : json_null());
	json_object_set_new(j, "method", json_string(o->csv_dir ? "csv" : o->method == SEED_INSERT ? "insert" : "bulk"));
	json_object_set_new(j, "jobs", json_integer(o->jobs));
	json_object_set_new(j, "size_factor", json_real(o->size_factor));
	json_object_set_new(j, "rows", o->rows ? json_string(o->rows) : json_null());
	json_object_set_new(j, "truncate", json_boolean(o->truncate));
	json_object_set_new(j, "incremental", json_boolean(o->incremental));
	json_object_set_new(j, "batch_size", json_integer(o->batch_size));
	json_object_set_new(j, "csv_dir", o->csv_dir ? json_string(o->csv_dir) : json_null());
	json_object_set_new(j, "seed", json_integer((json_int_t)cfg->global_seed));
	return j;
}

void results_seed_extend(json_t *root, const seed_cfg *cfg, const seed_opts *o, target *t, dba_conn *c, double start)
{
	json_t *tables = json_object_get(root, "tables");

	json_object_set_new(root, "schema_version", json_integer(RESULTS_SCHEMA_VERSION));
	json_object_set_new(root, "kind", json_string("seed"));
	json_object_set_new(root, "metadata",
			    results_metadata("seed", t, c, start, results_now(), seed_config(cfg, o), cfg->global_seed));
	for (size_t i = 0; i < cfg->ntables && i < json_array_size(tables); i++) {
		const seed_table *st = cfg->order ? cfg->order[i] : &cfg->tables[i];
		long long b = o->csv_dir || !c ? -1 : table_bytes(t, c, st);

		json_object_set_new(json_array_get(tables, i), "bytes", b >= 0 ? json_integer(b) : json_null());
	}
}
