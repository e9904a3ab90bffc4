/* solardash-bench: for each dashboard query, how long the answer takes three ways -- the
 * aggregate computed from the base tables, the catalogue query on the materialized view, and
 * a cache hit (Redis GET plus decoding) -- as the median of N runs. Not a test: a figure.
 *   solardash-bench [-c FILE] [-n RUNS] [--station ID]
 * The base-table variants are the catalogue's "NAME@base" entries (src/catalog.c); row counts
 * are compared to catch drift between them and the views. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/cache.h"
#include "solardash/catalog.h"
#include "solardash/config.h"
#include "solardash/db.h"

/* The dashboard queries; each view-reading one has a "NAME@base" twin in the catalogue. */
static const char *const queries[] = {
	"station_queue", "station_recent_inspections", "station_pass_rate", "orders_in_progress",
	"panel_status_counts", "station_performance", "wip_per_station", "orders_under_half",
	"quality_30d", "workflow_efficiency", "headline",
};

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median wall time of n runs of q; *rows gets the row count; -1 on error. */
static double time_db(struct sd_db *db, const struct sd_query *q, const char *const *params,
		      int n, long *rows)
{
	double *v = calloc((size_t)n, sizeof *v), m;
	int i;

	for (i = 0; i < n; i++) {
		struct sd_table *t;
		double t0 = sd_now();

		if (sd_db_query(db, q, params, q->nparams, &t) != SD_OK) {
			fprintf(stderr, "solardash-bench: %s: %s\n", q->name, sd_err_last());
			free(v);
			return -1;
		}
		v[i] = (sd_now() - t0) * 1000.0;
		*rows = (long)t->nrows;
		sd_table_free(t);
	}
	m = median(v, n);
	free(v);
	return m;
}

static sd_err from_table(void *arg, struct sd_table **out)
{
	*out = sd_table_copy(arg);
	return SD_OK;
}

/* Median of n cache hits: the value is stored once, then read and decoded n times. */
static double time_cache(struct sd_cache *c, const struct sd_query *q, struct sd_table *t, int n)
{
	char *key = sd_asprintf("%s:bench:%s", sd_cache_prefix(c), q->name);
	struct sd_cache_req req = { key, NULL, 600000, from_table, t };
	struct sd_cache_info info;
	double *v = calloc((size_t)n, sizeof *v), m = -1;
	int i;

	sd_cache_store(c, &req, t);
	for (i = 0; i < n; i++) {
		struct sd_table *got = NULL;
		double t0 = sd_now();

		if (sd_cache_get(c, &req, &got, &info) != SD_OK || info.how != SD_CACHE_HIT) {
			sd_table_free(got);
			goto out;
		}
		v[i] = (sd_now() - t0) * 1000.0;
		sd_table_free(got);
	}
	m = median(v, n);
out:
	free(v);
	free(key);
	return m;
}

static void print_ms(double ms)
{
	if (ms < 0)
		printf(" %12s", "-");
	else
		printf(" %12.3f", ms);
}

static void bench_one(struct sd_db *db, struct sd_cache *c, const char *name,
		      const char *station, int runs)
{
	const struct sd_query *q = sd_catalog_find(name);
	const char *params[1] = { station };
	struct sd_table *t;
	long rows = 0, raw_rows = 0;
	double t_q, t_raw = -1, t_cache = -1;
	char *base_name = sd_asprintf("%s@base", name);
	const struct sd_query *base = sd_catalog_find(base_name);

	t_q = time_db(db, q, params, runs, &rows);
	if (base) {
		t_raw = time_db(db, base, params, runs, &raw_rows);
	} else {
		t_raw = t_q;   /* a live query: the base tables are all there is */
		raw_rows = rows;
	}
	if (t_q >= 0 && sd_db_query(db, q, params, q->nparams, &t) == SD_OK) {
		t_cache = time_cache(c, q, t, runs);
		sd_table_free(t);
	}
	printf("%-27s %6ld", name, rows);
	print_ms(t_raw);
	print_ms(base ? t_q : -1);
	print_ms(t_cache);
	if (t_cache > 0 && t_raw > 0)
		printf(" %8.0fx", t_raw / t_cache);
	printf("%s\n", raw_rows != rows ? "  (row counts differ: views not fresh?)" : "");
	free(base_name);
}

static int parse_args(int argc, char **argv, const char **conf, int *runs, const char **station)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") && i + 1 < argc)
			*conf = argv[++i];
		else if (!strcmp(argv[i], "-n") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			*runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--station") && i + 1 < argc && atoi(argv[i + 1]) > 0)
			*station = argv[++i];
		else {
			fprintf(stderr, "usage: solardash-bench [-c FILE] [-n RUNS] [--station ID]\n");
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *conf = NULL, *station = "3";
	struct sd_config cfg;
	struct sd_db *db;
	struct sd_cache *c;
	int runs = 25;
	size_t i;

	if (parse_args(argc, argv, &conf, &runs, &station))
		return 2;
	sd_config_init(&cfg);
	if (sd_config_load(&cfg, conf, NULL) != SD_OK) {
		fprintf(stderr, "solardash-bench: %s\n", sd_err_last());
		return 1;
	}
	db = sd_db_new(cfg.db_conninfo, cfg.db_connect_timeout_ms, 600000);
	c = sd_cache_new(&cfg);
	if (!sd_db_up(db) || !sd_cache_up(c)) {
		fprintf(stderr, "solardash-bench: %s\n", sd_err_last());
		return 1;
	}
	printf("median of %d runs, milliseconds, client wall time (station %s)\n", runs, station);
	printf("%-27s %6s %12s %12s %12s %9s\n", "query", "rows", "base tables", "mat. view",
	       "cache hit", "base/hit");
	for (i = 0; i < sizeof queries / sizeof queries[0]; i++)
		bench_one(db, c, queries[i], station, runs);
	sd_cache_invalidate(c, "bench:*");
	sd_cache_free(c);
	sd_db_free(db);
	sd_config_done(&cfg);
	return 0;
}
