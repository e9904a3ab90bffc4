/* The database under two sessions at once: a refresh does not block readers, a second
 * refresher is refused at once naming the first, the refresh notifies listeners, and archiving
 * a partition someone reads fails fast naming them. Plus the migration statement splitter. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"
#include "support.h"
#include "solardash/catalog.h"
#include "solardash/db_admin.h"

static PGconn *a, *b;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int setup(void)
{
	char err[2048];

	sd_test_require_servers();
	a = sd_test_pg_connect();
	b = sd_test_pg_connect();
	if (!a || !b)
		return 1;
	if (sd_db_migrate(a, sd_sql_files, stdout, err, sizeof err) != 0) {
		fprintf(stderr, "test_db: migrate: %s\n", err);
		return 1;
	}
	return sd_test_exec(a, "SELECT demo_stations_and_users()")
		|| sd_test_exec(b, "SET statement_timeout = 5000");
}

static int teardown(void)
{
	PQfinish(a);
	PQfinish(b);
	return 0;
}

/* Runs sql on conn expecting an error; returns its SQLSTATE and message (caller frees). */
static char *expect_error(PGconn *conn, const char *sql, char *state, size_t len)
{
	PGresult *res = PQexec(conn, sql);
	char *msg = NULL;

	state[0] = '\0';
	if (PQresultStatus(res) == PGRES_FATAL_ERROR) {
		const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

		snprintf(state, len, "%s", st ? st : "");
		msg = strdup(m ? m : PQerrorMessage(conn));
	}
	PQclear(res);
	return msg;
}

static void test_reader_not_blocked_second_refresher_refused(void)
{
	char state[8], pid[32], *msg;
	double t0;

	snprintf(pid, sizeof pid, "pid %d", PQbackendPID(a));
	CU_ASSERT_EQUAL_FATAL(sd_test_exec(a, "BEGIN"), 0);
	CU_ASSERT_EQUAL(sd_test_scalar(a, "SELECT count(*) FROM refresh_all_materialized_views('session a')"), 5);
	/* A holds the refresh (and the views' refresh locks) in an open transaction. */
	t0 = now_s();
	/* B reads at once, and sees the committed content: from before the stations existed. */
	CU_ASSERT_EQUAL(sd_test_scalar(b, "SELECT count(*) FROM mv_station_performance"), 0);
	CU_ASSERT(now_s() - t0 < 1.0);
	t0 = now_s();
	msg = expect_error(b, "SELECT * FROM refresh_all_materialized_views('session b')", state, sizeof state);
	CU_ASSERT(now_s() - t0 < 1.0);
	CU_ASSERT_STRING_EQUAL(state, "55P03");
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "a refresh is already running (since "));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, pid));
	free(msg);
	msg = expect_error(b, "SELECT * FROM refresh_materialized_view('mv_mo_progress')", state, sizeof state);
	CU_ASSERT_STRING_EQUAL(state, "55P03");
	free(msg);
	CU_ASSERT_EQUAL(sd_test_exec(a, "COMMIT"), 0);
	CU_ASSERT_EQUAL(sd_test_scalar(b, "SELECT count(*) FROM mv_station_performance"), 9);
	CU_ASSERT_EQUAL(sd_test_scalar(b, "SELECT count(*) FROM refresh_all_materialized_views('session b') WHERE success"), 5);
}

static void test_refresh_notifies(void)
{
	PGnotify *n;
	int found = 0;

	CU_ASSERT_EQUAL_FATAL(sd_test_exec(b, "LISTEN solardash_refresh"), 0);
	CU_ASSERT_EQUAL(sd_test_scalar(a, "SELECT count(*) FROM refresh_materialized_view('mv_mo_progress', 'notify')"), 1);
	CU_ASSERT_EQUAL(sd_test_exec(b, "SELECT 1"), 0);
	PQconsumeInput(b);
	while ((n = PQnotifies(b))) {
		if (strcmp(n->relname, "solardash_refresh") == 0 && strstr(n->extra, "\"mv_mo_progress\""))
			found = 1;
		PQfreemem(n);
	}
	CU_ASSERT(found);
	CU_ASSERT_EQUAL(sd_test_exec(b, "UNLISTEN *"), 0);
}

