/* Checks and clearing before a seed run writes (prepare.c). */
#ifndef DBARENA_SEED_PREPARE_H
#define DBARENA_SEED_PREPARE_H

#include "seed.h"

/* Empty-table checks, --truncate refusals and --incremental bookkeeping (t->existing, generator starts). */
int prepare_tables(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, err *e);
/* Deletes the rows of the tables holding some (children first). */
int prepare_truncate(seed_cfg *cfg, target *tg, dba_conn *c, err *e);

/*
 * fresh.c, PostgreSQL: one TRUNCATE of every configured table inside the open
 * transaction (COPY then loads with FREEZE).  0 done, 1 not applicable (not
 * PostgreSQL, --incremental, an outside reference, no privilege), -1 error.
 */
int seed_fresh(seed_cfg *cfg, target *tg, dba_conn *c, const seed_opts *o, err *e);

/*
 * session.c, MySQL/MariaDB: unique_checks and foreign_key_checks off for
 * one table's load where dbarena guarantees what they check.  relax returns
 * 1 when it changed them (then restore, whatever the load did), 0 when not,
 * -1 on error; restore reads the values back.
 */
int seed_session_relax(seed_cfg *cfg, target *tg, dba_conn *c, seed_table *t, err *e);
int seed_session_restore(target *tg, dba_conn *c, seed_table *t, err *e);

/*
 * Which catalog a server speaks, told by its dialect (the core names no
 * engine): $n placeholders, the PostgreSQL catalog and transactional DDL;
 * ? placeholders, MySQL/MariaDB session variables.
 */
int seed_speaks_pg_catalog(const target *tg);
int seed_speaks_my_session(const target *tg);

/* fresh.c: s as the driver's text literal (malloc'ed; NULL when out of memory). */
char *seed_text_literal(target *tg, dba_conn *c, const char *s);
/* fresh.c: an exec row callback storing the first row's first column as an integer in *(int64_t *)ud. */
int seed_first_int(void *ud, int32_t is_header, uint32_t nc, const char *const *nm, const char *const *vals,
		   const uint32_t *lens);

#endif
