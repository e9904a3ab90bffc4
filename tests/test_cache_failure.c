/* Redis failing under a running client: a private redis-server (password, db 3) that the
 * test hangs with SIGSTOP, stops and restarts. Reads must go on without the cache within
 * the timeout, and the client must notice Redis back within seconds, with AUTH and SELECT
 * applied again. The server is always continued and killed in cleanup. */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runner.h"
#include "support.h"
#include "solardash/cache.h"
#include "solardash/db.h"

static struct sd_config cfg;
static pid_t redis_pid;
static char sock[256];

static redisContext *raw_connect(int db)
{
	struct timeval tv = { 0, 300000 };
	redisContext *c = redisConnectUnixWithTimeout(sock, tv);
	redisReply *r;

	if (!c || c->err) {
		if (c)
			redisFree(c);
		return NULL;
	}
	redisSetTimeout(c, tv);
	r = redisCommand(c, "AUTH pw");
	if (!r || r->type == REDIS_REPLY_ERROR) {
		if (r)
			freeReplyObject(r);
		redisFree(c);
		return NULL;
	}
	freeReplyObject(r);
	r = redisCommand(c, "SELECT %d", db);
	if (r)
		freeReplyObject(r);
	return c;
}

static int start_redis(void)
{
	int i;
	redisContext *c;

	redis_pid = fork();
	if (redis_pid == 0) {
		execlp("redis-server", "redis-server", "--port", "0", "--unixsocket", sock,
		       "--unixsocketperm", "700", "--save", "", "--appendonly", "no",
		       "--requirepass", "pw", "--dir", getenv("SD_TEST_DIR"), "--logfile", "/dev/null",
		       (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100; i++) {
		usleep(50000);
		if ((c = raw_connect(0))) {
			redisFree(c);
			return 0;
		}
	}
	return -1;
}

static void stop_redis(void)
{
	if (redis_pid <= 0)
		return;
	kill(redis_pid, SIGCONT);
	kill(redis_pid, SIGTERM);
	waitpid(redis_pid, NULL, 0);
	redis_pid = 0;
	unlink(sock);
}

static int suite_init(void)
{
	sd_test_require_servers();
	snprintf(sock, sizeof sock, "%s/fail-redis.sock", getenv("SD_TEST_DIR"));
	sd_config_init(&cfg);
	free(cfg.redis_socket);
	cfg.redis_socket = sd_strdup(sock);
	free(cfg.redis_password);
	cfg.redis_password = sd_strdup("pw");
	cfg.redis_db = 3;
	cfg.redis_timeout_ms = 200;
	free(cfg.redis_prefix);
	cfg.redis_prefix = sd_strdup(sd_test_prefix());
	return start_redis();
}

static int suite_done(void)
{
	stop_redis();
	sd_config_done(&cfg);
	return 0;
}

static int computed;

static sd_err compute(void *arg, struct sd_table **out)
{
	computed++;
	*out = sd_table_new(1, 1);
	sd_table_set_column(*out, 0, "v", SD_COL_TEXT);
	sd_table_set(*out, 0, 0, "value");
	(*out)->computed_at = sd_now();
	return SD_OK;
}

static enum sd_cache_how get(struct sd_cache *c, const char *key, double *secs)
{
	struct sd_cache_req req = { key, NULL, 60000, compute, NULL };
	struct sd_cache_info info;
	struct sd_table *t = NULL;
	double t0 = sd_now();
	sd_err rc = sd_cache_get(c, &req, &t, &info);

	*secs = sd_now() - t0;
	CU_ASSERT_EQUAL(rc, SD_OK);
	CU_ASSERT_PTR_NOT_NULL(t);
	if (t && info.how == SD_CACHE_BYPASS)
		CU_ASSERT_EQUAL(t->source, SD_SRC_NOCACHE);
	sd_table_free(t);
	return info.how;
}

/* Seconds until the client sees Redis again (-1 after 5 s). */
static double until_up(struct sd_cache *c)
{
	double t0 = sd_now();

	while (sd_now() - t0 < 5) {
		if (sd_cache_up(c))
			return sd_now() - t0;
		usleep(50000);
	}
	return -1;
}

static int exists_in_db(const char *key, int db)
{
	redisContext *c = raw_connect(db);
	redisReply *r;
	int n = -1;

	if (!c)
		return -1;
	r = redisCommand(c, "EXISTS %s", key);
	if (r && r->type == REDIS_REPLY_INTEGER)
		n = (int)r->integer;
	if (r)
		freeReplyObject(r);
	redisFree(c);
	return n;
}

static void test_auth_select(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *key = sd_asprintf("%s:auth", sd_test_prefix());
	double s;

	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_COMPUTED);
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_HIT);
	CU_ASSERT_EQUAL(exists_in_db(key, 3), 1);
	CU_ASSERT_EQUAL(exists_in_db(key, 0), 0);
	sd_cache_free(c);
	free(key);
}

