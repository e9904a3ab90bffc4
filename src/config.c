/* solardash.conf: compiled-in defaults (equal to the shipped file), the lookup order,
 * reading one file with libconfig and checking every setting's type and range, and the
 * REDIS_URL override. Errors name the file and line, or the file and setting path. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "solardash/catalog.h"
#include "solardash/config.h"

static const char *const role_names[SD_ROLE_COUNT] = { "operator", "supervisor", "manager", "admin" };

const char *sd_role_name(enum sd_role role)
{
	return (unsigned)role < SD_ROLE_COUNT ? role_names[role] : "unknown";
}

int sd_role_parse(const char *name)
{
	int i;

	for (i = 0; name && i < SD_ROLE_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

/* The default profiles, as in the shipped solardash.conf. */
struct default_entry {
	int role;
	const char *query;
	int station;          /* takes "$station" as its one parameter */
	int priority;
};

static const struct default_entry default_profiles[] = {
	{ SD_ROLE_OPERATOR, "station_queue", 1, 1 },
	{ SD_ROLE_OPERATOR, "station_pass_rate", 1, 2 },
	{ SD_ROLE_OPERATOR, "station_recent_inspections", 1, 3 },
	{ SD_ROLE_SUPERVISOR, "orders_in_progress", 0, 1 },
	{ SD_ROLE_SUPERVISOR, "panel_status_counts", 0, 2 },
	{ SD_ROLE_SUPERVISOR, "station_performance", 0, 3 },
	{ SD_ROLE_SUPERVISOR, "wip_per_station", 0, 4 },
	{ SD_ROLE_MANAGER, "headline", 0, 1 },
	{ SD_ROLE_MANAGER, "quality_30d", 0, 2 },
	{ SD_ROLE_MANAGER, "orders_under_half", 0, 3 },
	{ SD_ROLE_MANAGER, "workflow_efficiency", 0, 4 },
	{ SD_ROLE_ADMIN, "view_performance", 0, 1 },
	{ SD_ROLE_ADMIN, "partition_stats", 0, 2 },
	{ SD_ROLE_ADMIN, "refresh_log", 0, 3 },
};

static const int default_refresh_s[SD_ROLE_COUNT] = { 10, 30, 60, 30 };

static void profile_add(struct sd_role_conf *rc, const char *query, char **params,
			size_t nparams, int ttl_s, int priority)
{
	struct sd_profile_entry *e;

	rc->profile = sd_realloc(rc->profile, (rc->nprofile + 1) * sizeof *rc->profile);
	e = &rc->profile[rc->nprofile++];
	e->query = sd_strdup(query);
	e->params = params;
	e->nparams = nparams;
	e->ttl_s = ttl_s;
	e->priority = priority;
}

static void default_roles(struct sd_config *cfg)
{
	size_t i;

	for (i = 0; i < SD_ROLE_COUNT; i++)
		cfg->roles[i].refresh_s = default_refresh_s[i];
	for (i = 0; i < sizeof default_profiles / sizeof default_profiles[0]; i++) {
		const struct default_entry *d = &default_profiles[i];
		char **params = NULL;

		if (d->station) {
			params = sd_calloc(1, sizeof *params);
			params[0] = sd_strdup("$station");
		}
		profile_add(&cfg->roles[d->role], d->query, params, d->station ? 1 : 0, 0, d->priority);
	}
}

void sd_config_init(struct sd_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->db_conninfo = sd_strdup("");
	cfg->db_admin_conninfo = sd_strdup("");
	cfg->db_connect_timeout_ms = 500;
	cfg->db_statement_timeout_ms = 800;
	cfg->db_admin_statement_timeout_ms = 600000;
	cfg->redis_socket = sd_strdup("");
	cfg->redis_host = sd_strdup("127.0.0.1");
	cfg->redis_port = 6379;
	cfg->redis_password = sd_strdup("");
	cfg->redis_db = 0;
	cfg->redis_prefix = sd_strdup("solardash");
	cfg->redis_timeout_ms = 250;
	cfg->cache_default_ttl_s = 60;
	cfg->cache_lock_ms = 5000;
	cfg->cache_wait_ms = 1500;
	cfg->cache_early_beta = 1.0;
	cfg->cache_generation_ttl_ms = 5000;
	cfg->cache_last_known_ttl_s = 604800;
	cfg->cache_user_top = 5;
	default_roles(cfg);
	cfg->theme = sd_strdup("default");
	cfg->idle_logout_s = 300;
	cfg->pass_rate_warn = 95.0;
	cfg->pass_rate_crit = 90.0;
	cfg->runway_warn_months = 3;
	cfg->runway_crit_months = 1;
	cfg->refresh_age_warn_s = 1800;
	cfg->refresh_age_crit_s = 3600;
}

