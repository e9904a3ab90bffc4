/* The Redis connection of the data layer. hiredis blocks on a hung server unless told
 * otherwise, and forgets its timeout on redisReconnect: so every connect builds a new
 * context, sets the timeout, sends AUTH/SELECT/PING, and any I/O error drops the context
 * and schedules a reconnect with backoff. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "solardash/cache.h"
#include "solardash/db.h"

#define BACKOFF_MIN_MS 200
#define BACKOFF_MAX_MS 2000

struct sd_cache {
	char *socket, *host, *password, *prefix;
	int port, db, timeout_ms;
	int lock_ms, wait_ms, last_ttl_s;
	double beta;
	redisContext *ctx;
	redisContext *sub;          /* subscribed connection, pub/sub only */
	char *sub_channel;
	double down_since, next_try, ping_ms;
	int backoff_ms;
	int pending;                /* pipelined commands not read yet */
	char why[256];              /* why the last connect failed ("" after a good one) */
};

/* Internal accessors for src/data/flight.c */
int sd_cache_lock_ms(const struct sd_cache *c);
int sd_cache_wait_ms(const struct sd_cache *c);
double sd_cache_beta(const struct sd_cache *c);
int sd_cache_last_ttl_s(const struct sd_cache *c);

struct sd_cache *sd_cache_new(const struct sd_config *cfg)
{
	struct sd_cache *c = sd_calloc(1, sizeof *c);

	c->socket = sd_strdup(cfg->redis_socket);
	c->host = sd_strdup(cfg->redis_host);
	c->password = sd_strdup(cfg->redis_password);
	c->prefix = sd_strdup(cfg->redis_prefix);
	c->port = cfg->redis_port;
	c->db = cfg->redis_db;
	c->timeout_ms = cfg->redis_timeout_ms;
	c->lock_ms = cfg->cache_lock_ms;
	c->wait_ms = cfg->cache_wait_ms;
	c->beta = cfg->cache_early_beta;
	c->last_ttl_s = cfg->cache_last_known_ttl_s;
	c->backoff_ms = BACKOFF_MIN_MS;
	return c;
}

void sd_cache_free(struct sd_cache *c)
{
	if (!c)
		return;
	if (c->ctx)
		redisFree(c->ctx);
	if (c->sub)
		redisFree(c->sub);
	free(c->socket);
	free(c->host);
	free(c->password);
	free(c->prefix);
	free(c->sub_channel);
	free(c);
}

void sd_cache_set_timing(struct sd_cache *c, int lock_ms, int wait_ms, double beta)
{
	c->lock_ms = lock_ms;
	c->wait_ms = wait_ms;
	c->beta = beta;
}

int sd_cache_lock_ms(const struct sd_cache *c) { return c->lock_ms; }
int sd_cache_wait_ms(const struct sd_cache *c) { return c->wait_ms; }
double sd_cache_beta(const struct sd_cache *c) { return c->beta; }
int sd_cache_last_ttl_s(const struct sd_cache *c) { return c->last_ttl_s; }
const char *sd_cache_prefix(const struct sd_cache *c) { return c->prefix; }
double sd_cache_down_since(const struct sd_cache *c) { return c->down_since; }
const char *sd_cache_why(const struct sd_cache *c) { return c->why; }

int sd_cache_retry_in_ms(const struct sd_cache *c)
{
	double left = c->next_try - sd_now();

	return c->ctx || left <= 0 ? 0 : (int)(left * 1000) + 1;
}

static void mark_down(struct sd_cache *c)
{
	double now = sd_now();

	if (c->ctx)
		redisFree(c->ctx);
	c->ctx = NULL;
	if (c->sub)
		redisFree(c->sub);
	c->sub = NULL;
	c->pending = 0;
	if (!c->down_since)
		c->down_since = now;
	c->next_try = now + c->backoff_ms / 1000.0;
	c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff_ms * 2;
}

static int simple(redisContext *ctx, const char *what, redisReply *r)
{
	int ok = r && r->type != REDIS_REPLY_ERROR;

	if (!r)
		sd_err_set("redis: %s: %s", what, ctx->errstr[0] ? ctx->errstr : "no answer");
	else if (!ok)
		sd_err_set("redis: %s: %s", what, r->str);
	if (r)
		freeReplyObject(r);
	return ok;
}

