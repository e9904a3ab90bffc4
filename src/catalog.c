/* The query catalogue: every SQL statement of the program, named, with the views it reads,
 * its cache TTL and who may run it. Dashboards read the materialized views; only the
 * operator's live queue reads the partitioned base tables, through indexed predicates. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/catalog.h"
#include "solardash/config.h"

#define OP SD_QROLE(SD_ROLE_OPERATOR)
#define SUP SD_QROLE(SD_ROLE_SUPERVISOR)
#define MGR SD_QROLE(SD_ROLE_MANAGER)
#define ADM SD_QROLE(SD_ROLE_ADMIN)

const char *const sd_catalog_views[] = {
	"mv_panel_status_summary", "mv_station_performance", "mv_mo_progress",
	"mv_quality_metrics", "mv_workflow_efficiency", NULL
};

static const char *const v_status[] = { "mv_panel_status_summary", NULL };
static const char *const v_station[] = { "mv_station_performance", NULL };
static const char *const v_mo[] = { "mv_mo_progress", NULL };
static const char *const v_quality[] = { "mv_quality_metrics", NULL };
static const char *const v_workflow[] = { "mv_workflow_efficiency", NULL };
static const char *const v_headline[] = {
	"mv_panel_status_summary", "mv_mo_progress", "mv_quality_metrics", NULL
};

/* The factory's time zone, as the views use it (sql/003_views.sql), spelt out rather than
 * calling factory_timezone(), which the dashboard role may not execute. */
#define SQL_FACTORY_TZ "coalesce(nullif(current_setting('solardash.timezone', true), ''), 'UTC')"
#define SQL_FACTORY_TODAY "(now() AT TIME ZONE " SQL_FACTORY_TZ ")::date"

/* Operator: live rows of one station. The queue takes the 100 longest-waiting panels first,
 * through the partial index panels_open_idx (current_station_id, updated_at) WHERE status <>
 * 'completed' of every partition, which its predicate implies; only then are their orders
 * looked up. Its cost follows the station's open panels, not the table's size. */
#define SQL_STATION_QUEUE \
	"SELECT p.barcode, p.model, p.status, mo.order_number, p.updated_at AS arrived_at," \
	" round(extract(epoch FROM now() - p.updated_at) / 60)::int AS waiting_min" \
	" FROM (SELECT barcode, type AS model, status, manufacturing_order_id, updated_at" \
	"  FROM panels WHERE current_station_id = $1::int AND status IN ('in_progress', 'rework')" \
	"  ORDER BY updated_at LIMIT 100) p" \
	" LEFT JOIN manufacturing_orders mo ON mo.id = p.manufacturing_order_id" \
	" ORDER BY p.updated_at"
#define SQL_STATION_RECENT \
	"SELECT i.inspection_date, p.barcode, i.result, u.username AS inspector, i.notes" \
	" FROM inspections i" \
	" LEFT JOIN panel_registry p ON p.id = i.panel_id" \
	" LEFT JOIN users u ON u.id = i.inspector_id" \
	" WHERE i.station_id = $1::int" \
	" ORDER BY i.inspection_date DESC LIMIT 50"
/* This shift's counters: shifts start at solardash.shift_starts (sql/015_shifts.sql). */
#define SQL_STATION_PASS_RATE \
	"SELECT count(*) FILTER (WHERE result = 'PASS') AS passed," \
	" count(*) FILTER (WHERE result = 'FAIL') AS failed," \
	" round(100.0 * count(*) FILTER (WHERE result = 'PASS') / nullif(count(*), 0), 1)" \
	" AS pass_rate," \
	" to_char((SELECT factory_shift_start()) AT TIME ZONE " SQL_FACTORY_TZ ", 'HH24:MI')" \
	" AS shift_start" \
	" FROM inspections WHERE station_id = $1::int" \
	" AND inspection_date >= (SELECT factory_shift_start())"

/* Progress against the order's quantity (completion_percentage is completed / panels made so
 * far, the view's meaning): what the board's bars, "late/at risk" and "under 50 %" use. */
#define SQL_PLAN_PCT \
	"round(100.0 * completed_panels / nullif(quantity, 0), 1) AS plan_percentage"
#define SQL_ORDERS_IN_PROGRESS \
	"SELECT order_number, module_model, quantity, total_panels, completed_panels," \
	" completion_percentage, " SQL_PLAN_PCT ", start_date, expected_completion_date" \
	" FROM mv_mo_progress WHERE status = 'in_progress'" \
	" ORDER BY expected_completion_date, order_number"
