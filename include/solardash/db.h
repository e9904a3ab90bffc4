/* PostgreSQL for the data layer: one libpq connection that runs catalogue queries with a
 * client-side deadline, turns results into sd_table, and reconnects with backoff. */
#ifndef SOLARDASH_DB_H
#define SOLARDASH_DB_H

#include "solardash/catalog.h"
#include "solardash/error.h"
#include "solardash/result.h"

struct sd_db;

/* Does not connect yet: the first query (or sd_db_up) does. */
struct sd_db *sd_db_new(const char *conninfo, int connect_timeout_ms, int statement_timeout_ms);
void sd_db_free(struct sd_db *db);

/* Connected? Tries to (re)connect when the backoff allows; never blocks longer than the
 * connect timeout. */
int sd_db_up(struct sd_db *db);
/* Unix time the connection was lost, 0 when up (or never tried). */
double sd_db_down_since(const struct sd_db *db);
/* Milliseconds until the next reconnect attempt is allowed (0 = now or up). */
int sd_db_retry_in_ms(const struct sd_db *db);

/* Runs a catalogue query with text parameters. SD_ERR_DB (a server or connection error,
 * message in sd_err_last()), SD_ERR_TIMEOUT, SD_ERR_BUSY (SQLSTATE 55P03),
 * SD_ERR_DENIED (42501). The table's source is SD_SRC_DATABASE, compute_ms measured. */
sd_err sd_db_query(struct sd_db *db, const struct sd_query *q, const char *const *params,
		   int nparams, struct sd_table **out);

/* Was the last failure a lost connection (as opposed to an SQL error)? */
int sd_db_lost(const struct sd_db *db);

/* Wall clock in seconds, shared by the data layer. */
double sd_now(void);

#endif
