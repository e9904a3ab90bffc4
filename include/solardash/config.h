/* solardash.conf (libconfig): lookup order, every setting, and its validation.
 * The compiled-in defaults equal the shipped solardash.conf. */
#ifndef SOLARDASH_CONFIG_H
#define SOLARDASH_CONFIG_H

#include <stddef.h>

#include "solardash/error.h"

enum sd_role { SD_ROLE_OPERATOR, SD_ROLE_SUPERVISOR, SD_ROLE_MANAGER, SD_ROLE_ADMIN, SD_ROLE_COUNT };

/* "operator" ... "admin"; sd_role_parse returns -1 for an unknown name. */
const char *sd_role_name(enum sd_role role);
int sd_role_parse(const char *name);

/* One entry of a role's prediction profile: warmed at login in priority order. */
struct sd_profile_entry {
	char *query;          /* a name from the query catalogue */
	char **params;        /* textual $1.. values; "$station" means the operator's station */
	size_t nparams;
	int ttl_s;            /* 0 = the catalogue's default TTL */
	int priority;         /* lower warms first */
};

struct sd_role_conf {
	struct sd_profile_entry *profile;
	size_t nprofile;
	int refresh_s;        /* screen refresh interval */
};

struct sd_config {
	char *path;                 /* file that was read; NULL when compiled-in defaults */

	/* database */
	char *db_conninfo;          /* libpq conninfo for the dashboards ("" = PG* variables) */
	char *db_admin_conninfo;    /* for refresh, partitions, migrate, demo */
	int db_connect_timeout_ms;  /* whole connection set-up, enforced by solardash */
	int db_statement_timeout_ms;
	int db_admin_statement_timeout_ms; /* refresh and partition jobs run longer */

	/* redis (REDIS_URL overrides these) */
	char *redis_socket;         /* unix socket path; when set, host/port are not used */
	char *redis_host;
	int redis_port;
	char *redis_password;
	int redis_db;
	char *redis_prefix;         /* key prefix, default "solardash" */
	int redis_timeout_ms;

	/* cache */
	int cache_default_ttl_s;
	int cache_lock_ms;          /* single-flight lock expiry */
	int cache_wait_ms;          /* how long a waiter waits for the lock holder */
	double cache_early_beta;    /* probabilistic early refresh: 0 disables */
	int cache_generation_ttl_ms;/* life of the shared copy of the views' generations */
	int cache_last_known_ttl_s; /* last good value per query, served while the DB is down */
	int cache_user_top;         /* warm this many of the user's most-opened queries */

	struct sd_role_conf roles[SD_ROLE_COUNT];

	/* terminal */
	char *theme;                /* theme name or file */
	int station_id;             /* operator's station when the user has none; 0 = from user */
	int trust_os_user;          /* SSH mode: the OS user is the login name, no PIN */
	int kiosk;                  /* no quit keys, idle auto-logout */
	int idle_logout_s;

	/* warning thresholds */
	double pass_rate_warn;      /* % below which a pass rate is a warning */
	double pass_rate_crit;
	int runway_warn_months;     /* partitions created ahead */
	int runway_crit_months;
	int refresh_age_warn_s;     /* views older than this are a warning */
	int refresh_age_crit_s;
};

/* Fills cfg with the compiled-in defaults. */
void sd_config_init(struct sd_config *cfg);
void sd_config_done(struct sd_config *cfg);

/* Lookup: explicit path (-c), $SOLARDASH_CONF, $XDG_CONFIG_HOME/solardash/solardash.conf
 * (or ~/.config/...), SD_SYSCONFDIR/solardash.conf, else the defaults; then REDIS_URL.
 * Errors read "file:line: message" or "file: setting.path: message" (sd_err_last()).
 * Warnings (a readable password) go to the warn callback, which may be NULL.
 * cfg must come from sd_config_init(): the file's settings replace those defaults. */
sd_err sd_config_load(struct sd_config *cfg, const char *explicit_path,
		      void (*warn)(const char *msg));

/* Applies REDIS_URL (redis://[:password@]host[:port][/db] or unix:///path[?db=N]). */
sd_err sd_config_apply_redis_url(struct sd_config *cfg, const char *url);

/* The profile of a role after "$station" is replaced: params[i] of entry e. */
const char *sd_config_param(const struct sd_profile_entry *e, size_t i, long station_id,
			    char *buf, size_t bufsize);

/* Reads exactly this file (no lookup). */
sd_err sd_config_load_file(struct sd_config *cfg, const char *path,
			   void (*warn)(const char *msg));

#endif
