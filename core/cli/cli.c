#include <stdio.h>

#include "cli.h"

int cli_target_opt(cli_target *t, int opt, const char *arg)
{
	if (opt == CLI_OPT_URL) {
		t->url = arg;
		return 1;
	}
	if (opt == CLI_OPT_CONTAINER) {
		t->name = arg;
		return 1;
	}
	return 0;
}

int cli_target_operand(cli_target *t, const char *arg, err *e)
{
	if (t->url || t->name) {
		err_set(e, EXIT_USAGE, "unexpected argument \"%s\"", arg);
		err_hint(e, "give the target once: NAME, --container NAME or --url URL");
		return -1;
	}
	t->name = arg;
	return 0;
}

int cli_target_check(const cli_target *t, const char *cmd, err *e)
{
	if (t->url && t->name) {
		err_set(e, EXIT_USAGE, "%s: both --url and an instance name given", cmd);
		err_hint(e, "give the target once: NAME, --container NAME or --url URL");
		return -1;
	}
	if (!t->url && !t->name) {
		err_set(e, EXIT_USAGE, "%s: no target", cmd);
		err_hint(e, "name an instance (NAME or --container NAME) or a server (--url URL)");
		return -1;
	}
	return 0;
}

void cli_usage(const command *cmd, FILE *f)
{
	fprintf(f, "%s", cmd->usage);
}
