/* PostgreSQL access for the data layer: connect with a timeout and a statement_timeout,
 * send catalogue queries asynchronously and wait with a deadline (a hung server cannot hang
 * a terminal), convert PGresult into sd_table, and reconnect with exponential backoff. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "solardash/db.h"
#include "solardash/sanitize.h"

#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 5000

struct sd_db {
	char *conninfo;
	int connect_timeout_ms;
	int statement_timeout_ms;
	PGconn *conn;
	double down_since;
	double next_try;       /* unix time of the next reconnect attempt */
	int backoff_ms;
	int lost;
	char last_error[256];  /* why the last connect failed, repeated while backing off */
};

double sd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct sd_db *sd_db_new(const char *conninfo, int connect_timeout_ms, int statement_timeout_ms)
{
	struct sd_db *db = sd_calloc(1, sizeof *db);

	db->conninfo = sd_strdup(conninfo ? conninfo : "");
	db->connect_timeout_ms = connect_timeout_ms > 0 ? connect_timeout_ms : 500;
	db->statement_timeout_ms = statement_timeout_ms > 0 ? statement_timeout_ms : 5000;
	db->backoff_ms = BACKOFF_MIN_MS;
	return db;
}

void sd_db_free(struct sd_db *db)
{
	if (!db)
		return;
	if (db->conn)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

static void mark_down(struct sd_db *db)
{
	double now = sd_now();

	if (db->conn) {
		PQfinish(db->conn);
		db->conn = NULL;
	}
	if (!db->down_since)
		db->down_since = now;
	db->next_try = now + db->backoff_ms / 1000.0;
	db->backoff_ms = db->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : db->backoff_ms * 2;
	db->lost = 1;
}

/* Server notices (e.g. "terminating connection") must not land on a curses screen. */
static void quiet_notice(void *arg, const char *message)
{
}

/* PQconnectStartParams + PQconnectPoll under our own deadline: libpq's connect_timeout
 * counts whole seconds (at least 2) and per host, far more than a terminal can wait.
 * 0 = connected; otherwise the connection is left for the caller to report. */
static int connect_poll(PGconn *conn, int timeout_ms, int *timed_out)
{
	double deadline = sd_now() + timeout_ms / 1000.0;
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;

	*timed_out = 0;
	if (!conn || PQstatus(conn) == CONNECTION_BAD)
		return -1;
	while (st != PGRES_POLLING_OK) {
		struct pollfd pfd = { PQsocket(conn), st == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0 };
		int left = (int)((deadline - sd_now()) * 1000.0), n;

		if (st == PGRES_POLLING_FAILED || pfd.fd < 0)
			return -1;
		if (left <= 0) {
			*timed_out = 1;
			return -1;
		}
		n = poll(&pfd, 1, left);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0)
			st = PQconnectPoll(conn);
	}
	return 0;
}

static sd_err connect_now(struct sd_db *db)
{
	char options[64];
	const char *keys[] = { "dbname", "options", "application_name", NULL };
	const char *vals[] = { db->conninfo, options, "solardash", NULL };
	int timed_out;

	/* statement_timeout as a startup option: no SQL text needed, and it survives RESET. */
	snprintf(options, sizeof options, "-c statement_timeout=%d", db->statement_timeout_ms);
	db->conn = PQconnectStartParams(keys, vals, 1);
	if (connect_poll(db->conn, db->connect_timeout_ms, &timed_out) != 0) {
		char *msg = timed_out ? sd_asprintf("no answer within %d ms (database.connect_timeout_ms)",
						    db->connect_timeout_ms)
				      : sd_strdup(db->conn ? PQerrorMessage(db->conn) : "out of memory");

		msg[strcspn(msg, "\n")] = '\0';
		/* libpq quotes a malformed conninfo, password and all */
		sd_mask_conninfo_password(msg, db->conninfo);
		snprintf(db->last_error, sizeof db->last_error, "%s", msg);
		sd_err_set("database unreachable: %s", msg);
		free(msg);
		mark_down(db);
		return SD_ERR_DB;
	}
	PQsetNoticeProcessor(db->conn, quiet_notice, NULL);
	db->down_since = 0;
	db->backoff_ms = BACKOFF_MIN_MS;
	db->lost = 0;
	return SD_OK;
}

/* Reads what the server sent unasked, without waiting: a server that shut down or restarted
 * sends its FATAL message and then closes, so a second read meets the end of the stream. This
 * notices a lost server while every screen is served from the cache. */
static int still_connected(PGconn *conn)
{
	int i;

	for (i = 0; i < 4 && PQstatus(conn) == CONNECTION_OK; i++) {
		struct pollfd p = { PQsocket(conn), POLLIN, 0 };

		if (poll(&p, 1, 0) <= 0 || !PQconsumeInput(conn))
			break;
	}
	return PQstatus(conn) == CONNECTION_OK;
}

int sd_db_up(struct sd_db *db)
{
	if (db->conn && still_connected(db->conn))
		return 1;
	if (db->conn)
		mark_down(db);
	if (sd_now() < db->next_try)
		return 0;
	return connect_now(db) == SD_OK;
}