#define SQL_PANEL_STATUS \
	"SELECT status, panel_count, avg_processing_hours, latest_update" \
	" FROM mv_panel_status_summary ORDER BY status"
#define SQL_STATION_PERF \
	"SELECT station_id, station_name, station_type, total_inspections," \
	" passed_inspections, pass_rate FROM mv_station_performance ORDER BY position, station_id"
#define SQL_WIP \
	"SELECT station_type, sum(panels_at_station)::bigint AS panels," \
	" round(sum(avg_hours_at_station * panels_at_station)" \
	" / nullif(sum(panels_at_station), 0), 1) AS avg_hours" \
	" FROM mv_workflow_efficiency WHERE status IN ('in_progress', 'rework')" \
	" GROUP BY station_type ORDER BY station_type"

#define SQL_ORDERS_UNDER_HALF \
	"SELECT order_number, status, module_model, quantity, total_panels, completed_panels," \
	" completion_percentage, " SQL_PLAN_PCT ", expected_completion_date FROM mv_mo_progress" \
	" WHERE completed_panels * 2 < quantity AND status IN ('planned', 'in_progress')" \
	" ORDER BY plan_percentage, expected_completion_date, order_number"
#define SQL_QUALITY_30D \
	"SELECT inspection_day, station_type, total_inspections, passed_inspections," \
	" daily_pass_rate FROM mv_quality_metrics ORDER BY inspection_day DESC, station_type"
/* A panel at no station has left the line (completed, scrapped): the time since its last
 * update is not time spent at a station, so the screens get NULL ("-") there. */
#define SQL_WORKFLOW \
	"SELECT status, station_type, panels_at_station," \
	" CASE WHEN station_type <> 'none' THEN avg_hours_at_station END AS avg_hours_at_station" \
	" FROM mv_workflow_efficiency ORDER BY status, station_type"
#define SQL_HEADLINE \
	"SELECT (SELECT coalesce(sum(panel_count), 0) FROM mv_panel_status_summary)::bigint" \
	" AS total_panels," \
	" (SELECT count(*) FROM mv_mo_progress WHERE status = 'in_progress') AS active_orders," \
	" coalesce(sum(total_inspections), 0)::bigint AS inspections_today," \
	" round(100.0 * sum(passed_inspections) / nullif(sum(total_inspections), 0), 1)" \
	" AS pass_rate_today" \
	" FROM mv_quality_metrics WHERE inspection_day = " SQL_FACTORY_TODAY

#define SQL_REFRESH_LOG \
	"SELECT view_name, started_at, duration_ms, row_count, success, error, triggered_by" \
	" FROM materialized_view_refresh_log ORDER BY started_at DESC, id DESC LIMIT 50"
#define SQL_CHECK_VIEWS \
	"SELECT view_name, generation, last_refresh," \
	" extract(epoch FROM now() - last_refresh)::bigint AS age_s FROM get_view_generations()" \
	" ORDER BY view_name"
#define SQL_METRICS_INSERT \
	"INSERT INTO cache_performance_metrics (role, query_name, hits, misses, warm_loads," \
	" errors, avg_latency_ms, p95_latency_ms)" \
	" VALUES ($1, $2, $3::bigint, $4::bigint, $5::bigint, $6::bigint, $7::numeric, $8::numeric)"

/* The same aggregates computed from the base tables, for solardash-bench (bench/bench.c):
 * each view's definition (as in sql/003_views.sql) as a CTE named like the view, in front
 * of the dashboard query. Never run by the program itself. */
#define BASE_STATUS "mv_panel_status_summary AS (SELECT p.status, count(*) AS panel_count," \
	" round(avg(extract(epoch FROM p.updated_at - p.created_at) / 3600)::numeric, 2)" \
	" AS avg_processing_hours, min(p.created_at) AS earliest_panel," \
	" max(p.updated_at) AS latest_update FROM panels p GROUP BY p.status)"
#define BASE_STATION "mv_station_performance AS (SELECT s.id AS station_id," \
	" s.name AS station_name, s.station_type, s.position," \
	" coalesce(i.total, 0) AS total_inspections, coalesce(i.passed, 0) AS passed_inspections," \
	" round(100.0 * i.passed / nullif(i.total, 0), 2) AS pass_rate FROM stations s" \
	" LEFT JOIN (SELECT station_id, count(*) AS total," \
	" count(*) FILTER (WHERE result = 'PASS') AS passed FROM inspections GROUP BY station_id)" \
	" i ON i.station_id = s.id)"
