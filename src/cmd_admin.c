/* admin commands (placeholder until it is built). */
#include "config.h"

#include <stdio.h>

#include "solardash/commands.h"

static int not_built(const char *name)
{
	fprintf(stderr, "solardash: %s: not built yet\n", name);
	return SD_EXIT_FAILURE;
}

int sd_cmd_refresh(int argc, char **argv, const struct sd_cli_opts *opts) { return not_built(argv[0]); }
int sd_cmd_partitions(int argc, char **argv, const struct sd_cli_opts *opts) { return not_built(argv[0]); }
int sd_cmd_cache(int argc, char **argv, const struct sd_cli_opts *opts) { return not_built(argv[0]); }
int sd_cmd_check(int argc, char **argv, const struct sd_cli_opts *opts) { return not_built(argv[0]); }
