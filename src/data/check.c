/* `solardash check [db|cache|views|partitions]`: monitoring-plugin checks. One status line
 * "SOLARDASH VIEWS OK - message | perfdata", exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN;
 * --json prints the same as an object. Without an argument every check runs and the first
 * line sums them up. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/commands.h"
#include "solardash/data.h"
#include "solardash/db.h"
#include "solardash/output.h"
#include "solardash/sanitize.h"

enum { CK_OK, CK_WARN, CK_CRIT, CK_UNKNOWN };
static const char *const status_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

struct check {
	const char *name;
	int code;
	char msg[512];
	char perf[1024];
};

static void say(struct check *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void say(struct check *c, int code, const char *fmt, ...)
{
	va_list ap;

	c->code = code;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
}

static void perf(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void perf(struct check *c, const char *fmt, ...)
{
	size_t len = strlen(c->perf);
	va_list ap;

	if (len && len + 1 < sizeof c->perf)
		c->perf[len++] = ' ';
	va_start(ap, fmt);
	vsnprintf(c->perf + len, sizeof c->perf - len, fmt, ap);
	va_end(ap);
}

static void check_db(struct sd_data *d, const struct sd_config *cfg, struct check *c)
{
	struct sd_table *t;
	double t0 = sd_now();

	if (sd_data_exec(d, "db_ping", NULL, 0, &t) != SD_OK) {
		say(c, CK_CRIT, "%s", sd_err_last());
		return;
	}
	say(c, CK_OK, "PostgreSQL %s answers in %.1f ms", sd_table_get(t, 0, 0),
	    (sd_now() - t0) * 1000.0);
	perf(c, "time=%.4fs", sd_now() - t0);
	sd_table_free(t);
}

static const char *health(const struct sd_table *t, const char *name)
{
	size_t r;

	for (r = 0; r < t->nrows; r++)
		if (!strcmp(sd_table_get(t, r, 0), name))
			return sd_table_get(t, r, 1);
	return NULL;
}

static void check_cache(struct sd_data *d, const struct sd_config *cfg, struct check *c)
{
	struct sd_table *t;
	const char *lat, *keys, *rate;

	if (sd_data_cache_health(d, &t) != SD_OK) {
		say(c, CK_UNKNOWN, "%s", sd_err_last());
		return;
	}
	if (strcmp(health(t, "reachable"), "yes") != 0) {
		const char *where = cfg->redis_socket[0] ? cfg->redis_socket : cfg->redis_host;
		const char *why = health(t, "error");
		char pre[320];

		/* The reason, without repeating the address: a refused password or a full
		 * server is not the same page for the one on call as a server that is gone. */
		snprintf(pre, sizeof pre, "redis unreachable at %s: ", where);
		if (why && !strncmp(why, pre, strlen(pre)))
			why += strlen(pre);
		if (why && *why)
			say(c, CK_CRIT, "Redis unreachable at %s (%s)", where, why);
		else
			say(c, CK_CRIT, "Redis unreachable at %s", where);
		sd_table_free(t);
		return;
	}
	lat = health(t, "latency_ms");
	keys = health(t, "keys");
	rate = health(t, "hit_rate_pct");
	say(c, CK_OK, "Redis answers in %s ms, %s keys under '%s', hit rate %s%s", lat, keys,
	    cfg->redis_prefix, rate ? rate : "n/a", rate ? " %" : "");
	perf(c, "latency=%sms keys=%s", lat, keys);
	if (rate)
		perf(c, "hit_rate=%s%%", rate);
	sd_table_free(t);
}

