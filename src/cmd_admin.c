/* The admin commands for cron, SSH and scripts: refresh, partitions, cache, and the
 * monitoring checks (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN, one status line).
 * They use the admin connection; their output goes through the --format printers. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/catalog.h"
#include "solardash/commands.h"
#include "solardash/data.h"
#include "solardash/output.h"
#include "solardash/sanitize.h"

struct admin {
	struct sd_config cfg;
	struct sd_data *d;
	enum sd_format fmt;
};

static int usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int usage(const char *cmd, const char *fmt, ...)
{
	char raw[512], *safe;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);   /* it quotes arguments: sanitised */
	va_end(ap);
	safe = sd_sanitize(raw, 0);
	fprintf(stderr, "solardash: %s: %s", cmd, safe);
	free(safe);
	fprintf(stderr, "\nTry 'solardash --help' for more information.\n");
	return SD_EXIT_USAGE;
}

static int fail(const char *cmd)
{
	fprintf(stderr, "solardash: %s: %s\n", cmd, sd_err_last());
	return SD_EXIT_FAILURE;
}

/* mode: SD_DATA_ADMIN for maintenance, SD_DATA_ADMIN_READ for what only reads. */
static int admin_open(struct admin *a, const struct sd_cli_opts *opts, enum sd_data_mode mode)
{
	int fmt = sd_format_parse(opts->format);

	a->fmt = fmt < 0 ? SD_FMT_TABLE : (enum sd_format)fmt;
	if (sd_cmd_load_config(opts, &a->cfg))
		return -1;
	sd_data_open(&a->d, &a->cfg, mode);
	return 0;
}

static void admin_close(struct admin *a)
{
	sd_data_close(a->d);
	sd_config_done(&a->cfg);
}

static int print_one(struct admin *a, const char *name, const char *query, const char *title,
		     const struct sd_table *t)
{
	sd_output_begin(stdout, a->fmt, name);
	sd_output_table(stdout, a->fmt, query, title, t, 1);
	sd_output_end(stdout, a->fmt);
	return fflush(stdout) == 0 ? SD_EXIT_OK : SD_EXIT_FAILURE;
}

/* Runs one uncached catalogue query and prints it. */
static int exec_print(struct admin *a, const char *cmd, const char *query,
		      const char *const *params, int nparams)
{
	struct sd_table *t;
	int rc;

	if (sd_data_exec(a->d, query, params, nparams, &t) != SD_OK)
		return fail(cmd);
	rc = print_one(a, cmd, query, sd_catalog_find(query)->title, t);
	sd_table_free(t);
	return rc;
}

/* No options but --help-like mistakes: anything starting with '-' is refused. */
static int no_options(int argc, char **argv, int from)
{
	int i;

	for (i = from; i < argc; i++)
		if (argv[i][0] == '-')
			return usage(argv[0], "unknown option '%s'", argv[i]);
	return 0;
}

/* ---- refresh [VIEW]... ---- */

static int known_view(const char *v)
{
	const char *const *p;

	for (p = sd_catalog_views; *p; p++)
		if (!strcmp(*p, v))
			return 1;
	return 0;
}

/* 1 when any row of a refresh result says success = f. */
static int any_failed(const struct sd_table *t)
{
	int c = sd_table_col(t, "success");
	size_t r;

	for (r = 0; c >= 0 && r < t->nrows; r++)
		if (sd_table_get(t, r, (size_t)c) && !strcmp(sd_table_get(t, r, (size_t)c), "f"))
			return 1;
	return 0;
}

static int refresh_some(struct admin *a, int argc, char **argv)
{
	int i, rc = SD_EXIT_OK, first = 1;
	struct sd_table *t;

	sd_output_begin(stdout, a->fmt, "refresh");
	for (i = argc > 1 ? 1 : 0; i < argc; i++) {
		if (sd_data_refresh(a->d, argc > 1 ? argv[i] : NULL, &t) != SD_OK) {
			sd_output_end(stdout, a->fmt);
			fflush(stdout);
			return fail("refresh");
		}
		sd_output_table(stdout, a->fmt, argc > 1 ? "refresh_view" : "refresh_all",
				 argc > 1 ? argv[i] : "All materialized views", t, first);
		first = 0;
		if (any_failed(t))
			rc = SD_EXIT_FAILURE;
		sd_table_free(t);
	}
	sd_output_end(stdout, a->fmt);
	fflush(stdout);
	return rc;
}

int sd_cmd_refresh(int argc, char **argv, const struct sd_cli_opts *opts)
{
	struct admin a;
	int i, rc, flushed;

	if ((rc = no_options(argc, argv, 1)))
		return rc;
	for (i = 1; i < argc; i++)
		if (!known_view(argv[i]))
			return usage("refresh", "unknown view '%s' (mv_panel_status_summary, "
				     "mv_station_performance, mv_mo_progress, mv_quality_metrics, "
				     "mv_workflow_efficiency)", argv[i]);
	if (admin_open(&a, opts, SD_DATA_ADMIN))
		return SD_EXIT_FAILURE;
	rc = refresh_some(&a, argc, argv);
	/* refresh is the periodic job: it also moves the cache metrics into PostgreSQL */
	if (rc == SD_EXIT_OK)
		sd_data_flush_metrics(a.d, &flushed);
	admin_close(&a);
	return rc;
}

/* ---- partitions create|archive [--dry-run]|stats ---- */

