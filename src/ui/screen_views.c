/* Admin: the materialized views (rows, size, last refresh, average refresh time, success
 * rate, recommendation) and the refresh log; refresh one or all after a confirmation, in
 * the worker so the keyboard stays live; "already running" comes back at once. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

static const struct sd_colspec perf_cols[] = {
	{ "view_name", "View", 24, SD_FMT_TEXT, 0 },
	{ "total_rows", "Rows", 8, SD_FMT_INT, 0 },
	{ "last_refresh", "Last refresh", 12, SD_FMT_AGE, 0 },
	{ "avg_refresh_time_ms", "Avg time", 9, SD_FMT_MS, 0 },
	{ "refresh_success_rate", "Success", 8, SD_FMT_PCT, 0 },
	{ "recommendation", "Recommendation", 14, SD_FMT_TEXT, 1 },
};

static const struct sd_colspec usage_cols[] = {
	{ "view_name", "View", 24, SD_FMT_TEXT, 0 },
	{ "table_size", "Table", 10, SD_FMT_BYTES, 0 },
	{ "index_size", "Indexes", 10, SD_FMT_BYTES, 0 },
	{ "total_size", "Total", 10, SD_FMT_BYTES, 0 },
	{ "last_analyzed", "Analyzed", 12, SD_FMT_AGE, 1 },
};

static const struct sd_colspec log_cols[] = {
	{ "started_at", "Started", 11, SD_FMT_TIME, 0 },
	{ "view_name", "View", 24, SD_FMT_TEXT, 0 },
	{ "success", "OK", 4, SD_FMT_BOOL, 0 },
	{ "duration_ms", "Time", 9, SD_FMT_MS, 0 },
	{ "row_count", "Rows", 8, SD_FMT_INT, 0 },
	{ "triggered_by", "By", 20, SD_FMT_TEXT, 0 },
	{ "error", "Error", 10, SD_FMT_TEXT, 1 },
};

struct views_st {
	struct sd_pane perf, usage, log;
	int focus;
	int fresh;           /* after an action: read past the cache once */
	char target[64];     /* the view a confirmed refresh is for */
};

static enum sd_color_role log_state(const struct sd_pane *p, size_t r, const char **marker)
{
	const char *ok = sd_cell(p->table, r, "success");

	*marker = ok && ok[0] == 't' ? "ok" : ok ? "FAIL" : "?";
	return ok && ok[0] == 't' ? SD_COLOR_OK : SD_COLOR_FAIL;
}

static void *views_open(struct sd_ui *ui)
{
	struct views_st *st = sd_calloc(1, sizeof *st);

	sd_pane_init(&st->perf, "Materialized views", perf_cols, 6);
	sd_pane_init(&st->usage, "Sizes", usage_cols, 5);
	sd_pane_init(&st->log, "Refresh log", log_cols, 7);
	st->log.row_state = log_state;
	st->log.empty = "no refresh yet";
	return st;
}

static void views_close(void *vst)
{
	struct views_st *st = vst;

	sd_pane_done(&st->perf);
	sd_pane_done(&st->usage);
	sd_pane_done(&st->log);
	free(st);
}

static struct sd_table *get(struct sd_ui *ui, const char *q, int fresh)
{
	struct sd_table *t = NULL;
	sd_err err = fresh ? sd_data_exec(ui->data, q, NULL, 0, &t)
		: sd_data_fetch(ui->data, q, NULL, 0, &t);

	return err == SD_OK ? t : NULL;
}

static void views_fetch(struct sd_ui *ui, void *vst)
{
	struct views_st *st = vst;
	struct sd_table *t = get(ui, "view_performance", st->fresh);

	sd_ui_note_source(ui, t);
	sd_pane_set_table(&st->perf, t);
	sd_pane_set_table(&st->usage, get(ui, "view_usage", st->fresh));
	sd_pane_set_table(&st->log, get(ui, "refresh_log", st->fresh));
	st->fresh = 0;
}

static void views_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct views_st *st = vst;
	int a = 8, b = 8;

	if (h < 24)
		a = b = (h - 6) / 3 + 2;
	sd_pane_draw(&st->perf, y, 0, a, w, st->focus == 0);
	sd_pane_draw(&st->usage, y + a, 0, b, w, st->focus == 1);
	sd_pane_draw(&st->log, y + a + b, 0, h - a - b - 1, w, st->focus == 2);
	sd_draw_text(y + h - 1, 0, w, " R refresh the selected view   A refresh all views   "
		     "Tab pane   ? help", SD_COLOR_KEY, 0);
}

static int refresh_one(struct sd_ui *ui)
{
	struct views_st *st = ui->screen_st;
	char label[128];

	snprintf(label, sizeof label, "refresh %s", st->target);
	return sd_job_start_refresh(ui, label, st->target);
}

static int refresh_all(struct sd_ui *ui)
{
	return sd_job_start_refresh(ui, "refresh all views", NULL);
}

/* The view under the cursor of whichever pane lists views. */
static const char *selected_view(struct views_st *st)
{
	struct sd_pane *p = st->focus == 1 ? &st->usage : st->focus == 2 ? &st->log : &st->perf;
	long r = sd_pane_current(p);

	return r < 0 ? NULL : sd_cell(p->table, (size_t)r, "view_name");
}

static int views_action(struct sd_ui *ui, void *vst, enum sd_action a)
{
	struct views_st *st = vst;
	struct sd_pane *const panes[] = { &st->perf, &st->usage, &st->log };
	const char *v;

	if (a == SD_ACT_REFRESH_ONE || a == SD_ACT_ENTER) {
		if (!(v = selected_view(st)))
			return 0;
		snprintf(st->target, sizeof st->target, "%s", v);
		sd_ui_ask(ui, refresh_one, "Refresh %s now?", st->target);
		return SD_UI_REDRAW;
	}
	if (a == SD_ACT_REFRESH_ALL) {
		sd_ui_ask(ui, refresh_all, "Refresh all materialized views now?");
		return SD_UI_REDRAW;
	}
	return sd_panes_action(ui, panes, 3, &st->focus, a);
}

static int views_job_done(struct sd_ui *ui, void *vst, struct sd_table *result, sd_err err,
			  const char *msg)
{
	struct views_st *st = vst;
	size_t r, ok = 0;
	const char *s;

	st->fresh = 1;   /* the cached log and timings predate this refresh */
	if (err == SD_OK && result) {
		for (r = 0; r < result->nrows; r++)
			if ((s = sd_cell(result, r, "success")) && s[0] == 't')
				ok++;
		sd_ui_message(ui, ok == result->nrows ? SD_COLOR_OK : SD_COLOR_FAIL,
			      "refreshed %zu of %zu views in %.1f s", ok, result->nrows,
			      sd_ui_now() - ui->job_started);
	} else if (err == SD_ERR_BUSY || (msg && strstr(msg, "already running")))
		sd_ui_message(ui, SD_COLOR_WARN, "already running: %s", msg);
	sd_table_free(result);
	return SD_UI_REFETCH | SD_UI_REDRAW;
}

const struct sd_screen_ops sd_screen_views = {
	.name = "views",
	.title = "Materialized views",
	.min_role = SD_ROLE_ADMIN,
	.key = SD_ACT_SCR_VIEWS,
	.open = views_open,
	.fetch = views_fetch,
	.draw = views_draw,
	.action = views_action,
	.job_done = views_job_done,
	.close = views_close,
};
