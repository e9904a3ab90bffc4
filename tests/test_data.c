/* The data layer on the real schema (the migrations and a small demo factory in this test's
 * database): answers with provenance, cache hits, a generation switch after a refresh made
 * through solardash and after one made behind its back (as pg_cron does), warming and its
 * metrics, login, and the role check. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"
#include "support.h"
#include "solardash/cache.h"
#include "solardash/data.h"
#include "solardash/db.h"

static struct sd_config cfg;
static PGconn *pg;

/* Runs the solardash program with the test's environment; returns its exit status. */
static int run_cli(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int run_cli(const char *fmt, ...)
{
	const char *top = getenv("top_builddir");
	char args[512], cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "%s/solardash %s >/dev/null", top ? top : ".", args);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int suite_init(void)
{
	sd_test_require_servers();
	if (run_cli("db migrate") != 0 || run_cli("db demo --scale 0.02") != 0)
		return -1;
	sd_config_init(&cfg);
	free(cfg.redis_socket);
	cfg.redis_socket = sd_strdup(getenv("SD_TEST_REDIS_SOCKET"));
	free(cfg.redis_prefix);
	cfg.redis_prefix = sd_strdup(sd_test_prefix());
	cfg.cache_generation_ttl_ms = 300;
	cfg.cache_wait_ms = 10000;
	pg = sd_test_pg_connect();
	return pg ? 0 : -1;
}

static int suite_done(void)
{
	PQfinish(pg);
	sd_config_done(&cfg);
	return 0;
}

static struct sd_table *fetch(struct sd_data *d, const char *q, const char *param)
{
	const char *params[1] = { param };
	struct sd_table *t = NULL;
	sd_err rc = sd_data_fetch(d, q, params, param ? 1 : 0, &t);

	if (rc != SD_OK)
		fprintf(stderr, "fetch %s: %s\n", q, sd_err_last());
	CU_ASSERT_EQUAL(rc, SD_OK);
	return t;
}

static void test_every_query_runs(void)
{
	static const char *const names[] = {
		"station_queue", "station_recent_inspections", "station_pass_rate",
		"orders_in_progress", "panel_status_counts", "station_performance", "wip_per_station",
		"orders_under_half", "quality_30d", "workflow_efficiency", "headline",
		"view_performance", "view_usage", "refresh_log", "partition_stats", NULL
	};
	struct sd_data *d;
	int i;

	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	for (i = 0; names[i]; i++) {
		struct sd_table *t = fetch(d, names[i], strncmp(names[i], "station_", 8) ||
					   !strcmp(names[i], "station_performance") ? NULL : "3");

		CU_ASSERT_PTR_NOT_NULL(t);
		if (t)
			CU_ASSERT_TRUE(t->ncols > 0);
		sd_table_free(t);
	}
	sd_data_close(d);
}

static void test_provenance_and_values(void)
{
	struct sd_data *d;
	struct sd_table *t;
	long long sum = 0, v;
	size_t r;
	long panels = sd_test_scalar(pg, "SELECT count(*) FROM panels");
	long deleted;

	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	CU_ASSERT_EQUAL(sd_data_invalidate(d, "v1:*", &deleted), SD_OK);
	t = fetch(d, "panel_status_counts", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->source, SD_SRC_DATABASE);
	CU_ASSERT_TRUE(t->views_refreshed_at > 0);
	CU_ASSERT_TRUE(t->computed_at > sd_now() - 60);
	for (r = 0; r < t->nrows; r++)
		if (sd_table_long(t, r, 1, &v) == 0)
			sum += v;
	CU_ASSERT_TRUE(panels > 0);
	CU_ASSERT_EQUAL(sum, panels);
	sd_table_free(t);
	t = fetch(d, "panel_status_counts", NULL);
	CU_ASSERT_EQUAL(t->source, SD_SRC_CACHE);
	sd_table_free(t);
	/* the headline agrees with the base tables */
	t = fetch(d, "headline", NULL);
	CU_ASSERT_TRUE(sd_table_long(t, 0, 0, &v) == 0 && v == panels);
	sd_table_free(t);
	sd_data_close(d);
}

static long long count_of(const struct sd_table *t, const char *status)
{
	long long v = -1;
	size_t r;

	for (r = 0; t && r < t->nrows; r++)
		if (!strcmp(sd_table_get(t, r, 0), status))
			sd_table_long(t, r, 1, &v);
	return v;
}

/* One panel completed -> scrapped in the base table: visible only after a refresh. */
static void scrap_one(void)
{
	sd_test_exec(pg, "UPDATE panels SET status = 'scrapped' WHERE id = "
		     "(SELECT id FROM panels WHERE status = 'completed' LIMIT 1)");
}

static void test_refresh_through_solardash(void)
{
	struct sd_data *admin, *term;
	struct sd_table *t;
	struct sd_data_state st;
	struct pollfd pfd;
	unsigned long gen;
	long long before;

	sd_data_open(&admin, &cfg, SD_DATA_ADMIN);
	sd_data_open(&term, &cfg, SD_DATA_DASHBOARD);
	CU_ASSERT_EQUAL_FATAL(sd_data_pollfds(term, &pfd, 1), 1);   /* subscribed */
	t = fetch(term, "panel_status_counts", NULL);
	before = count_of(t, "completed");
	sd_table_free(t);
	sd_data_state(term, &st);
	gen = st.generation;
	scrap_one();
	t = fetch(term, "panel_status_counts", NULL);
	CU_ASSERT_EQUAL(t->source, SD_SRC_CACHE);           /* not refreshed yet: same data */
	CU_ASSERT_EQUAL(count_of(t, "completed"), before);
	sd_table_free(t);
	CU_ASSERT_EQUAL_FATAL(sd_data_refresh(admin, NULL, &t), SD_OK);
	CU_ASSERT_EQUAL(t->nrows, 5);
	sd_table_free(t);
	/* the terminal hears of it through pub/sub, without asking the database */
	CU_ASSERT_EQUAL(poll(&pfd, 1, 2000), 1);
	CU_ASSERT_TRUE(sd_data_process(term) & SD_DATA_VIEWS_REFRESHED);
	sd_data_state(term, &st);
	CU_ASSERT_EQUAL(st.generation, gen + 5);
	t = fetch(term, "panel_status_counts", NULL);
	CU_ASSERT_EQUAL(t->source, SD_SRC_DATABASE);        /* a new key: computed once */
	CU_ASSERT_EQUAL(count_of(t, "completed"), before - 1);
	sd_table_free(t);
	t = fetch(term, "panel_status_counts", NULL);
	CU_ASSERT_EQUAL(t->source, SD_SRC_CACHE);
	sd_table_free(t);
	sd_data_close(term);
	sd_data_close(admin);
}

/* As pg_cron does: the database refreshes on its own; terminals notice through the short
 * life of the shared generations. */
static void test_refresh_behind_its_back(void)
{
	struct sd_data *term;
	struct sd_table *t;
	long long before;

	sd_data_open(&term, &cfg, SD_DATA_DASHBOARD);
	t = fetch(term, "panel_status_counts", NULL);
	before = count_of(t, "completed");
	sd_table_free(t);
	scrap_one();
	CU_ASSERT_EQUAL(sd_test_scalar(pg, "SELECT count(*) FROM refresh_all_materialized_views('cron')"), 5);
	usleep((useconds_t)(cfg.cache_generation_ttl_ms + 150) * 1000);
	CU_ASSERT_TRUE(sd_data_process(term) & SD_DATA_VIEWS_REFRESHED);
	t = fetch(term, "panel_status_counts", NULL);
	CU_ASSERT_EQUAL(t->source, SD_SRC_DATABASE);
	CU_ASSERT_EQUAL(count_of(t, "completed"), before - 1);
	sd_table_free(t);
	sd_data_close(term);
}

static long long metric(struct sd_data *d, const char *role, const char *query, const char *col)
{
	struct sd_table *t;
	long long v = -1;
	size_t r;
	int c;

	if (sd_data_cache_metrics(d, &t) != SD_OK)
		return -1;
	c = sd_table_col(t, col);
	for (r = 0; r < t->nrows; r++)
		if (!strcmp(sd_table_get(t, r, 0), role) && !strcmp(sd_table_get(t, r, 1), query))
			sd_table_long(t, r, (size_t)c, &v);
	sd_table_free(t);
	return v;
}

static void test_warm_and_metrics(void)
{
	struct sd_data *d;
	struct sd_table *t;
	long deleted;
	struct sd_warm_count wc;

	sd_data_open(&d, &cfg, SD_DATA_ADMIN);
	CU_ASSERT_EQUAL(sd_data_invalidate(d, "metrics:*", &deleted), SD_OK);
	CU_ASSERT_EQUAL(sd_data_invalidate(d, "v1:*", &deleted), SD_OK);
	CU_ASSERT_TRUE(deleted > 0);
	CU_ASSERT_EQUAL(sd_data_warm(d, SD_ROLE_MANAGER, "mia", 0, &wc), SD_OK);
	CU_ASSERT_EQUAL(wc.loaded, 4);                       /* the manager profile */
	CU_ASSERT_EQUAL(wc.cached, 0);
	CU_ASSERT_EQUAL(sd_data_warm(d, SD_ROLE_MANAGER, "mia", 0, &wc), SD_OK);
	CU_ASSERT_EQUAL(wc.loaded, 0);                       /* all there already */
	CU_ASSERT_EQUAL(wc.cached, 4);
	sd_data_set_identity(d, SD_ROLE_MANAGER, "mia");
	t = fetch(d, "headline", NULL);
	CU_ASSERT_EQUAL(t->source, SD_SRC_CACHE);            /* warmed: no miss at login */
	sd_table_free(t);
	t = fetch(d, "station_performance", NULL);          /* not in the profile: a miss */
	sd_table_free(t);
	CU_ASSERT_EQUAL(metric(d, "manager", "headline", "warm_loads"), 1);
	CU_ASSERT_EQUAL(metric(d, "manager", "headline", "hits"), 1);
	CU_ASSERT_EQUAL(metric(d, "manager", "headline", "misses"), 0);
	CU_ASSERT_EQUAL(metric(d, "manager", "station_performance", "misses"), 1);
	/* what mia opens is warmed at her next login too */
	CU_ASSERT_EQUAL(sd_data_invalidate(d, "v1:*", &deleted), SD_OK);
	CU_ASSERT_EQUAL(sd_data_warm(d, SD_ROLE_MANAGER, "mia", 0, &wc), SD_OK);
	CU_ASSERT_EQUAL(wc.loaded, 5);
	sd_data_close(d);
}

static void test_flush_metrics(void)
{
	struct sd_data *d;
	int rows = 0;
	long before = sd_test_scalar(pg, "SELECT count(*) FROM cache_performance_metrics");

	sd_data_open(&d, &cfg, SD_DATA_ADMIN);
	CU_ASSERT_EQUAL(sd_data_flush_metrics(d, &rows), SD_OK);
	CU_ASSERT_TRUE(rows > 0);
	CU_ASSERT_EQUAL(sd_test_scalar(pg, "SELECT count(*) FROM cache_performance_metrics"),
			before + rows);
	CU_ASSERT_EQUAL(sd_test_scalar(pg, "SELECT warm_loads FROM cache_performance_metrics "
				       "WHERE role = 'manager' AND query_name = 'headline'"), 2);   /* two logins */
	/* flushed counters start again from zero */
	CU_ASSERT_EQUAL(metric(d, "manager", "headline", "hits"), 0);
	CU_ASSERT_EQUAL(sd_data_flush_metrics(d, &rows), SD_OK);
	CU_ASSERT_EQUAL(rows, 0);
	sd_data_close(d);
}

/* A value that does not decode (damaged, or written by something else) is a miss and an
 * error in the metrics, is recomputed and overwritten; it never reaches the screen. */
static void test_corrupt_value_counted(void)
{
	const char *params[1] = { "3" };
	struct sd_cache *c = sd_cache_new(&cfg);
	/* a live query: no views, generation 0 */
	char *key = sd_cache_key(sd_test_prefix(), "station_queue", params, 1, 0);
	struct sd_data *d;
	struct sd_table *t;
	redisReply *r;
	long deleted;

	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	CU_ASSERT_EQUAL(sd_data_invalidate(d, "metrics:*", &deleted), SD_OK);
	r = sd_cache_cmd(c, "SET %s %s PX 60000", key, "SD1 1 2 3\ngarbage");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	freeReplyObject(r);
	sd_data_set_identity(d, SD_ROLE_OPERATOR, "olga");
	t = fetch(d, "station_queue", "3");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->source, SD_SRC_DATABASE);
	CU_ASSERT_EQUAL(t->ncols, 6);
	sd_table_free(t);
	CU_ASSERT_EQUAL(metric(d, "operator", "station_queue", "misses"), 1);
	CU_ASSERT_EQUAL(metric(d, "operator", "station_queue", "errors"), 1);
	CU_ASSERT_EQUAL(metric(d, "operator", "station_queue", "hits"), 0);
	/* overwritten with a good value: the next read is a plain hit */
	t = fetch(d, "station_queue", "3");
	CU_ASSERT_EQUAL(t->source, SD_SRC_CACHE);
	sd_table_free(t);
	CU_ASSERT_EQUAL(metric(d, "operator", "station_queue", "hits"), 1);
	CU_ASSERT_EQUAL(metric(d, "operator", "station_queue", "errors"), 1);
	sd_data_close(d);
	sd_cache_free(c);
	free(key);
}

