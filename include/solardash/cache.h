/* The Redis side of the data layer (hiredis): a connection that never blocks longer than its
 * timeout and reconnects with backoff (re-applying timeout, AUTH and SELECT), the key and
 * value formats, and the single-flight read with probabilistic early refresh. */
#ifndef SOLARDASH_CACHE_H
#define SOLARDASH_CACHE_H

#include <stddef.h>

#include <hiredis/hiredis.h>

#include "solardash/config.h"
#include "solardash/error.h"
#include "solardash/result.h"

/* Format version of cached values: part of every key, so a new format never reads old
 * values. */
#define SD_CACHE_FORMAT 1

struct sd_cache;

struct sd_cache *sd_cache_new(const struct sd_config *cfg);
void sd_cache_free(struct sd_cache *c);

/* Connected? Reconnects when the backoff allows (the first call connects). */
int sd_cache_up(struct sd_cache *c);
double sd_cache_down_since(const struct sd_cache *c);
int sd_cache_retry_in_ms(const struct sd_cache *c);
/* Why the last connect failed, e.g. "redis: AUTH: WRONGPASS ..." ("" when it worked). */
const char *sd_cache_why(const struct sd_cache *c);
const char *sd_cache_prefix(const struct sd_cache *c);
/* Round trip of the last successful connect's PING, in ms. */
double sd_cache_ping_ms(struct sd_cache *c);

/* One command with the configured timeout. NULL when Redis is down, hung or the
 * connection broke (the cache is then marked down); an error reply is returned as such.
 * The caller frees the reply with freeReplyObject. */
redisReply *sd_cache_cmd(struct sd_cache *c, const char *fmt, ...);
redisReply *sd_cache_cmdargv(struct sd_cache *c, int argc, const char **argv, const size_t *lens);

/* Pipelining: append commands, then read all replies in one go (n replies into out[];
 * returns 0, or -1 when the connection failed: every out[] is then NULL). */
int sd_cache_append(struct sd_cache *c, const char *fmt, ...);
int sd_cache_append_argv(struct sd_cache *c, int argc, const char **argv, const size_t *lens);
int sd_cache_read_replies(struct sd_cache *c, int n, redisReply **out);

/* Pub/sub of refresh events on a second connection: its descriptor (or -1 while Redis is
 * down), and the number of messages waiting after poll() said readable (-1: lost). */
int sd_cache_sub_fd(struct sd_cache *c, const char *channel);
int sd_cache_sub_read(struct sd_cache *c);

/* ---- keys and values (src/data/codec.c) ---- */

/* "<prefix>:v<format>:<query>:<16 hex digits of FNV-1a of the params>:g<generation>" */
char *sd_cache_key(const char *prefix, const char *query, const char *const *params,
		   int nparams, unsigned long long generation);
/* "<prefix>:last:<query>:<hash>": the last good value, kept for when PostgreSQL is down. */
char *sd_cache_last_key(const char *prefix, const char *query, const char *const *params,
			int nparams);
unsigned long long sd_cache_hash(const char *const *params, int nparams);

/* A table with its provenance and expiry, as bytes; decode returns NULL on any damage. */
char *sd_cache_encode(const struct sd_table *t, double expires_at, size_t *len);
struct sd_table *sd_cache_decode(const char *buf, size_t len, double *expires_at);

/* XFetch (Vattani et al.): recompute when now - delta * beta * ln(rnd) >= expiry,
 * delta = compute time in seconds, rnd uniform in (0, 1]. */
int sd_cache_early_due(double now, double compute_ms, double beta, double expires_at, double rnd);

/* ---- single flight (src/data/flight.c) ---- */

typedef sd_err (*sd_cache_compute_fn)(void *arg, struct sd_table **out);

enum sd_cache_how {
	SD_CACHE_HIT,       /* read from Redis */
	SD_CACHE_EARLY,     /* read, and this reader refreshed it early */
	SD_CACHE_COMPUTED,  /* missed; this reader computed it under the lock */
	SD_CACHE_WAITED,    /* missed; another reader computed it, this one read it */
	SD_CACHE_BYPASS     /* Redis down: computed without the cache */
};

struct sd_cache_req {
	const char *key;
	const char *last_key;    /* NULL: no last-known copy */
	int ttl_ms;
	sd_cache_compute_fn compute;
	void *arg;
};

struct sd_cache_info {
	enum sd_cache_how how;
	int corrupt;             /* a value was there but did not decode (counted as a miss) */
	int computed;            /* this call ran compute() */
};

/* Reads req->key; on a miss one caller computes under a SET NX PX lock (released by
 * compare-and-delete) while the others wait up to wait_ms and read. */
sd_err sd_cache_get(struct sd_cache *c, const struct sd_cache_req *req, struct sd_table **out,
		    struct sd_cache_info *info);
/* Stores a value (and its last-known copy). */
void sd_cache_store(struct sd_cache *c, const struct sd_cache_req *req, const struct sd_table *t);
/* The last-known copy, or NULL. */
struct sd_table *sd_cache_last(struct sd_cache *c, const char *last_key);

/* Deletes keys matching prefix-relative PATTERN with SCAN + UNLINK in batches; returns the
 * number deleted or -1. */
long sd_cache_invalidate(struct sd_cache *c, const char *pattern);
/* Counts keys under the prefix with SCAN; -1 on failure. */
long sd_cache_count_keys(struct sd_cache *c);

/* Settings the flight uses, exposed for tests. */
void sd_cache_set_timing(struct sd_cache *c, int lock_ms, int wait_ms, double beta);

#endif
