/* The data layer facade: named queries answered from Redis or PostgreSQL with provenance,
 * the last good value when PostgreSQL is down, metrics per role and query, login, and the
 * servers' state for the screens' status line and the event loop. */
#include "config.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/metrics.h"
#include "data/internal.h"

/* The statement timeout of a mode. A read on the admin connection answers within a
 * monitoring plugin's limit: the read deadline, or the dashboards' timeout when that is
 * longer, and never more than the admin timeout. */
static int mode_timeout_ms(const struct sd_config *cfg, enum sd_data_mode mode)
{
	int t;

	if (mode == SD_DATA_DASHBOARD)
		return cfg->db_statement_timeout_ms;
	if (mode == SD_DATA_ADMIN)
		return cfg->db_admin_statement_timeout_ms;
	t = cfg->db_statement_timeout_ms > SD_DATA_READ_TIMEOUT_MS ? cfg->db_statement_timeout_ms
		: SD_DATA_READ_TIMEOUT_MS;
	return t < cfg->db_admin_statement_timeout_ms ? t : cfg->db_admin_statement_timeout_ms;
}

sd_err sd_data_open(struct sd_data **out, const struct sd_config *cfg, enum sd_data_mode mode)
{
	struct sd_data *d = sd_calloc(1, sizeof *d);
	const char *conninfo = mode != SD_DATA_DASHBOARD && cfg->db_admin_conninfo[0] ?
		cfg->db_admin_conninfo : cfg->db_conninfo;
	int timeout = mode_timeout_ms(cfg, mode);

	d->cfg = cfg;
	d->db = sd_db_new(conninfo, cfg->db_connect_timeout_ms, timeout);
	d->cache = sd_cache_new(cfg);
	d->role = -1;
	d->channel = sd_asprintf("%s:events", cfg->redis_prefix);
	/* Servers that are down now are not an error: the layer reconnects with backoff. */
	d->db_was_up = sd_db_up(d->db);
	d->cache_was_up = sd_cache_up(d->cache);
	*out = d;
	return SD_OK;
}

static void memo_free(struct sd_memo *m)
{
	while (m) {
		struct sd_memo *next = m->next;

		free(m->key);
		sd_table_free(m->table);
		free(m);
		m = next;
	}
}

void sd_data_close(struct sd_data *d)
{
	if (!d)
		return;
	sd_db_free(d->db);
	sd_cache_free(d->cache);
	memo_free(d->memo);
	free(d->user);
	free(d->channel);
	free(d);
}

void sd_data_set_identity(struct sd_data *d, enum sd_role role, const char *user)
{
	d->role = (int)role;
	free(d->user);
	d->user = user ? sd_strdup(user) : NULL;
}

const char *sd_data_role_name(const struct sd_data *d)
{
	return d->role >= 0 ? sd_role_name((enum sd_role)d->role) : "cli";
}

static void memo_put(struct sd_data *d, const char *key, const struct sd_table *t)
{
	struct sd_memo *m;

	for (m = d->memo; m; m = m->next)
		if (strcmp(m->key, key) == 0)
			break;
	if (!m) {
		m = sd_calloc(1, sizeof *m);
		m->key = sd_strdup(key);
		m->next = d->memo;
		d->memo = m;
	}
	sd_table_free(m->table);
	m->table = sd_table_copy(t);
}

/* PostgreSQL failed: the last good value from Redis, else from memory, marked stale. */
static struct sd_table *stale_value(struct sd_data *d, const char *last_key)
{
	struct sd_table *t = sd_cache_last(d->cache, last_key);
	struct sd_memo *m;

	for (m = d->memo; !t && m; m = m->next)
		if (strcmp(m->key, last_key) == 0)
			t = sd_table_copy(m->table);
	if (t)
		t->source = SD_SRC_STALE;
	return t;
}

struct job {
	struct sd_data *d;
	const struct sd_query *q;
	const char *const *params;
	int nparams;
	double views_at;
};

static sd_err compute_job(void *arg, struct sd_table **out)
{
	struct job *j = arg;
	sd_err rc = sd_db_query(j->d->db, j->q, j->params, j->nparams, out);

	if (rc == SD_OK)
		(*out)->views_refreshed_at = j->views_at;
	return rc;
}