static void test_login_and_roles(void)
{
	struct sd_data *d;
	struct sd_login who;
	struct sd_table *t = NULL;

	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	CU_ASSERT_EQUAL_FATAL(sd_data_login(d, "operator", "1234", &who), SD_OK);
	CU_ASSERT_EQUAL(who.role, SD_ROLE_OPERATOR);
	CU_ASSERT_EQUAL(who.station_id, 3);
	CU_ASSERT_STRING_EQUAL(who.full_name, "Olga Operator");
	CU_ASSERT_EQUAL(sd_data_login(d, "operator", "4321", &who), SD_ERR_DENIED);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "wrong user name or PIN");
	/* Trusting the OS user: the session user here is postgres, in no users row. */
	CU_ASSERT_EQUAL(sd_data_login(d, "operator", NULL, &who), SD_ERR_DENIED);
	CU_ASSERT_EQUAL(sd_data_login(d, "nobody", "1234", &who), SD_ERR_DENIED);
	sd_data_set_identity(d, SD_ROLE_OPERATOR, "operator");
	CU_ASSERT_EQUAL(sd_data_fetch(d, "quality_30d", NULL, 0, &t), SD_ERR_DENIED);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(sd_data_fetch(d, "no_such_query", NULL, 0, &t), SD_ERR_NOTFOUND);
	CU_ASSERT_EQUAL(sd_data_fetch(d, "station_queue", NULL, 0, &t), SD_ERR_USAGE);
	sd_data_close(d);
}

