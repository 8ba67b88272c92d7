/*
 * What PostgreSQL's catalog says about a table's writes beyond the table's
 * own description (pgrules.c): INSERT rules (a table partitioned the old way,
 * Sakila's payment, routes its rows with conditional DO INSTEAD rules, and
 * PostgreSQL refuses INSERT ... RETURNING on it), and the columns CHECKs of
 * its inheritance children or partitions constrain (an UPDATE through the
 * parent reaches the children's rows, so it must leave those columns be).
 */
#ifndef DBARENA_WORKLOAD_PGRULES_H
#define DBARENA_WORKLOAD_PGRULES_H

#include <stddef.h>

#include "../target.h"

typedef struct pgrule {
	char kind;     /* 'r': the table has an INSERT rule; 'c': a descendant's CHECK reads column */
	char *table;   /* the table's name, unqualified (as triggers.c matches them) */
	char *column;  /* 'c': the column; 'r': "" */
} pgrule;

typedef struct pgrules {
	pgrule *v;
	size_t n;
} pgrules;

/* Reads them from the connection's database; none on a server other than PostgreSQL. */
void pgrules_read(target *tg, dba_conn *c, pgrules *r);
void pgrules_free(pgrules *r);
/* 1 when table has a rule ON INSERT. */
int pgrules_insert_rule(const pgrules *r, const char *table);
/* 1 when a CHECK of an inheritance child (or partition, at any depth) of table reads column. */
int pgrules_child_checked(const pgrules *r, const char *table, const char *column);

#endif
