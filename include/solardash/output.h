/* Text output of result tables for --once and the admin commands: an aligned table, CSV or
 * JSON, every string passed through sd_sanitize first. Also the helpers the commands share. */
#ifndef SOLARDASH_OUTPUT_H
#define SOLARDASH_OUTPUT_H

#include <stdio.h>

#include "solardash/cli.h"
#include "solardash/config.h"
#include "solardash/result.h"

enum sd_format { SD_FMT_TABLE, SD_FMT_CSV, SD_FMT_JSON };

/* NULL means table; -1 for an unknown name. */
int sd_format_parse(const char *name);

/* A titled set of tables: begin, one call per table, end. name is the screen or command,
 * used as the JSON object's "screen". */
void sd_output_begin(FILE *out, enum sd_format fmt, const char *name);
void sd_output_table(FILE *out, enum sd_format fmt, const char *query, const char *title,
		     const struct sd_table *t, int first);
void sd_output_end(FILE *out, enum sd_format fmt);

/* "2026-12-03T19:23:03Z"; "" for 0. */
void sd_format_time(double t, char *buf, size_t size);

/* Commands: load the configuration (-c / lookup), warnings and errors on stderr.
 * Returns 0, or prints "solardash: <message>" and returns -1. */
int sd_cmd_load_config(const struct sd_cli_opts *opts, struct sd_config *cfg);
/* The config loader's warning callback of every command: "solardash: warning: ..." on
 * stderr (a file readable by others that holds a password), sanitised. */
void sd_cmd_config_warning(const char *msg);

#endif