static void free_profile(struct sd_role_conf *rc)
{
	size_t i, j;

	for (i = 0; i < rc->nprofile; i++) {
		free(rc->profile[i].query);
		for (j = 0; j < rc->profile[i].nparams; j++)
			free(rc->profile[i].params[j]);
		free(rc->profile[i].params);
	}
	free(rc->profile);
	rc->profile = NULL;
	rc->nprofile = 0;
}

void sd_config_done(struct sd_config *cfg)
{
	int i;

	free(cfg->path);
	free(cfg->db_conninfo);
	free(cfg->db_admin_conninfo);
	free(cfg->redis_socket);
	free(cfg->redis_host);
	free(cfg->redis_password);
	free(cfg->redis_prefix);
	free(cfg->theme);
	for (i = 0; i < SD_ROLE_COUNT; i++)
		free_profile(&cfg->roles[i]);
	memset(cfg, 0, sizeof *cfg);
}

const char *sd_config_param(const struct sd_profile_entry *e, size_t i, long station_id,
			    char *buf, size_t bufsize)
{
	if (i >= e->nparams)
		return NULL;
	if (strcmp(e->params[i], "$station") == 0) {
		snprintf(buf, bufsize, "%ld", station_id);
		return buf;
	}
	return e->params[i];
}

/* ---- reading one file ---- */

struct loader {
	const char *file;
	config_t cf;
};

static sd_err bad(const struct loader *l, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static sd_err bad(const struct loader *l, const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;
	char *path = NULL, msg[256];
	const config_setting_t *p;

	/* Build "group.name" from the setting up to the root. */
	for (p = s; p && !config_setting_is_root(p); p = config_setting_parent(p)) {
		char *np;
		const char *name = config_setting_name(p);
		char idx[24];

		if (!name) {
			snprintf(idx, sizeof idx, "[%d]", config_setting_index(p));
			name = idx;
		}
		np = path ? sd_asprintf("%s%s%s", name, path[0] == '[' ? "" : ".", path) : sd_strdup(name);
		free(path);
		path = np;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sd_err_set("%s: %s: %s", l->file, path ? path : "(top)", msg);
	free(path);
	return SD_ERR_CONFIG;
}

static const char *type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP: return "a group";
	case CONFIG_TYPE_INT: case CONFIG_TYPE_INT64: return "an integer";
	case CONFIG_TYPE_FLOAT: return "a decimal number";
	case CONFIG_TYPE_STRING: return "a string";
	case CONFIG_TYPE_BOOL: return "true or false";
	case CONFIG_TYPE_ARRAY: return "an array";
	case CONFIG_TYPE_LIST: return "a list";
	default: return "a value";
	}
}

static sd_err want_type(const struct loader *l, const config_setting_t *s, int type)
{
	int t = config_setting_type(s);

	if (t == type || (type == CONFIG_TYPE_INT && t == CONFIG_TYPE_INT64))
		return SD_OK;
	return bad(l, s, "must be %s", type_name(type));
}

static sd_err get_int(const struct loader *l, const config_setting_t *g, const char *name,
		      long long min, long long max, int *out)
{
	config_setting_t *s = config_setting_get_member(g, name);
	long long v;
	char msg[96];

	if (!s)
		return SD_OK;
	if (want_type(l, s, CONFIG_TYPE_INT))
		return SD_ERR_CONFIG;
	v = config_setting_get_int64(s);
	if (v < min || v > max) {
		snprintf(msg, sizeof msg, "%lld is out of range (%lld..%lld)", v, min, max);
		return bad(l, s, "%s", msg);
	}
	*out = (int)v;
	return SD_OK;
}

