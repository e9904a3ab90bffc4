/* The command line: global options, then an optional command (db, refresh, cache, ...). */
#ifndef SOLARDASH_CLI_H
#define SOLARDASH_CLI_H

#include <stdio.h>

/* Exit codes shared by every command; `check` uses the monitoring-plugin codes instead. */
enum {
	SD_EXIT_OK = 0,
	SD_EXIT_FAILURE = 1,
	SD_EXIT_USAGE = 2
};

struct sd_cli_opts {
	const char *config_path;   /* -c FILE */
	const char *theme;         /* --theme NAME|FILE */
	const char *user;          /* --user NAME */
	const char *once_screen;   /* --once SCREEN */
	const char *format;        /* --format table|csv|json */
	const char *station;       /* --station ID */
	const char *script;        /* --script FILE (screen tests) */
	long cycles;               /* -n N: exit after N refresh cycles, 0 = run forever */
	int json;                  /* --json (check) */
};

/* A subcommand: argv[0] is the command's own name. Returns the process exit code. */
struct sd_command {
	const char *name;
	const char *args;      /* argument synopsis for --help */
	const char *summary;   /* one line for --help */
	int (*run)(int argc, char **argv, const struct sd_cli_opts *opts);
};

int sd_cli_main(int argc, char **argv);
void sd_cli_usage(FILE *out);
void sd_cli_version(FILE *out);
/* Whether s is a station id: digits only, 1..2147483647 (--station, cache warm --station). */
int sd_cli_station_ok(const char *s);

#endif
