/* Single flight and early refresh over Redis. On a miss one reader takes a SET NX PX lock
 * with a unique token, computes, stores and releases the lock by compare-and-delete (a Lua
 * script, so it never deletes a lock that expired and was taken by someone else); the other
 * readers poll for the value until wait_ms, retrying the lock in case the holder died. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "solardash/cache.h"
#include "solardash/db.h"

int sd_cache_lock_ms(const struct sd_cache *c);
int sd_cache_wait_ms(const struct sd_cache *c);
double sd_cache_beta(const struct sd_cache *c);
int sd_cache_last_ttl_s(const struct sd_cache *c);

static const char unlock_script[] =
	"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

static void make_token(char *buf, size_t size)
{
	static unsigned long counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, size, "%ld.%ld.%lu", (long)getpid(), (long)ts.tv_nsec, ++counter);
}

static double uniform01(void)
{
	static int seeded;

	if (!seeded) {
		srand48((long)getpid() ^ (long)(sd_now() * 1e6));
		seeded = 1;
	}
	return 1.0 - drand48();   /* (0, 1] so log() is finite */
}

/* 1 = taken, 0 = held by someone else, -1 = Redis failed. */
static int lock_take(struct sd_cache *c, const char *lock, const char *token)
{
	redisReply *r = sd_cache_cmd(c, "SET %s %s NX PX %d", lock, token, sd_cache_lock_ms(c));
	int rc;

	if (!r)
		return -1;
	rc = r->type == REDIS_REPLY_STATUS ? 1 : r->type == REDIS_REPLY_NIL ? 0 : -1;
	freeReplyObject(r);
	return rc;
}

static void lock_release(struct sd_cache *c, const char *lock, const char *token)
{
	redisReply *r = sd_cache_cmd(c, "EVAL %s 1 %s %s", unlock_script, lock, token);

	if (r)
		freeReplyObject(r);
}

/* GET and decode: 1 = a value (in *out), 0 = none, -1 = Redis failed. */
static int read_value(struct sd_cache *c, const char *key, struct sd_table **out,
		      double *expires_at, int *corrupt)
{
	redisReply *r = sd_cache_cmd(c, "GET %s", key);

	*out = NULL;
	if (!r)
		return -1;
	if (r->type == REDIS_REPLY_STRING) {
		*out = sd_cache_decode(r->str, r->len, expires_at);
		if (!*out)
			*corrupt = 1;
	}
	freeReplyObject(r);
	return *out ? 1 : 0;
}

void sd_cache_store(struct sd_cache *c, const struct sd_cache_req *req, const struct sd_table *t)
{
	size_t len;
	char *val = sd_cache_encode(t, t->computed_at + req->ttl_ms / 1000.0, &len);
	redisReply *replies[2];
	int n = 0;

	if (sd_cache_append(c, "SET %s %b PX %d", req->key, val, len, req->ttl_ms > 0 ? req->ttl_ms : 1) == 0)
		n++;
	if (req->last_key && sd_cache_last_ttl_s(c) > 0 &&
	    sd_cache_append(c, "SET %s %b EX %d", req->last_key, val, len, sd_cache_last_ttl_s(c)) == 0)
		n++;
	if (n && sd_cache_read_replies(c, n, replies) == 0) {
		while (n--)
			freeReplyObject(replies[n]);
	}
	free(val);
}

struct sd_table *sd_cache_last(struct sd_cache *c, const char *last_key)
{
	struct sd_table *t = NULL;
	int corrupt = 0;
	double exp_at;

	if (last_key && read_value(c, last_key, &t, &exp_at, &corrupt) == 1)
		return t;
	return NULL;
}

/* Computes and stores; the lock (if any) is released afterwards. */
static sd_err compute_store(struct sd_cache *c, const struct sd_cache_req *req, const char *lock,
			    const char *token, struct sd_table **out, struct sd_cache_info *info)
{
	sd_err rc = req->compute(req->arg, out);

	info->computed = 1;
	if (rc == SD_OK)
		sd_cache_store(c, req, *out);
	if (lock)
		lock_release(c, lock, token);
	return rc;
}

/* The lock is ours. Another reader may have stored the value between our GET and our
 * SET NX (it finished and released in that gap): look once more before computing. */
static sd_err with_lock(struct sd_cache *c, const struct sd_cache_req *req, const char *lock,
			const char *token, struct sd_table **out, struct sd_cache_info *info)
{
	double exp_at;

	if (read_value(c, req->key, out, &exp_at, &info->corrupt) == 1) {
		lock_release(c, lock, token);
		info->how = SD_CACHE_WAITED;
		return SD_OK;
	}
	info->how = SD_CACHE_COMPUTED;
	return compute_store(c, req, lock, token, out, info);
}

static sd_err bypass(const struct sd_cache_req *req, struct sd_table **out, struct sd_cache_info *info)
{
	sd_err rc = req->compute(req->arg, out);

	info->how = SD_CACHE_BYPASS;
	info->computed = 1;
	if (rc == SD_OK)
		(*out)->source = SD_SRC_NOCACHE;
	return rc;
}

/* Another reader holds the lock: poll for its value; take the lock if it goes away (the
 * holder died or failed); after wait_ms compute without the lock rather than fail. */