static void count(struct sd_data *d, const struct sd_query *q, const struct sd_cache_info *info,
		  int warm, double ms)
{
	const char *role = sd_data_role_name(d);

	if (info->how == SD_CACHE_BYPASS)
		return;   /* Redis is down: nowhere to count */
	if (info->corrupt)
		sd_metrics_record(d->cache, role, q->name, SD_METRIC_ERROR, -1);
	if (warm) {
		if (info->computed)
			sd_metrics_record(d->cache, role, q->name, SD_METRIC_WARM, -1);
		return;
	}
	sd_metrics_record(d->cache, role, q->name,
			  info->how == SD_CACHE_HIT || info->how == SD_CACHE_EARLY ? SD_METRIC_HIT
										   : SD_METRIC_MISS, ms);
}

static void set_source(struct sd_table *t, enum sd_cache_how how)
{
	switch (how) {
	case SD_CACHE_HIT: case SD_CACHE_WAITED: t->source = SD_SRC_CACHE; break;
	case SD_CACHE_EARLY: case SD_CACHE_COMPUTED: t->source = SD_SRC_DATABASE; break;
	case SD_CACHE_BYPASS: t->source = SD_SRC_NOCACHE; break;
	}
}

static sd_err fetch_failed(struct sd_data *d, const struct sd_query *q, sd_err rc,
			   const char *last, struct sd_table **out)
{
	if (rc != SD_ERR_DB && rc != SD_ERR_TIMEOUT)
		return rc;
	*out = stale_value(d, last);
	if (*out)
		return SD_OK;
	sd_err_set("%s: no data: %s, and nothing cached", q->name,
		   sd_db_down_since(d->db) ? "the database is unreachable" : sd_err_last());
	return rc;
}

sd_err sd_data_fetch_as(struct sd_data *d, const struct sd_query *q, const char *const *params,
			int nparams, int ttl_s, int warm, int *computed, struct sd_table **out)
{
	struct job j = { d, q, params, nparams, 0 };
	unsigned long long gen = sd_gens_for(d, q, &j.views_at);
	char *key = sd_cache_key(sd_cache_prefix(d->cache), q->name, params, nparams, gen);
	char *last = sd_cache_last_key(sd_cache_prefix(d->cache), q->name, params, nparams);
	struct sd_cache_req req = { key, last, (ttl_s ? ttl_s : q->ttl_s) * 1000, compute_job, &j };
	struct sd_cache_info info;
	double t0 = sd_now();
	sd_err rc = sd_cache_get(d->cache, &req, out, &info);

	count(d, q, &info, warm, (sd_now() - t0) * 1000.0);
	if (computed)
		*computed = info.computed && rc == SD_OK;
	if (rc == SD_OK) {
		set_source(*out, info.how);
		memo_put(d, last, *out);
	} else {
		if (info.how != SD_CACHE_BYPASS)
			sd_metrics_record(d->cache, sd_data_role_name(d), q->name, SD_METRIC_ERROR, -1);
		rc = fetch_failed(d, q, rc, last, out);
	}
	free(key);
	free(last);
	return rc;
}

/* What this user opens, for warming at the next login: "<query>\x1f<param>...". */
static void note_opened(struct sd_data *d, const struct sd_query *q, const char *const *params,
			int nparams)
{
	char *member = sd_strdup(q->name), *key;
	redisReply *r;
	int i;

	if (!d->user || !sd_cache_up(d->cache))
		return free(member);
	for (i = 0; i < nparams; i++) {
		char *m = sd_asprintf("%s\x1f%s", member, params[i] ? params[i] : "");

		free(member);
		member = m;
	}
	key = sd_asprintf("%s:user:%s:opened", sd_cache_prefix(d->cache), d->user);
	r = sd_cache_cmd(d->cache, "ZINCRBY %s 1 %s", key, member);
	if (r)
		freeReplyObject(r);
	free(key);
	free(member);
}

static sd_err lookup(struct sd_data *d, const char *name, int nparams, const struct sd_query **q)
{
	*q = sd_catalog_find(name);
	if (!*q) {
		sd_err_set("unknown query '%s'", name ? name : "(null)");
		return SD_ERR_NOTFOUND;
	}
	if (d->role >= 0 && !((*q)->roles & SD_QROLE(d->role))) {
		sd_err_set("%s: not available to the %s role", name, sd_data_role_name(d));
		return SD_ERR_DENIED;
	}
	if (nparams != (*q)->nparams) {
		sd_err_set("%s: wants %d parameter(s), got %d", name, (*q)->nparams, nparams);
		return SD_ERR_USAGE;
	}
	return SD_OK;
}

sd_err sd_data_fetch(struct sd_data *d, const char *query, const char *const *params,
		     int nparams, struct sd_table **out)
{
	const struct sd_query *q;
	sd_err rc = lookup(d, query, nparams, &q);

	*out = NULL;
	if (rc != SD_OK)
		return rc;
	if (q->ttl_s == 0)
		return sd_data_exec(d, query, params, nparams, out);
	note_opened(d, q, params, nparams);
	return sd_data_fetch_as(d, q, params, nparams, 0, 0, NULL, out);
}