static sd_err get_double(const struct loader *l, const config_setting_t *g, const char *name,
			 double min, double max, double *out)
{
	config_setting_t *s = config_setting_get_member(g, name);
	double v;
	char msg[96];

	if (!s)
		return SD_OK;
	if (want_type(l, s, CONFIG_TYPE_FLOAT))
		return SD_ERR_CONFIG;
	v = config_setting_get_float(s);
	if (v < min || v > max) {
		snprintf(msg, sizeof msg, "%g is out of range (%g..%g)", v, min, max);
		return bad(l, s, "%s", msg);
	}
	*out = v;
	return SD_OK;
}

static sd_err get_string(const struct loader *l, const config_setting_t *g, const char *name,
			 char **out)
{
	config_setting_t *s = config_setting_get_member(g, name);

	if (!s)
		return SD_OK;
	if (want_type(l, s, CONFIG_TYPE_STRING))
		return SD_ERR_CONFIG;
	free(*out);
	*out = sd_strdup(config_setting_get_string(s));
	return SD_OK;
}

static sd_err get_bool(const struct loader *l, const config_setting_t *g, const char *name,
		       int *out)
{
	config_setting_t *s = config_setting_get_member(g, name);

	if (!s)
		return SD_OK;
	if (want_type(l, s, CONFIG_TYPE_BOOL))
		return SD_ERR_CONFIG;
	*out = config_setting_get_bool(s);
	return SD_OK;
}

/* A misspelt setting would silently keep its default: name it instead. */
static sd_err only_known(const struct loader *l, const config_setting_t *g,
			 const char *const *known)
{
	int i, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *const *k;

		for (k = known; *k; k++)
			if (strcmp(*k, config_setting_name(s)) == 0)
				break;
		if (!*k)
			return bad(l, s, "%s", "unknown setting");
	}
	return SD_OK;
}

/* The named group, or NULL when absent; an error when it is not a group. */
static sd_err group(const struct loader *l, const config_setting_t *parent, const char *name,
		    const char *const *known, config_setting_t **out)
{
	*out = config_setting_get_member(parent, name);
	if (!*out)
		return SD_OK;
	if (want_type(l, *out, CONFIG_TYPE_GROUP))
		return SD_ERR_CONFIG;
	return known ? only_known(l, *out, known) : SD_OK;
}

static sd_err read_database(const struct loader *l, const config_setting_t *root,
			    struct sd_config *cfg)
{
	static const char *const known[] = {
		"conninfo", "admin_conninfo", "connect_timeout_ms", "connect_timeout_s",
		"statement_timeout_ms",
		"admin_statement_timeout_ms", NULL
	};
	config_setting_t *g;
	int legacy_s = 0;

	if (group(l, root, "database", known, &g) || !g)
		return g ? SD_ERR_CONFIG : SD_OK;
	/* connect_timeout_s (whole seconds, before 0.2) is still read; _ms wins over it. */
	if (get_int(l, g, "connect_timeout_s", 1, 60, &legacy_s))
		return SD_ERR_CONFIG;
	if (legacy_s)
		cfg->db_connect_timeout_ms = legacy_s * 1000;
	if (get_string(l, g, "conninfo", &cfg->db_conninfo) ||
	    get_string(l, g, "admin_conninfo", &cfg->db_admin_conninfo) ||
	    get_int(l, g, "connect_timeout_ms", 50, 60000, &cfg->db_connect_timeout_ms) ||
	    get_int(l, g, "statement_timeout_ms", 100, 600000, &cfg->db_statement_timeout_ms) ||
	    get_int(l, g, "admin_statement_timeout_ms", 1000, 86400000,
		    &cfg->db_admin_statement_timeout_ms))
		return SD_ERR_CONFIG;
	return SD_OK;
}

static sd_err read_redis(const struct loader *l, const config_setting_t *root,
			 struct sd_config *cfg)
{
	static const char *const known[] = {
		"socket", "host", "port", "password", "db", "prefix", "timeout_ms", NULL
	};
	config_setting_t *g;

