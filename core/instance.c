/* Placeholder until the runtimes land: no managed instances exist. */
#include "instance.h"

int instance_resolve(const char *name, dba_instance *out, char **url_out, err *e)
{
	(void)out;
	*url_out = NULL;
	err_set(e, EXIT_USAGE, "no instance named \"%s\"", name);
	err_hint(e, "use --url URL to reach a server directly");
	return -1;
}