int sd_cmd_partitions(int argc, char **argv, const struct sd_cli_opts *opts)
{
	struct admin a;
	const char *dry[1] = { "false" };
	int rc;

	if (argc < 2)
		return usage("partitions", "wants create, archive [--dry-run] or stats");
	if (!strcmp(argv[1], "archive") && argc == 3 && !strcmp(argv[2], "--dry-run"))
		dry[0] = "true";
	else if (argc != 2)
		return usage("partitions", "unexpected argument '%s'", argv[2]);
	if (strcmp(argv[1], "create") && strcmp(argv[1], "archive") && strcmp(argv[1], "stats"))
		return usage("partitions", "unknown action '%s' (create, archive, stats)", argv[1]);
	/* stats only reads: behind a held lock it answers within the read deadline */
	if (admin_open(&a, opts, strcmp(argv[1], "stats") ? SD_DATA_ADMIN : SD_DATA_ADMIN_READ))
		return SD_EXIT_FAILURE;
	if (!strcmp(argv[1], "create"))
		rc = exec_print(&a, "partitions create", "create_partitions", NULL, 0);
	else if (!strcmp(argv[1], "archive"))
		rc = exec_print(&a, "partitions archive", "archive_partitions", dry, 1);
	else
		rc = exec_print(&a, "partitions stats", "partition_stats", NULL, 0);
	admin_close(&a);
	return rc;
}

/* ---- cache warm --role R [--user U] [--station ID] | invalidate PATTERN | stats [--flush] ---- */

struct cache_args {
	const char *role, *user, *station;
	int flush;
};

static int cache_options(int argc, char **argv, int from, struct cache_args *ca)
{
	int i;

	memset(ca, 0, sizeof *ca);
	for (i = from; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--role") ? &ca->role
				  : !strcmp(argv[i], "--user") ? &ca->user
				  : !strcmp(argv[i], "--station") ? &ca->station : NULL;

		if (!strcmp(argv[i], "--flush"))
			ca->flush = 1;
		else if (!slot)
			return usage("cache", "unexpected argument '%s'", argv[i]);
		else if (i + 1 >= argc)
			return usage("cache", "option '%s' needs an argument", argv[i]);
		else
			*slot = argv[++i];
	}
	return 0;
}

static int cache_warm(struct admin *a, const struct cache_args *ca, const struct sd_cli_opts *opts)
{
	const char *st = ca->station ? ca->station : opts->station;   /* after or before `cache` */
	int role = sd_role_parse(ca->role);
	long station = st ? strtol(st, NULL, 10) : a->cfg.station_id;
	struct sd_warm_count wc;
	char what[128];

	if (role < 0)
		return usage("cache warm", "--role wants operator, supervisor, manager or admin");
	if (ca->station && !sd_cli_station_ok(ca->station))
		return usage("cache warm", "--station wants a station number (1..2147483647), not '%s'",
			     ca->station);
	/* the operator profile without a station: every station of the line */
	if (role == SD_ROLE_OPERATOR && station <= 0)
		station = SD_WARM_EVERY_STATION;
	if (sd_data_warm(a->d, (enum sd_role)role, ca->user, station, &wc) != SD_OK)
		return fail("cache warm");
	sd_warm_describe(&wc, what, sizeof what);
	printf("cache warm: role %s: %s\n", ca->role, what);
	return SD_EXIT_OK;
}

static int cache_stats(struct admin *a, const struct cache_args *ca)
{
	struct sd_table *h = NULL, *m = NULL;
	int n = 0, rc = SD_EXIT_OK;

	if (sd_data_cache_health(a->d, &h) != SD_OK)
		return fail("cache stats");
	if (sd_data_cache_metrics(a->d, &m) != SD_OK && sd_table_get(h, 0, 1) &&
	    !strcmp(sd_table_get(h, 0, 1), "yes"))
		rc = fail("cache stats");
	sd_output_begin(stdout, a->fmt, "cache");
	sd_output_table(stdout, a->fmt, "cache_health", "Cache health", h, 1);
	if (m)
		sd_output_table(stdout, a->fmt, "cache_metrics", "Cache metrics per role and query", m, 0);
	sd_output_end(stdout, a->fmt);
	fflush(stdout);
	sd_table_free(h);
	sd_table_free(m);
	if (rc == SD_EXIT_OK && ca->flush) {
		if (sd_data_flush_metrics(a->d, &n) != SD_OK)
			return fail("cache stats --flush");
		fprintf(stderr, "cache stats: %d row%s written to cache_performance_metrics\n", n,
			n == 1 ? "" : "s");
	}
	return rc;
}

int sd_cmd_cache(int argc, char **argv, const struct sd_cli_opts *opts)
{
	struct cache_args ca;
	struct admin a;
	long deleted;
	int rc, inval = argc >= 2 && !strcmp(argv[1], "invalidate");

	if (argc < 2 || (strcmp(argv[1], "warm") && strcmp(argv[1], "stats") && !inval))
		return usage("cache", "wants warm --role R, invalidate PATTERN or stats");
	if (inval && (argc != 3 || !argv[2][0] || argv[2][0] == '-'))
		return usage("cache invalidate", "wants one PATTERN (glob, under the key prefix)");
	if (!inval && (rc = cache_options(argc, argv, 2, &ca)))
		return rc;
	if (admin_open(&a, opts, (inval || !strcmp(argv[1], "warm")) ? SD_DATA_ADMIN : SD_DATA_ADMIN_READ))
		return SD_EXIT_FAILURE;
	if (inval) {
		rc = sd_data_invalidate(a.d, argv[2], &deleted) == SD_OK ? SD_EXIT_OK : fail("cache invalidate");
		if (rc == SD_EXIT_OK)
			printf("cache invalidate: %ld key%s deleted\n", deleted, deleted == 1 ? "" : "s");
	} else if (!strcmp(argv[1], "warm")) {
		rc = cache_warm(&a, &ca, opts);
	} else {
		rc = cache_stats(&a, &ca);
	}
	admin_close(&a);
	return rc;
}
