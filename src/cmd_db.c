/* `solardash db migrate|demo|schedule`: the database's own commands (the work is in src/db/). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/commands.h"
#include "solardash/db_admin.h"

static int db_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int db_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "solardash: db: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nUsage: solardash db migrate [--dir DIR]\n"
		"       solardash db demo [--catalog FILE] [--scale N] [--reset]\n"
		"       solardash db schedule\n");
	return SD_EXIT_USAGE;
}

/* "--name VALUE" or "--name=VALUE" at argv[*i]; NULL if argv[*i] is not --name. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);

	*missing = 0;
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int run_migrate(PGconn *conn, const char *dir)
{
	struct sd_sql_file *files = NULL;
	char err[4096];
	int rc;

	if (dir && !(files = sd_sql_files_read_dir(dir, err, sizeof err))) {
		fprintf(stderr, "solardash: db migrate: %s\n", err);
		return SD_EXIT_FAILURE;
	}
	rc = sd_db_migrate(conn, files ? files : sd_sql_files, stdout, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "solardash: db migrate: %s\n"
			"  (that migration was rolled back as a whole; the ones before it stay applied)\n",
			err);
	sd_sql_files_free(files);
	return rc == 0 ? SD_EXIT_OK : SD_EXIT_FAILURE;
}

static int parse_scale(const char *s, double *scale)
{
	char *end;

	*scale = strtod(s, &end);
	return *s && !*end && *scale > 0 && *scale <= 400 ? 0 : -1;
}

/* Parses the options of a db subcommand into dir / demo options; -1 to go on, else exit code. */
static int parse_db_args(int argc, char **argv, const char **dir, struct sd_demo_opts *d)
{
	const char *v;
	int i, missing;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[1], "migrate") == 0 && (v = opt_value(argc, argv, &i, "--dir", &missing)))
			*dir = v;
		else if (strcmp(argv[1], "demo") == 0 &&
				(v = opt_value(argc, argv, &i, "--catalog", &missing)))
			d->catalog = v;
		else if (strcmp(argv[1], "demo") == 0 &&
				(v = opt_value(argc, argv, &i, "--scale", &missing))) {
			if (parse_scale(v, &d->scale) != 0)
				return db_usage("--scale wants a number above 0 and at most 400, not '%s'", v);
		} else if (strcmp(argv[1], "demo") == 0 && strcmp(argv[i], "--reset") == 0)
			d->reset = 1;
		else
			return missing ? db_usage("option '%s' needs a value", argv[i])
				: db_usage("unknown argument '%s'", argv[i]);
	}
	return -1;
}

int sd_cmd_db(int argc, char **argv, const struct sd_cli_opts *opts)
{
	struct sd_demo_opts demo = { NULL, 1.0, 0 };
	const char *dir = NULL;
	char err[1024];
	PGconn *conn;
	int rc;

	if (argc < 2)
		return db_usage("%s", "which one: migrate, demo or schedule?");
	if (strcmp(argv[1], "migrate") && strcmp(argv[1], "demo") && strcmp(argv[1], "schedule"))
		return db_usage("unknown subcommand '%s'", argv[1]);
	if ((rc = parse_db_args(argc, argv, &dir, &demo)) >= 0)
		return rc;
	if (!(conn = sd_db_connect_admin(opts, err, sizeof err))) {
		fprintf(stderr, "solardash: db %s: %s\n", argv[1], err);
		return SD_EXIT_FAILURE;
	}
	if (strcmp(argv[1], "migrate") == 0)
		rc = run_migrate(conn, dir);
	else if (strcmp(argv[1], "demo") == 0)
		rc = sd_db_demo(conn, &demo, stdout);
	else
		rc = sd_db_schedule(conn, stdout);
	PQfinish(conn);
	return rc;
}
