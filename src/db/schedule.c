/* `solardash db schedule`: with pg_cron in this database, schedule the 15-minute refresh and
 * the daily partition maintenance there (re-running updates the same named jobs); without it,
 * say how to run `solardash refresh` from cron or a systemd timer instead. */
#include "config.h"

#include <string.h>

#include "solardash/catalog.h"
#include "solardash/db_admin.h"

#define SQL_CRON_STATE sd_catalog_sql("cron_state")
#define SQL_CRON_CREATE sd_catalog_sql("cron_create")
#define SQL_CRON_SCHEDULE sd_catalog_sql("cron_schedule")

struct job {
	const char *name, *when, *command, *what;   /* command: a catalogue entry's name */
};

static const struct job jobs[] = {
	{ "solardash-refresh", "*/15 * * * *", "cron_job_refresh",
		"refresh the materialized views every 15 minutes" },
	{ "solardash-partitions", "17 3 * * *", "cron_job_partitions",
		"create the partitions 6 months ahead, daily at 03:17" },
	{ NULL, NULL, NULL, NULL }
};

static void print_without_cron(FILE *out, const char *why)
{
	fprintf(out,
		"pg_cron is not usable here: %s.\n"
		"Schedule the jobs outside the database instead, as a user whose solardash config\n"
		"reaches this database with an admin role. With cron (/etc/cron.d/solardash):\n"
		"  */15 * * * *  solardash  solardash refresh\n"
		"  17 3 * * *    solardash  solardash partitions create\n"
		"or with a systemd timer: a solardash-refresh.service running `solardash refresh`\n"
		"and a solardash-refresh.timer with OnCalendar=*:0/15 and Persistent=true.\n", why);
}

static int schedule_jobs(PGconn *conn, FILE *out)
{
	const struct job *j;
	PGresult *res;

	for (j = jobs; j->name; j++) {
		const char *params[3] = { j->name, j->when, sd_catalog_sql(j->command) };

		res = PQexecParams(conn, SQL_CRON_SCHEDULE, 3, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			fprintf(stderr, "solardash: db schedule: %s: %s", j->name, PQresultErrorMessage(res));
			PQclear(res);
			return SD_EXIT_FAILURE;
		}
		fprintf(out, "pg_cron job %s (id %s): %s [%s]\n", j->name, PQgetvalue(res, 0, 0),
			j->what, j->when);
		PQclear(res);
	}
	return SD_EXIT_OK;
}

int sd_db_schedule(PGconn *conn, FILE *out)
{
	PGresult *res = PQexec(conn, SQL_CRON_STATE);
	char why[512];
	int installed, available, here;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "solardash: db schedule: %s", PQresultErrorMessage(res));
		PQclear(res);
		return SD_EXIT_FAILURE;
	}
	installed = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	available = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
	here = strcmp(PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3)) == 0;
	if (!available)
		snprintf(why, sizeof why, "the pg_cron extension is not installed on the server");
	else if (!here)
		snprintf(why, sizeof why, "pg_cron runs in database \"%s\" (cron.database_name), "
			"not in \"%s\"", PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3));
	PQclear(res);
	if (!installed && !(available && here)) {
		print_without_cron(out, why);
		return SD_EXIT_OK;
	}
	if (!installed) {
		res = PQexec(conn, SQL_CRON_CREATE);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			snprintf(why, sizeof why, "CREATE EXTENSION pg_cron failed: %s",
				PQresultErrorMessage(res));
			why[strcspn(why, "\n")] = '\0';
			PQclear(res);
			print_without_cron(out, why);
			return SD_EXIT_FAILURE;
		}
		PQclear(res);
	}
	return schedule_jobs(conn, out);
}
