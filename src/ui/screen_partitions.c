/* Admin: partitions per table (count, months of runway, rows in DEFAULT, size, rows,
 * tablespaces) and each partition (range, rows, size, tablespace); create ahead after a
 * confirmation; archive shows the dry-run's list first and asks before doing it. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

/* What the warnings are about first: at 80 columns the rows and the tablespaces go, not the
 * runway or the rows in DEFAULT. */
static const struct sd_colspec sum_cols[] = {
	{ "parent", "Table", 20, SD_FMT_TEXT, 1 },
	{ "partitions", "Partitions", 10, SD_FMT_INT, 0 },
	{ "runway_months", "Runway (months)", 15, SD_FMT_INT, 0 },
	{ "default_rows", "Rows in DEFAULT", 15, SD_FMT_INT, 0 },
	{ "total_size", "Size", 9, SD_FMT_BYTES, 0 },
	{ "rows", "Rows", 10, SD_FMT_INT, 0 },
	{ "tablespaces", "Tablespaces", 12, SD_FMT_TEXT, 1 },
};

static const struct sd_colspec part_cols[] = {
	{ "partition", "Partition", 26, SD_FMT_TEXT, 1 },
	{ "range_from", "From", 12, SD_FMT_DATE, 0 },
	{ "range_to", "To", 12, SD_FMT_DATE, 0 },
	{ "row_count", "Rows", 9, SD_FMT_INT, 0 },
	{ "total_size", "Size", 10, SD_FMT_BYTES, 0 },
	{ "tablespace", "Tablespace", 18, SD_FMT_TEXT, 0 },
};

static const struct sd_colspec action_cols[] = {
	{ "partition", "Partition", 32, SD_FMT_TEXT, 0 },
	{ "range_from", "From", 12, SD_FMT_DATE, 0 },
	{ "range_to", "To", 12, SD_FMT_DATE, 0 },
	{ "what", "Action", 12, SD_FMT_TEXT, 1 },
};

struct parts_st {
	struct sd_pane sum, parts, last;
	int focus;
	int preview;       /* the last job was an archive dry run */
	int fresh;         /* after an action: read past the cache once */
	size_t preview_n;
};

static enum sd_color_role sum_state(const struct sd_pane *p, size_t r, const char **marker)
{
	const struct sd_config *cfg = p->ctx;
	double runway = 0, def = 0;

	sd_cell_double(p->table, r, "runway_months", &runway);
	sd_cell_double(p->table, r, "default_rows", &def);
	*marker = "ok";
	if (def > 0 || runway < cfg->runway_crit_months) {
		*marker = def > 0 ? "DFLT" : "CRIT";
		return SD_COLOR_FAIL;
	}
	if (runway < cfg->runway_warn_months) {
		*marker = "WARN";
		return SD_COLOR_WARN;
	}
	return SD_COLOR_OK;
}

static void *parts_open(struct sd_ui *ui)
{
	struct parts_st *st = sd_calloc(1, sizeof *st);

	sd_pane_init(&st->sum, "Partitioned tables", sum_cols, 7);
	st->sum.row_state = sum_state;
	st->sum.ctx = ui->cfg;
	sd_pane_init(&st->parts, "Partitions", part_cols, 6);
	sd_pane_init(&st->last, "Last action", action_cols, 4);
	st->last.empty = "C creates partitions ahead, X previews an archive";
	sd_pane_set_table(&st->last, sd_table_new(0, 0));   /* nothing done yet, not "loading" */
	return st;
}

static void parts_close(void *vst)
{
	struct parts_st *st = vst;

	sd_pane_done(&st->sum);
	sd_pane_done(&st->parts);
	sd_pane_done(&st->last);
	free(st);
}

/* Finds or adds the summary row of a parent table; returns its index. */
static size_t parent_row(struct sd_table *s, const char *parent)
{
	size_t r;

	for (r = 0; r < s->nrows; r++)
		if (strcmp(sd_table_get(s, r, 0), parent) == 0)
			return r;
	s->nrows++;
	sd_table_set(s, r, 0, parent);
	return r;
}

static void add(struct sd_table *s, size_t r, size_t c, double v, int keep_max)
{
	double old = 0;
	char buf[32];

	if (sd_table_double(s, r, c, &old) != 0)
		old = keep_max ? -1e18 : 0;
	snprintf(buf, sizeof buf, "%.0f", keep_max ? (v > old ? v : old) : old + v);
	sd_table_set(s, r, c, buf);
}

