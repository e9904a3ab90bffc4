/* The cache against the harness's Redis and PostgreSQL: key building, the value codec (and
 * a corrupt value), single flight across processes counted in the database, a crashed lock
 * holder, probabilistic early refresh, SCAN invalidation and the metrics counters. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"
#include "support.h"
#include "solardash/cache.h"
#include "solardash/db.h"
#include "solardash/metrics.h"

static struct sd_config cfg;
static PGconn *pg;

static int suite_init(void)
{
	sd_test_require_servers();
	sd_config_init(&cfg);
	free(cfg.redis_socket);
	cfg.redis_socket = sd_strdup(getenv("SD_TEST_REDIS_SOCKET"));
	free(cfg.redis_prefix);
	cfg.redis_prefix = sd_strdup(sd_test_prefix());
	pg = sd_test_pg_connect();
	if (!pg || sd_test_exec(pg, "CREATE TABLE sf_counter (n int NOT NULL); "
				"INSERT INTO sf_counter VALUES (0)"))
		return -1;
	return 0;
}

static int suite_done(void)
{
	PQfinish(pg);
	sd_config_done(&cfg);
	return 0;
}

static void test_keys(void)
{
	const char *a[] = { "ab", "c" }, *b[] = { "a", "bc" }, *n[] = { NULL }, *e[] = { "" };
	char *k = sd_cache_key("sd", "station_queue", a, 2, 42);

	CU_ASSERT_STRING_EQUAL(k, "sd:v1:station_queue:de02147ff7e9cb8f:g42");
	CU_ASSERT_EQUAL(strlen(k), strlen("sd:v1:station_queue::g42") + 16);
	CU_ASSERT_NOT_EQUAL(sd_cache_hash(a, 2), sd_cache_hash(b, 2));
	CU_ASSERT_NOT_EQUAL(sd_cache_hash(n, 1), sd_cache_hash(e, 1));
	CU_ASSERT_NOT_EQUAL(sd_cache_hash(NULL, 0), sd_cache_hash(e, 1));
	CU_ASSERT_EQUAL(sd_cache_hash(a, 2), sd_cache_hash(a, 2));
	free(k);
	k = sd_cache_last_key("sd", "headline", NULL, 0);
	CU_ASSERT_STRING_EQUAL(k, "sd:last:v1:headline:cbf29ce484222325");
	free(k);
}

static struct sd_table *sample_table(void)
{
	struct sd_table *t = sd_table_new(3, 2);

	sd_table_set_column(t, 0, "name", SD_COL_TEXT);
	sd_table_set_column(t, 1, "count", SD_COL_INT);
	sd_table_set_column(t, 2, "rate", SD_COL_NUMERIC);
	sd_table_set(t, 0, 0, "Laminator\x1b[2J 1:2\n3");
	sd_table_set(t, 0, 1, "12");
	sd_table_set(t, 0, 2, NULL);
	sd_table_set(t, 1, 0, "");
	sd_table_set(t, 1, 1, "7");
	sd_table_set(t, 1, 2, "98.5");
	t->computed_at = 1764790000.25;
	t->compute_ms = 12.5;
	t->views_refreshed_at = 1764789000.5;
	return t;
}

static void test_codec(void)
{
	struct sd_table *t = sample_table(), *u;
	size_t len;
	double exp_at = 0;
	char *v = sd_cache_encode(t, 1764790060.0, &len);

	u = sd_cache_decode(v, len, &exp_at);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_EQUAL(u->ncols, 3);
	CU_ASSERT_EQUAL(u->nrows, 2);
	CU_ASSERT_STRING_EQUAL(u->cols[1].name, "count");
	CU_ASSERT_EQUAL(u->cols[2].type, SD_COL_NUMERIC);
	CU_ASSERT_STRING_EQUAL(sd_table_get(u, 0, 0), "Laminator\x1b[2J 1:2\n3");
	CU_ASSERT_TRUE(sd_table_isnull(u, 0, 2));
	CU_ASSERT_STRING_EQUAL(sd_table_get(u, 1, 0), "");   /* empty is not NULL */
	CU_ASSERT_FALSE(sd_table_isnull(u, 1, 0));
	CU_ASSERT_DOUBLE_EQUAL(u->computed_at, 1764790000.25, 1e-3);
	CU_ASSERT_DOUBLE_EQUAL(u->compute_ms, 12.5, 1e-3);
	CU_ASSERT_DOUBLE_EQUAL(u->views_refreshed_at, 1764789000.5, 1e-3);
	CU_ASSERT_DOUBLE_EQUAL(exp_at, 1764790060.0, 1e-3);
	CU_ASSERT_EQUAL(u->source, SD_SRC_CACHE);
	sd_table_free(u);
	/* every truncation and some damage is refused, never a crash */
	for (size_t cut = 0; cut < len; cut++)
		CU_ASSERT_PTR_NULL(sd_cache_decode(v, cut, NULL));
	v[len - 6] = 'x';   /* the length of the last cell */
	CU_ASSERT_PTR_NULL(sd_cache_decode(v, len, NULL));
	CU_ASSERT_PTR_NULL(sd_cache_decode("SD1 1 1 1 1 99999999 99999999\n", 30, NULL));
	CU_ASSERT_PTR_NULL(sd_cache_decode("garbage", 7, NULL));
	free(v);
	sd_table_free(t);
}