#define BASE_MO "mv_mo_progress AS (SELECT mo.id AS mo_id, mo.order_number, mo.status," \
	" mo.module_model, mo.quantity, mo.start_date, mo.expected_completion_date," \
	" coalesce(p.total, 0) AS total_panels, coalesce(p.completed, 0) AS completed_panels," \
	" CASE WHEN coalesce(p.total, 0) = 0 THEN 0::numeric" \
	" ELSE round(100.0 * p.completed / p.total, 2) END AS completion_percentage" \
	" FROM manufacturing_orders mo LEFT JOIN (SELECT manufacturing_order_id," \
	" count(*) AS total, count(*) FILTER (WHERE status = 'completed') AS completed" \
	" FROM panels WHERE manufacturing_order_id IS NOT NULL GROUP BY manufacturing_order_id)" \
	" p ON p.manufacturing_order_id = mo.id)"
#define BASE_QUALITY "mv_quality_metrics AS (SELECT" \
	" (i.inspection_date AT TIME ZONE " SQL_FACTORY_TZ ")::date AS inspection_day," \
	" s.station_type, count(*) AS total_inspections," \
	" count(*) FILTER (WHERE i.result = 'PASS') AS passed_inspections," \
	" round(100.0 * count(*) FILTER (WHERE i.result = 'PASS') / count(*), 2)" \
	" AS daily_pass_rate FROM inspections i JOIN stations s ON s.id = i.station_id" \
	" WHERE i.inspection_date >= ((now() AT TIME ZONE " SQL_FACTORY_TZ ")::date - 30)::timestamp" \
	" AT TIME ZONE " SQL_FACTORY_TZ " GROUP BY 1, 2)"
#define BASE_WORKFLOW "mv_workflow_efficiency AS (SELECT p.status," \
	" coalesce(s.station_type, 'none') AS station_type, count(*) AS panels_at_station," \
	" round(avg(extract(epoch FROM now() - p.updated_at) / 3600)::numeric, 2)" \
	" AS avg_hours_at_station FROM panels p LEFT JOIN stations s" \
	" ON s.id = p.current_station_id GROUP BY 1, 2)"

