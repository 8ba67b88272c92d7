/* The [results] section of the target's engine file (engine_sql.c). */
#ifndef DBARENA_RESULTS_ENGINE_SQL_H
#define DBARENA_RESULTS_ENGINE_SQL_H

#include "../engines.h"
#include "../target.h"

/* The engine file whose scheme the target's driver serves and that has a [results] section; NULL. */
const engine_file *results_engine(const target *t);
/* A key of its [results] section; NULL. */
const char *results_engine_sql(const engine_file *en, const char *key);
/* tmpl with {table} and {schema} as text literals and {qtable} as given; malloc'ed, NULL on failure. */
char *results_engine_expand(const target *t, dba_conn *c, const char *tmpl, const char *schema, const char *table,
			    const char *qtable, const char *default_schema);

#endif
