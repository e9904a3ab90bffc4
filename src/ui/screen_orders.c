/* Supervisor: the order board (progress bars, late and at-risk orders marked in words),
 * panels by status, station performance with pass rates, and work in progress per station. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

static const struct sd_colspec order_cols[] = {
	{ "order_number", "Order", 13, SD_FMT_TEXT, 0 },
	{ "module_model", "Module model", 14, SD_FMT_NAME, 1 },
	{ "quantity", "Qty", 5, SD_FMT_INT, 0 },
	{ "completed_panels", "Done", 5, SD_FMT_INT, 0 },
	{ "plan_percentage", "Done of qty", 18, SD_FMT_PCTBAR, 0 },
	{ "expected_completion_date", "Due", 10, SD_FMT_DATE, 0 },
	{ "total_panels", "Made", 5, SD_FMT_INT, 0 },
	{ "start_date", "Started", 10, SD_FMT_DATE, 0 },
};

static const struct sd_colspec status_cols[] = {
	{ "status", "Status", 11, SD_FMT_TEXT, 1 },
	{ "panel_count", "Panels", 7, SD_FMT_INT, 0 },
	{ "avg_processing_hours", "Avg time", 8, SD_FMT_HOURS, 0 },
};

static const struct sd_colspec station_cols[] = {
	/* the pass rate second: a narrow terminal drops the counts, not the rate */
	{ "station_name", "Station", 12, SD_FMT_TEXT, 1 },
	{ "pass_rate", "Pass rate", 9, SD_FMT_PCT, 0 },
	{ "total_inspections", "Insp.", 6, SD_FMT_INT, 0 },
	{ "passed_inspections", "Passed", 6, SD_FMT_INT, 0 },
};

static const struct sd_colspec wip_cols[] = {
	{ "station_type", "Station type", 12, SD_FMT_TEXT, 1 },
	{ "panels", "WIP", 6, SD_FMT_INT, 0 },
	{ "avg_hours", "Avg wait", 8, SD_FMT_HOURS, 0 },
};

struct orders_st {
	struct sd_pane panes[4];
	int focus;
};

/* Late: past due and not done. At risk: progress more than 15 points behind the share of
 * the planned time that has passed. */
static enum sd_color_role order_state(const struct sd_pane *p, size_t r, const char **marker)
{
	double now = sd_ui_now(), start, due, pct, expect;

	start = sd_parse_time(sd_cell(p->table, r, "start_date"));
	due = sd_parse_time(sd_cell(p->table, r, "expected_completion_date"));
	if (sd_cell_double(p->table, r, "plan_percentage", &pct) != 0)
		pct = 0;
	*marker = "";
	if (due < 0 || pct >= 100)
		return SD_COLOR_OK;
	if (now > due + 86400) {
		*marker = "LATE";
		return SD_COLOR_FAIL;
	}
	expect = due > start && start > 0 ? (now - start) / (due - start) * 100.0 : 0;
	if (expect - pct > 15) {
		*marker = "RISK";
		return SD_COLOR_WARN;
	}
	*marker = "ok";
	return SD_COLOR_OK;
}

static enum sd_color_role station_state(const struct sd_pane *p, size_t r, const char **marker)
{
	const struct sd_config *cfg = p->ctx;
	double rate;

	*marker = "";
	if (sd_cell_double(p->table, r, "pass_rate", &rate) != 0 || !cfg)
		return SD_COLOR_DIM;
	if (rate < cfg->pass_rate_crit) {
		*marker = "LOW";
		return SD_COLOR_FAIL;
	}
	if (rate < cfg->pass_rate_warn) {
		*marker = "WARN";
		return SD_COLOR_WARN;
	}
	*marker = "ok";
	return SD_COLOR_OK;
}

static void *orders_open(struct sd_ui *ui)
{
	struct orders_st *st = sd_calloc(1, sizeof *st);

	sd_pane_init(&st->panes[0], "Orders in progress", order_cols, 8);
	st->panes[0].row_state = order_state;
	st->panes[0].empty = "no orders in progress";
	sd_pane_init(&st->panes[1], "Panels by status", status_cols, 3);
	sd_pane_init(&st->panes[2], "Station performance", station_cols, 4);
	st->panes[2].row_state = station_state;
	st->panes[2].ctx = ui->cfg;
	sd_pane_init(&st->panes[3], "Work in progress", wip_cols, 3);
	return st;
}

static void orders_close(void *vst)
{
	struct orders_st *st = vst;
	int i;

	for (i = 0; i < 4; i++)
		sd_pane_done(&st->panes[i]);
	free(st);
}

static const char *const queries[4] = {
	"orders_in_progress", "panel_status_counts", "station_performance", "wip_per_station"
};

static void orders_fetch(struct sd_ui *ui, void *vst)
{
	struct orders_st *st = vst;
	struct sd_table *t;
	int i;

	for (i = 0; i < 4; i++) {
		t = NULL;
		if (sd_data_fetch(ui->data, queries[i], NULL, 0, &t) != SD_OK)
			t = NULL;
		if (i == 0)
			sd_ui_note_source(ui, t);
		sd_pane_set_table(&st->panes[i], t);
	}
}

static void orders_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct orders_st *st = vst;
	int top = (int)st->panes[0].nshown + 3, bh, w1 = w * 26 / 100, w2 = w * 42 / 100;

	/* the order board gets what it needs up to 55 %, the three small panes the rest */
	if (top > h * 55 / 100)
		top = h * 55 / 100;
	if (top < 5)
		top = 5;
	bh = h - top;

	sd_pane_draw(&st->panes[0], y, 0, top, w, st->focus == 0);
	sd_pane_draw(&st->panes[1], y + top, 0, bh, w1 - 1, st->focus == 1);
	sd_pane_draw(&st->panes[2], y + top, w1, bh, w2 - 1, st->focus == 2);
	sd_pane_draw(&st->panes[3], y + top, w1 + w2, bh, w - w1 - w2, st->focus == 3);
}

static int orders_action(struct sd_ui *ui, void *vst, enum sd_action a)
{
	struct orders_st *st = vst;
	struct sd_pane *const panes[] = { &st->panes[0], &st->panes[1], &st->panes[2],
					  &st->panes[3] };

	return sd_panes_action(ui, panes, 4, &st->focus, a);
}

const struct sd_screen_ops sd_screen_orders = {
	.name = "orders",
	.title = "Order board",
	.min_role = SD_ROLE_SUPERVISOR,
	.key = SD_ACT_SCR_ORDERS,
	.open = orders_open,
	.fetch = orders_fetch,
	.draw = orders_draw,
	.action = orders_action,
	.close = orders_close,
};