	if (group(l, root, "redis", known, &g) || !g)
		return g ? SD_ERR_CONFIG : SD_OK;
	if (get_string(l, g, "socket", &cfg->redis_socket) ||
	    get_string(l, g, "host", &cfg->redis_host) ||
	    get_int(l, g, "port", 1, 65535, &cfg->redis_port) ||
	    get_string(l, g, "password", &cfg->redis_password) ||
	    get_int(l, g, "db", 0, 15, &cfg->redis_db) ||
	    get_string(l, g, "prefix", &cfg->redis_prefix) ||
	    get_int(l, g, "timeout_ms", 10, 10000, &cfg->redis_timeout_ms))
		return SD_ERR_CONFIG;
	if (!cfg->redis_prefix[0] || strpbrk(cfg->redis_prefix, " *?[]\\"))
		return bad(l, config_setting_get_member(g, "prefix"), "%s",
			   "must be non-empty, without spaces or * ? [ ] \\");
	return SD_OK;
}

static sd_err read_cache(const struct loader *l, const config_setting_t *root,
			 struct sd_config *cfg)
{
	static const char *const known[] = {
		"default_ttl_s", "lock_ms", "wait_ms", "early_beta", "generation_ttl_ms",
		"last_known_ttl_s", "user_top", NULL
	};
	config_setting_t *g;

	if (group(l, root, "cache", known, &g) || !g)
		return g ? SD_ERR_CONFIG : SD_OK;
	if (get_int(l, g, "default_ttl_s", 1, 86400, &cfg->cache_default_ttl_s) ||
	    get_int(l, g, "lock_ms", 100, 600000, &cfg->cache_lock_ms) ||
	    get_int(l, g, "wait_ms", 0, 60000, &cfg->cache_wait_ms) ||
	    get_double(l, g, "early_beta", 0.0, 100.0, &cfg->cache_early_beta) ||
	    get_int(l, g, "generation_ttl_ms", 100, 600000, &cfg->cache_generation_ttl_ms) ||
	    get_int(l, g, "last_known_ttl_s", 0, 31536000, &cfg->cache_last_known_ttl_s) ||
	    get_int(l, g, "user_top", 0, 100, &cfg->cache_user_top))
		return SD_ERR_CONFIG;
	return SD_OK;
}

static sd_err read_params(const struct loader *l, const config_setting_t *e,
			  char ***params, size_t *nparams)
{
	config_setting_t *a = config_setting_get_member(e, "params");
	int i, n;

	*params = NULL;
	*nparams = 0;
	if (!a)
		return SD_OK;
	if (config_setting_type(a) != CONFIG_TYPE_ARRAY && config_setting_type(a) != CONFIG_TYPE_LIST)
		return bad(l, a, "%s", "must be an array of strings");
	n = config_setting_length(a);
	*params = sd_calloc((size_t)n, sizeof **params);
	for (i = 0; i < n; i++) {
		config_setting_t *p = config_setting_get_elem(a, (unsigned)i);

		if (want_type(l, p, CONFIG_TYPE_STRING))
			return SD_ERR_CONFIG;
		(*params)[i] = sd_strdup(config_setting_get_string(p));
		*nparams = (size_t)i + 1;
	}
	return SD_OK;
}

static void free_params(char **params, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(params[i]);
	free(params);
}

static sd_err read_entry(const struct loader *l, const config_setting_t *e, int role,
			 struct sd_role_conf *rc)
{
	static const char *const known[] = { "query", "params", "ttl_s", "priority", NULL };
	const struct sd_query *q;
	char *query = NULL, **params;
	size_t nparams;
	int ttl = 0, prio = 100;