/* The oldest refresh decides; a view never refreshed is critical. */
static void check_views(struct sd_data *d, const struct sd_config *cfg, struct check *c)
{
	struct sd_table *t;
	long long age, worst = -1;
	const char *oldest = NULL;
	size_t r;

	if (sd_data_exec(d, "check_views", NULL, 0, &t) != SD_OK) {
		say(c, CK_UNKNOWN, "%s", sd_err_last());
		return;
	}
	for (r = 0; r < t->nrows; r++) {
		if (sd_table_long(t, r, 3, &age) != 0) {
			say(c, CK_CRIT, "%s has never been refreshed", sd_table_get(t, r, 0));
			sd_table_free(t);
			return;
		}
		perf(c, "%s=%llds;%d;%d", sd_table_get(t, r, 0), age, cfg->refresh_age_warn_s,
		     cfg->refresh_age_crit_s);
		if (age > worst) {
			worst = age;
			oldest = sd_table_get(t, r, 0);
		}
	}
	if (!t->nrows)
		say(c, CK_UNKNOWN, "no materialized views known (migrations applied?)");
	else
		say(c, worst >= cfg->refresh_age_crit_s ? CK_CRIT
		       : worst >= cfg->refresh_age_warn_s ? CK_WARN : CK_OK,
		    "%zu views, oldest %s refreshed %lld s ago", t->nrows, oldest, worst);
	sd_table_free(t);
}

struct runway {
	const char *parent;
	long long months, default_rows;
};

/* Folds the per-partition rows into the smallest runway and the rows in DEFAULT partitions. */
static int partition_facts(const struct sd_table *t, struct runway *low, long long *stray)
{
	int cp = sd_table_col(t, "parent"), cd = sd_table_col(t, "is_default");
	int cr = sd_table_col(t, "row_count"), cm = sd_table_col(t, "runway_months");
	long long v;
	size_t r;

	if (cp < 0 || cd < 0 || cr < 0 || cm < 0)
		return -1;
	low->parent = NULL;
	*stray = 0;
	for (r = 0; r < t->nrows; r++) {
		const char *def = sd_table_get(t, r, (size_t)cd);

		if (def && !strcmp(def, "t") && sd_table_long(t, r, (size_t)cr, &v) == 0)
			*stray += v;
		if (sd_table_long(t, r, (size_t)cm, &v) == 0 && (!low->parent || v < low->months)) {
			low->parent = sd_table_get(t, r, (size_t)cp);
			low->months = v;
		}
	}
	return 0;
}

static void check_partitions(struct sd_data *d, const struct sd_config *cfg, struct check *c)
{
	struct sd_table *t;
	struct runway low;
	long long stray;

	if (sd_data_exec(d, "partition_stats", NULL, 0, &t) != SD_OK) {
		say(c, CK_UNKNOWN, "%s", sd_err_last());
		return;
	}
	if (partition_facts(t, &low, &stray) != 0 || !low.parent) {
		say(c, CK_UNKNOWN, "no partitioned tables reported (migrations applied?)");
		sd_table_free(t);
		return;
	}
	perf(c, "runway=%lldmonths;%d;%d default_rows=%lld;0", low.months, cfg->runway_warn_months,
	     cfg->runway_crit_months, stray);
	if (low.months <= cfg->runway_crit_months)
		say(c, CK_CRIT, "%s has partitions for only %lld more month(s)", low.parent, low.months);
	else if (low.months <= cfg->runway_warn_months)
		say(c, CK_WARN, "%s has partitions for only %lld more month(s)", low.parent, low.months);
	else if (stray > 0)
		say(c, CK_WARN, "%lld row(s) in DEFAULT partitions (outside every range)", stray);
	else
		say(c, CK_OK, "runway %lld months (%s), no rows in DEFAULT partitions", low.months,
		    low.parent);
	sd_table_free(t);
}

struct check_kind {
	const char *name;
	void (*run)(struct sd_data *, const struct sd_config *, struct check *);
};

static const struct check_kind kinds[] = {
	{ "db", check_db }, { "cache", check_cache }, { "views", check_views },
	{ "partitions", check_partitions }, { NULL, NULL }
};

