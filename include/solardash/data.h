/* The data layer facade the screens and the command line use: named queries answered from
 * Redis or PostgreSQL, login, warming, admin jobs, and the servers' state. It never touches
 * curses; screens never touch libpq or hiredis. */
#ifndef SOLARDASH_DATA_H
#define SOLARDASH_DATA_H

#include <poll.h>

#include "solardash/config.h"
#include "solardash/error.h"
#include "solardash/result.h"

struct sd_data;

/* Which connection sd_data_open makes. */
enum sd_data_mode {
	SD_DATA_DASHBOARD = 0,   /* db_conninfo, db_statement_timeout_ms */
	SD_DATA_ADMIN = 1,       /* db_admin_conninfo, db_admin_statement_timeout_ms: maintenance */
	SD_DATA_ADMIN_READ = 2,  /* db_admin_conninfo, at most SD_DATA_READ_TIMEOUT_MS: check and
				  * --once of the admin screens answer even behind a held lock */
};
#define SD_DATA_READ_TIMEOUT_MS 5000

/* Opens the connections the config names. Servers that are down are not an error: the
 * layer starts degraded and reconnects with backoff. cfg is kept by pointer: it must
 * outlive d. */
sd_err sd_data_open(struct sd_data **out, const struct sd_config *cfg, enum sd_data_mode mode);
void sd_data_close(struct sd_data *d);

/* Who is reading, for per-role metrics and the per-user "opened most" list. */
void sd_data_set_identity(struct sd_data *d, enum sd_role role, const char *user);

/* A named catalogue query through the cache (single flight, early refresh, generations).
 * params are the $1.. values as text. On success *out is a new table the caller frees;
 * on failure *out is NULL and sd_err_last() says what went wrong. */
sd_err sd_data_fetch(struct sd_data *d, const char *query, const char *const *params,
		     int nparams, struct sd_table **out);

/* A named catalogue query straight to PostgreSQL, never cached (admin actions, login). */
sd_err sd_data_exec(struct sd_data *d, const char *query, const char *const *params,
		    int nparams, struct sd_table **out);

/* Login against the users table's hashed secret. */
struct sd_login {
	long user_id;
	enum sd_role role;
	char name[64];
	char full_name[128];
	long station_id;      /* operator's home station, 0 if none */
};
/* SD_OK, SD_ERR_DENIED (wrong name or secret: the message does not say which), or a
 * server error. */
sd_err sd_data_login(struct sd_data *d, const char *user, const char *secret, struct sd_login *out);

/* What a warm did: values computed now, values that were cached already, and the number of
 * stations warmed for a profile with "$station" entries. */
struct sd_warm_count {
	int loaded, cached, stations;
};
/* station_id for every station of the line (admin: warm the operator role everywhere). */
#define SD_WARM_EVERY_STATION (-1L)

/* Warms the role's profile (priority order, pipelined) plus the user's most-opened queries.
 * Profile entries with "$station" are warmed for station_id, for every station with
 * SD_WARM_EVERY_STATION, and skipped when station_id is 0 (no station). */
sd_err sd_data_warm(struct sd_data *d, enum sd_role role, const char *user, long station_id,
		    struct sd_warm_count *n);
/* "27 values loaded, 0 already cached (9 stations)" into buf. */
void sd_warm_describe(const struct sd_warm_count *n, char *buf, size_t size);

/* Server state for the status line. */
struct sd_data_state {
	int db_up;
	int cache_up;             /* 0 when Redis is down or not configured */
	double db_down_since;     /* unix time, 0 when up */
	double cache_down_since;
	double views_refreshed_at;/* newest known refresh of any view, 0 unknown */
	unsigned long generation; /* changes whenever any view's refresh generation changes */
};
void sd_data_state(struct sd_data *d, struct sd_data_state *st);

/* Event loop: the descriptors to poll (Redis pub/sub for refresh events), how long until the
 * layer needs a call (reconnect backoff), and the call after poll() returned. */
int sd_data_pollfds(struct sd_data *d, struct pollfd *fds, int max);
int sd_data_timeout_ms(struct sd_data *d);
enum { SD_DATA_VIEWS_REFRESHED = 1, SD_DATA_STATE_CHANGED = 2 };
int sd_data_process(struct sd_data *d);   /* returns SD_DATA_* flags */

/* ---- additions for the command line and the admin panes ---- */

/* Refreshes one view (or all when view is NULL) through the catalogue, then tells every
 * terminal: the shared generations are renewed and an event is published. */
sd_err sd_data_refresh(struct sd_data *d, const char *view, struct sd_table **out);

/* Cache health: one row per fact (reachable, latency_ms, memory, keys, hit_rate, ...). */
sd_err sd_data_cache_health(struct sd_data *d, struct sd_table **out);
/* Metrics per role and query (hits, misses, warm loads, errors, avg and p95 latency). */
sd_err sd_data_cache_metrics(struct sd_data *d, struct sd_table **out);
/* Writes the metrics to cache_performance_metrics and subtracts them in Redis. */
sd_err sd_data_flush_metrics(struct sd_data *d, int *rows);
/* SCAN + UNLINK of <prefix>:PATTERN; *deleted gets the count. */
sd_err sd_data_invalidate(struct sd_data *d, const char *pattern, long *deleted);

#endif