static const struct sd_query catalog[] = {
	{ "station_queue", SQL_STATION_QUEUE, 1, NULL, 10, OP | SUP | ADM, 0, "Panels at the station" },
	{ "station_recent_inspections", SQL_STATION_RECENT, 1, NULL, 15, OP | SUP | ADM, 0,
	  "Last 50 inspections at the station" },
	{ "station_pass_rate", SQL_STATION_PASS_RATE, 1, NULL, 15, OP | SUP | ADM, 0,
	  "Station counters this shift" },
	{ "orders_in_progress", SQL_ORDERS_IN_PROGRESS, 0, v_mo, 300, SUP | MGR | ADM, 0,
	  "Orders in progress" },
	{ "panel_status_counts", SQL_PANEL_STATUS, 0, v_status, 300, SD_QROLE_ALL, 0,
	  "Panels by status" },
	{ "station_performance", SQL_STATION_PERF, 0, v_station, 300, SD_QROLE_ALL, 0,
	  "Station performance" },
	{ "wip_per_station", SQL_WIP, 0, v_workflow, 300, SUP | MGR | ADM, 0,
	  "Work in progress per station" },
	{ "orders_under_half", SQL_ORDERS_UNDER_HALF, 0, v_mo, 300, MGR | ADM, 0,
	  "Orders under 50 % complete" },
	{ "quality_30d", SQL_QUALITY_30D, 0, v_quality, 600, MGR | ADM, 0,
	  "Quality, last 30 days" },
	{ "workflow_efficiency", SQL_WORKFLOW, 0, v_workflow, 600, MGR | ADM, 0,
	  "Workflow efficiency" },
	{ "headline", SQL_HEADLINE, 0, v_headline, 300, MGR | ADM, 0, "Headline" },
	{ "view_performance", "SELECT * FROM analyze_materialized_view_performance()", 0, NULL,
	  30, ADM, 0, "Materialized views" },
	{ "view_usage", "SELECT * FROM get_materialized_view_usage_stats()", 0, NULL, 60, ADM, 0,
	  "View sizes" },
	{ "refresh_log", SQL_REFRESH_LOG, 0, NULL, 15, ADM, 0, "Refresh log" },
	{ "partition_stats", "SELECT * FROM get_partition_statistics()", 0, NULL, 60, ADM, 0,
	  "Partitions" },
	/* Not cached: the data layer's own reads, login and the admin actions. */
	{ "view_generations", "SELECT view_name, generation, last_refresh FROM get_view_generations()",
	  0, NULL, 0, SD_QROLE_ALL, 0, "View generations" },
	{ "check_views", SQL_CHECK_VIEWS, 0, NULL, 0, ADM, 0, "View freshness" },
	{ "db_ping", "SELECT current_setting('server_version') AS server_version", 0, NULL, 0,
	  SD_QROLE_ALL, 0, "Database" },
	{ "login", "SELECT user_id, role, full_name, home_station_id FROM check_login($1, $2)", 2,
	  NULL, 0, SD_QROLE_ALL, 0, "Login" },
	{ "login_session", "SELECT user_id, role, full_name, home_station_id, username"
	  " FROM check_session_login()", 0, NULL, 0, SD_QROLE_ALL, 0, "Login as the session user" },
	{ "refresh_all", "SELECT * FROM refresh_all_materialized_views($1)", 1, NULL, 0, ADM, 1,
	  "Refresh all views" },
	{ "refresh_view", "SELECT * FROM refresh_materialized_view($1, $2)", 2, NULL, 0, ADM, 1,
	  "Refresh one view" },
	{ "create_partitions", "SELECT * FROM create_monthly_partitions()", 0, NULL, 0, ADM, 1,
	  "Create partitions" },
	{ "archive_partitions", "SELECT * FROM archive_old_partitions($1::bool)", 1, NULL, 0, ADM, 1,
	  "Archive old partitions" },
	{ "metrics_insert", SQL_METRICS_INSERT, 8, NULL, 0, ADM, 1, "Cache metrics" },
	/* The database administration of `solardash db migrate|demo|schedule` (src/db/), on the
	 * admin connection; the migrations themselves are the files in sql/. */
	{ "tx_begin", "BEGIN", 0, NULL, 0, ADM, 1, "Begin" },
	{ "tx_commit", "COMMIT", 0, NULL, 0, ADM, 1, "Commit" },
	{ "tx_rollback", "ROLLBACK", 0, NULL, 0, ADM, 1, "Roll back" },
	{ "migrate_quiet", "SET client_min_messages = warning", 0, NULL, 0, ADM, 1, "Quiet notices" },
	{ "migrate_settings", "SELECT set_config('DateStyle', 'ISO, YMD', false),"
	  " set_config('IntervalStyle', 'postgres', false), set_config('TimeZone', 'UTC', false)",
	  0, NULL, 0, ADM, 1, "Session settings of a migration" },
	{ "migrate_table", "CREATE TABLE IF NOT EXISTS public.schema_migrations ("
	  " name text PRIMARY KEY, checksum text NOT NULL,"
	  " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL, 0, ADM, 1, "Migrations table" },
	{ "migrate_lock", "SELECT pg_advisory_lock(2026, 0)", 0, NULL, 0, ADM, 1, "Migration lock" },
	{ "migrate_unlock", "SELECT pg_advisory_unlock(2026, 0)", 0, NULL, 0, ADM, 1,
	  "Migration unlock" },
	{ "migrate_applied", "SELECT checksum = md5($2) FROM public.schema_migrations WHERE name = $1",
	  2, NULL, 0, ADM, 1, "Migration applied?" },
	{ "migrate_record", "INSERT INTO public.schema_migrations (name, checksum) VALUES ($1, md5($2))",
	  2, NULL, 0, ADM, 1, "Record a migration" },
	{ "catalog_copy", "COPY module_catalog (model, manufacturer, technology, bifacial, stc_w,"
	  " voc_v, isc_a, area_m2, cells) FROM STDIN", 0, NULL, 0, ADM, 1, "Load the module catalogue" },
	{ "demo_has_factory", "SELECT (SELECT count(*) FROM panels), (SELECT count(*) FROM stations)",
	  0, NULL, 0, ADM, 1, "Is there a factory?" },
	{ "demo_reset", "SELECT demo_reset()", 0, NULL, 0, ADM, 1, "Empty the factory" },
	{ "demo_clear_catalog", "DELETE FROM module_catalog", 0, NULL, 0, ADM, 1,
	  "Empty the module catalogue" },
	{ "demo_generate", "SELECT item, row_count FROM demo_generate($1::numeric)", 1, NULL, 0, ADM, 1,
	  "Build the demo factory" },
	{ "demo_refresh", "SELECT view_name, success, row_count, message"
	  " FROM refresh_all_materialized_views($1)", 1, NULL, 0, ADM, 1, "Refresh after the demo" },
	{ "demo_users", "SELECT u.username, u.role, coalesce(s.name, '') FROM users u"
	  " LEFT JOIN stations s ON s.id = u.home_station_id ORDER BY u.id", 0, NULL, 0, ADM, 1,
	  "Demo users" },
	{ "cron_state", "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron'),"
	  " EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron'),"
	  " coalesce(current_setting('cron.database_name', true), ''), current_database()",
	  0, NULL, 0, ADM, 1, "pg_cron here?" },
	{ "cron_create", "CREATE EXTENSION IF NOT EXISTS pg_cron", 0, NULL, 0, ADM, 1,
	  "Install pg_cron" },
	/* Needs the cron schema: test_db prepares every entry but the cron_schedule one. */
	{ "cron_schedule", "SELECT cron.schedule($1, $2, $3)", 3, NULL, 0, ADM, 1, "Schedule a job" },
	{ "cron_job_refresh", "SELECT refresh_all_materialized_views('pg_cron')", 0, NULL, 0, ADM, 1,
	  "pg_cron job: refresh the views" },
	{ "cron_job_partitions", "SELECT create_monthly_partitions()", 0, NULL, 0, ADM, 1,
	  "pg_cron job: partitions ahead" },
	/* solardash-bench only: the dashboard queries over the base tables (see BASE_*). */
	{ "orders_in_progress@base", "WITH " BASE_MO " " SQL_ORDERS_IN_PROGRESS, 0, NULL, 0, ADM, 0,
	  "Orders in progress, from the base tables" },
	{ "panel_status_counts@base", "WITH " BASE_STATUS " " SQL_PANEL_STATUS, 0, NULL, 0, ADM, 0,
	  "Panels by status, from the base tables" },
	{ "station_performance@base", "WITH " BASE_STATION " " SQL_STATION_PERF, 0, NULL, 0, ADM, 0,
	  "Station performance, from the base tables" },
	{ "wip_per_station@base", "WITH " BASE_WORKFLOW " " SQL_WIP, 0, NULL, 0, ADM, 0,
	  "Work in progress per station, from the base tables" },
	{ "orders_under_half@base", "WITH " BASE_MO " " SQL_ORDERS_UNDER_HALF, 0, NULL, 0, ADM, 0,
	  "Orders under 50 % complete, from the base tables" },
	{ "quality_30d@base", "WITH " BASE_QUALITY " " SQL_QUALITY_30D, 0, NULL, 0, ADM, 0,
	  "Quality, last 30 days, from the base tables" },
	{ "workflow_efficiency@base", "WITH " BASE_WORKFLOW " " SQL_WORKFLOW, 0, NULL, 0, ADM, 0,
	  "Workflow efficiency, from the base tables" },
	{ "headline@base", "WITH " BASE_STATUS ", " BASE_MO ", " BASE_QUALITY " " SQL_HEADLINE, 0,
	  NULL, 0, ADM, 0, "Headline, from the base tables" },
};

static const char *const s_queue[] = {
	"station_pass_rate", "station_queue", "station_recent_inspections", NULL
};
static const char *const s_orders[] = {
	"orders_in_progress", "panel_status_counts", "station_performance", "wip_per_station", NULL
};
static const char *const s_quality[] = {
	"headline", "quality_30d", "orders_under_half", "workflow_efficiency", NULL
};
static const char *const s_views[] = { "view_performance", "view_usage", "refresh_log", NULL };
static const char *const s_partitions[] = { "partition_stats", NULL };
static const char *const s_cache[] = { NULL };   /* Redis health, not SQL */

static const struct sd_screen_queries screens[] = {
	{ "queue", s_queue, 1, 0 },
	{ "orders", s_orders, 0, 0 },
	{ "quality", s_quality, 0, 0 },
	{ "views", s_views, 0, 1 },
	{ "partitions", s_partitions, 0, 1 },
	{ "cache", s_cache, 0, 1 },
};

const struct sd_query *sd_catalog_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < sizeof catalog / sizeof catalog[0]; i++)
		if (strcmp(catalog[i].name, name) == 0)
			return &catalog[i];
	return NULL;
}

const char *sd_catalog_sql(const char *name)
{
	const struct sd_query *q = sd_catalog_find(name);

	if (!q) {
		fprintf(stderr, "solardash: bug: no query '%s' in the catalogue\n", name);
		abort();
	}
	return q->sql;
}

const struct sd_query *sd_catalog_all(size_t *n)
{
	*n = sizeof catalog / sizeof catalog[0];
	return catalog;
}

const struct sd_screen_queries *sd_catalog_screen(const char *screen)
{
	size_t i;

	for (i = 0; screen && i < sizeof screens / sizeof screens[0]; i++)
		if (strcmp(screens[i].screen, screen) == 0)
			return &screens[i];
	return NULL;
}

const struct sd_screen_queries *sd_catalog_screens(size_t *n)
{
	*n = sizeof screens / sizeof screens[0];
	return screens;
}