	if (want_type(l, e, CONFIG_TYPE_GROUP) || only_known(l, e, known))
		return SD_ERR_CONFIG;
	if (!config_setting_get_member(e, "query"))
		return bad(l, e, "%s", "needs a query name");
	if (get_string(l, e, "query", &query))
		return SD_ERR_CONFIG;
	q = sd_catalog_find(query);
	if (!q || q->ttl_s == 0 || !(q->roles & SD_QROLE(role))) {
		sd_err rc2 = bad(l, config_setting_get_member(e, "query"),
				 !q ? "unknown query name '%s'"
				 : q->ttl_s == 0 ? "'%s' is never cached, so it cannot be warmed"
				 : "'%s' is not a query of this role", query);
		free(query);
		return rc2;
	}
	if (get_int(l, e, "ttl_s", 0, 86400, &ttl) || get_int(l, e, "priority", 0, 1000, &prio) ||
	    read_params(l, e, &params, &nparams)) {
		free(query);
		return SD_ERR_CONFIG;
	}
	if ((int)nparams != q->nparams) {
		free_params(params, nparams);
		free(query);
		return bad(l, e, "%s", q->nparams ? "the query takes one parameter" : "the query takes no parameters");
	}
	profile_add(rc, query, params, nparams, ttl, prio);
	free(query);
	return SD_OK;
}

static int by_priority(const void *a, const void *b)
{
	const struct sd_profile_entry *x = a, *y = b;

	return (x->priority > y->priority) - (x->priority < y->priority);
}

static sd_err read_role(const struct loader *l, const config_setting_t *g, int role,
			struct sd_role_conf *rc)
{
	static const char *const known[] = { "refresh_s", "profile", NULL };
	config_setting_t *p;
	int i, n;

	if (want_type(l, g, CONFIG_TYPE_GROUP) || only_known(l, g, known) ||
	    get_int(l, g, "refresh_s", 1, 3600, &rc->refresh_s))
		return SD_ERR_CONFIG;
	p = config_setting_get_member(g, "profile");
	if (!p)
		return SD_OK;
	if (config_setting_type(p) != CONFIG_TYPE_LIST)
		return bad(l, p, "%s", "must be a list ( {...}, ... )");
	free_profile(rc);   /* a profile in the file replaces the default one */
	n = config_setting_length(p);
	for (i = 0; i < n; i++)
		if (read_entry(l, config_setting_get_elem(p, (unsigned)i), role, rc))
			return SD_ERR_CONFIG;
	if (rc->nprofile > 1)
		qsort(rc->profile, rc->nprofile, sizeof *rc->profile, by_priority);
	return SD_OK;
}

static sd_err read_roles(const struct loader *l, const config_setting_t *root,
			 struct sd_config *cfg)
{
	config_setting_t *g;
	int i, n;

	if (group(l, root, "roles", NULL, &g) || !g)
		return g ? SD_ERR_CONFIG : SD_OK;
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		config_setting_t *r = config_setting_get_elem(g, (unsigned)i);
		int role = sd_role_parse(config_setting_name(r));

		if (role < 0)
			return bad(l, r, "%s", "unknown role (operator, supervisor, manager, admin)");
		if (read_role(l, r, role, &cfg->roles[role]))
			return SD_ERR_CONFIG;
	}
	return SD_OK;
}

static sd_err read_terminal(const struct loader *l, const config_setting_t *root,
			    struct sd_config *cfg)
{
	static const char *const known[] = {
		"theme", "station_id", "trust_os_user", "kiosk", "idle_logout_s", NULL
	};
	config_setting_t *g;

	if (group(l, root, "terminal", known, &g) || !g)
		return g ? SD_ERR_CONFIG : SD_OK;
	if (get_string(l, g, "theme", &cfg->theme) ||
	    get_int(l, g, "station_id", 0, 2147483647, &cfg->station_id) ||
	    get_bool(l, g, "trust_os_user", &cfg->trust_os_user) ||
	    get_bool(l, g, "kiosk", &cfg->kiosk) ||
	    get_int(l, g, "idle_logout_s", 0, 86400, &cfg->idle_logout_s))
		return SD_ERR_CONFIG;
	return SD_OK;
}

static sd_err read_thresholds(const struct loader *l, const config_setting_t *root,
			      struct sd_config *cfg)
{
	static const char *const known[] = {
		"pass_rate_warn", "pass_rate_crit", "runway_warn_months", "runway_crit_months",
		"refresh_age_warn_s", "refresh_age_crit_s", NULL
	};
	config_setting_t *g;

