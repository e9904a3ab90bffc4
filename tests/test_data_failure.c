/* PostgreSQL stopped mid-run, on a private cluster this test starts and stops (the harness's
 * server is shared with other tests): cached data keeps being served, then the last known
 * value with its age, a clear error when nothing was ever cached, and the reconnect once the
 * server is back. Without Redis too, the last value in memory is still shown. */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"
#include "support.h"
#include "solardash/data.h"
#include "solardash/db.h"

#define PORT "5499"

static struct sd_config cfg;
static char pgdir[256];
static int started;

static int shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int shell(const char *fmt, ...)
{
	char cmd[2048], line[1800];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* PostgreSQL refuses root: run its tools as postgres then */
	if (geteuid() == 0)
		snprintf(cmd, sizeof cmd, "cd / && runuser -u postgres -- %s", line);
	else
		snprintf(cmd, sizeof cmd, "%s", line);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int pg_start(void)
{
	int rc = shell("%s/pg_ctl -D %s -l %s.log -w -t 30 -o \"-c listen_addresses='' "
		       "-c unix_socket_directories=%s -p " PORT " -c fsync=off\" start >/dev/null 2>&1",
		       getenv("SD_TEST_PGBIN"), pgdir, pgdir, getenv("SD_TEST_DIR"));

	started = rc == 0;
	return rc;
}

static int pg_stop(void)
{
	started = 0;
	return shell("%s/pg_ctl -D %s -m immediate -w stop >/dev/null 2>&1",
		     getenv("SD_TEST_PGBIN"), pgdir);
}

static int load_schema(void)
{
	const char *top = getenv("top_builddir");
	char cmd[1024];
	int rc;

	snprintf(cmd, sizeof cmd, "PGPORT=" PORT " PGDATABASE=postgres %s/solardash db migrate "
		 ">/dev/null && PGPORT=" PORT " PGDATABASE=postgres %s/solardash db demo --scale 0.01 "
		 ">/dev/null", top ? top : ".", top ? top : ".");
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int suite_init(void)
{
	sd_test_require_servers();
	snprintf(pgdir, sizeof pgdir, "%s/pg2", getenv("SD_TEST_DIR"));
	if (shell("%s/initdb -D %s -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync "
		  ">/dev/null 2>&1", getenv("SD_TEST_PGBIN"), pgdir) || pg_start() || load_schema())
		return -1;
	sd_config_init(&cfg);
	free(cfg.db_conninfo);
	cfg.db_conninfo = sd_asprintf("host=%s port=" PORT " dbname=postgres user=postgres",
				      getenv("SD_TEST_DIR"));
	cfg.db_connect_timeout_ms = 2000;
	free(cfg.redis_socket);
	cfg.redis_socket = sd_strdup(getenv("SD_TEST_REDIS_SOCKET"));
	free(cfg.redis_prefix);
	cfg.redis_prefix = sd_strdup(sd_test_prefix());
	return 0;
}

static int suite_done(void)
{
	if (started)
		pg_stop();
	sd_config_done(&cfg);
	return 0;
}

static struct sd_table *fetch(struct sd_data *d, const char *q, sd_err *rc)
{
	struct sd_table *t = NULL;

	*rc = sd_data_fetch(d, q, NULL, 0, &t);
	return t;
}

static int same_rows(const struct sd_table *a, const struct sd_table *b)
{
	size_t i;

	if (!a || !b || a->nrows != b->nrows || a->ncols != b->ncols)
		return 0;
	for (i = 0; i < a->nrows * a->ncols; i++)
		if ((a->cells[i] == NULL) != (b->cells[i] == NULL) ||
		    (a->cells[i] && strcmp(a->cells[i], b->cells[i])))
			return 0;
	return 1;
}

/* Polls until the database answers again; returns the seconds it took, -1 after 12 s. */
static double until_fresh(struct sd_data *d, const char *q)
{
	double t0 = sd_now();
	sd_err rc;

	while (sd_now() - t0 < 12) {
		struct sd_table *t = fetch(d, q, &rc);
		int fresh = rc == SD_OK && t->source != SD_SRC_STALE;

		sd_table_free(t);
		if (fresh)
			return sd_now() - t0;
		usleep(100000);
	}
	return -1;
}

static void test_postgres_down(void)
{
	struct sd_data *d;
	struct sd_table *first, *t;
	struct sd_data_state st;
	long deleted;
	double t0, back;
	sd_err rc;

	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	first = fetch(d, "station_performance", &rc);
	CU_ASSERT_EQUAL_FATAL(rc, SD_OK);
	CU_ASSERT_EQUAL(first->source, SD_SRC_DATABASE);
	CU_ASSERT_TRUE(first->nrows > 0);
	CU_ASSERT_EQUAL_FATAL(pg_stop(), 0);

	/* still cached: served as usual */
	t = fetch(d, "station_performance", &rc);
	CU_ASSERT_EQUAL(rc, SD_OK);
	CU_ASSERT_EQUAL(t->source, SD_SRC_CACHE);
	CU_ASSERT_TRUE(same_rows(first, t));
	sd_table_free(t);

	/* the screens' loop learns the database is gone without asking it anything */
	CU_ASSERT_TRUE(sd_data_process(d) & SD_DATA_STATE_CHANGED);
	sd_data_state(d, &st);
	CU_ASSERT_EQUAL(st.db_up, 0);

	/* the values expire (here: deleted): the last known value, marked stale, with its age */
	CU_ASSERT_EQUAL(sd_data_invalidate(d, "v1:*", &deleted), SD_OK);
	t0 = sd_now();
	t = fetch(d, "station_performance", &rc);
	CU_ASSERT(sd_now() - t0 < 1.0);
	CU_ASSERT_EQUAL_FATAL(rc, SD_OK);
	CU_ASSERT_EQUAL(t->source, SD_SRC_STALE);
	CU_ASSERT_TRUE(same_rows(first, t));
	CU_ASSERT_DOUBLE_EQUAL(t->computed_at, first->computed_at, 0.01);
	sd_table_free(t);

	/* never cached: a clear error */
	t = fetch(d, "quality_30d", &rc);
	CU_ASSERT_EQUAL(rc, SD_ERR_DB);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_PTR_NOT_NULL(strstr(sd_err_last(), "quality_30d: no data: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(sd_err_last(), "nothing cached"));
	sd_data_state(d, &st);
	CU_ASSERT_EQUAL(st.db_up, 0);
	CU_ASSERT_TRUE(st.db_down_since > 0);
	CU_ASSERT_EQUAL(st.cache_up, 1);

	/* back: noticed by the reconnect backoff */
	CU_ASSERT_EQUAL_FATAL(pg_start(), 0);
	back = until_fresh(d, "station_performance");
	CU_ASSERT(back >= 0 && back < 10);
	sd_data_state(d, &st);
	CU_ASSERT_EQUAL(st.db_up, 1);
	sd_table_free(first);
	sd_data_close(d);
}

/* Redis and PostgreSQL both gone: the last value this process saw, from memory. */
static void test_both_down(void)
{
	struct sd_config nocache = cfg;
	struct sd_data *d;
	struct sd_table *first, *t;
	sd_err rc;

	nocache.redis_socket = (char *)"/nonexistent/redis.sock";
	sd_data_open(&d, &nocache, SD_DATA_DASHBOARD);
	first = fetch(d, "panel_status_counts", &rc);
	CU_ASSERT_EQUAL_FATAL(rc, SD_OK);
	CU_ASSERT_EQUAL(first->source, SD_SRC_NOCACHE);
	CU_ASSERT_EQUAL_FATAL(pg_stop(), 0);
	t = fetch(d, "panel_status_counts", &rc);
	CU_ASSERT_EQUAL(rc, SD_OK);
	if (t) {
		CU_ASSERT_EQUAL(t->source, SD_SRC_STALE);
		CU_ASSERT_TRUE(same_rows(first, t));
	}
	sd_table_free(t);
	sd_table_free(first);
	sd_data_close(d);
	CU_ASSERT_EQUAL(pg_start(), 0);
}

/* The backend of our connection, found by its application_name (no SQL in the layer for it). */
static long backend_pid(void)
{
	char *ci = sd_asprintf("%s connect_timeout=5", cfg.db_conninfo);
	PGconn *c = PQconnectdb(ci);
	PGresult *r = PQexec(c, "SELECT pid FROM pg_stat_activity WHERE application_name = 'solardash' "
			     "AND pid <> pg_backend_pid() ORDER BY backend_start DESC LIMIT 1");
	long pid = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
		   ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : -1;

	PQclear(r);
	PQfinish(c);
	free(ci);
	return pid;
}

/* A backend that stops answering (SIGSTOP): the client's deadline ends the wait. */
static void test_postgres_hung(void)
{
	struct sd_data *d;
	struct sd_table *first, *t;
	long deleted, pid;
	double t0;
	sd_err rc;

	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	first = fetch(d, "workflow_efficiency", &rc);
	CU_ASSERT_EQUAL_FATAL(rc, SD_OK);
	pid = backend_pid();
	CU_ASSERT_TRUE_FATAL(pid > 0);
	CU_ASSERT_EQUAL(sd_data_invalidate(d, "v1:*", &deleted), SD_OK);
	kill((pid_t)pid, SIGSTOP);
	t0 = sd_now();
	t = fetch(d, "workflow_efficiency", &rc);
	/* statement_timeout cannot fire in a stopped backend: the client deadline does */
	CU_ASSERT(sd_now() - t0 < (cfg.db_statement_timeout_ms + 1500) / 1000.0);
	kill((pid_t)pid, SIGCONT);
	CU_ASSERT_EQUAL(rc, SD_OK);
	if (t) {
		CU_ASSERT_EQUAL(t->source, SD_SRC_STALE);
		CU_ASSERT_TRUE(same_rows(first, t));
	}
	sd_table_free(t);
	sd_table_free(first);
	sd_data_close(d);
}

/* The postmaster stops answering (SIGSTOP): the socket still accepts, the startup packet
 * is never answered; a new connection gives up at connect_timeout_ms, not libpq's seconds. */
static void test_postgres_connect_hung(void)
{
	char *pidfile = sd_asprintf("%s/postmaster.pid", pgdir);
	FILE *f = fopen(pidfile, "r");
	long pid = -1;
	int saved = cfg.db_connect_timeout_ms;
	struct sd_data *d;
	struct sd_data_state st;
	struct sd_table *t;
	double t0, took;
	sd_err rc;

	free(pidfile);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fscanf(f, "%ld", &pid), 1);
	fclose(f);
	CU_ASSERT_TRUE_FATAL(pid > 0);
	cfg.db_connect_timeout_ms = 300;
	kill((pid_t)pid, SIGSTOP);
	t0 = sd_now();
	sd_data_open(&d, &cfg, SD_DATA_DASHBOARD);
	took = sd_now() - t0;
	CU_ASSERT(took >= 0.25);
	CU_ASSERT(took < 0.9);
	CU_ASSERT_PTR_NOT_NULL(strstr(sd_err_last(), "no answer within 300 ms"));
	sd_data_state(d, &st);
	CU_ASSERT_FALSE(st.db_up);
	/* the last known value from the test before, without waiting again */
	t0 = sd_now();
	t = fetch(d, "workflow_efficiency", &rc);
	CU_ASSERT(sd_now() - t0 < 0.9);
	CU_ASSERT_EQUAL(rc, SD_OK);
	sd_table_free(t);
	kill((pid_t)pid, SIGCONT);
	sd_data_close(d);
	cfg.db_connect_timeout_ms = saved;
}

static const struct sd_test tests[] = {
	{ "PostgreSQL hung: the deadline, then the last known value", test_postgres_hung },
	{ "PostgreSQL not accepting: connect gives up at connect_timeout_ms", test_postgres_connect_hung },
	{ "PostgreSQL stopped: cache, then last known, then error; reconnect", test_postgres_down },
	{ "PostgreSQL and Redis down: the last value in memory", test_both_down },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "postgres failure", suite_init, suite_done, tests },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	int rc = sd_test_main("test_data_failure", suites);

	if (started)
		pg_stop();
	return rc;
}