static void test_early_due(void)
{
	/* 100 ms to compute, beta 1: due when -0.1 * ln(rnd) >= time left */
	CU_ASSERT_FALSE(sd_cache_early_due(1000.0, 100, 1.0, 1010.0, 0.5));
	CU_ASSERT_TRUE(sd_cache_early_due(1000.0, 100, 1.0, 1000.05, 0.5));   /* 0.069 >= 0.05 */
	CU_ASSERT_FALSE(sd_cache_early_due(1000.0, 100, 1.0, 1000.08, 0.5));
	CU_ASSERT_TRUE(sd_cache_early_due(1000.0, 100, 2.0, 1000.08, 0.5));   /* beta doubles it */
	CU_ASSERT_FALSE(sd_cache_early_due(1000.0, 100, 0.0, 1000.0001, 0.01)); /* beta 0: off */
	CU_ASSERT_TRUE(sd_cache_early_due(1001.0, 0, 1.0, 1000.0, 1.0));      /* expired */
}

/* ---- single flight ---- */

static int computations(void)
{
	return (int)sd_test_scalar(pg, "SELECT n FROM sf_counter");
}

/* The "database query" of these tests: counts itself in sf_counter, takes 300 ms. */
static sd_err slow_compute(void *arg, struct sd_table **out)
{
	PGconn *c = sd_test_pg_connect();
	PGresult *r;

	if (!c)
		return SD_ERR_DB;
	r = PQexec(c, "SELECT pg_sleep(0.3); UPDATE sf_counter SET n = n + 1 RETURNING n");
	*out = sd_table_new(1, 1);
	sd_table_set_column(*out, 0, "n", SD_COL_INT);
	sd_table_set(*out, 0, 0, PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : NULL);
	(*out)->computed_at = sd_now();
	(*out)->compute_ms = 300;
	PQclear(r);
	PQfinish(c);
	return SD_OK;
}

static sd_err fast_compute(void *arg, struct sd_table **out)
{
	int *count = arg;

	(*count)++;
	*out = sd_table_new(1, 1);
	sd_table_set_column(*out, 0, "v", SD_COL_TEXT);
	sd_table_set(*out, 0, 0, "fresh");
	(*out)->computed_at = sd_now();
	(*out)->compute_ms = 1;
	return SD_OK;
}

/* Child: one terminal reading the key; exit 0 when it got the one computed value. */
static void child_read(const char *key)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	struct sd_cache_req req = { key, NULL, 10000, slow_compute, NULL };
	struct sd_cache_info info;
	struct sd_table *t = NULL;
	sd_err rc = sd_cache_get(c, &req, &t, &info);
	int ok = rc == SD_OK && t && sd_table_get(t, 0, 0) && !strcmp(sd_table_get(t, 0, 0), "1") &&
		 (info.how == SD_CACHE_COMPUTED || info.how == SD_CACHE_WAITED);

	sd_table_free(t);
	sd_cache_free(c);
	_exit(ok ? (info.how == SD_CACHE_COMPUTED ? 10 : 0) : 1);
}

static void test_single_flight(void)
{
	enum { N = 12 };
	char *key = sd_asprintf("%s:sf:one", sd_test_prefix());
	pid_t pids[N];
	int i, status, computed = 0, waited = 0;

	sd_test_exec(pg, "UPDATE sf_counter SET n = 0");
	for (i = 0; i < N; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			child_read(key);
	}
	for (i = 0; i < N; i++) {
		waitpid(pids[i], &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 10)
			computed++;
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			waited++;
	}
	CU_ASSERT_EQUAL(computed, 1);
	CU_ASSERT_EQUAL(waited, N - 1);
	CU_ASSERT_EQUAL(computations(), 1);   /* N readers, one database query */
	free(key);
}