static sd_err wait_for_value(struct sd_cache *c, const struct sd_cache_req *req, const char *lock,
			     const char *token, struct sd_table **out, struct sd_cache_info *info)
{
	double deadline = sd_now() + sd_cache_wait_ms(c) / 1000.0, exp_at;
	useconds_t pause = 2000;
	int got;

	for (;;) {
		usleep(pause);
		if (pause < 20000)
			pause *= 2;
		got = read_value(c, req->key, out, &exp_at, &info->corrupt);
		if (got == 1) {
			info->how = SD_CACHE_WAITED;
			return SD_OK;
		}
		if (got < 0)
			return bypass(req, out, info);
		got = lock_take(c, lock, token);
		if (got < 0)
			return bypass(req, out, info);
		if (got == 1)
			return with_lock(c, req, lock, token, out, info);
		if (sd_now() >= deadline) {
			info->how = SD_CACHE_COMPUTED;
			return compute_store(c, req, NULL, token, out, info);
		}
	}
}

/* A value was read: maybe refresh it early (XFetch), if no one else is doing so. */
static sd_err maybe_early(struct sd_cache *c, const struct sd_cache_req *req, const char *lock,
			  const char *token, double exp_at, struct sd_table **out,
			  struct sd_cache_info *info)
{
	struct sd_table *fresh = NULL;
	sd_err rc;

	info->how = SD_CACHE_HIT;
	if (!sd_cache_early_due(sd_now(), (*out)->compute_ms, sd_cache_beta(c), exp_at, uniform01()))
		return SD_OK;
	if (lock_take(c, lock, token) != 1)
		return SD_OK;
	rc = compute_store(c, req, lock, token, &fresh, info);
	if (rc != SD_OK)
		return SD_OK;   /* the old value is still good until it expires */
	sd_table_free(*out);
	*out = fresh;
	info->how = SD_CACHE_EARLY;
	return SD_OK;
}

sd_err sd_cache_get(struct sd_cache *c, const struct sd_cache_req *req, struct sd_table **out,
		    struct sd_cache_info *info)
{
	char token[64], *lock;
	double exp_at = 0;
	int got;
	sd_err rc;

	memset(info, 0, sizeof *info);
	*out = NULL;
	if (!sd_cache_up(c))
		return bypass(req, out, info);
	got = read_value(c, req->key, out, &exp_at, &info->corrupt);
	if (got < 0)
		return bypass(req, out, info);
	make_token(token, sizeof token);
	lock = sd_asprintf("%s:lock", req->key);
	if (got == 1) {
		rc = maybe_early(c, req, lock, token, exp_at, out, info);
	} else {
		got = lock_take(c, lock, token);
		if (got < 0)
			rc = bypass(req, out, info);
		else if (got == 1)
			rc = with_lock(c, req, lock, token, out, info);
		else
			rc = wait_for_value(c, req, lock, token, out, info);
	}
	free(lock);
	return rc;
}

/* ---- SCAN-based maintenance (never KEYS) ---- */

/* One SCAN step; calls fn on the batch. Returns the next cursor, or NULL on failure. */
static char *scan_step(struct sd_cache *c, const char *cursor, const char *match,
		       long (*fn)(struct sd_cache *, redisReply *), long *total)
{
	redisReply *r = sd_cache_cmd(c, "SCAN %s MATCH %s COUNT 500", cursor, match);
	char *next;
	long n;

	if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
	    r->element[0]->type != REDIS_REPLY_STRING) {
		if (r)
			freeReplyObject(r);
		return NULL;
	}
	next = sd_strdup(r->element[0]->str);
	n = fn(c, r->element[1]);
	freeReplyObject(r);
	if (n < 0) {
		free(next);
		return NULL;
	}
	*total += n;
	return next;
}

static long count_batch(struct sd_cache *c, redisReply *keys)
{
	return (long)keys->elements;
}

static long unlink_batch(struct sd_cache *c, redisReply *keys)
{
	const char **argv;
	redisReply *r;
	size_t i;
	long n;

	if (keys->elements == 0)
		return 0;
	argv = sd_calloc(keys->elements + 1, sizeof *argv);
	argv[0] = "UNLINK";
	for (i = 0; i < keys->elements; i++)
		argv[i + 1] = keys->element[i]->str;
	r = sd_cache_cmdargv(c, (int)keys->elements + 1, argv, NULL);
	free(argv);
	if (!r)
		return -1;
	n = r->type == REDIS_REPLY_INTEGER ? (long)r->integer : -1;
	freeReplyObject(r);
	return n;
}

static long scan_all(struct sd_cache *c, const char *match,
		     long (*fn)(struct sd_cache *, redisReply *))
{
	char *cursor = sd_strdup("0");
	long total = 0;

	do {
		char *next = scan_step(c, cursor, match, fn, &total);

		free(cursor);
		if (!next)
			return -1;
		cursor = next;
	} while (strcmp(cursor, "0") != 0);
	free(cursor);
	return total;
}

long sd_cache_invalidate(struct sd_cache *c, const char *pattern)
{
	char *match = sd_asprintf("%s:%s", sd_cache_prefix(c), pattern);
	long n = scan_all(c, match, unlink_batch);

	free(match);
	return n;
}

long sd_cache_count_keys(struct sd_cache *c)
{
	char *match = sd_asprintf("%s:*", sd_cache_prefix(c));
	long n = scan_all(c, match, count_batch);

	free(match);
	return n;
}
