/* The admin side of the data layer: refreshing views (and telling every terminal), the
 * cache's health and metrics as tables, the metrics flush to PostgreSQL, and pattern
 * invalidation. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/metrics.h"
#include "internal.h"

sd_err sd_data_refresh(struct sd_data *d, const char *view, struct sd_table **out)
{
	char *by = sd_asprintf("solardash:%s", d->user ? d->user : "cli");
	const char *params[2] = { view, by };
	sd_err rc;

	if (view) {
		params[0] = view;
		params[1] = by;
		rc = sd_data_exec(d, "refresh_view", params, 2, out);
	} else {
		params[0] = by;
		rc = sd_data_exec(d, "refresh_all", params, 1, out);
	}
	free(by);
	if (rc == SD_OK)
		sd_gens_announce(d);
	return rc;
}

static void health_row(struct sd_table *t, size_t *r, const char *name, const char *value)
{
	sd_table_set(t, *r, 0, name);
	sd_table_set(t, *r, 1, value);
	(*r)++;
}

/* "used_memory_human:1.02M" out of INFO memory. */
static void info_field(struct sd_data *d, const char *field, char *buf, size_t size)
{
	redisReply *r = sd_cache_cmd(d->cache, "INFO memory");
	const char *p;

	snprintf(buf, size, "?");
	if (r && r->type == REDIS_REPLY_STRING && (p = strstr(r->str, field))) {
		p += strlen(field) + 1;
		snprintf(buf, size, "%.*s", (int)strcspn(p, "\r\n"), p);
	}
	if (r)
		freeReplyObject(r);
}

static void totals(struct sd_data *d, long long *hits, long long *misses, long long *warm,
		   long long *errors)
{
	struct sd_metrics_row *rows;
	long i, n = sd_metrics_collect(d->cache, &rows);

	*hits = *misses = *warm = *errors = 0;
	for (i = 0; i < n; i++) {
		*hits += rows[i].hits;
		*misses += rows[i].misses;
		*warm += rows[i].warm_loads;
		*errors += rows[i].errors;
	}
	free(rows);
}

sd_err sd_data_cache_health(struct sd_data *d, struct sd_table **out)
{
	struct sd_table *t = sd_table_new(2, 8);
	long long hits, misses, warm, errors;
	char buf[64];
	size_t r = 0;
	int up = sd_cache_up(d->cache);

	sd_table_set_column(t, 0, "check", SD_COL_TEXT);
	sd_table_set_column(t, 1, "value", SD_COL_TEXT);
	health_row(t, &r, "reachable", up ? "yes" : "no");
	if (!up && sd_cache_why(d->cache)[0])
		health_row(t, &r, "error", sd_cache_why(d->cache));   /* refused AUTH is not "down" */
	if (up) {
		snprintf(buf, sizeof buf, "%.2f", sd_cache_ping_ms(d->cache));
		health_row(t, &r, "latency_ms", buf);
		info_field(d, "used_memory_human", buf, sizeof buf);
		health_row(t, &r, "memory", buf);
		snprintf(buf, sizeof buf, "%ld", sd_cache_count_keys(d->cache));
		health_row(t, &r, "keys", buf);
		totals(d, &hits, &misses, &warm, &errors);
		if (hits + misses > 0)
			snprintf(buf, sizeof buf, "%.1f", 100.0 * (double)hits / (double)(hits + misses));
		health_row(t, &r, "hit_rate_pct", hits + misses > 0 ? buf : NULL);
		snprintf(buf, sizeof buf, "%lld", hits);
		health_row(t, &r, "hits", buf);
		snprintf(buf, sizeof buf, "%lld", misses);
		health_row(t, &r, "misses", buf);
		snprintf(buf, sizeof buf, "%lld", warm);
		health_row(t, &r, "warm_loads", buf);
	}
	t->nrows = r;
	t->source = up ? SD_SRC_CACHE : SD_SRC_NOCACHE;
	t->computed_at = sd_now();
	*out = t;   /* "reachable no" is an answer, not an error */
	return SD_OK;
}

static sd_err need_cache(struct sd_data *d)
{
	if (sd_cache_up(d->cache))
		return SD_OK;
	sd_err_set("cache unreachable at %s (%s)",
		   d->cfg->redis_socket[0] ? d->cfg->redis_socket : d->cfg->redis_host, sd_err_last());
	return SD_ERR_CACHE;
}

