/* The harness really gives this test private PostgreSQL 15 and Redis 7 servers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "support.h"

static void test_pg_is_private_15(void)
{
	PGconn *conn = sd_test_pg_connect();
	const char *dir = getenv("SD_TEST_DIR");
	PGresult *res;

	CU_ASSERT_PTR_NOT_NULL_FATAL(conn);
	CU_ASSERT_EQUAL(PQserverVersion(conn) / 10000, 15);
	res = PQexec(conn, "SELECT current_setting('data_directory'), current_setting('listen_addresses')");
	CU_ASSERT_EQUAL_FATAL(PQresultStatus(res), PGRES_TUPLES_OK);
	/* The cluster lives in the harness's temp folder and listens on no TCP port. */
	CU_ASSERT_PTR_NOT_NULL(strstr(PQgetvalue(res, 0, 0), dir));
	CU_ASSERT_STRING_EQUAL(PQgetvalue(res, 0, 1), "");
	PQclear(res);
	CU_ASSERT_STRING_EQUAL(PQdb(conn), getenv("PGDATABASE"));
	PQfinish(conn);
}

static void test_pg_round_trip(void)
{
	PGconn *conn = sd_test_pg_connect();

	CU_ASSERT_PTR_NOT_NULL_FATAL(conn);
	CU_ASSERT_EQUAL(sd_test_exec(conn, "CREATE TEMP TABLE t(x int)"), 0);
	CU_ASSERT_EQUAL(sd_test_exec(conn, "INSERT INTO t SELECT generate_series(1, 10)"), 0);
	CU_ASSERT_EQUAL(sd_test_scalar(conn, "SELECT sum(x) FROM t"), 55);
	PQfinish(conn);
}

static void test_redis_is_private_7(void)
{
	redisContext *c = sd_test_redis_connect();
	redisReply *r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	r = redisCommand(c, "INFO server");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->type, REDIS_REPLY_STRING);
	CU_ASSERT_PTR_NOT_NULL(strstr(r->str, "redis_version:7."));
	freeReplyObject(r);
	r = redisCommand(c, "CONFIG GET port");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL_FATAL(r->type, REDIS_REPLY_ARRAY);
	CU_ASSERT_EQUAL_FATAL(r->elements, 2);
	CU_ASSERT_STRING_EQUAL(r->element[1]->str, "0");
	freeReplyObject(r);
	redisFree(c);
}

static void test_redis_round_trip(void)
{
	redisContext *c = sd_test_redis_connect();
	redisReply *r;

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	r = redisCommand(c, "SET %s:harness %s", sd_test_prefix(), "panel-42");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	freeReplyObject(r);
	r = redisCommand(c, "GET %s:harness", sd_test_prefix());
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->type, REDIS_REPLY_STRING);
	CU_ASSERT_STRING_EQUAL(r->str, "panel-42");
	freeReplyObject(r);
	r = redisCommand(c, "DEL %s:harness", sd_test_prefix());
	freeReplyObject(r);
	redisFree(c);
}

static const struct sd_test pg_tests[] = {
	{ "private PostgreSQL 15 cluster", test_pg_is_private_15 },
	{ "query round trip", test_pg_round_trip },
	{ NULL, NULL }
};

static const struct sd_test redis_tests[] = {
	{ "private Redis 7 on a unix socket", test_redis_is_private_7 },
	{ "set/get round trip", test_redis_round_trip },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "harness: PostgreSQL", NULL, NULL, pg_tests },
	{ "harness: Redis", NULL, NULL, redis_tests },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	sd_test_require_servers();
	return sd_test_main("test_harness", suites);
}