static void test_hung(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *key = sd_asprintf("%s:hung", sd_test_prefix());
	double s, back;

	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_COMPUTED);
	kill(redis_pid, SIGSTOP);
	computed = 0;
	/* the first read waits one timeout (200 ms), then goes to the source */
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_BYPASS);
	CU_ASSERT(s < 0.8);
	CU_ASSERT_EQUAL(computed, 1);
	CU_ASSERT_TRUE(sd_cache_down_since(c) > 0);
	/* while backing off, reads do not touch Redis at all */
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_BYPASS);
	CU_ASSERT(s < 0.05);
	usleep(400000);
	/* a reconnect to a hung server costs one timeout too, then backs off again */
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_BYPASS);
	CU_ASSERT(s < 0.8);
	kill(redis_pid, SIGCONT);
	back = until_up(c);
	CU_ASSERT(back >= 0 && back < 3.0);
	/* AUTH and SELECT were applied again: the value is read from db 3 */
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_HIT);
	CU_ASSERT_EQUAL(sd_cache_down_since(c), 0);
	sd_cache_free(c);
	free(key);
}

static void test_stopped_restarted(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *key = sd_asprintf("%s:restart", sd_test_prefix());
	double s, back;

	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_COMPUTED);
	stop_redis();
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_BYPASS);
	CU_ASSERT(s < 0.3);
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_BYPASS);
	CU_ASSERT_EQUAL_FATAL(start_redis(), 0);
	back = until_up(c);
	CU_ASSERT(back >= 0 && back < 3.0);
	/* an empty Redis after the restart: one miss, then hits, in db 3 again */
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_COMPUTED);
	CU_ASSERT_EQUAL(get(c, key, &s), SD_CACHE_HIT);
	CU_ASSERT_EQUAL(exists_in_db(key, 3), 1);
	sd_cache_free(c);
	free(key);
}

static void test_wrong_password(void)
{
	struct sd_config bad;
	struct sd_cache *c;

	sd_config_init(&bad);
	free(bad.redis_socket);
	bad.redis_socket = sd_strdup(sock);
	free(bad.redis_password);
	bad.redis_password = sd_strdup("wrong");
	c = sd_cache_new(&bad);
	CU_ASSERT_FALSE(sd_cache_up(c));
	CU_ASSERT_PTR_NOT_NULL(strstr(sd_err_last(), "AUTH"));
	sd_cache_free(c);
	sd_config_done(&bad);
}

static int publish(const char *channel)
{
	redisContext *c = raw_connect(0);
	redisReply *r = c ? redisCommand(c, "PUBLISH %s 42", channel) : NULL;
	int n = r && r->type == REDIS_REPLY_INTEGER ? (int)r->integer : -1;

	if (r)
		freeReplyObject(r);
	if (c)
		redisFree(c);
	return n;
}

/* The refresh-event subscription: lost with the server, subscribed again after it. */
static void test_subscription_survives_restart(void)
{
	struct sd_cache *c = sd_cache_new(&cfg);
	char *chan = sd_asprintf("%s:events", sd_test_prefix());
	struct pollfd pfd = { sd_cache_sub_fd(c, chan), POLLIN, 0 };

	CU_ASSERT_TRUE_FATAL(pfd.fd >= 0);
	CU_ASSERT_EQUAL(publish(chan), 1);
	CU_ASSERT_EQUAL(poll(&pfd, 1, 1000), 1);
	CU_ASSERT_EQUAL(sd_cache_sub_read(c), 1);
	stop_redis();
	CU_ASSERT_EQUAL(poll(&pfd, 1, 1000), 1);        /* EOF is readable */
	CU_ASSERT_EQUAL(sd_cache_sub_read(c), -1);
	CU_ASSERT_EQUAL_FATAL(start_redis(), 0);
	CU_ASSERT_TRUE(until_up(c) >= 0);
	pfd.fd = sd_cache_sub_fd(c, chan);
	CU_ASSERT_TRUE_FATAL(pfd.fd >= 0);
	CU_ASSERT_EQUAL(publish(chan), 1);
	CU_ASSERT_EQUAL(poll(&pfd, 1, 1000), 1);
	CU_ASSERT_EQUAL(sd_cache_sub_read(c), 1);
	free(chan);
	sd_cache_free(c);
}

static const struct sd_test tests[] = {
	{ "the event subscription survives a restart", test_subscription_survives_restart },
	{ "AUTH and SELECT on connect", test_auth_select },
	{ "Redis hung (SIGSTOP): timeout, no cache, back within seconds", test_hung },
	{ "Redis stopped and restarted mid-run", test_stopped_restarted },
	{ "a wrong password is a clear error", test_wrong_password },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "cache failure", suite_init, suite_done, tests },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	int rc;

	signal(SIGPIPE, SIG_IGN);   /* as the program does (cli.c): a dead server is an error code */
	rc = sd_test_main("test_cache_failure", suites);

	stop_redis();
	return rc;
}
