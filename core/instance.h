/*
 * Managed instances across runtimes (SPEC section 4): name resolution used by
 * TARGET, and readiness waiting used by create/start.
 */
#ifndef DBARENA_INSTANCE_H
#define DBARENA_INSTANCE_H

#include "dbarena/plugin.h"
#include "err.h"

/*
 * Finds a managed instance by exact name, else unique ID prefix, in every
 * available runtime.  Not found / ambiguous: EXIT_USAGE.  A stopped
 * instance is returned with EXIT_USAGE and a hint "dbarena start NAME".
 * Fills *out (password included) and the URL to reach it (malloc'ed).
 */
int instance_resolve(const char *name, dba_instance *out, char **url_out, err *e);

#endif
