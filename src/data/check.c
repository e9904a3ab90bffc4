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
		say(c, CK_CRIT, "Redis unreachable at %s", cfg->redis_socket[0] ? cfg->redis_socket
										  : cfg->redis_host);
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
