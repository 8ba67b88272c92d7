/*
 * TARGET resolution for query, seed and workload: --url URL, --container
 * NAME, or a bare NAME (a managed instance, asked from the runtimes).
 */
#ifndef DBARENA_TARGET_H
#define DBARENA_TARGET_H

#include "dbarena/plugin.h"
#include "err.h"
#include "plugins.h"
#include "url.h"

typedef struct target {
	plugin *drv;          /* the driver plugin */
	const dba_driver_ops *ops;
	const dba_dialect *dialect;
	url u;
	dba_conninfo ci;      /* borrows from u */
	char *display;        /* URL with the password masked, for messages */
} target;

/*
 * Exactly one of url_text and name is non-NULL.  Loads the driver (EXIT_PLUGIN
 * when missing) and, for a name, looks the instance up in the runtimes
 * (EXIT_USAGE "not found"/"ambiguous"; a stopped instance gets a start hint).
 */
int target_resolve(const char *url_text, const char *name, target *t, err *e);
/* Opens a session; failure is EXIT_RUNTIME with the driver's message. */
int target_connect(target *t, dba_conn **c, err *e);
/* The same, giving up after secs seconds (when shorter than the usual connect timeout). */
int target_connect_within(target *t, dba_conn **c, int32_t secs, err *e);
void target_free(target *t);
/*
 * Sessions opened from now on cancel statements running longer than ms
 * (0 = none).  A driver built for ABI 1.0 cannot: a warning says so.
 */
void target_set_statement_timeout(target *t, int32_t ms);

/* Quotes a possibly schema-qualified name (schema may be NULL) with the driver's escape_ident; malloc'ed. */
char *target_quote(const target *t, const char *schema, const char *name);

#endif