static void test_archive_fails_fast_on_a_held_lock(void)
{
	char state[8], pid[32], *msg;
	double t0;

	if (sd_test_scalar(a, "SELECT count(*) FROM pg_tablespace WHERE spcname = 't_db_archive'") == 0)
		CU_ASSERT_EQUAL_FATAL(sd_test_exec(a, "CREATE TABLESPACE t_db_archive LOCATION ''"), 0);
	CU_ASSERT(sd_test_scalar(a, "SELECT count(*) FROM create_partitions_between("
		"now() - interval '3 years', now() - interval '3 years') WHERE created") >= 2);
	snprintf(pid, sizeof pid, "pid %d", PQbackendPID(a));
	CU_ASSERT_EQUAL_FATAL(sd_test_exec(a, "BEGIN"), 0);
	CU_ASSERT_EQUAL(sd_test_scalar(a, "SELECT count(*) FROM panels"), 0);   /* holds AccessShare */
	t0 = now_s();
	msg = expect_error(b, "SELECT * FROM archive_old_partitions(false, 't_db_archive', 300)", state, sizeof state);
	CU_ASSERT(now_s() - t0 < 2.0);
	CU_ASSERT_STRING_EQUAL(state, "55P03");
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, pid));
	free(msg);
	CU_ASSERT_EQUAL(sd_test_exec(a, "ROLLBACK"), 0);
	CU_ASSERT(sd_test_scalar(b, "SELECT count(*) FROM archive_old_partitions(false, 't_db_archive', 300)"
		" WHERE action LIKE 'moved table and % indexes to t_db_archive'") >= 2);
}

/* Creating partitions ahead attaches them, which locks the DEFAULT partition: behind a
 * reader it gives up within its lock_timeout, names the reader and creates nothing. */
static void test_create_fails_fast_on_a_held_lock(void)
{
	char state[8], pid[32], *msg;
	double t0;
	long before;

	sd_test_scalar(b, "SELECT count(*) FROM create_monthly_partitions(6)");
	before = sd_test_scalar(b, "SELECT count(*) FROM pg_inherits");
	snprintf(pid, sizeof pid, "pid %d", PQbackendPID(a));
	CU_ASSERT_EQUAL_FATAL(sd_test_exec(a, "BEGIN"), 0);
	CU_ASSERT(sd_test_scalar(a, "SELECT count(*) FROM panels") >= 0);   /* AccessShare on all */
	t0 = now_s();
	msg = expect_error(b, "SELECT * FROM create_monthly_partitions(9)", state, sizeof state);
	CU_ASSERT(now_s() - t0 < 5.0);
	CU_ASSERT_STRING_EQUAL(state, "55P03");
	CU_ASSERT_PTR_NOT_NULL_FATAL(msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, pid));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "nothing was created"));
	free(msg);
	CU_ASSERT_EQUAL(sd_test_scalar(b, "SELECT count(*) FROM pg_inherits"), before);
	CU_ASSERT_EQUAL(sd_test_exec(a, "ROLLBACK"), 0);
	CU_ASSERT(sd_test_scalar(b, "SELECT count(*) FROM create_monthly_partitions(9) WHERE created") >= 3);
}

/* Behind ACCESS EXCLUSIVE (an archive moving a partition, a DDL) even reading the bounds
 * waits: create and the archive dry run give up within their lock timeout and name the
 * holder, which they find without waiting themselves. */
static void test_maintenance_behind_exclusive_lock(void)
{
	char state[8], pid[32], *msg;

	snprintf(pid, sizeof pid, "pid %d", PQbackendPID(a));
	CU_ASSERT_EQUAL_FATAL(sd_test_exec(a, "BEGIN"), 0);
	CU_ASSERT_EQUAL_FATAL(sd_test_exec(a, "LOCK TABLE inspections IN ACCESS EXCLUSIVE MODE"), 0);
	msg = expect_error(b, "SELECT * FROM create_monthly_partitions(10)", state, sizeof state);
	CU_ASSERT_STRING_EQUAL(state, "55P03");
	CU_ASSERT(msg && strstr(msg, pid));
	CU_ASSERT(msg && strstr(msg, "nothing was created"));
	free(msg);
	msg = expect_error(b, "SELECT * FROM archive_old_partitions(true, 'nowhere', 300)", state, sizeof state);
	CU_ASSERT_STRING_EQUAL(state, "55P03");
	CU_ASSERT(msg && strstr(msg, pid));
	CU_ASSERT(msg && strstr(msg, "nothing was moved"));
	free(msg);
	CU_ASSERT_EQUAL(sd_test_exec(a, "ROLLBACK"), 0);
	CU_ASSERT(sd_test_scalar(b, "SELECT count(*) FROM archive_old_partitions(true, 'nowhere', 300)") >= 0);
}

