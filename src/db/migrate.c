/* `solardash db migrate`: applies the migrations in name order, each file in one transaction,
 * statement by statement (so a failure names its file, line and statement), and records each
 * applied file with its checksum in schema_migrations. Running it again applies nothing. */
#include "config.h"

#include <ctype.h>
#include <strings.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/catalog.h"
#include "solardash/db_admin.h"
#include "solardash/error.h"

/* The bookkeeping this file runs itself, from the query catalogue; the migrations are the files. */
#define SQL_QUIET sd_catalog_sql("migrate_quiet")
/* A migration means the same whatever the client's PGDATESTYLE / PGTZ / PGOPTIONS: dates and
 * timestamps it writes or reads back as text are ISO, in UTC (the factory's days come from
 * solardash.timezone, not from this). */
#define SQL_SETTINGS sd_catalog_sql("migrate_settings")
#define SQL_MIGRATIONS_TABLE sd_catalog_sql("migrate_table")
/* Two migrators at once: the second waits, then finds the work done. */
#define SQL_LOCK sd_catalog_sql("migrate_lock")
#define SQL_UNLOCK sd_catalog_sql("migrate_unlock")
#define SQL_APPLIED sd_catalog_sql("migrate_applied")
#define SQL_RECORD sd_catalog_sql("migrate_record")
#define SQL_BEGIN sd_catalog_sql("tx_begin")
#define SQL_COMMIT sd_catalog_sql("tx_commit")
#define SQL_ROLLBACK sd_catalog_sql("tx_rollback")

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	n = strlen(err);
	while (n > 0 && err[n - 1] == '\n')
		err[--n] = '\0';
}

static int exec_ok(PGconn *conn, const char *sql, char *err, size_t errlen)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	if (!ok)
		set_err(err, errlen, "%s", PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

/* 1-based line of byte offset off in s. */
static long line_of(const char *s, long off)
{
	long line = 1, i;

	for (i = 0; i < off && s[i]; i++)
		if (s[i] == '\n')
			line++;
	return line;
}

/* Byte offset of the 1-based character position pos (PostgreSQL counts characters). */
static long char_pos_to_offset(const char *s, long len, long pos)
{
	long i, chars = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars == pos)
			return i;
	}
	return 0;
}

/* "file:line: message\n  statement: first line of it", with the context when there is one. */
static void describe_failure(PGresult *res, const char *name, const char *stmt, long len,
	long stmt_line, char *err, size_t errlen)
{
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
	const char *ctx = PQresultErrorField(res, PG_DIAG_CONTEXT);
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	long line = stmt_line, first_len = 0;

	if (pos)
		line = stmt_line + line_of(stmt, char_pos_to_offset(stmt, len, atol(pos))) - 1;
	while (first_len < len && stmt[first_len] != '\n')
		first_len++;
	set_err(err, errlen, "%s:%ld: %s\n  in the statement at line %ld: %.*s%s%s%s%s%s",
		name, line, msg ? msg : PQresultErrorMessage(res), stmt_line, (int)first_len, stmt,
		first_len < len ? " ..." : "", detail ? "\n  detail: " : "", detail ? detail : "",
		ctx ? "\n  context: " : "", ctx ? ctx : "");
}

/* A migration runs in one transaction that migrate owns: a statement that would end or
 * open one would commit half a file. Returns the keyword, or NULL when the statement is fine. */
static const char *transaction_control(const char *stmt, long len)
{
	static const char *const words[] = { "BEGIN", "COMMIT", "ROLLBACK", "END", "ABORT",
		"START", "SAVEPOINT", "RELEASE", "PREPARE", NULL };
	long i = 0, n;
	int w;

	while (i < len && isspace((unsigned char)stmt[i]))
		i++;
	for (n = 0; i + n < len && isalpha((unsigned char)stmt[i + n]); n++)
		;
	for (w = 0; words[w]; w++)
		if ((long)strlen(words[w]) == n && strncasecmp(stmt + i, words[w], (size_t)n) == 0)
			return words[w];
	return NULL;
}