	if (group(l, root, "thresholds", known, &g) || !g)
		return g ? SD_ERR_CONFIG : SD_OK;
	if (get_double(l, g, "pass_rate_warn", 0.0, 100.0, &cfg->pass_rate_warn) ||
	    get_double(l, g, "pass_rate_crit", 0.0, 100.0, &cfg->pass_rate_crit) ||
	    get_int(l, g, "runway_warn_months", 0, 120, &cfg->runway_warn_months) ||
	    get_int(l, g, "runway_crit_months", 0, 120, &cfg->runway_crit_months) ||
	    get_int(l, g, "refresh_age_warn_s", 1, 31536000, &cfg->refresh_age_warn_s) ||
	    get_int(l, g, "refresh_age_crit_s", 1, 31536000, &cfg->refresh_age_crit_s))
		return SD_ERR_CONFIG;
	/* A warning must come before the critical state, or the warning never shows. */
	if (cfg->pass_rate_crit > cfg->pass_rate_warn)
		return bad(l, g, "pass_rate_crit (%g) is above pass_rate_warn (%g): a pass rate "
			   "falls below the warning first", cfg->pass_rate_crit, cfg->pass_rate_warn);
	if (cfg->runway_crit_months > cfg->runway_warn_months)
		return bad(l, g, "runway_crit_months (%d) is above runway_warn_months (%d)",
			   cfg->runway_crit_months, cfg->runway_warn_months);
	if (cfg->refresh_age_crit_s < cfg->refresh_age_warn_s)
		return bad(l, g, "refresh_age_crit_s (%d) is below refresh_age_warn_s (%d)",
			   cfg->refresh_age_crit_s, cfg->refresh_age_warn_s);
	return SD_OK;
}

static sd_err read_all(const struct loader *l, struct sd_config *cfg)
{
	static const char *const known[] = {
		"database", "redis", "cache", "roles", "terminal", "thresholds", NULL
	};
	config_setting_t *root = config_root_setting(&l->cf);

	if (only_known(l, root, known) || read_database(l, root, cfg) ||
	    read_redis(l, root, cfg) || read_cache(l, root, cfg) || read_roles(l, root, cfg) ||
	    read_terminal(l, root, cfg) || read_thresholds(l, root, cfg))
		return SD_ERR_CONFIG;
	return SD_OK;
}

/* "password=..." in a key/value conninfo, or "postgresql://user:secret@host" in a URI. */
static int conninfo_has_password(const char *ci)
{
	const char *scheme = strstr(ci, "://"), *at, *colon;

	if (strstr(ci, "password"))
		return 1;
	if (!scheme || (strncmp(ci, "postgresql://", 13) != 0 && strncmp(ci, "postgres://", 11) != 0))
		return 0;
	scheme += 3;
	at = strchr(scheme, '@');
	colon = at ? memchr(scheme, ':', (size_t)(at - scheme)) : NULL;
	return colon != NULL;
}

/* A password that other users can read is worth a warning, not a refusal. */
static void check_private(const char *path, const struct sd_config *cfg,
			  void (*warn)(const char *msg))
{
	struct stat st;
	char msg[512];

	if (!warn || stat(path, &st) != 0 || !(st.st_mode & 077))
		return;
	if (!cfg->redis_password[0] && !conninfo_has_password(cfg->db_conninfo) &&
	    !conninfo_has_password(cfg->db_admin_conninfo))
		return;
	snprintf(msg, sizeof msg, "%s: holds a password but is readable by others (chmod 600 %s)",
		 path, path);
	warn(msg);
}