double sd_db_down_since(const struct sd_db *db)
{
	return db->down_since;
}

int sd_db_retry_in_ms(const struct sd_db *db)
{
	double left = db->next_try - sd_now();

	return db->conn || left <= 0 ? 0 : (int)(left * 1000) + 1;
}

int sd_db_lost(const struct sd_db *db)
{
	return db->lost;
}

static enum sd_coltype col_type(Oid oid)
{
	switch (oid) {
	case 16: return SD_COL_BOOL;
	case 20: case 21: case 23: case 26: return SD_COL_INT;
	case 700: case 701: case 1700: return SD_COL_NUMERIC;
	case 1082: return SD_COL_DATE;
	case 1114: case 1184: return SD_COL_TIME;
	case 1186: return SD_COL_INTERVAL;
	case 2950: return SD_COL_UUID;
	case 114: case 3802: return SD_COL_JSON;
	default: return SD_COL_TEXT;
	}
}

static struct sd_table *table_from(PGresult *res)
{
	int ncols = PQnfields(res), nrows = PQntuples(res), r, c;
	struct sd_table *t = sd_table_new((size_t)ncols, (size_t)nrows);

	for (c = 0; c < ncols; c++)
		sd_table_set_column(t, (size_t)c, PQfname(res, c), col_type(PQftype(res, c)));
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++)
			sd_table_set(t, (size_t)r, (size_t)c,
				     PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c));
	return t;
}

/* Waits for the whole result until the deadline; NULL with *timed_out on expiry. */
static PGresult *wait_result(struct sd_db *db, double deadline, int *timed_out)
{
	PGresult *res, *last = NULL;
	struct pollfd pfd = { PQsocket(db->conn), POLLIN, 0 };
	int ms;

	*timed_out = 0;
	for (;;) {
		while (!PQisBusy(db->conn)) {
			res = PQgetResult(db->conn);
			if (!res)
				return last;
			PQclear(last);   /* keep the last result of the statement */
			last = res;
		}
		ms = (int)((deadline - sd_now()) * 1000);

		if (ms <= 0 || poll(&pfd, 1, ms) == 0) {
			*timed_out = 1;
			PQclear(last);
			return NULL;
		}
		if (!PQconsumeInput(db->conn)) {
			PQclear(last);
			return NULL;
		}
	}
}

static sd_err result_error(struct sd_db *db, const struct sd_query *q, PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (PQstatus(db->conn) != CONNECTION_OK) {
		char *m = sd_strdup(PQerrorMessage(db->conn));

		m[strcspn(m, "\n")] = '\0';
		snprintf(db->last_error, sizeof db->last_error, "%s", m);
		sd_err_set("database connection lost during %s: %s", q->name, m);
		free(m);
		mark_down(db);
		return SD_ERR_DB;
	}
	sd_err_set("%s: %s", q->name, msg ? msg : PQerrorMessage(db->conn));
	if (state && strcmp(state, "55P03") == 0)
		return SD_ERR_BUSY;
	if (state && strcmp(state, "42501") == 0)
		return SD_ERR_DENIED;
	if (state && strcmp(state, "57014") == 0)
		return SD_ERR_TIMEOUT;
	return SD_ERR_DB;
}

/* The server did not answer in time: cancel, and drop the connection if even that hangs. */
static void give_up(struct sd_db *db, const struct sd_query *q)
{
	sd_err_set("%s: no answer from the database within %d ms", q->name,
		   db->statement_timeout_ms + 500);
	mark_down(db);
}

sd_err sd_db_query(struct sd_db *db, const struct sd_query *q, const char *const *params,
		   int nparams, struct sd_table **out)
{
	double start = sd_now();
	int timed_out;
	PGresult *res;
	sd_err rc;

	*out = NULL;
	if (nparams != q->nparams) {
		sd_err_set("%s: wants %d parameter(s), got %d", q->name, q->nparams, nparams);
		return SD_ERR_USAGE;
	}
	if (!sd_db_up(db)) {
		if (sd_now() < db->next_try)   /* backing off: say why, without trying */
			sd_err_set("database unreachable: %s (retrying in %d ms)",
				   db->last_error[0] ? db->last_error : "connection lost",
				   sd_db_retry_in_ms(db));
		return SD_ERR_DB;
	}
	if (!PQsendQueryParams(db->conn, q->sql, nparams, NULL, params, NULL, NULL, 0))
		return result_error(db, q, NULL);
	res = wait_result(db, start + (db->statement_timeout_ms + 500) / 1000.0, &timed_out);
	if (timed_out) {
		give_up(db, q);
		return SD_ERR_TIMEOUT;
	}
	if (!res || (PQresultStatus(res) != PGRES_TUPLES_OK &&
		     PQresultStatus(res) != PGRES_COMMAND_OK)) {
		rc = result_error(db, q, res);
		PQclear(res);
		return rc;
	}
	*out = table_from(res);
	PQclear(res);
	(*out)->source = SD_SRC_DATABASE;
	(*out)->computed_at = sd_now();
	(*out)->compute_ms = ((*out)->computed_at - start) * 1000.0;
	db->lost = 0;
	return SD_OK;
}
