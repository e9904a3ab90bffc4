/* Cache metrics in Redis: a hash of counters and a capped list of latency samples per role
 * and query. A flush reads them, writes rows to PostgreSQL, then subtracts exactly what it
 * read, so increments that arrive meanwhile are never lost. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/metrics.h"

#define LAT_SAMPLES 1000

static const char *const kind_field[] = { "hits", "misses", "warm_loads", "errors" };

void sd_metrics_record(struct sd_cache *c, const char *role, const char *query,
		       enum sd_metric_kind kind, double latency_ms)
{
	char *key = sd_asprintf("%s:metrics:%s:%s", sd_cache_prefix(c), role, query);
	redisReply *r[5];
	int n = 0;

	if (sd_cache_append(c, "HINCRBY %s %s 1", key, kind_field[kind]) == 0)
		n++;
	if (latency_ms >= 0 && kind != SD_METRIC_WARM) {
		char lat[32];

		snprintf(lat, sizeof lat, "%.3f", latency_ms);
		n += sd_cache_append(c, "HINCRBYFLOAT %s lat_sum %s", key, lat) == 0;
		n += sd_cache_append(c, "HINCRBY %s lat_n 1", key) == 0;
		n += sd_cache_append(c, "LPUSH %s:lat %s", key, lat) == 0;
		n += sd_cache_append(c, "LTRIM %s:lat 0 %d", key, LAT_SAMPLES - 1) == 0;
	}
	if (n && sd_cache_read_replies(c, n, r) == 0)
		while (n--)
			freeReplyObject(r[n]);
	free(key);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void read_samples(struct sd_metrics_row *row, const redisReply *list)
{
	double *v;
	size_t idx, i, n = list && list->type == REDIS_REPLY_ARRAY ? list->elements : 0;

	row->samples = (long long)n;
	if (!n)
		return;
	v = sd_calloc(n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = list->element[i]->str ? strtod(list->element[i]->str, NULL) : 0;
	qsort(v, n, sizeof *v, cmp_double);
	idx = (size_t)ceil(0.95 * (double)n);   /* nearest rank */
	row->p95_ms = v[idx > 0 ? idx - 1 : 0];
	free(v);
}

static void read_hash(struct sd_metrics_row *row, const redisReply *h)
{
	size_t i;

	for (i = 0; h && h->type == REDIS_REPLY_ARRAY && i + 1 < h->elements; i += 2) {
		const char *f = h->element[i]->str, *v = h->element[i + 1]->str;

		if (!f || !v)
			continue;
		if (!strcmp(f, "hits")) row->hits = atoll(v);
		else if (!strcmp(f, "misses")) row->misses = atoll(v);
		else if (!strcmp(f, "warm_loads")) row->warm_loads = atoll(v);
		else if (!strcmp(f, "errors")) row->errors = atoll(v);
		else if (!strcmp(f, "lat_sum")) row->lat_sum = strtod(v, NULL);
		else if (!strcmp(f, "lat_n")) row->lat_n = atoll(v);
	}
	row->avg_ms = row->lat_n > 0 ? row->lat_sum / (double)row->lat_n : 0;
}

/* key is "<prefix>:metrics:<role>:<query>". */
static int read_one(struct sd_cache *c, const char *key, size_t plen, struct sd_metrics_row *row)
{
	const char *rest = key + plen, *colon = strchr(rest, ':');
	redisReply *r[2];

	memset(row, 0, sizeof *row);
	if (!colon || strchr(colon + 1, ':'))
		return -1;
	snprintf(row->role, sizeof row->role, "%.*s", (int)(colon - rest), rest);
	snprintf(row->query, sizeof row->query, "%s", colon + 1);
	if (sd_cache_append(c, "HGETALL %s", key) || sd_cache_append(c, "LRANGE %s:lat 0 -1", key) ||
	    sd_cache_read_replies(c, 2, r))
		return -1;
	read_hash(row, r[0]);
	read_samples(row, r[1]);
	freeReplyObject(r[0]);
	freeReplyObject(r[1]);
	return 0;
}

static int add_keys(struct sd_cache *c, redisReply *keys, size_t plen,
		    struct sd_metrics_row **rows, long *n)
{
	size_t i;

	for (i = 0; i < keys->elements; i++) {
		const char *k = keys->element[i]->str;
		size_t kl = strlen(k);

		if (kl > 4 && strcmp(k + kl - 4, ":lat") == 0)
			continue;
		*rows = sd_realloc(*rows, (size_t)(*n + 1) * sizeof **rows);
		if (read_one(c, k, plen, &(*rows)[*n]) == 0)
			(*n)++;
		else if (!c || !sd_cache_up(c))
			return -1;
	}
	return 0;
}

long sd_metrics_collect(struct sd_cache *c, struct sd_metrics_row **rows)
{
	char *match = sd_asprintf("%s:metrics:*", sd_cache_prefix(c)), *cursor = sd_strdup("0");
	size_t plen = strlen(match) - 1;
	long n = 0;
	int fail = 0;

	*rows = NULL;
	do {
		redisReply *r = sd_cache_cmd(c, "SCAN %s MATCH %s COUNT 500", cursor, match);

		free(cursor);
		cursor = NULL;
		if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
			fail = 1;
		} else {
			cursor = sd_strdup(r->element[0]->str);
			/* keys are copied before the pipelined reads reuse the connection */
			fail = add_keys(c, r->element[1], plen, rows, &n) != 0;
		}
		if (r)
			freeReplyObject(r);
	} while (!fail && strcmp(cursor, "0") != 0);
	free(cursor);
	free(match);
	if (fail) {
		free(*rows);
		*rows = NULL;
		return -1;
	}
	return n;
}

void sd_metrics_subtract(struct sd_cache *c, const struct sd_metrics_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct sd_metrics_row *m = &rows[i];
		char *key = sd_asprintf("%s:metrics:%s:%s", sd_cache_prefix(c), m->role, m->query);
		char sum[40];
		redisReply *r[7];
		int k = 0;

		snprintf(sum, sizeof sum, "%.3f", -m->lat_sum);
		k += sd_cache_append(c, "HINCRBY %s hits %lld", key, -m->hits) == 0;
		k += sd_cache_append(c, "HINCRBY %s misses %lld", key, -m->misses) == 0;
		k += sd_cache_append(c, "HINCRBY %s warm_loads %lld", key, -m->warm_loads) == 0;
		k += sd_cache_append(c, "HINCRBY %s errors %lld", key, -m->errors) == 0;
		k += sd_cache_append(c, "HINCRBYFLOAT %s lat_sum %s", key, sum) == 0;
		k += sd_cache_append(c, "HINCRBY %s lat_n %lld", key, -m->lat_n) == 0;
		/* samples read were the oldest (LPUSH adds at the head) */
		k += sd_cache_append(c, "LTRIM %s:lat 0 %lld", key, -m->samples - 1) == 0;
		if (k && sd_cache_read_replies(c, k, r) == 0)
			while (k--)
				freeReplyObject(r[k]);
		free(key);
	}
}