sd_err sd_data_exec(struct sd_data *d, const char *query, const char *const *params,
		    int nparams, struct sd_table **out)
{
	const struct sd_query *q;
	sd_err rc = lookup(d, query, nparams, &q);

	*out = NULL;
	if (rc != SD_OK)
		return rc;
	return sd_db_query(d->db, q, params, nparams, out);
}

/* With no secret ("trust the OS user"), the database says who the session is: the login
 * succeeds only when that is the user asked for, so a client cannot name someone else. */
sd_err sd_data_login(struct sd_data *d, const char *user, const char *secret, struct sd_login *out)
{
	const char *params[2] = { user, secret };
	struct sd_table *t;
	long long v;
	int role;
	sd_err rc = secret ? sd_data_exec(d, "login", params, 2, &t)
			   : sd_data_exec(d, "login_session", NULL, 0, &t);

	memset(out, 0, sizeof *out);
	if (rc != SD_OK)
		return rc;
	role = t->nrows == 1 ? sd_role_parse(sd_table_get(t, 0, 1)) : -1;
	if (!secret && role >= 0 && (!sd_table_get(t, 0, 4) || strcmp(sd_table_get(t, 0, 4), user)))
		role = -1;
	if (role < 0 || sd_table_long(t, 0, 0, &v) != 0) {
		sd_table_free(t);
		sd_err_set(secret ? "wrong user name or PIN"
			   : "the database session is not that dashboard user");
		return SD_ERR_DENIED;
	}
	out->user_id = (long)v;
	out->role = (enum sd_role)role;
	snprintf(out->name, sizeof out->name, "%s", user);
	snprintf(out->full_name, sizeof out->full_name, "%s", sd_table_get(t, 0, 2) ? sd_table_get(t, 0, 2) : "");
	out->station_id = sd_table_long(t, 0, 3, &v) == 0 ? (long)v : 0;
	sd_table_free(t);
	return SD_OK;
}

/* ---- state and the event loop ---- */

void sd_data_state(struct sd_data *d, struct sd_data_state *st)
{
	int i;

	memset(st, 0, sizeof *st);
	st->db_down_since = sd_db_down_since(d->db);
	st->cache_down_since = sd_cache_down_since(d->cache);
	st->db_up = st->db_down_since == 0;
	st->cache_up = st->cache_down_since == 0;
	for (i = 0; i < d->ngens; i++)
		if (d->gens[i].refreshed_at > st->views_refreshed_at)
			st->views_refreshed_at = d->gens[i].refreshed_at;
	st->generation = d->gen_sum;
}

int sd_data_pollfds(struct sd_data *d, struct pollfd *fds, int max)
{
	int fd;

	if (max < 1 || sd_cache_retry_in_ms(d->cache) > 0)
		return 0;
	fd = sd_cache_sub_fd(d->cache, d->channel);
	if (fd < 0)
		return 0;
	fds[0].fd = fd;
	fds[0].events = POLLIN;
	fds[0].revents = 0;
	return 1;
}

int sd_data_timeout_ms(struct sd_data *d)
{
	int db = sd_db_retry_in_ms(d->db), cache = sd_cache_retry_in_ms(d->cache);
	int gen = d->cfg->cache_generation_ttl_ms;

	/* The shared generations are looked at once per their TTL: pg_cron refreshes show. */
	if (db > 0 && db < gen)
		gen = db;
	if (cache > 0 && cache < gen)
		gen = cache;
	return gen;
}

static int sub_events(struct sd_data *d)
{
	struct pollfd pfd;

	if (sd_data_pollfds(d, &pfd, 1) != 1 || poll(&pfd, 1, 0) != 1)
		return 0;
	return sd_cache_sub_read(d->cache) > 0;
}

int sd_data_process(struct sd_data *d)
{
	unsigned long before = d->gen_sum;
	int flags = 0, db_up, cache_up;

	if (sub_events(d))
		sd_gens_load(d, 1);
	else
		sd_gens_load(d, 0);
	if (d->gen_sum != before)
		flags |= SD_DATA_VIEWS_REFRESHED;
	db_up = sd_db_up(d->db);
	cache_up = sd_cache_up(d->cache);
	if (db_up != d->db_was_up || cache_up != d->cache_was_up)
		flags |= SD_DATA_STATE_CHANGED;
	d->db_was_up = db_up;
	d->cache_was_up = cache_up;
	return flags;
}