/* Runs every statement of one file; the caller has opened the transaction. */
static int run_file(PGconn *conn, const struct sd_sql_file *f, char *err, size_t errlen)
{
	long pos = 0, start, end;
	char *stmt;
	PGresult *res;

	while ((end = sd_sql_next_statement(f->sql, pos, &start)) >= 0) {
		pos = end;
		if (start < 0)
			continue;
		stmt = sd_strndup(f->sql + start, (size_t)(end - start));
		if (transaction_control(stmt, end - start)) {
			set_err(err, errlen, "%s:%ld: %s is not allowed in a migration: each file runs "
				"in one transaction that db migrate opens and commits",
				f->name, line_of(f->sql, start), transaction_control(stmt, end - start));
			free(stmt);
			return -1;
		}
		res = PQexec(conn, stmt);
		if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
			describe_failure(res, f->name, stmt, end - start, line_of(f->sql, start), err, errlen);
			PQclear(res);
			free(stmt);
			return -1;
		}
		PQclear(res);
		free(stmt);
	}
	return 0;
}

/* 1: applied with the same text, 0: not applied, -1: error or changed since it was applied. */
static int applied(PGconn *conn, const struct sd_sql_file *f, char *err, size_t errlen)
{
	const char *params[2] = { f->name, f->sql };
	PGresult *res = PQexecParams(conn, SQL_APPLIED, 2, NULL, params, NULL, NULL, 0);
	int rc;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		set_err(err, errlen, "reading schema_migrations: %s", PQresultErrorMessage(res));
		rc = -1;
	} else if (PQntuples(res) == 0) {
		rc = 0;
	} else if (strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
		rc = 1;
	} else {
		set_err(err, errlen, "%s was changed after it was applied (its checksum differs from "
			"the one in schema_migrations); write a new migration instead", f->name);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

static int apply_one(PGconn *conn, const struct sd_sql_file *f, char *err, size_t errlen)
{
	const char *params[2] = { f->name, f->sql };
	char ignored[256];
	PGresult *res;

	if (exec_ok(conn, SQL_BEGIN, err, errlen) != 0)
		return -1;
	if (run_file(conn, f, err, errlen) != 0)
		goto fail;
	res = PQexecParams(conn, SQL_RECORD, 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		set_err(err, errlen, "%s: recording it: %s", f->name, PQresultErrorMessage(res));
		PQclear(res);
		goto fail;
	}
	PQclear(res);
	if (exec_ok(conn, SQL_COMMIT, err, errlen) == 0)
		return 0;
fail:
	exec_ok(conn, SQL_ROLLBACK, ignored, sizeof ignored);
	return -1;
}

int sd_db_migrate(PGconn *conn, const struct sd_sql_file *files, FILE *out,
	char *err, size_t errlen)
{
	const struct sd_sql_file *f;
	char ignored[256];
	int n_applied = 0, n_known = 0, rc = 0, a;

	if (exec_ok(conn, SQL_QUIET, err, errlen) || exec_ok(conn, SQL_SETTINGS, err, errlen)
	    || exec_ok(conn, SQL_LOCK, err, errlen))
		return -1;
	if (exec_ok(conn, SQL_MIGRATIONS_TABLE, err, errlen) != 0) {
		rc = -1;
		goto done;
	}
	for (f = files; f->name; f++) {
		a = applied(conn, f, err, errlen);
		if (a < 0 || (a == 0 && apply_one(conn, f, err, errlen) != 0)) {
			rc = -1;
			break;
		}
		if (a == 0) {
			fprintf(out, "applied %s\n", f->name);
			n_applied++;
		} else {
			n_known++;
		}
	}
	if (rc == 0)
		fprintf(out, "migrations: %d applied now, %d already applied%s\n", n_applied, n_known,
			n_applied == 0 ? " (nothing to do)" : "");
done:
	exec_ok(conn, SQL_UNLOCK, ignored, sizeof ignored);
	return rc;
}
