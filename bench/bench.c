/* solardash-bench: for each dashboard query, how long the answer takes three ways -- the
 * aggregate computed from the base tables, the catalogue query on the materialized view, and
 * a cache hit (Redis GET plus decoding) -- as the median of N runs. Not a test: a figure.
 *   solardash-bench [-c FILE] [-n RUNS] [--station ID]
 * The base-table variants put each view's definition (as in sql/003_views.sql) in a CTE named
 * like the view in front of the catalogue query; row counts are compared to catch drift. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/cache.h"
#include "solardash/catalog.h"
#include "solardash/config.h"
#include "solardash/db.h"

#define V_STATUS "mv_panel_status_summary AS (SELECT p.status, count(*) AS panel_count," \
	" round(avg(extract(epoch FROM p.updated_at - p.created_at) / 3600)::numeric, 2)" \
	" AS avg_processing_hours, min(p.created_at) AS earliest_panel," \
	" max(p.updated_at) AS latest_update FROM panels p GROUP BY p.status)"
#define V_STATION "mv_station_performance AS (SELECT s.id AS station_id," \
	" s.name AS station_name, s.station_type, s.position," \
	" coalesce(i.total, 0) AS total_inspections, coalesce(i.passed, 0) AS passed_inspections," \
	" round(100.0 * i.passed / nullif(i.total, 0), 2) AS pass_rate FROM stations s" \
	" LEFT JOIN (SELECT station_id, count(*) AS total," \
	" count(*) FILTER (WHERE result = 'PASS') AS passed FROM inspections GROUP BY station_id)" \
	" i ON i.station_id = s.id)"
#define V_MO "mv_mo_progress AS (SELECT mo.id AS mo_id, mo.order_number, mo.status," \
	" mo.module_model, mo.quantity, mo.start_date, mo.expected_completion_date," \
	" coalesce(p.total, 0) AS total_panels, coalesce(p.completed, 0) AS completed_panels," \
	" CASE WHEN coalesce(p.total, 0) = 0 THEN 0::numeric" \
	" ELSE round(100.0 * p.completed / p.total, 2) END AS completion_percentage" \
	" FROM manufacturing_orders mo LEFT JOIN (SELECT manufacturing_order_id," \
	" count(*) AS total, count(*) FILTER (WHERE status = 'completed') AS completed" \
	" FROM panels WHERE manufacturing_order_id IS NOT NULL GROUP BY manufacturing_order_id)" \
	" p ON p.manufacturing_order_id = mo.id)"
#define TZ "coalesce(nullif(current_setting('solardash.timezone', true), ''), 'UTC')"
#define V_QUALITY "mv_quality_metrics AS (SELECT" \
	" (i.inspection_date AT TIME ZONE " TZ ")::date AS inspection_day," \
	" s.station_type, count(*) AS total_inspections," \
	" count(*) FILTER (WHERE i.result = 'PASS') AS passed_inspections," \
	" round(100.0 * count(*) FILTER (WHERE i.result = 'PASS') / count(*), 2)" \
	" AS daily_pass_rate FROM inspections i JOIN stations s ON s.id = i.station_id" \
	" WHERE i.inspection_date >= ((now() AT TIME ZONE " TZ ")::date - 30)::timestamp" \
	" AT TIME ZONE " TZ " GROUP BY 1, 2)"
#define V_WORKFLOW "mv_workflow_efficiency AS (SELECT p.status," \
	" coalesce(s.station_type, 'none') AS station_type, count(*) AS panels_at_station," \
	" round(avg(extract(epoch FROM now() - p.updated_at) / 3600)::numeric, 2)" \
	" AS avg_hours_at_station FROM panels p LEFT JOIN stations s" \
	" ON s.id = p.current_station_id GROUP BY 1, 2)"

struct bench_query {
	const char *name;
	const char *with;    /* CTEs standing in for the views; NULL: the query reads base tables */
};

static const struct bench_query queries[] = {
	{ "station_queue", NULL },
	{ "station_recent_inspections", NULL },
	{ "station_pass_rate", NULL },
	{ "orders_in_progress", "WITH " V_MO " " },
	{ "panel_status_counts", "WITH " V_STATUS " " },
	{ "station_performance", "WITH " V_STATION " " },
	{ "wip_per_station", "WITH " V_WORKFLOW " " },
	{ "orders_under_half", "WITH " V_MO " " },
	{ "quality_30d", "WITH " V_QUALITY " " },
	{ "workflow_efficiency", "WITH " V_WORKFLOW " " },
	{ "headline", "WITH " V_STATUS ", " V_MO ", " V_QUALITY " " },
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

static void bench_one(struct sd_db *db, struct sd_cache *c, const struct bench_query *b,
		      const char *station, int runs)
{
	const struct sd_query *q = sd_catalog_find(b->name);
	const char *params[1] = { station };
	struct sd_query raw = *q;
	struct sd_table *t;
	long rows = 0, raw_rows = 0;
	double t_q, t_raw = -1, t_cache = -1;
	char *sql = NULL;

	t_q = time_db(db, q, params, runs, &rows);
	if (b->with) {
		/* two named constants joined: no text from outside reaches the SQL */
		sql = sd_asprintf("%s%s", b->with, q->sql);
		raw.sql = sql;
		t_raw = time_db(db, &raw, params, runs, &raw_rows);
	} else {
		t_raw = t_q;   /* a live query: the base tables are all there is */
		raw_rows = rows;
	}
	if (t_q >= 0 && sd_db_query(db, q, params, q->nparams, &t) == SD_OK) {
		t_cache = time_cache(c, q, t, runs);
		sd_table_free(t);
	}
	printf("%-27s %6ld", b->name, rows);
	print_ms(t_raw);
	print_ms(b->with ? t_q : -1);
	print_ms(t_cache);
	if (t_cache > 0 && t_raw > 0)
		printf(" %8.0fx", t_raw / t_cache);
	printf("%s\n", raw_rows != rows ? "  (row counts differ: views not fresh?)" : "");
	free(sql);
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
		bench_one(db, c, &queries[i], station, runs);
	sd_cache_invalidate(c, "bench:*");
	sd_cache_free(c);
	sd_db_free(db);
	sd_config_done(&cfg);
	return 0;
}
