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

static void add_profile(struct sd_data *d, struct warm_list *l, enum sd_role role, long station)
{
	const struct sd_role_conf *rc = &d->cfg->roles[role];
	size_t i, k;
	char buf[32];

	for (i = 0; i < rc->nprofile; i++) {
		const struct sd_profile_entry *e = &rc->profile[i];
		const struct sd_query *q = sd_catalog_find(e->query);
		char **params = sd_calloc(e->nparams + 1, sizeof *params);

		for (k = 0; k < e->nparams; k++)
			params[k] = sd_strdup(sd_config_param(e, k, station, buf, sizeof buf));
		if (q)
			add_job(d, l, q, params, (int)e->nparams, e->ttl_s);
		else
			free(params);
	}
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
		    int *loaded)
{
	struct warm_list l = { NULL, 0 };
	int *present, saved_role = d->role, failed = 0;
	size_t i;

	*loaded = 0;
	if (!sd_cache_up(d->cache)) {
		sd_err_set("cache unreachable: nothing to warm");
		return SD_ERR_CACHE;
	}
	d->role = (int)role;   /* warm loads count under the role being warmed */
	add_profile(d, &l, role, station_id);
	add_user_top(d, &l, user);
	present = sd_calloc(l.n + 1, sizeof *present);
	which_exist(d, &l, present);
	for (i = 0; i < l.n; i++) {
		struct sd_table *t = NULL;
		int computed = 0;

		if (present[i])
			continue;
		if (sd_data_fetch_as(d, l.jobs[i].q, (const char *const *)l.jobs[i].params,
				     l.jobs[i].nparams, l.jobs[i].ttl_s, 1, &computed, &t) != SD_OK)
			failed++;
		*loaded += computed;
		sd_table_free(t);
	}
	d->role = saved_role;
	free(present);
	free_list(&l);
	return failed && !*loaded ? SD_ERR_DB : SD_OK;
}