/* A holder that died with the lock: readers wait until the lock expires, not forever. */
static void test_crashed_holder(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *key = sd_asprintf("%s:sf:crashed", sd_test_prefix());
	struct sd_cache_req req = { key, NULL, 10000, fast_compute, NULL };
	struct sd_cache_info info;
	struct sd_table *t;
	int count = 0;
	double t0;
	redisReply *r;

	req.arg = &count;
	sd_cache_set_timing(c, 5000, 3000, 1.0);
	r = sd_cache_cmd(c, "SET %s:lock dead-holder PX 600", key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	freeReplyObject(r);
	t0 = sd_now();
	CU_ASSERT_EQUAL(sd_cache_get(c, &req, &t, &info), SD_OK);
	CU_ASSERT(sd_now() - t0 >= 0.5 && sd_now() - t0 < 1.5);
	CU_ASSERT_EQUAL(info.how, SD_CACHE_COMPUTED);
	CU_ASSERT_EQUAL(count, 1);
	sd_table_free(t);
	/* our own lock was released by compare-and-delete */
	r = sd_cache_cmd(c, "EXISTS %s:lock", key);
	CU_ASSERT_EQUAL(r->integer, 0);
	freeReplyObject(r);
	sd_cache_free(c);
	free(key);
}

/* A lock that outlived wait_ms (a very slow holder): the reader computes itself. */
static void test_wait_gives_up(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *key = sd_asprintf("%s:sf:slow", sd_test_prefix());
	struct sd_cache_req req = { key, NULL, 10000, fast_compute, NULL };
	struct sd_cache_info info;
	struct sd_table *t;
	int count = 0;
	double t0;
	redisReply *r;

	req.arg = &count;
	sd_cache_set_timing(c, 5000, 200, 1.0);
	r = sd_cache_cmd(c, "SET %s:lock other PX 10000", key);
	freeReplyObject(r);
	t0 = sd_now();
	CU_ASSERT_EQUAL(sd_cache_get(c, &req, &t, &info), SD_OK);
	CU_ASSERT(sd_now() - t0 >= 0.2 && sd_now() - t0 < 0.6);
	CU_ASSERT_EQUAL(count, 1);
	/* the other holder's lock is left alone */
	r = sd_cache_cmd(c, "GET %s:lock", key);
	CU_ASSERT_STRING_EQUAL(r->str, "other");
	freeReplyObject(r);
	sd_table_free(t);
	sd_cache_free(c);
	free(key);
}

static void put_raw(struct sd_cache *c, const char *key, const struct sd_table *t, double exp_at)
{
	size_t len;
	char *v = sd_cache_encode(t, exp_at, &len);
	redisReply *r = sd_cache_cmd(c, "SET %s %b PX 60000", key, v, len);

	freeReplyObject(r);
	free(v);
}

static void test_early_refresh(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *key = sd_asprintf("%s:early", sd_test_prefix());
	struct sd_cache_req req = { key, NULL, 60000, fast_compute, NULL };
	struct sd_cache_info info;
	struct sd_table *old = sample_table(), *t;
	int count = 0, i, early = 0;

	req.arg = &count;
	/* far from expiry and cheap: 50 reads, no recomputation */
	old->computed_at = sd_now();
	old->compute_ms = 1;
	put_raw(c, key, old, sd_now() + 600);
	for (i = 0; i < 50; i++) {
		CU_ASSERT_EQUAL(sd_cache_get(c, &req, &t, &info), SD_OK);
		CU_ASSERT_EQUAL(info.how, SD_CACHE_HIT);
		sd_table_free(t);
	}
	CU_ASSERT_EQUAL(count, 0);
	/* 10 ms before expiry of a value that took 60 s: recomputed before it expires */
	old->compute_ms = 60000;
	put_raw(c, key, old, sd_now() + 0.5);
	CU_ASSERT_EQUAL(sd_cache_get(c, &req, &t, &info), SD_OK);
	CU_ASSERT_EQUAL(info.how, SD_CACHE_EARLY);
	CU_ASSERT_STRING_EQUAL(sd_table_get(t, 0, 0), "fresh");
	CU_ASSERT_EQUAL(count, 1);
	sd_table_free(t);
	/* the fresh value (cheap, 60 s TTL) is then simply read */
	for (i = 0; i < 20; i++) {
		sd_cache_get(c, &req, &t, &info);
		early += info.how == SD_CACHE_EARLY;
		sd_table_free(t);
	}
	CU_ASSERT_EQUAL(early, 0);
	sd_table_free(old);
	sd_cache_free(c);
	free(key);
}

static void test_corrupt_is_miss(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *key = sd_asprintf("%s:corrupt", sd_test_prefix());
	struct sd_cache_req req = { key, NULL, 60000, fast_compute, NULL };
	struct sd_cache_info info;
	struct sd_table *t;
	int count = 0;
	redisReply *r = sd_cache_cmd(c, "SET %s %s", key, "SD1 not really\n3:abc");

	freeReplyObject(r);
	req.arg = &count;
	CU_ASSERT_EQUAL(sd_cache_get(c, &req, &t, &info), SD_OK);
	CU_ASSERT_EQUAL(info.corrupt, 1);
	CU_ASSERT_EQUAL(info.how, SD_CACHE_COMPUTED);
	CU_ASSERT_STRING_EQUAL(sd_table_get(t, 0, 0), "fresh");
	sd_table_free(t);
	/* the bad value was replaced */
	CU_ASSERT_EQUAL(sd_cache_get(c, &req, &t, &info), SD_OK);
	CU_ASSERT_EQUAL(info.how, SD_CACHE_HIT);
	CU_ASSERT_EQUAL(info.corrupt, 0);
	sd_table_free(t);
	sd_cache_free(c);
	free(key);
}

static void test_invalidate(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	redisReply *r;
	int i;

	for (i = 0; i < 1200; i++) {
		r = sd_cache_cmd(c, "SET %s:inv:%s:%d x", sd_test_prefix(), i % 3 ? "keep" : "drop", i);
		freeReplyObject(r);
	}
	CU_ASSERT_EQUAL(sd_cache_invalidate(c, "inv:drop:*"), 400);
	CU_ASSERT_EQUAL(sd_cache_invalidate(c, "inv:drop:*"), 0);
	CU_ASSERT_EQUAL(sd_cache_invalidate(c, "inv:*"), 800);
	sd_cache_free(c);
}

static void test_metrics(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	struct sd_metrics_row *rows;
	long n, i;
	int k;

	for (k = 1; k <= 100; k++)
		sd_metrics_record(c, "manager", "headline", k % 4 ? SD_METRIC_HIT : SD_METRIC_MISS, k);
	sd_metrics_record(c, "manager", "headline", SD_METRIC_WARM, -1);
	sd_metrics_record(c, "manager", "headline", SD_METRIC_ERROR, -1);
	sd_metrics_record(c, "operator", "station_queue", SD_METRIC_MISS, 3);
	n = sd_metrics_collect(c, &rows);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	for (i = 0; i < n; i++) {
		if (strcmp(rows[i].query, "headline"))
			continue;
		CU_ASSERT_STRING_EQUAL(rows[i].role, "manager");
		CU_ASSERT_EQUAL(rows[i].hits, 75);
		CU_ASSERT_EQUAL(rows[i].misses, 25);
		CU_ASSERT_EQUAL(rows[i].warm_loads, 1);
		CU_ASSERT_EQUAL(rows[i].errors, 1);
		CU_ASSERT_DOUBLE_EQUAL(rows[i].avg_ms, 50.5, 1e-6);
		CU_ASSERT_DOUBLE_EQUAL(rows[i].p95_ms, 95.0, 1e-6);
	}
	/* after a flush's subtraction, what arrived meanwhile stays */
	sd_metrics_record(c, "operator", "station_queue", SD_METRIC_HIT, 1);
	sd_metrics_subtract(c, rows, (size_t)n);
	free(rows);
	n = sd_metrics_collect(c, &rows);
	for (i = 0; i < n; i++) {
		int queue = !strcmp(rows[i].query, "station_queue");

		CU_ASSERT_EQUAL(rows[i].hits, queue ? 1 : 0);
		CU_ASSERT_EQUAL(rows[i].misses, 0);
		CU_ASSERT_EQUAL(rows[i].samples, queue ? 1 : 0);
	}
	free(rows);
	sd_cache_free(c);
}

static const struct sd_test tests[] = {
	{ "key: prefix, format, query, params hash, generation", test_keys },
	{ "value codec round trip; damage is refused", test_codec },
	{ "XFetch decision", test_early_due },
	{ "single flight: 12 processes, one database query", test_single_flight },
	{ "a crashed lock holder blocks only until expiry", test_crashed_holder },
	{ "a reader waits wait_ms, then computes itself", test_wait_gives_up },
	{ "early refresh before expiry, not when far", test_early_refresh },
	{ "a corrupt value is a counted miss", test_corrupt_is_miss },
	{ "invalidate PATTERN with SCAN + UNLINK", test_invalidate },
	{ "metrics: counts, avg, p95, flush subtraction", test_metrics },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "cache", suite_init, suite_done, tests },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	return sd_test_main("test_cache", suites);
}