static void test_migrate_twice(void)
{
	char err[512];
	FILE *out = tmpfile();
	char line[256] = "", want[256];
	const struct sd_sql_file *f;
	int n = 0;

	/* Counted from the compiled-in files, so a new migration does not need this test edited. */
	for (f = sd_sql_files; f->name; f++)
		n++;
	CU_ASSERT_FATAL(n >= 12);
	snprintf(want, sizeof want, "migrations: 0 applied now, %d already applied (nothing to do)\n", n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(sd_db_migrate(a, sd_sql_files, out, err, sizeof err), 0);
	rewind(out);
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, out));
	CU_ASSERT_STRING_EQUAL(line, want);
	fclose(out);
	CU_ASSERT_EQUAL(sd_test_scalar(a, "SELECT count(*) FROM schema_migrations"), n);
}

/* The statements of text, each trimmed to its start, joined by '|'. */
static void split(const char *text, char *out, size_t len)
{
	long pos = 0, start, end;

	out[0] = '\0';
	while ((end = sd_sql_next_statement(text, pos, &start)) >= 0) {
		if (start >= 0)
			snprintf(out + strlen(out), len - strlen(out), "%s%.*s", *out ? "|" : "",
				(int)(end - start), text + start);
		pos = end;
	}
}

static void test_splitter(void)
{
	char out[1024];

	split("SELECT 1; SELECT 2", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "SELECT 1;|SELECT 2");
	split("-- a; comment\nSELECT ';', \"a;b\" /* c; /* nested; */ d; */;\n\n", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "SELECT ';', \"a;b\" /* c; /* nested; */ d; */;");
	split("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT $1;", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;|SELECT $1;");
	split("DO $x$ BEGIN PERFORM $y$;$y$; END $x$; SELECT E'it\\'s;'; SELECT 'a''b;'", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "DO $x$ BEGIN PERFORM $y$;$y$; END $x$;|SELECT E'it\\'s;';|SELECT 'a''b;'");
	split("  ;; -- only a comment\n", out, sizeof out);
	CU_ASSERT_STRING_EQUAL(out, "");
}

/* Every statement of the query catalogue is valid SQL on the migrated schema and takes exactly
 * the parameters its entry declares (a typo or a drifted column fails here, not on a screen). */
static void test_catalogue_prepares(void)
{
	size_t n, i;
	const struct sd_query *all = sd_catalog_all(&n);

	CU_ASSERT_FATAL(n > 20);
	for (i = 0; i < n; i++) {
		char name[32];
		PGresult *res;

		if (strcmp(all[i].name, "cron_schedule") == 0)
			continue;   /* the cron schema exists only where pg_cron is installed */
		snprintf(name, sizeof name, "q%zu", i);
		res = PQprepare(a, name, all[i].sql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fprintf(stderr, "test_db: %s: %s", all[i].name, PQresultErrorMessage(res));
		CU_ASSERT_EQUAL(PQresultStatus(res), PGRES_COMMAND_OK);
		PQclear(res);
		res = PQdescribePrepared(a, name);
		CU_ASSERT_EQUAL(PQresultStatus(res), PGRES_COMMAND_OK);
		if (PQnparams(res) != all[i].nparams)
			fprintf(stderr, "test_db: %s: %d parameters, the catalogue says %d\n",
				all[i].name, PQnparams(res), all[i].nparams);
		CU_ASSERT_EQUAL(PQnparams(res), all[i].nparams);
		PQclear(res);
	}
	CU_ASSERT_PTR_NOT_NULL(sd_catalog_find("station_performance@base"));
	CU_ASSERT_PTR_NULL(sd_catalog_find("station_queue@base"));
}

static const struct sd_test two_sessions[] = {
	{ "a refresh blocks no reader; a second refresher is refused at once", test_reader_not_blocked_second_refresher_refused },
	{ "refresh notifies solardash_refresh with the generations", test_refresh_notifies },
	{ "archiving a partition in use fails fast naming the holder", test_archive_fails_fast_on_a_held_lock },
	{ "creating partitions behind a reader fails fast naming it", test_create_fails_fast_on_a_held_lock },
	{ "create and archive behind ACCESS EXCLUSIVE name the holder", test_maintenance_behind_exclusive_lock },
	{ "migrate twice: nothing to do the second time", test_migrate_twice },
	{ "every catalogue statement prepares with its declared parameters", test_catalogue_prepares },
	{ NULL, NULL }
};

static const struct sd_test splitter[] = {
	{ "quotes, comments, dollar quotes, parameters", test_splitter },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "two sessions", setup, teardown, two_sessions },
	{ "statement splitter", NULL, NULL, splitter },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	return sd_test_main("test_db", suites);
}
