#include "cli.h"

static int workload_main(int argc, char **argv, err *e)
{
	(void)argc; (void)argv;
	return err_set(e, EXIT_USAGE, "workload: not built yet");
}

const command cmd_workload = { .name = "workload", .summary = "drive a database with a workload",
	.usage = "dbarena workload run TARGET (--config FILE | --pattern P) [options]\n", .run = workload_main };
