/* sd_table: owned result tables with typed columns and NULL kept apart from empty text. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/error.h"
#include "solardash/result.h"

struct sd_table *sd_table_new(size_t ncols, size_t nrows)
{
	struct sd_table *t = sd_calloc(1, sizeof *t);

	t->ncols = ncols;
	t->nrows = nrows;
	t->cols = sd_calloc(ncols ? ncols : 1, sizeof *t->cols);
	t->cells = sd_calloc(ncols * nrows + 1, sizeof *t->cells);
	return t;
}

void sd_table_free(struct sd_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i].name);
	for (i = 0; i < t->ncols * t->nrows; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	free(t);
}

struct sd_table *sd_table_copy(const struct sd_table *t)
{
	struct sd_table *c = sd_table_new(t->ncols, t->nrows);
	size_t i, r;

	for (i = 0; i < t->ncols; i++)
		sd_table_set_column(c, i, t->cols[i].name, t->cols[i].type);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++)
			sd_table_set(c, r, i, sd_table_get(t, r, i));
	c->source = t->source;
	c->computed_at = t->computed_at;
	c->compute_ms = t->compute_ms;
	c->views_refreshed_at = t->views_refreshed_at;
	return c;
}

void sd_table_set_column(struct sd_table *t, size_t col, const char *name, enum sd_coltype type)
{
	if (col >= t->ncols)
		return;
	free(t->cols[col].name);
	t->cols[col].name = sd_strdup(name ? name : "");
	t->cols[col].type = type;
}

void sd_table_set(struct sd_table *t, size_t row, size_t col, const char *value)
{
	char **cell;

	if (row >= t->nrows || col >= t->ncols)
		return;
	cell = &t->cells[row * t->ncols + col];
	free(*cell);
	*cell = value ? sd_strdup(value) : NULL;
}

const char *sd_table_get(const struct sd_table *t, size_t row, size_t col)
{
	if (!t || row >= t->nrows || col >= t->ncols)
		return NULL;
	return t->cells[row * t->ncols + col];
}

int sd_table_isnull(const struct sd_table *t, size_t row, size_t col)
{
	return sd_table_get(t, row, col) == NULL;
}

int sd_table_col(const struct sd_table *t, const char *name)
{
	size_t i;

	for (i = 0; t && i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

int sd_table_long(const struct sd_table *t, size_t row, size_t col, long long *out)
{
	const char *s = sd_table_get(t, row, col);
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int sd_table_double(const struct sd_table *t, size_t row, size_t col, double *out)
{
	const char *s = sd_table_get(t, row, col);
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

const char *sd_source_name(enum sd_source src)
{
	switch (src) {
	case SD_SRC_DATABASE: return "database";
	case SD_SRC_CACHE: return "cache";
	case SD_SRC_NOCACHE: return "no cache";
	case SD_SRC_STALE: return "stale";
	}
	return "?";
}
