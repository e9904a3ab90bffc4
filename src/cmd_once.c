/* --once (placeholder until it is built). */
#include "config.h"

#include <stdio.h>

#include "solardash/commands.h"

int sd_cmd_once(const struct sd_cli_opts *opts)
{
	fprintf(stderr, "solardash: --once: not built yet\n");
	return SD_EXIT_FAILURE;
}
