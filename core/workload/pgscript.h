/*
 * pgbench scripts on the workload engine: pgscript.c reads a script file
 * into commands (SQL and the meta-commands \set, \sleep, \gset, \aset,
 * \if, \elif, \else, \endif); pgrun.c runs each script as one transaction
 * kind through the wl_txn hook.
 */
#ifndef DBARENA_WL_PGSCRIPT_H
#define DBARENA_WL_PGSCRIPT_H

#include "../err.h"
#include "../target.h"
#include "pgexpr.h"
#include "workload.h"

enum pgs_type { PC_SQL = 0, PC_SET, PC_SLEEP, PC_IF, PC_ELIF, PC_ELSE, PC_ENDIF };

typedef struct pgs_cmd {
	int type;        /* enum pgs_type */
	int line;
	/* PC_SQL */
	char *sql;       /* as written, :var placeholders */
	char *psql;      /* in the target's placeholder style (pgs_attach) */
	char **vars;     /* the variable of each placeholder occurrence */
	unsigned nvars;
	int tx;          /* DBA_TX_BEGIN / COMMIT / ROLLBACK for BEGIN, END, COMMIT, ...; 0 */
	int gset;        /* 1 \gset (one row), 2 \aset (every row, the last wins) */
	char *prefix;    /* \gset prefix ("" for none) */
	unsigned slot;   /* prepared-statement slot */
	/* PC_SET (var = expr), PC_IF / PC_ELIF (expr), PC_SLEEP (expr times usec) */
	char *var;
	pgx *expr;
	int64_t usec;
	/* PC_IF / PC_ELIF: the next \elif, \else or \endif; PC_ELIF / PC_ELSE: their \endif */
	unsigned next, end;
} pgs_cmd;

typedef struct pgs_script {
	char *path;
	double weight;
	pgs_cmd *c;
	unsigned n;
} pgs_script;

/* Parses a script's text; errors name path:line (EXIT_USAGE).  slot0: its first slot number. */
int pgs_parse(const char *path, const char *text, unsigned slot0, pgs_script *s, err *e);
void pgs_script_free(pgs_script *s);

/* ---- the run (pgrun.c) ---- */

typedef struct pgs_run pgs_run;

pgs_run *pgs_new(void);
/* --script FILE[@WEIGHT]: reads and parses the file now (EXIT_USAGE errors with FILE:LINE). */
int pgs_add(pgs_run *r, const char *arg, err *e);
/* --script (script = 1) or -D on *r, made on first use. */
int pgs_option(pgs_run **r, int script, const char *arg, err *e);
/* -D NAME=VALUE */
int pgs_define(pgs_run *r, const char *nv, err *e);
/*
 * The scripts as transaction kinds of c (weights normalised) and c->txn;
 * EXIT_USAGE for -D without a script and for a config or pattern in c.
 */
int pgs_setup(pgs_run *r, wl_cfg *c, err *e);
/* The SQL in t's placeholder style. */
int pgs_attach(pgs_run *r, const target *t, err *e);
void pgs_free(pgs_run *r);

#endif
