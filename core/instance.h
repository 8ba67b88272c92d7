/*
 * Managed instances across runtimes (SPEC section 4): name resolution used by
 * TARGET and the instance commands, runtime selection, readiness waiting.
 */
#ifndef DBARENA_INSTANCE_H
#define DBARENA_INSTANCE_H

#include "dbarena/plugin.h"
#include "err.h"
#include "plugins.h"

/*
 * Finds a managed instance by exact name, else unique ID prefix, in every
 * available runtime.  Not found / ambiguous: EXIT_USAGE.  A stopped
 * instance is returned with EXIT_USAGE and a hint "dbarena start NAME".
 * Fills *out (password included) and the URL to reach it (malloc'ed).
 */
int instance_resolve(const char *name, dba_instance *out, char **url_out, err *e);

/* Like instance_resolve without the running check; *rt gets the runtime that holds it. */
int instance_find(const char *name, plugin **rt, dba_instance *out, err *e);

/* Connection URL of an instance (password shown or "****"); malloc'ed. */
char *instance_url(const dba_instance *i, int show_password);

/* The runtime for --runtime auto|docker|native and an engine (SPEC 4). */
int instance_runtime(const char *choice, const char *engine, plugin **rt, err *e);

/*
 * Connects through the driver and runs a trivial query every 250 ms until it
 * works or wait_s seconds pass (a spinner on a TTY unless quiet).  A timeout
 * is EXIT_RUNTIME naming the last error.  In instance_wait.c: it connects
 * through target.c, which resolves names through this module.
 */
int instance_wait_ready(const dba_instance *i, int wait_s, int quiet, err *e);

/* Every runtime plugin that loads (docker, native); returns the count. */
int instance_runtimes(plugin **out, int max);

#endif
