#include "cli.h"

static int seed_main(int argc, char **argv, err *e)
{
	(void)argc; (void)argv;
	return err_set(e, EXIT_USAGE, "seed: not built yet");
}

const command cmd_seed = { .name = "seed", .summary = "fill tables from a seed config",
	.usage = "dbarena seed TARGET --config FILE [options]\n", .run = seed_main };