/* "Trust the OS user": a session that PostgreSQL authenticated as j.meyer is that operator,
 * and can claim no one else. (Roles are cluster-wide: tests/sql/05_roles.sql uses "operator".) */
static void test_session_login(void)
{
	struct sd_config c2 = cfg;
	char conninfo[] = "user=j.meyer";
	struct sd_data *d;
	struct sd_login who;

	CU_ASSERT_EQUAL_FATAL(sd_test_exec(pg, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles "
		"WHERE rolname = 'j.meyer') THEN CREATE ROLE \"j.meyer\" LOGIN IN ROLE "
		"solardash_reader; END IF; END $$"), 0);
	c2.db_conninfo = conninfo;
	sd_data_open(&d, &c2, SD_DATA_DASHBOARD);
	CU_ASSERT_EQUAL(sd_data_login(d, "j.meyer", NULL, &who), SD_OK);
	CU_ASSERT_EQUAL(who.role, SD_ROLE_OPERATOR);
	CU_ASSERT_EQUAL(who.station_id, 1);
	CU_ASSERT_EQUAL(sd_data_login(d, "admin", NULL, &who), SD_ERR_DENIED);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "the database session is not that dashboard user");
	sd_data_close(d);
}

static long mv_scans(void)
{
	/* a fresh snapshot of the statistics for every call */
	sd_test_exec(pg, "SELECT pg_stat_clear_snapshot()");
	return sd_test_scalar(pg, "SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables "
			      "WHERE relname = 'mv_station_performance'");
}

