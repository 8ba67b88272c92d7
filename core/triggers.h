/* Tables that triggers on other tables fill (triggers.c): seed init and the workload leave them alone. */
#ifndef DBARENA_TRIGGERS_H
#define DBARENA_TRIGGERS_H

#include <stddef.h>

#include "target.h"

typedef struct trigger {
	char *table; /* the table the trigger is on */
	char *name;
	char *body;  /* its statement, or its function's source */
} trigger;

typedef struct triggers {
	trigger *v;
	size_t n;
} triggers;

/* The triggers of the connection's database; none when the server is neither MySQL nor PostgreSQL. */
void triggers_read(target *tg, dba_conn *c, triggers *tr);
void triggers_free(triggers *tr);
/* 1 when body has "INSERT INTO [schema.]table" (any case, any quoting, not inside a longer word). */
int trigger_inserts_into(const char *body, const char *table);
/* A trigger on another table that inserts into table, or NULL. */
const trigger *trigger_filling(const triggers *tr, const char *table);

#endif
