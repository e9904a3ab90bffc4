/* Helpers for tests that talk to the harness's PostgreSQL and Redis. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

#include "support.h"

void sd_test_require_servers(void)
{
	if (!getenv("SD_TEST_DIR") || !getenv("PGHOST") || !getenv("SD_TEST_REDIS_SOCKET")) {
		fprintf(stderr, "tests must run under tests/with-servers.sh "
			"(make check and scripts/test do this)\n");
		exit(1);
	}
}

PGconn *sd_test_pg_connect(void)
{
	PGconn *conn = PQconnectdb("connect_timeout=5");

	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "test: cannot connect to PostgreSQL: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

redisContext *sd_test_redis_connect(void)
{
	struct timeval tv = { 2, 0 };
	const char *path = getenv("SD_TEST_REDIS_SOCKET");
	redisContext *c;

	if (!path)
		return NULL;
	c = redisConnectUnixWithTimeout(path, tv);
	if (!c || c->err) {
		fprintf(stderr, "test: cannot connect to Redis at %s: %s\n", path,
			c ? c->errstr : "out of memory");
		if (c)
			redisFree(c);
		return NULL;
	}
	redisSetTimeout(c, tv);
	return c;
}

const char *sd_test_prefix(void)
{
	const char *p = getenv("SD_TEST_PREFIX");

	return p ? p : "sdtest";
}

int sd_test_exec(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "test: SQL failed: %s\n  %s", sql, PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

long sd_test_scalar(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	long v = -1;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		v = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	else
		fprintf(stderr, "test: SQL failed: %s\n  %s", sql, PQresultErrorMessage(res));
	PQclear(res);
	return v;
}
