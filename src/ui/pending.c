/* the dashboard (placeholder until it is built). */
#include "config.h"

#include <stdio.h>

#include "solardash/commands.h"

int sd_ui_main(const struct sd_cli_opts *opts)
{
	fprintf(stderr, "solardash: the dashboard is not built yet; see --help\n");
	return SD_EXIT_FAILURE;
}