/* A new context with the timeout, AUTH and SELECT applied, proven alive by PING. */
static redisContext *open_ctx(const struct sd_cache *c, double *ping_ms)
{
	struct timeval tv = { c->timeout_ms / 1000, (c->timeout_ms % 1000) * 1000 };
	redisContext *ctx;
	double t0;

	ctx = c->socket[0] ? redisConnectUnixWithTimeout(c->socket, tv)
			   : redisConnectWithTimeout(c->host, c->port, tv);
	if (!ctx || ctx->err) {
		sd_err_set("redis unreachable at %s: %s", c->socket[0] ? c->socket : c->host,
			   ctx ? ctx->errstr : "out of memory");
		if (ctx)
			redisFree(ctx);
		return NULL;
	}
	if (redisSetTimeout(ctx, tv) != REDIS_OK ||
	    (c->password[0] && !simple(ctx, "AUTH", redisCommand(ctx, "AUTH %s", c->password))) ||
	    (c->db && !simple(ctx, "SELECT", redisCommand(ctx, "SELECT %d", c->db)))) {
		redisFree(ctx);
		return NULL;
	}
	t0 = sd_now();
	if (!simple(ctx, "PING", redisCommand(ctx, "PING"))) {
		redisFree(ctx);
		return NULL;
	}
	*ping_ms = (sd_now() - t0) * 1000.0;
	return ctx;
}

int sd_cache_up(struct sd_cache *c)
{
	if (c->ctx && !c->ctx->err)
		return 1;
	if (c->ctx)
		mark_down(c);
	if (sd_now() < c->next_try)
		return 0;
	c->ctx = open_ctx(c, &c->ping_ms);
	if (!c->ctx) {
		snprintf(c->why, sizeof c->why, "%s", sd_err_last());
		mark_down(c);
		return 0;
	}
	c->why[0] = '\0';
	c->down_since = 0;
	c->backoff_ms = BACKOFF_MIN_MS;
	return 1;
}

double sd_cache_ping_ms(struct sd_cache *c)
{
	double t0 = sd_now();
	redisReply *r = sd_cache_cmd(c, "PING");

	if (!r)
		return -1;
	freeReplyObject(r);
	return (sd_now() - t0) * 1000.0;
}

static redisReply *checked(struct sd_cache *c, void *reply)
{
	if (!reply) {
		sd_err_set("redis: %s", c->ctx->errstr[0] ? c->ctx->errstr : "no answer");
		mark_down(c);
	}
	return reply;
}

redisReply *sd_cache_cmd(struct sd_cache *c, const char *fmt, ...)
{
	va_list ap;
	void *r;

	if (!sd_cache_up(c))
		return NULL;
	va_start(ap, fmt);
	r = redisvCommand(c->ctx, fmt, ap);
	va_end(ap);
	return checked(c, r);
}

redisReply *sd_cache_cmdargv(struct sd_cache *c, int argc, const char **argv, const size_t *lens)
{
	if (!sd_cache_up(c))
		return NULL;
	return checked(c, redisCommandArgv(c->ctx, argc, argv, lens));
}

int sd_cache_append(struct sd_cache *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	if (!sd_cache_up(c))
		return -1;
	va_start(ap, fmt);
	rc = redisvAppendCommand(c->ctx, fmt, ap);
	va_end(ap);
	if (rc == REDIS_OK)
		c->pending++;
	return rc == REDIS_OK ? 0 : -1;
}

int sd_cache_append_argv(struct sd_cache *c, int argc, const char **argv, const size_t *lens)
{
	if (!sd_cache_up(c))
		return -1;
	if (redisAppendCommandArgv(c->ctx, argc, argv, lens) != REDIS_OK)
		return -1;
	c->pending++;
	return 0;
}

int sd_cache_read_replies(struct sd_cache *c, int n, redisReply **out)
{
	int i;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	if (!c->ctx)
		return -1;
	for (i = 0; i < n; i++) {
		void *r = NULL;

		if (redisGetReply(c->ctx, &r) != REDIS_OK) {
			for (; i > 0; i--) {
				freeReplyObject(out[i - 1]);
				out[i - 1] = NULL;
			}
			checked(c, NULL);
			return -1;
		}
		out[i] = r;
		c->pending--;
	}
	return 0;
}

/* ---- pub/sub of refresh events ---- */

int sd_cache_sub_fd(struct sd_cache *c, const char *channel)
{
	double ping;
	redisReply *r;

	if (c->sub)
		return c->sub->fd;
	if (!sd_cache_up(c))
		return -1;
	c->sub = open_ctx(c, &ping);
	if (!c->sub)
		return -1;
	r = redisCommand(c->sub, "SUBSCRIBE %s", channel);
	if (!r || r->type != REDIS_REPLY_ARRAY) {
		if (r)
			freeReplyObject(r);
		redisFree(c->sub);
		c->sub = NULL;
		return -1;
	}
	freeReplyObject(r);
	free(c->sub_channel);
	c->sub_channel = sd_strdup(channel);
	return c->sub->fd;
}

int sd_cache_sub_read(struct sd_cache *c)
{
	void *r;
	int n = 0;

	if (!c->sub)
		return -1;
	if (redisBufferRead(c->sub) != REDIS_OK) {
		redisFree(c->sub);
		c->sub = NULL;
		return -1;
	}
	for (;;) {
		r = NULL;
		if (redisGetReplyFromReader(c->sub, &r) != REDIS_OK) {
			redisFree(c->sub);
			c->sub = NULL;
			return -1;
		}
		if (!r)
			return n;
		n++;
		freeReplyObject(r);
	}
}