/* decimals < 0: a whole number */
static void set_num(struct sd_table *t, size_t r, size_t c, int decimals, double v)
{
	char buf[48];

	snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, v);
	sd_table_set(t, r, c, buf);
}

sd_err sd_data_cache_metrics(struct sd_data *d, struct sd_table **out)
{
	static const char *const names[] = {
		"role", "query", "hits", "misses", "warm_loads", "errors", "hit_rate_pct",
		"avg_ms", "p95_ms"
	};
	struct sd_metrics_row *rows;
	struct sd_table *t;
	long i, n;
	size_t c;

	*out = NULL;
	if (need_cache(d))
		return SD_ERR_CACHE;
	n = sd_metrics_collect(d->cache, &rows);
	if (n < 0) {
		sd_err_set("cache: cannot read metrics");
		return SD_ERR_CACHE;
	}
	t = sd_table_new(9, (size_t)n);
	for (c = 0; c < 9; c++)
		sd_table_set_column(t, c, names[c], c < 2 ? SD_COL_TEXT : c < 6 ? SD_COL_INT : SD_COL_NUMERIC);
	for (i = 0; i < n; i++) {
		const struct sd_metrics_row *m = &rows[i];
		long long reads = m->hits + m->misses;

		sd_table_set(t, (size_t)i, 0, m->role);
		sd_table_set(t, (size_t)i, 1, m->query);
		set_num(t, (size_t)i, 2, -1, (double)m->hits);
		set_num(t, (size_t)i, 3, -1, (double)m->misses);
		set_num(t, (size_t)i, 4, -1, (double)m->warm_loads);
		set_num(t, (size_t)i, 5, -1, (double)m->errors);
		if (reads)
			set_num(t, (size_t)i, 6, 1, 100.0 * (double)m->hits / (double)reads);
		set_num(t, (size_t)i, 7, 3, m->avg_ms);
		set_num(t, (size_t)i, 8, 3, m->p95_ms);
	}
	free(rows);
	t->source = SD_SRC_CACHE;
	t->computed_at = sd_now();
	*out = t;
	return SD_OK;
}

static sd_err insert_row(struct sd_data *d, const struct sd_metrics_row *m)
{
	char v[6][48];
	const char *p[8] = { m->role, m->query, v[0], v[1], v[2], v[3], v[4], v[5] };
	struct sd_table *t;
	sd_err rc;

	snprintf(v[0], sizeof v[0], "%lld", m->hits);
	snprintf(v[1], sizeof v[1], "%lld", m->misses);
	snprintf(v[2], sizeof v[2], "%lld", m->warm_loads);
	snprintf(v[3], sizeof v[3], "%lld", m->errors);
	snprintf(v[4], sizeof v[4], "%.3f", m->avg_ms);
	snprintf(v[5], sizeof v[5], "%.3f", m->p95_ms);
	rc = sd_data_exec(d, "metrics_insert", p, 8, &t);
	sd_table_free(t);
	return rc;
}

sd_err sd_data_flush_metrics(struct sd_data *d, int *written)
{
	struct sd_metrics_row *rows;
	long i, n;
	sd_err rc = SD_OK;

	*written = 0;
	if (need_cache(d))
		return SD_ERR_CACHE;
	n = sd_metrics_collect(d->cache, &rows);
	if (n < 0) {
		sd_err_set("cache: cannot read metrics");
		return SD_ERR_CACHE;
	}
	for (i = 0; i < n && rc == SD_OK; i++) {
		if (!rows[i].hits && !rows[i].misses && !rows[i].warm_loads && !rows[i].errors)
			continue;
		rc = insert_row(d, &rows[i]);
		if (rc == SD_OK) {
			/* subtract row by row: what was written is never counted twice */
			sd_metrics_subtract(d->cache, &rows[i], 1);
			(*written)++;
		}
	}
	free(rows);
	return rc;
}

sd_err sd_data_invalidate(struct sd_data *d, const char *pattern, long *deleted)
{
	*deleted = 0;
	if (need_cache(d))
		return SD_ERR_CACHE;
	*deleted = sd_cache_invalidate(d->cache, pattern);
	if (*deleted < 0) {
		sd_err_set("cache: invalidation of '%s' failed: %s", pattern, sd_err_last());
		*deleted = 0;
		return SD_ERR_CACHE;
	}
	return SD_OK;
}
