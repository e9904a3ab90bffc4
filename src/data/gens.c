/* The views' refresh generations, which make cache keys of refreshed views unreachable.
 * One terminal reads get_view_generations() and shares the answer in Redis under a short
 * TTL (single flight, like any value); the others read that copy. A refresh through
 * solardash renews it at once and publishes an event; a refresh by pg_cron is noticed when
 * the short-lived copy expires. No terminal polls the database on its own. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static sd_err compute_gens(void *arg, struct sd_table **out)
{
	struct sd_data *d = arg;

	return sd_db_query(d->db, sd_catalog_find("view_generations"), NULL, 0, out);
}

static double parse_time(const char *s)
{
	struct tm tm;
	char *end;
	double frac = 0;
	long off = 0;

	/* PostgreSQL ISO output: "2026-12-03 19:23:03.123456+00" (the session's zone). */
	memset(&tm, 0, sizeof tm);
	if (!s || !(end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm)))
		return 0;
	if (*end == '.')
		frac = strtod(end, &end);
	if (*end == '+' || *end == '-') {
		long h = strtol(end, &end, 10), m = *end == ':' ? strtol(end + 1, &end, 10) : 0;

		off = h * 3600 + (h < 0 ? -m : m) * 60;
	}
	return (double)timegm(&tm) - (double)off + frac;
}

static void parse_gens(struct sd_data *d, const struct sd_table *t)
{
	size_t r;

	d->ngens = 0;
	d->gen_sum = 0;
	for (r = 0; r < t->nrows && d->ngens < SD_MAX_VIEWS; r++) {
		struct sd_gen *g = &d->gens[d->ngens];
		const char *v = sd_table_get(t, r, 0), *gen = sd_table_get(t, r, 1);

		if (!v || !gen)
			continue;
		snprintf(g->view, sizeof g->view, "%s", v);
		g->generation = strtoull(gen, NULL, 10);
		g->refreshed_at = parse_time(sd_table_get(t, r, 2));
		d->gen_sum += (unsigned long)g->generation;
		d->ngens++;
	}
}

void sd_gens_load(struct sd_data *d, int force)
{
	int ttl_ms = d->cfg->cache_generation_ttl_ms;
	double reuse = (ttl_ms < 1000 ? ttl_ms : 1000) / 1000.0;
	char *key, *last;
	struct sd_cache_req req;
	struct sd_cache_info info;
	struct sd_table *t = NULL;

	if (!force && d->gens_at && sd_now() - d->gens_at < reuse)
		return;
	key = sd_asprintf("%s:v%d:generations", sd_cache_prefix(d->cache), SD_CACHE_FORMAT);
	last = sd_asprintf("%s:last:v%d:generations", sd_cache_prefix(d->cache), SD_CACHE_FORMAT);
	req = (struct sd_cache_req){ key, last, ttl_ms, compute_gens, d };
	if (sd_cache_get(d->cache, &req, &t, &info) != SD_OK)
		t = sd_cache_last(d->cache, last);   /* database down: the last known ones */
	if (t) {
		if (t->ncols >= 3)
			parse_gens(d, t);
		sd_table_free(t);
	}
	d->gens_at = sd_now();
	free(key);
	free(last);
}

unsigned long long sd_gens_for(struct sd_data *d, const struct sd_query *q, double *refreshed_at)
{
	unsigned long long sum = 0;
	const char *const *v;
	int i;

	*refreshed_at = 0;
	if (!q->views)
		return 0;
	sd_gens_load(d, 0);
	for (v = q->views; *v; v++)
		for (i = 0; i < d->ngens; i++)
			if (strcmp(d->gens[i].view, *v) == 0) {
				/* generations only grow, so the sum changes with any of them */
				sum += d->gens[i].generation;
				if (!*refreshed_at || d->gens[i].refreshed_at < *refreshed_at)
					*refreshed_at = d->gens[i].refreshed_at;
			}
	return sum;
}

/* After a refresh through solardash: renew the shared copy now and tell every terminal. */
void sd_gens_announce(struct sd_data *d)
{
	redisReply *r;

	r = sd_cache_cmd(d->cache, "DEL %s:v%d:generations", sd_cache_prefix(d->cache), SD_CACHE_FORMAT);
	if (r)
		freeReplyObject(r);
	sd_gens_load(d, 1);
	r = sd_cache_cmd(d->cache, "PUBLISH %s %lu", d->channel, d->gen_sum);
	if (r)
		freeReplyObject(r);
}