static void upper(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		buf[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	buf[i] = '\0';
}

static void print_json(const struct check *c, int last)
{
	char *m = sd_sanitize(c->msg, 0), *p;

	for (p = m; *p; p++)
		if (*p == '"' || *p == '\\')
			*p = '\'';
	printf("{\"check\":\"%s\",\"status\":\"%s\",\"code\":%d,\"message\":\"%s\",\"perfdata\":\"%s\"}%s",
	       c->name, status_names[c->code], c->code, m, c->perf, last ? "" : ",");
	free(m);
}

static void print_line(const struct check *c)
{
	char name[32];
	char *m = sd_sanitize(c->msg, 0);

	upper(c->name, name, sizeof name);
	printf("SOLARDASH %s %s - %s%s%s\n", name, status_names[c->code], m, c->perf[0] ? " | " : "",
	       c->perf);
	free(m);
}

/* CRITICAL beats WARNING beats UNKNOWN beats OK. */
static int worse(int a, int b)
{
	static const int rank[] = { 0, 2, 3, 1 };

	return rank[b] > rank[a] ? b : a;
}

static int run_checks(struct sd_data *d, const struct sd_config *cfg, const char *only,
		      struct check *out, int *n)
{
	const struct check_kind *k;
	int code = CK_OK;

	*n = 0;
	for (k = kinds; k->name; k++) {
		if (only && strcmp(only, k->name))
			continue;
		memset(&out[*n], 0, sizeof out[*n]);
		out[*n].name = k->name;
		k->run(d, cfg, &out[*n]);
		code = worse(code, out[*n].code);
		(*n)++;
	}
	return code;
}

static void print_all(const struct check *c, int n, int code, int json, int single)
{
	int i;

	if (json) {
		if (!single)
			printf("{\"status\":\"%s\",\"code\":%d,\"checks\":[", status_names[code], code);
		for (i = 0; i < n; i++)
			print_json(&c[i], i + 1 == n);
		printf("%s\n", single ? "" : "]}");
		return;
	}
	if (!single) {
		printf("SOLARDASH %s -", status_names[code]);
		for (i = 0; i < n; i++)
			printf("%s %s %s", i ? "," : "", c[i].name, status_names[c[i].code]);
		printf("%s", " |");
		for (i = 0; i < n; i++)
			printf("%s%s", c[i].perf[0] ? " " : "", c[i].perf);
		printf("\n");
	}
	for (i = 0; i < n; i++)
		print_line(&c[i]);
}

static int check_args(int argc, char **argv, const struct sd_cli_opts *opts, const char **only,
		      int *json)
{
	const struct check_kind *k;
	int i;

	*only = NULL;
	*json = opts->json;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			*json = 1;
			continue;
		}
		for (k = kinds; k->name && strcmp(k->name, argv[i]); k++)
			;
		if (!k->name || *only) {
			char *safe = sd_sanitize(argv[i], 0);

			fprintf(stderr, "solardash: check: unknown check '%s' (db, cache, views, partitions)\n",
				safe);
			free(safe);
			return -1;
		}
		*only = argv[i];
	}
	return 0;
}

int sd_cmd_check(int argc, char **argv, const struct sd_cli_opts *opts)
{
	struct check checks[4];
	struct sd_config cfg;
	struct sd_data *d;
	const char *only;
	int json, n, code;

	if (check_args(argc, argv, opts, &only, &json))
		return CK_UNKNOWN;
	sd_config_init(&cfg);
	/* a warning goes to stderr: the status line on stdout stays the only line there */
	if (sd_config_load(&cfg, opts->config_path, sd_cmd_config_warning) != SD_OK) {
		printf("SOLARDASH UNKNOWN - %s\n", sd_err_last());
		sd_config_done(&cfg);
		return CK_UNKNOWN;
	}
	sd_data_open(&d, &cfg, SD_DATA_ADMIN_READ);
	code = run_checks(d, &cfg, only, checks, &n);
	print_all(checks, n, code, json, only != NULL);
	fflush(stdout);
	sd_data_close(d);
	sd_config_done(&cfg);
	return code;
}
