/* solardash entry point: everything happens in sd_cli_main(). */
#include "config.h"

#include "solardash/cli.h"

int main(int argc, char **argv)
{
	return sd_cli_main(argc, argv);
}
