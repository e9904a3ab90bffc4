/* Connections to the private servers that tests/with-servers.sh started for this test. */
#ifndef SOLARDASH_TESTS_SUPPORT_H
#define SOLARDASH_TESTS_SUPPORT_H

#include <libpq-fe.h>
#include <hiredis/hiredis.h>

/* Fails the test program (exit 1, with a message) if the harness did not set the servers up. */
void sd_test_require_servers(void);

/* New connection to the test's own database; NULL on failure (message on stderr). */
PGconn *sd_test_pg_connect(void);

/* New connection to the harness's Redis; NULL on failure. */
redisContext *sd_test_redis_connect(void);

/* Key prefix private to this test program (tests share one Redis). */
const char *sd_test_prefix(void);

/* Run one SQL statement without parameters; returns 0 on success. */
int sd_test_exec(PGconn *conn, const char *sql);

/* First column of the first row as a long; -1 on error. */
long sd_test_scalar(PGconn *conn, const char *sql);

#endif
