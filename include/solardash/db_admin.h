/* The database's own commands: connecting as the admin, applying the migrations in sql/,
 * loading the demo factory and scheduling the jobs (src/db/, driven by src/cmd_db.c). */
#ifndef SOLARDASH_DB_ADMIN_H
#define SOLARDASH_DB_ADMIN_H

#include <stdio.h>
#include <libpq-fe.h>

#include "solardash/cli.h"

/* One migration: its file name ("001_schema.sql") and its SQL text. */
struct sd_sql_file {
	const char *name;
	const char *sql;
};

/* The migrations compiled into the program (generated from the files in sql/), ending with {NULL}. */
extern const struct sd_sql_file sd_sql_files[];
/* The source tree this program was built from (to find ../shared/data in a checkout). */
extern const char sd_abs_top_srcdir[];

/* Admin connection: conninfo from $SOLARDASH_ADMIN_CONNINFO, else "" (PG* variables), with a
 * connect timeout. NULL on failure with a message in err. */
PGconn *sd_db_connect_admin(const struct sd_cli_opts *opts, char *err, size_t errlen);

/* Applies the files not applied yet, each in one transaction, recorded in schema_migrations.
 * Progress goes to out; on failure returns -1 with the file, line and statement in err. */
int sd_db_migrate(PGconn *conn, const struct sd_sql_file *files, FILE *out,
	char *err, size_t errlen);

/* Reads every *.sql of dir, sorted by name, into a NULL-terminated array (sd_sql_files_free). */
struct sd_sql_file *sd_sql_files_read_dir(const char *dir, char *err, size_t errlen);
void sd_sql_files_free(struct sd_sql_file *files);

/* Splits SQL text into statements: returns the offset of the next statement's end (just past
 * its ';' or the end of text) starting at offset from, or -1 when only blanks and comments are
 * left. *start gets the offset of its first non-blank character. */
long sd_sql_next_statement(const char *sql, long from, long *start);

struct sd_demo_opts {
	const char *catalog;   /* NULL: look in the default places */
	double scale;          /* 1 = ~50,000 panels */
	int reset;             /* replace an existing factory */
};

/* `solardash db demo`: returns an exit code. */
int sd_db_demo(PGconn *conn, const struct sd_demo_opts *o, FILE *out);

/* `solardash db schedule`: pg_cron jobs, or how to schedule without it. Returns an exit code. */
int sd_db_schedule(PGconn *conn, FILE *out);

#endif