sd_err sd_config_load_file(struct sd_config *cfg, const char *path, void (*warn)(const char *msg))
{
	struct loader l = { path, { 0 } };
	struct stat st;
	sd_err rc;
	FILE *f = fopen(path, "r");

	if (!f) {
		sd_err_set("%s: %s", path, strerror(errno));
		return SD_ERR_CONFIG;
	}
	/* libconfig would say only "input in flex scanner failed" about a directory. */
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		sd_err_set("%s: is a directory, not a file", path);
		fclose(f);
		return SD_ERR_CONFIG;
	}
	config_init(&l.cf);
	if (!config_read(&l.cf, f)) {
		sd_err_set("%s:%d: %s", path, config_error_line(&l.cf), config_error_text(&l.cf));
		config_destroy(&l.cf);
		fclose(f);
		return SD_ERR_CONFIG;
	}
	fclose(f);
	rc = read_all(&l, cfg);
	config_destroy(&l.cf);
	if (rc == SD_OK) {
		free(cfg->path);
		cfg->path = sd_strdup(path);
		check_private(path, cfg, warn);
	}
	return rc;
}

/* ---- REDIS_URL ---- */

/* Messages show the URL with its password masked: error output ends up in logs. */
static sd_err url_number(const char *url, const char *s, size_t len, long min, long max,
			 const char *what, int *out)
{
	char buf[16], *end;
	long v;

	if (len == 0 || len >= sizeof buf) {
		sd_err_set("REDIS_URL: %s: %s %s", url, len ? "bad" : "empty", what);
		return SD_ERR_CONFIG;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtol(buf, &end, 10);
	if (*end || buf[0] < '0' || buf[0] > '9') {
		sd_err_set("REDIS_URL: %s: %s '%s' is not a number", url, what, buf);
		return SD_ERR_CONFIG;
	}
	if (v < min || v > max) {
		sd_err_set("REDIS_URL: %s: %s '%s' is out of range (%ld..%ld)", url, what, buf, min, max);
		return SD_ERR_CONFIG;
	}
	*out = (int)v;
	return SD_OK;
}

static sd_err apply_unix_url(struct sd_config *cfg, const char *url, const char *path)
{
	const char *q = strchr(path, '?');
	size_t plen = q ? (size_t)(q - path) : strlen(path);
	int db = 0;

	if (*path != '/' || plen < 2 || path[plen - 1] == '/') {
		sd_err_set("REDIS_URL: %s: wants the socket's path, unix:///absolute/path.sock", url);
		return SD_ERR_CONFIG;
	}
	if (q) {
		if (strncmp(q, "?db=", 4) != 0) {
			sd_err_set("REDIS_URL: %s: only ?db=N is understood", url);
			return SD_ERR_CONFIG;
		}
		if (url_number(url, q + 4, strlen(q + 4), 0, 15, "db", &db))
			return SD_ERR_CONFIG;
	}
	free(cfg->redis_socket);
	cfg->redis_socket = sd_strndup(path, plen);
	cfg->redis_db = db;
	return SD_OK;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* A new string with %XX decoded, or NULL when an escape is malformed or decodes to NUL. */
static char *percent_decode(const char *s, size_t n)
{
	char *out = sd_calloc(n + 1, 1), *o = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= n) {
			free(out);
			return NULL;
		}
		if (hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0 ||
		    (hexval(s[i + 1]) == 0 && hexval(s[i + 2]) == 0)) {
			free(out);
			return NULL;
		}
		*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
		i += 2;
	}
	return out;
}

