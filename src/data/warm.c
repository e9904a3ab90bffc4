/* Warming at login: the role's prediction profile in priority order, then the queries this
 * user opened most. One pipelined round trip asks which keys exist; only the missing ones
 * are computed (under the single-flight lock) and counted as warm loads, not as reads. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct warm_job {
	const struct sd_query *q;
	char **params;
	int nparams;
	int ttl_s;
	char *key;
};

struct warm_list {
	struct warm_job *jobs;
	size_t n;
};

static void add_job(struct sd_data *d, struct warm_list *l, const struct sd_query *q,
		    char **params, int nparams, int ttl_s)
{
	double at;
	unsigned long long gen = sd_gens_for(d, q, &at);
	char *key = sd_cache_key(sd_cache_prefix(d->cache), q->name, (const char *const *)params,
				 nparams, gen);
	struct warm_job *j;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->jobs[i].key, key) == 0)
			break;
	if (i < l->n || q->nparams != nparams || q->ttl_s == 0) {
		free(key);
		for (i = 0; i < (size_t)nparams; i++)
			free(params[i]);
		free(params);
		return;
	}
	l->jobs = sd_realloc(l->jobs, (l->n + 1) * sizeof *l->jobs);
	j = &l->jobs[l->n++];
	j->q = q;
	j->params = params;
	j->nparams = nparams;
	j->ttl_s = ttl_s;
	j->key = key;
}

static int uses_station(const struct sd_profile_entry *e)
{
	size_t k;

	for (k = 0; k < e->nparams; k++)
		if (strcmp(e->params[k], "$station") == 0)
			return 1;
	return 0;
}

/* The profile's entries of one priority band for one station; station 0 skips the
 * entries that need a station (a value for "station 0" would never be read). */
static void add_entry(struct sd_data *d, struct warm_list *l, const struct sd_profile_entry *e,
		      long station)
{
	const struct sd_query *q = sd_catalog_find(e->query);
	char **params, buf[32];
	size_t k;

	if (!q || (station <= 0 && uses_station(e)))
		return;
	params = sd_calloc(e->nparams + 1, sizeof *params);
	for (k = 0; k < e->nparams; k++)
		params[k] = sd_strdup(sd_config_param(e, k, station, buf, sizeof buf));
	add_job(d, l, q, params, (int)e->nparams, e->ttl_s);
}

/* The line's stations, from the (cached) station performance view; counted as a warm load. */
static size_t line_stations(struct sd_data *d, long **ids)
{
	const struct sd_query *q = sd_catalog_find("station_performance");
	struct sd_table *t = NULL;
	size_t r, n = 0;
	int c, computed = 0;

	*ids = NULL;
	if (!q || sd_data_fetch_as(d, q, NULL, 0, 0, 1, &computed, &t) != SD_OK)
		return 0;
	c = sd_table_col(t, "station_id");
	*ids = sd_calloc(t->nrows + 1, sizeof **ids);
	for (r = 0; c >= 0 && r < t->nrows; r++)
		if (sd_table_get(t, r, (size_t)c))
			(*ids)[n++] = strtol(sd_table_get(t, r, (size_t)c), NULL, 10);
	sd_table_free(t);
	return n;
}

/* Priority order first, stations second: every station's first query before any second. */
static int add_profile(struct sd_data *d, struct warm_list *l, enum sd_role role, long station)
{
	const struct sd_role_conf *rc = &d->cfg->roles[role];
	long *ids = NULL, one = station;
	size_t i, s, n = 1;

	if (station == SD_WARM_EVERY_STATION)
		n = line_stations(d, &ids);
	for (i = 0; i < rc->nprofile; i++)
		for (s = 0; s < n; s++)
			add_entry(d, l, &rc->profile[i], ids ? ids[s] : one);
	free(ids);
	return station == SD_WARM_EVERY_STATION ? (int)n : station > 0;
}

