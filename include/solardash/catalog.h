/* The query catalogue: every SQL statement solardash runs, by name. Config profiles, screens
 * and the command line refer to queries by these names; no SQL comes from anywhere else. */
#ifndef SOLARDASH_CATALOG_H
#define SOLARDASH_CATALOG_H

#include <stddef.h>

/* Role bits of sd_query.roles: bit (1 << enum sd_role). */
#define SD_QROLE(r) (1u << (r))
#define SD_QROLE_ALL 0xfu

struct sd_query {
	const char *name;
	const char *sql;              /* $1.. parameters, values passed as text */
	int nparams;
	const char *const *views;     /* materialized views read (NULL-terminated), or NULL */
	int ttl_s;                    /* default cache TTL; 0 = never cached (actions, login) */
	unsigned roles;               /* who may read it (SD_QROLE bits) */
	int admin;                    /* needs the admin connection (writes, maintenance) */
	const char *title;            /* heading in --once output and the admin panes */
};

/* NULL when unknown. */
const struct sd_query *sd_catalog_find(const char *name);
/* The SQL of an entry the program itself names (a missing one is a bug: abort). */
const char *sd_catalog_sql(const char *name);
/* All entries, for listing and tests; *n gets the count. */
const struct sd_query *sd_catalog_all(size_t *n);

/* A screen of --once: its title and queries (NULL-terminated). */
struct sd_screen_queries {
	const char *screen;
	const char *const *queries;
	int needs_station;            /* queries take the station id as $1 */
	int admin;
};
const struct sd_screen_queries *sd_catalog_screen(const char *screen);
const struct sd_screen_queries *sd_catalog_screens(size_t *n);

/* The five materialized views, for `refresh VIEW` validation; NULL-terminated. */
extern const char *const sd_catalog_views[];

#endif