/* redis://[[default]:password@]host[:port][/db]; host may be [IPv6]. */
static sd_err apply_tcp_url(struct sd_config *cfg, const char *url, const char *rest)
{
	const char *at = strrchr(rest, '@'), *host = at ? at + 1 : rest;
	const char *slash = strchr(host, '/'), *hend = slash ? slash : host + strlen(host);
	const char *hs = host, *he, *colon;
	char *password = NULL;
	int port = 6379, db = 0;

	if (*host == '[') {             /* [::1]:6379 */
		const char *rb = memchr(host, ']', (size_t)(hend - host));

		if (!rb || (rb + 1 != hend && rb[1] != ':')) {
			sd_err_set("REDIS_URL: %s: an IPv6 address wants [address]:port", url);
			return SD_ERR_CONFIG;
		}
		hs = host + 1;
		he = rb;
		colon = rb + 1 != hend ? rb + 1 : NULL;
	} else {
		colon = memchr(host, ':', (size_t)(hend - host));
		he = colon ? colon : hend;
	}
	if (colon && url_number(url, colon + 1, (size_t)(hend - colon - 1), 1, 65535, "port", &port))
		return SD_ERR_CONFIG;
	if (slash && slash[1] && url_number(url, slash + 1, strlen(slash + 1), 0, 15, "db", &db))
		return SD_ERR_CONFIG;
	if (he == hs) {
		sd_err_set("REDIS_URL: %s: no host", url);
		return SD_ERR_CONFIG;
	}
	if (at) {
		const char *pc = memchr(rest, ':', (size_t)(at - rest));
		size_t ulen = pc ? (size_t)(pc - rest) : (size_t)(at - rest);

		/* Redis 6 ACL users are not supported: only the default user's password. */
		if (!pc || (ulen && (ulen != 7 || strncmp(rest, "default", 7) != 0))) {
			sd_err_set("REDIS_URL: %s: wants redis://:password@host (a user name other than "
				   "'default' is not supported)", url);
			return SD_ERR_CONFIG;
		}
		password = percent_decode(pc + 1, (size_t)(at - pc - 1));
		if (!password) {
			sd_err_set("REDIS_URL: %s: the password has a bad %%XX escape", url);
			return SD_ERR_CONFIG;
		}
	}
	free(cfg->redis_host);
	cfg->redis_host = sd_strndup(hs, (size_t)(he - hs));
	free(cfg->redis_password);
	cfg->redis_password = password ? password : sd_strdup("");
	free(cfg->redis_socket);
	cfg->redis_socket = sd_strdup("");
	cfg->redis_port = port;
	cfg->redis_db = db;
	return SD_OK;
}

/* The URL as it may be shown: "redis://:***@host..." when it holds a password. */
static char *url_shown(const char *url)
{
	const char *rest = strncmp(url, "redis://", 8) == 0 ? url + 8 : NULL;
	const char *at = rest ? strrchr(rest, '@') : NULL;
	const char *pc = at ? memchr(rest, ':', (size_t)(at - rest)) : NULL;

	if (!pc)
		return sd_strdup(url);
	return sd_asprintf("%.*s:***%s", (int)(pc - url), url, at);
}

sd_err sd_config_apply_redis_url(struct sd_config *cfg, const char *url)
{
	char *shown = url_shown(url);
	sd_err rc;

	if (strncmp(url, "unix://", 7) == 0)
		rc = apply_unix_url(cfg, shown, url + 7);
	else if (strncmp(url, "redis://", 8) == 0)
		rc = apply_tcp_url(cfg, shown, url + 8);
	else {
		sd_err_set("REDIS_URL: %s: wants redis://[:password@]host:port/db or "
			   "unix:///path.sock[?db=N]", shown);
		rc = SD_ERR_CONFIG;
	}
	free(shown);
	return rc;
}

/* ---- lookup ---- */

static int readable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The first file of the lookup order that exists (a new string), or NULL. */
static char *find_file(void)
{
	const char *env = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *p;

	if (env && *env)
		p = sd_asprintf("%s/solardash/solardash.conf", env);
	else if (home && *home)
		p = sd_asprintf("%s/.config/solardash/solardash.conf", home);
	else
		p = NULL;
	if (p && readable(p))
		return p;
	free(p);
	p = sd_strdup(SD_SYSCONFDIR "/solardash.conf");
	if (readable(p))
		return p;
	free(p);
	return NULL;
}

sd_err sd_config_load(struct sd_config *cfg, const char *explicit_path,
		      void (*warn)(const char *msg))
{
	const char *env = getenv("SOLARDASH_CONF"), *url = getenv("REDIS_URL");
	char *found = NULL;
	sd_err rc = SD_OK;

	/* A file named explicitly (-c or SOLARDASH_CONF) must exist; the others are optional. */
	if (explicit_path)
		rc = sd_config_load_file(cfg, explicit_path, warn);
	else if (env && *env)
		rc = sd_config_load_file(cfg, env, warn);
	else if ((found = find_file()))
		rc = sd_config_load_file(cfg, found, warn);
	free(found);
	if (rc == SD_OK && url && *url)
		rc = sd_config_apply_redis_url(cfg, url);
	return rc;
}