/* Members are "<query>\x1f<param>..."; a name not in the catalogue is skipped. */
static void add_member(struct sd_data *d, struct warm_list *l, const char *member)
{
	char *copy = sd_strdup(member), *p = strchr(copy, '\x1f'), **params = NULL;
	const struct sd_query *q;
	int n = 0;

	if (p)
		*p++ = '\0';
	q = sd_catalog_find(copy);
	while (q && p) {
		char *next = strchr(p, '\x1f');

		if (next)
			*next++ = '\0';
		params = sd_realloc(params, (size_t)(n + 1) * sizeof *params);
		params[n++] = sd_strdup(p);
		p = next;
	}
	if (q && (d->role < 0 || (q->roles & SD_QROLE(d->role))))
		add_job(d, l, q, params, n, 0);
	else {
		while (n--)
			free(params[n]);
		free(params);
	}
	free(copy);
}

static void add_user_top(struct sd_data *d, struct warm_list *l, const char *user)
{
	redisReply *r;
	size_t i;

	if (!user || d->cfg->cache_user_top <= 0)
		return;
	r = sd_cache_cmd(d->cache, "ZREVRANGE %s:user:%s:opened 0 %d", sd_cache_prefix(d->cache),
			 user, d->cfg->cache_user_top - 1);
	for (i = 0; r && r->type == REDIS_REPLY_ARRAY && i < r->elements; i++)
		if (r->element[i]->str)
			add_member(d, l, r->element[i]->str);
	if (r)
		freeReplyObject(r);
}

/* One round trip: EXISTS for every key; present[i] = 1 when cached already. */
static void which_exist(struct sd_data *d, struct warm_list *l, int *present)
{
	redisReply **r = sd_calloc(l->n + 1, sizeof *r);
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += sd_cache_append(d->cache, "EXISTS %s", l->jobs[i].key) == 0;
	if (n == l->n && sd_cache_read_replies(d->cache, (int)n, r) == 0)
		for (i = 0; i < n; i++) {
			present[i] = r[i]->type == REDIS_REPLY_INTEGER && r[i]->integer == 1;
			freeReplyObject(r[i]);
		}
	free(r);
}

static void free_list(struct warm_list *l)
{
	size_t i;
	int k;

	for (i = 0; i < l->n; i++) {
		for (k = 0; k < l->jobs[i].nparams; k++)
			free(l->jobs[i].params[k]);
		free(l->jobs[i].params);
		free(l->jobs[i].key);
	}
	free(l->jobs);
}

sd_err sd_data_warm(struct sd_data *d, enum sd_role role, const char *user, long station_id,
		    struct sd_warm_count *n)
{
	struct warm_list l = { NULL, 0 };
	int *present, saved_role = d->role, failed = 0;
	size_t i;

	memset(n, 0, sizeof *n);
	if (!sd_cache_up(d->cache)) {
		sd_err_set("cache unreachable: nothing to warm");
		return SD_ERR_CACHE;
	}
	d->role = (int)role;   /* warm loads count under the role being warmed */
	n->stations = add_profile(d, &l, role, station_id);
	add_user_top(d, &l, user);
	present = sd_calloc(l.n + 1, sizeof *present);
	which_exist(d, &l, present);
	for (i = 0; i < l.n; i++) {
		struct sd_table *t = NULL;
		int computed = 0;

		if (present[i]) {
			n->cached++;
			continue;
		}
		if (sd_data_fetch_as(d, l.jobs[i].q, (const char *const *)l.jobs[i].params,
				     l.jobs[i].nparams, l.jobs[i].ttl_s, 1, &computed, &t) != SD_OK)
			failed++;
		n->loaded += computed;
		n->cached += !computed && t;   /* another terminal computed it meanwhile */
		sd_table_free(t);
	}
	d->role = saved_role;
	free(present);
	free_list(&l);
	return failed && !n->loaded ? SD_ERR_DB : SD_OK;
}

void sd_warm_describe(const struct sd_warm_count *n, char *buf, size_t size)
{
	int len = snprintf(buf, size, "%d value%s loaded, %d already cached", n->loaded,
			   n->loaded == 1 ? "" : "s", n->cached);

	if (n->stations > 1 && len > 0 && (size_t)len < size)
		snprintf(buf + len, size - (size_t)len, " (%d stations)", n->stations);
}
