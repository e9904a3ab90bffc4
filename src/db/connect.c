/* The admin connection of the db, refresh and partition commands. For now its conninfo comes
 * from $SOLARDASH_ADMIN_CONNINFO or the PG* variables; the config file will feed it later. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "solardash/db_admin.h"

PGconn *sd_db_connect_admin(const struct sd_cli_opts *opts, char *err, size_t errlen)
{
	const char *conninfo = getenv("SOLARDASH_ADMIN_CONNINFO");
	/* Later keywords win: a connect_timeout inside the conninfo overrides ours. */
	const char *keys[] = { "connect_timeout", "fallback_application_name", "dbname", NULL };
	const char *vals[] = { "10", "solardash", conninfo ? conninfo : "", NULL };
	PGconn *conn;
	size_t n;

	(void)opts;
	conn = PQconnectdbParams(keys, vals, 1);
	if (conn && PQstatus(conn) == CONNECTION_OK)
		return conn;
	snprintf(err, errlen, "cannot connect to PostgreSQL (%s): %s",
		conninfo ? "SOLARDASH_ADMIN_CONNINFO" : "PG* variables",
		conn ? PQerrorMessage(conn) : "out of memory");
	n = strlen(err);
	while (n > 0 && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = '\0';
	PQfinish(conn);
	return NULL;
}