/* Ten terminals open the same screen on a cold cache: the view is read once. */
static void test_terminals_one_query(void)
{
	enum { N = 10 };
	struct sd_data *d;
	long before, deleted;
	pid_t pids[N];
	int i, status, read = 0, computed = 0;

	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	sd_data_invalidate(d, "v1:*", &deleted);
	sd_data_close(d);
	/* backends of earlier commands (the demo's refresh reads the views) report on exit:
	 * start counting once the figure has stood still for half a second */
	do {
		before = mv_scans();
		usleep(500000);
	} while (mv_scans() != before);
	for (i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct sd_table *t = NULL;
			sd_err rc;

			sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
			rc = sd_data_fetch(d, "station_performance", NULL, 0, &t);
			status = rc != SD_OK || t->nrows != 9 ? 1 : t->source == SD_SRC_DATABASE ? 10 : 0;
			sd_table_free(t);
			sd_data_close(d);   /* the backend exits and reports its statistics */
			_exit(status);
		}
	}
	for (i = 0; i < N; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status))
			continue;
		computed += WEXITSTATUS(status) == 10;
		read += WEXITSTATUS(status) == 0;
	}
	CU_ASSERT_EQUAL(computed, 1);       /* one terminal asked the database ... */
	CU_ASSERT_EQUAL(read, N - 1);       /* ... the others read its answer from Redis */
	for (i = 0; i < 50 && mv_scans() == before; i++)
		usleep(100000);   /* statistics arrive when the backends have exited */
	usleep(1000000);
	if (mv_scans() - before != 1)
		fprintf(stderr, "mv_station_performance read %ld times\n", mv_scans() - before);
	CU_ASSERT_EQUAL(mv_scans() - before, 1);
}

static const struct sd_test tests[] = {
	{ "ten terminals on a cold cache: one read of the view", test_terminals_one_query },
	{ "trusting the OS user: the session user only", test_session_login },
	{ "every dashboard query runs on the real schema", test_every_query_runs },
	{ "provenance, and values equal the base tables", test_provenance_and_values },
	{ "refresh through solardash: pub/sub, new generation", test_refresh_through_solardash },
	{ "refresh behind its back (pg_cron): noticed within the TTL", test_refresh_behind_its_back },
	{ "warming at login, counted apart; user's top queries", test_warm_and_metrics },
	{ "metrics flushed to cache_performance_metrics", test_flush_metrics },
	{ "login and the role check", test_login_and_roles },
	{ "an undecodable value: a miss and an error in the metrics", test_corrupt_value_counted },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "data", suite_init, suite_done, tests },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	return sd_test_main("test_data", suites);
}
