/* Entry points of the commands and modes that src/cli.c dispatches to. */
#ifndef SOLARDASH_COMMANDS_H
#define SOLARDASH_COMMANDS_H

#include "solardash/cli.h"

/* src/cmd_db.c: db migrate | db demo [--catalog FILE] [--scale N] | db schedule */
int sd_cmd_db(int argc, char **argv, const struct sd_cli_opts *opts);

/* src/cmd_admin.c: the admin jobs and monitoring checks */
int sd_cmd_refresh(int argc, char **argv, const struct sd_cli_opts *opts);
int sd_cmd_partitions(int argc, char **argv, const struct sd_cli_opts *opts);
int sd_cmd_cache(int argc, char **argv, const struct sd_cli_opts *opts);
int sd_cmd_check(int argc, char **argv, const struct sd_cli_opts *opts);

/* src/cmd_once.c: --once SCREEN, a screen's data without curses */
int sd_cmd_once(const struct sd_cli_opts *opts);

/* src/ui/main.c: the dashboard (no command given) */
int sd_ui_main(const struct sd_cli_opts *opts);

#endif