/* Adds a tablespace to the row's comma-separated list unless it is there. */
static void add_tablespace(struct sd_table *s, size_t r, size_t c, const char *ts)
{
	const char *old = sd_table_get(s, r, c), *p;
	size_t n = ts ? strlen(ts) : 0;
	char buf[256];

	if (!n)
		return;
	for (p = old; p && (p = strstr(p, ts)); p += n)
		if ((p == old || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return;
	snprintf(buf, sizeof buf, "%s%s%s", old ? old : "", old ? ", " : "", ts);
	sd_table_set(s, r, c, buf);
}

/* Per-table totals from the per-partition rows (drawn by the same column drawer). */
static struct sd_table *summarise(const struct sd_table *t)
{
	static const char *const names[] = {
		"parent", "partitions", "rows", "runway_months", "default_rows", "total_size",
		"tablespaces"
	};
	struct sd_table *s = sd_table_new(7, t->nrows);
	const char *def;
	double rows, runway, size;
	size_t r, i;

	for (i = 0; i < 7; i++)
		sd_table_set_column(s, i, names[i], i && i < 6 ? SD_COL_INT : SD_COL_TEXT);
	s->nrows = 0;
	for (r = 0; r < t->nrows; r++) {
		if (!sd_cell(t, r, "parent"))
			continue;
		i = parent_row(s, sd_cell(t, r, "parent"));
		def = sd_cell(t, r, "is_default");
		if (sd_cell_double(t, r, "row_count", &rows) != 0)
			rows = 0;
		add(s, i, 1, 1, 0);
		add(s, i, 2, rows, 0);
		add(s, i, 4, def && def[0] == 't' ? rows : 0, 0);
		if (sd_cell_double(t, r, "runway_months", &runway) == 0)
			add(s, i, 3, runway, 1);
		if (sd_cell_double(t, r, "total_size", &size) == 0)
			add(s, i, 5, size, 0);
		add_tablespace(s, i, 6, sd_cell(t, r, "tablespace"));
	}
	s->source = t->source;
	s->computed_at = t->computed_at;
	s->views_refreshed_at = t->views_refreshed_at;
	return s;
}

static void parts_fetch(struct sd_ui *ui, void *vst)
{
	struct parts_st *st = vst;
	struct sd_table *t = NULL;

	if ((st->fresh ? sd_data_exec(ui->data, "partition_stats", NULL, 0, &t)
	     : sd_data_fetch(ui->data, "partition_stats", NULL, 0, &t)) != SD_OK)
		t = NULL;
	st->fresh = 0;
	sd_ui_note_source(ui, t);
	sd_pane_set_table(&st->sum, t ? summarise(t) : NULL);
	sd_pane_set_table(&st->parts, t);
}

static void parts_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct parts_st *st = vst;
	int a = 6, c = (h - a - 1) / 3;

	if (c < 4)
		c = 4;
	sd_pane_draw(&st->sum, y, 0, a, w, st->focus == 0);
	sd_pane_draw(&st->parts, y + a, 0, h - a - c - 1, w, st->focus == 1);
	sd_pane_draw(&st->last, y + h - c - 1, 0, c, w, st->focus == 2);
	sd_draw_text(y + h - 1, 0, w, " C create partitions ahead   X archive old partitions "
		     "(preview first)   Tab pane", SD_COLOR_KEY, 0);
}

static int do_create(struct sd_ui *ui)
{
	struct parts_st *st = ui->screen_st;

	st->preview = 0;
	return sd_job_start(ui, "create partitions", SD_Q_CREATE_PARTITIONS, NULL, 0);
}

static int do_archive(struct sd_ui *ui)
{
	struct parts_st *st = ui->screen_st;
	const char *params[1] = { "false" };

	st->preview = 0;
	return sd_job_start(ui, "archive partitions", SD_Q_ARCHIVE_PARTITIONS, params, 1);
}

static int parts_action(struct sd_ui *ui, void *vst, enum sd_action a)
{
	struct parts_st *st = vst;
	struct sd_pane *const panes[] = { &st->sum, &st->parts, &st->last };
	const char *params[1] = { "true" };

	if (a == SD_ACT_CREATE) {
		sd_ui_ask(ui, do_create, "Create the monthly partitions ahead now?");
		return SD_UI_REDRAW;
	}
	if (a == SD_ACT_ARCHIVE) {
		st->preview = 1;
		return sd_job_start(ui, "archive preview (dry run)", SD_Q_ARCHIVE_PARTITIONS,
				    params, 1);
	}
	return sd_panes_action(ui, panes, 3, &st->focus, a);
}

/* The action's rows into the "Last action" pane, with created/action as one column. */
static struct sd_table *action_table(struct sd_table *r)
{
	int c = sd_table_col(r, "action");
	size_t i;

	if (c < 0 && (c = sd_table_col(r, "created")) >= 0)
		for (i = 0; i < r->nrows; i++)
			sd_table_set(r, i, (size_t)c, sd_cell(r, i, "created") &&
				     sd_cell(r, i, "created")[0] == 't' ? "created" : "exists");
	if (c >= 0)
		sd_table_set_column(r, (size_t)c, "what", SD_COL_TEXT);
	return r;
}

static int parts_job_done(struct sd_ui *ui, void *vst, struct sd_table *result, sd_err err,
			  const char *msg)
{
	struct parts_st *st = vst;

	st->fresh = 1;
	if (err != SD_OK || !result) {
		st->preview = 0;
		sd_table_free(result);
		return SD_UI_REDRAW;
	}
	st->last.title = st->preview ? "Archive preview (dry run: nothing moved yet)" : "Last action";
	st->preview_n = result->nrows;
	sd_pane_set_table(&st->last, action_table(result));
	if (st->preview) {
		st->preview = 0;
		if (st->preview_n == 0)
			sd_ui_message(ui, SD_COLOR_OK, "archive preview: nothing is old enough");
		else
			sd_ui_ask(ui, do_archive, "Archive the %zu partitions listed below?",
				  st->preview_n);
	}
	return SD_UI_REFETCH | SD_UI_REDRAW;
}

const struct sd_screen_ops sd_screen_partitions = {
	.name = "partitions",
	.title = "Partitions",
	.min_role = SD_ROLE_ADMIN,
	.key = SD_ACT_SCR_PARTS,
	.open = parts_open,
	.fetch = parts_fetch,
	.draw = parts_draw,
	.action = parts_action,
	.job_done = parts_job_done,
	.close = parts_close,
};
