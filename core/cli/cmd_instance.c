/* Instance commands (SPEC sections 1 and 4).  Placeholder until the runtimes land. */
#include <stdio.h>

#include "cli.h"

static int not_yet(int argc, char **argv, err *e)
{
	(void)argc;
	return err_set(e, EXIT_PLUGIN, "\"%s\" needs a runtime plugin, and none is built yet", argv[0]);
}

#define INSTANCE_CMD(id, nm, sum, use) \
	const command id = { .name = nm, .summary = sum, .usage = use, .run = not_yet }

INSTANCE_CMD(cmd_create, "create", "start a throwaway database and wait until it accepts connections",
	"dbarena create ENGINE [--name NAME] [--version V] [--port N] [--runtime auto|docker|native] ...\n");
INSTANCE_CMD(cmd_list, "list", "list managed instances", "dbarena list [--all] [--json]\n");
INSTANCE_CMD(cmd_inspect, "inspect", "show one instance", "dbarena inspect NAME [--json] [--show-password]\n");
INSTANCE_CMD(cmd_start, "start", "start stopped instances", "dbarena start NAME...\n");
INSTANCE_CMD(cmd_stop, "stop", "stop instances", "dbarena stop NAME...\n");
INSTANCE_CMD(cmd_restart, "restart", "restart instances", "dbarena restart NAME...\n");
INSTANCE_CMD(cmd_destroy, "destroy", "remove instances", "dbarena destroy NAME... | --all [--yes] [--volumes]\n");
INSTANCE_CMD(cmd_logs, "logs", "show an instance's server log", "dbarena logs NAME [--follow] [--tail N]\n");
INSTANCE_CMD(cmd_exec, "exec", "run a command inside an instance", "dbarena exec NAME -- CMD [ARG...]\n");
INSTANCE_CMD(cmd_url, "url", "print an instance's connection URL", "dbarena url NAME\n");
