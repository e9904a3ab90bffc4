/* An owned, typed result table: what every query hands to screens and text outputs.
 * PGresult and redisReply never leave the data layer; this struct does. */
#ifndef SOLARDASH_RESULT_H
#define SOLARDASH_RESULT_H

#include <stddef.h>
#include <time.h>

enum sd_coltype {
	SD_COL_TEXT,
	SD_COL_INT,       /* int2/int4/int8 */
	SD_COL_NUMERIC,   /* numeric/float4/float8 */
	SD_COL_BOOL,      /* "t" / "f" */
	SD_COL_DATE,      /* YYYY-MM-DD */
	SD_COL_TIME,      /* timestamptz, ISO 8601 text as PostgreSQL prints it */
	SD_COL_INTERVAL,
	SD_COL_UUID,
	SD_COL_JSON
};

/* Where a table came from. */
enum sd_source {
	SD_SRC_DATABASE,  /* computed now from PostgreSQL (cache missed or off) */
	SD_SRC_CACHE,     /* read from Redis */
	SD_SRC_NOCACHE,   /* from PostgreSQL because Redis is down: say "no cache" */
	SD_SRC_STALE      /* PostgreSQL down: an older value, shown with its age */
};

struct sd_column {
	char *name;
	enum sd_coltype type;
};

struct sd_table {
	size_t ncols, nrows;
	struct sd_column *cols;
	char **cells;             /* nrows * ncols, row-major; NULL is SQL NULL, "" is empty text */
	enum sd_source source;
	double computed_at;       /* unix time (s) when the database produced the rows */
	double compute_ms;        /* how long the database took */
	double views_refreshed_at;/* unix time of the oldest refresh of the views read; 0 if none */
};

struct sd_table *sd_table_new(size_t ncols, size_t nrows);
void sd_table_free(struct sd_table *t);
struct sd_table *sd_table_copy(const struct sd_table *t);

/* Sets a column / a cell (copies the strings; value NULL stores SQL NULL). */
void sd_table_set_column(struct sd_table *t, size_t col, const char *name, enum sd_coltype type);
void sd_table_set(struct sd_table *t, size_t row, size_t col, const char *value);

/* Cell access; out-of-range is NULL. */
const char *sd_table_get(const struct sd_table *t, size_t row, size_t col);
int sd_table_isnull(const struct sd_table *t, size_t row, size_t col);
/* Index of a column by name, or -1. */
int sd_table_col(const struct sd_table *t, const char *name);
/* Parsed values: return 0 and set *out, or -1 for NULL / unparsable. */
int sd_table_long(const struct sd_table *t, size_t row, size_t col, long long *out);
int sd_table_double(const struct sd_table *t, size_t row, size_t col, double *out);

const char *sd_source_name(enum sd_source src);   /* "database", "cache", "no cache", "stale" */

#endif
