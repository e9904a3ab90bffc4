/* `solardash db demo`: loads a module catalogue with COPY, then has the database build the
 * factory set-based (demo_generate in sql/007_demo.sql), refreshes the views and prints what
 * it made, with the demo users and their PIN. One transaction: nothing half-loaded. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "solardash/catalog.h"
#include "solardash/db_admin.h"
#include "solardash/db_catalog.h"
#include "solardash/error.h"

#define SQL_HAS_FACTORY sd_catalog_sql("demo_has_factory")
#define SQL_RESET sd_catalog_sql("demo_reset")
#define SQL_CLEAR_CATALOG sd_catalog_sql("demo_clear_catalog")
#define SQL_GENERATE sd_catalog_sql("demo_generate")
#define SQL_REFRESH sd_catalog_sql("demo_refresh")
#define SQL_USERS sd_catalog_sql("demo_users")
#define SQL_BEGIN sd_catalog_sql("tx_begin")
#define SQL_COMMIT sd_catalog_sql("tx_commit")
#define SQL_ROLLBACK sd_catalog_sql("tx_rollback")

#define CEC_FILE "cec-modules/cec_modules_sam-2021.12.02.csv"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The catalogue to read: --catalog, $SOLARDASH_CATALOG, then ../shared/data relative to the
 * current directory and to the source tree. NULL: none found (tried lists where we looked). */
static char *find_catalog(char *tried, size_t triedlen)
{
	const char *env = getenv("SOLARDASH_CATALOG");
	char *c[3], *found = NULL;
	int i, n = 0;
	size_t len;

	if (env && *env)
		c[n++] = sd_strdup(env);
	c[n++] = sd_strdup("../shared/data/" CEC_FILE);
	c[n++] = sd_asprintf("%s/../shared/data/" CEC_FILE, sd_abs_top_srcdir);
	tried[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!found && access(c[i], R_OK) == 0) {
			found = c[i];
			continue;
		}
		len = strlen(tried);
		snprintf(tried + len, triedlen - len, "%s%s", len ? ", " : "", c[i]);
		free(c[i]);
	}
	return found;
}

/* The catalogue rows for COPY, from the file or the built-in list (and says which). */
static int load_catalog_rows(const struct sd_demo_opts *o, struct sd_copybuf *b, FILE *out)
{
	char err[1024] = "", tried[2048];
	char *path = NULL;
	long good, bad;

	/* --catalog builtin: the made-up models even when the real file is around. */
	if (o->catalog && strcmp(o->catalog, "builtin") == 0) {
		sd_catalog_builtin(b, &good);
		fprintf(out, "using the built-in catalogue of %ld made-up models (--catalog builtin)\n",
			good);
		return 0;
	}
	path = o->catalog ? sd_strdup(o->catalog) : find_catalog(tried, sizeof tried);
	if (!path) {
		sd_catalog_builtin(b, &good);
		fprintf(out, "no module catalogue found (looked at %s):\n"
			"using the built-in catalogue of %ld made-up models\n", tried, good);
		return 0;
	}
	if (sd_catalog_read(path, b, &good, &bad, err, sizeof err) != 0) {
		fprintf(stderr, "solardash: db demo: %s\n", err);
		free(path);
		return -1;
	}
	fprintf(out, "catalogue %s: %ld models%s", path, good, bad ? "" : "\n");
	if (bad)
		fprintf(out, ", %ld bad rows skipped (listed on stderr)\n", bad);
	free(path);
	return 0;
}

static int exec_ok(PGconn *conn, const char *sql, const char *what)
{
	PGresult *res = PQexec(conn, sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "solardash: db demo: %s: %s", what, PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Refuses (without --reset) when the database already holds a factory. */
static int check_empty(PGconn *conn, const struct sd_demo_opts *o)
{
	PGresult *res = PQexec(conn, SQL_HAS_FACTORY);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "solardash: db demo: %s: the schema is missing; run `solardash db "
			"migrate` first\n", PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(conn));
		rc = -1;
	} else if (!o->reset && (atol(PQgetvalue(res, 0, 0)) > 0 || atol(PQgetvalue(res, 0, 1)) > 0)) {
		fprintf(stderr, "solardash: db demo: the database already holds a factory "
			"(%s panels, %s stations); `solardash db demo --reset` replaces it\n",
			PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static int generate(PGconn *conn, double scale, FILE *out)
{
	char s[64];
	const char *params[1] = { s };
	PGresult *res;
	int i, ok;

	snprintf(s, sizeof s, "%g", scale);
	res = PQexecParams(conn, SQL_GENERATE, 1, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "solardash: db demo: building the factory: %s",
			PQresultErrorMessage(res));
	for (i = 0; ok && i < PQntuples(res); i++)
		fprintf(out, "  %-22s %10s rows\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	return ok ? 0 : -1;
}

static int refresh_and_report(PGconn *conn, FILE *out)
{
	const char *params[1] = { "solardash db demo" };
	PGresult *res = PQexecParams(conn, SQL_REFRESH, 1, NULL, params, NULL, NULL, 0);
	int i, rc = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "solardash: db demo: refreshing the views: %s", PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	for (i = 0; i < PQntuples(res); i++) {
		fprintf(out, "  %-24s %8s rows  %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 2),
			PQgetvalue(res, i, 3));
		if (strcmp(PQgetvalue(res, i, 1), "t") != 0)
			rc = -1;
	}
	PQclear(res);
	return rc;
}

static void print_users(PGconn *conn, FILE *out)
{
	PGresult *res = PQexec(conn, SQL_USERS);
	int i;

	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		fprintf(out, "demo users (PIN 1234 for every one):\n");
		for (i = 0; i < PQntuples(res); i++)
			fprintf(out, "  %-12s %-11s %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
				PQgetvalue(res, i, 2));
	}
	PQclear(res);
}

int sd_db_demo(PGconn *conn, const struct sd_demo_opts *o, FILE *out)
{
	struct sd_copybuf b = { 0 };
	char err[1024];
	double t0 = now_s();
	int rc = -1;

	if (check_empty(conn, o) != 0 || load_catalog_rows(o, &b, out) != 0)
		goto done;
	if (exec_ok(conn, SQL_BEGIN, "BEGIN") != 0)
		goto done;
	if ((o->reset && (exec_ok(conn, SQL_RESET, "emptying the factory") != 0 ||
			exec_ok(conn, SQL_CLEAR_CATALOG, "emptying the catalogue") != 0))) {
		exec_ok(conn, SQL_ROLLBACK, "ROLLBACK");
		goto done;
	}
	if (sd_catalog_copy(conn, &b, err, sizeof err) != 0) {
		fprintf(stderr, "solardash: db demo: %s", err);
		exec_ok(conn, SQL_ROLLBACK, "ROLLBACK");
		goto done;
	}
	fprintf(out, "building the factory (scale %g):\n", o->scale);
	if (generate(conn, o->scale, out) != 0 || exec_ok(conn, SQL_COMMIT, "COMMIT") != 0) {
		exec_ok(conn, SQL_ROLLBACK, "ROLLBACK");
		goto done;
	}
	fprintf(out, "refreshing the materialized views:\n");
	rc = refresh_and_report(conn, out);
	print_users(conn, out);
	fprintf(out, "demo factory loaded in %.1f s\n", now_s() - t0);
done:
	free(b.data);
	return rc == 0 ? SD_EXIT_OK : SD_EXIT_FAILURE;
}
