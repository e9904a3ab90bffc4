/* The admin connection of the db commands: conninfo from $SOLARDASH_ADMIN_CONNINFO, else the
 * config's database.admin_conninfo, else database.conninfo ("" = the PG* variables). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "solardash/config.h"
#include "solardash/db_admin.h"
#include "solardash/output.h"
#include "solardash/sanitize.h"

/* The conninfo the config names for admin work (a new string), or NULL with err set. */
static char *config_conninfo(const struct sd_cli_opts *opts, char *err, size_t errlen)
{
	struct sd_config cfg;
	char *conninfo;

	sd_config_init(&cfg);
	if (sd_config_load(&cfg, opts ? opts->config_path : NULL, sd_cmd_config_warning) != SD_OK) {
		snprintf(err, errlen, "%s", sd_err_last());
		sd_config_done(&cfg);
		return NULL;
	}
	conninfo = sd_strdup(cfg.db_admin_conninfo[0] ? cfg.db_admin_conninfo : cfg.db_conninfo);
	sd_config_done(&cfg);
	return conninfo;
}

PGconn *sd_db_connect_admin(const struct sd_cli_opts *opts, char *err, size_t errlen)
{
	const char *env = getenv("SOLARDASH_ADMIN_CONNINFO");
	char *fromcfg = env ? NULL : config_conninfo(opts, err, errlen);
	const char *conninfo = env ? env : fromcfg;
	/* Later keywords win: a connect_timeout inside the conninfo overrides ours. */
	const char *keys[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
	const char *vals[] = { "10", "solardash", conninfo ? conninfo : "", NULL };
	PGconn *conn;
	size_t n;

	if (!env && !fromcfg)
		return NULL;
	conn = PQconnectdbParams(keys, vals, 1);
	if (conn && PQstatus(conn) == CONNECTION_OK) {
		free(fromcfg);
		return conn;
	}
	snprintf(err, errlen, "cannot connect to PostgreSQL (%s): %s",
		env ? "SOLARDASH_ADMIN_CONNINFO" : "database.admin_conninfo in the config",
		conn ? PQerrorMessage(conn) : "out of memory");
	n = strlen(err);
	while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = '\0';
	sd_mask_conninfo_password(err, conninfo);
	free(fromcfg);
	PQfinish(conn);
	return NULL;
}
