/* Operator: the station's queue (barcode, module model, order, waiting time), the last
 * inspections with PASS/FAIL words, and big shift counters readable from a metre away. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/cli.h"
#include "solardash/ui.h"
#include "solardash/ui_draw.h"

static const struct sd_colspec queue_cols[] = {
	{ "barcode", "Barcode", 16, SD_FMT_TEXT, 0 },
	{ "model", "Module model", 16, SD_FMT_NAME, 1 },
	{ "order_number", "Order", 13, SD_FMT_TEXT, 0 },
	{ "status", "Status", 11, SD_FMT_TEXT, 0 },
	{ "arrived_at", "Waiting", 8, SD_FMT_SINCE, 0 },
};

static const struct sd_colspec recent_cols[] = {
	{ "inspection_date", "Time", 11, SD_FMT_TIME, 0 },
	{ "barcode", "Barcode", 16, SD_FMT_TEXT, 0 },
	{ "result", "Result", 6, SD_FMT_RESULT, 0 },
	{ "inspector", "Inspector", 10, SD_FMT_TEXT, 0 },
	{ "notes", "Notes", 10, SD_FMT_TEXT, 1 },
};

struct queue_st {
	struct sd_pane queue, recent;
	struct sd_table *rate;
	int focus;
	long station_id;     /* the station shown: the login's, or one chosen with s */
	char station[24];
	char name[128];      /* the station's name, from station_performance */
};

static void panes_init(struct queue_st *st)
{
	sd_pane_init(&st->queue, "Waiting at this station", queue_cols, 5);
	st->queue.empty = "no panels waiting";
	sd_pane_init(&st->recent, "Last inspections", recent_cols, 5);
	st->recent.empty = "no inspections yet";
}

static void *queue_open(struct sd_ui *ui)
{
	struct queue_st *st = sd_calloc(1, sizeof *st);

	panes_init(st);
	st->station_id = ui->login.station_id;
	snprintf(st->station, sizeof st->station, "%ld", st->station_id);
	return st;
}

/* No station yet: say so in the panes instead of "loading..." that never ends. */
static void no_station(struct sd_ui *ui, struct queue_st *st)
{
	st->queue.empty = st->recent.empty = ui->login.role > SD_ROLE_OPERATOR ?
		"no station chosen: press s and give a station number" :
		"no station: set terminal.station_id or start with --station";
	sd_pane_set_table(&st->queue, sd_table_new(0, 0));
	sd_pane_set_table(&st->recent, sd_table_new(0, 0));
}

static void queue_close(void *vst)
{
	struct queue_st *st = vst;

	sd_pane_done(&st->queue);
	sd_pane_done(&st->recent);
	sd_table_free(st->rate);
	free(st);
}

static struct sd_table *fetch(struct sd_ui *ui, const char *q, const char *station)
{
	struct sd_table *t = NULL;
	const char *params[1] = { station };

	if (sd_data_fetch(ui->data, q, params, 1, &t) != SD_OK)
		return NULL;
	return t;
}

/* The station's name and type from the (cached) station performance view. */
static void station_name(struct sd_ui *ui, struct queue_st *st)
{
	struct sd_table *t = NULL;
	size_t r;
	const char *id, *name, *type;

	if (sd_data_fetch(ui->data, "station_performance", NULL, 0, &t) != SD_OK)
		return;
	for (r = 0; r < t->nrows; r++) {
		id = sd_cell(t, r, "station_id");
		name = sd_cell(t, r, "station_name");
		type = sd_cell(t, r, "station_type");
		if (id && strcmp(id, st->station) == 0)
			snprintf(st->name, sizeof st->name, "%s (%s)", name ? name : "?",
				 type ? type : "?");
	}
	sd_table_free(t);
}

static void queue_fetch(struct sd_ui *ui, void *vst)
{
	struct queue_st *st = vst;
	struct sd_table *t;

	if (st->station_id <= 0) {
		no_station(ui, st);
		return;
	}
	t = fetch(ui, "station_queue", st->station);
	sd_ui_note_source(ui, t);
	sd_pane_set_table(&st->queue, t);
	sd_pane_set_table(&st->recent, fetch(ui, "station_recent_inspections", st->station));
	if ((t = fetch(ui, "station_pass_rate", st->station))) {
		sd_table_free(st->rate);
		st->rate = t;
	}
	st->name[0] = '\0';
	station_name(ui, st);
	if (!st->name[0] && st->queue.table)
		snprintf(st->name, sizeof st->name, "(no such station)");
}

/* One big counter with its label; returns the width used. */
static int counter(int y, int x, int maxw, const char *label, const char *value,
		   enum sd_color_role role)
{
	int w = sd_draw_big_width(value);

	if (w > maxw)
		return 0;
	sd_draw_text(y, x, maxw, label, SD_COLOR_HEADER, 0);
	sd_draw_big(y + 1, x, value, role);
	return w;
}

static void draw_counters(struct sd_ui *ui, struct queue_st *st, int y, int w)
{
	char passed[16] = "-", failed[16] = "-", rate[16] = "-", plabel[40], flabel[40];
	const char *since = NULL;
	double p = 0, f = 0, r = -1;
	int col = w / 3;
	enum sd_color_role rrole = SD_COLOR_BIG;

	if (st->rate && st->rate->nrows) {
		if (sd_cell_double(st->rate, 0, "passed", &p) == 0)
			snprintf(passed, sizeof passed, "%.0f", p);
		if (sd_cell_double(st->rate, 0, "failed", &f) == 0)
			snprintf(failed, sizeof failed, "%.0f", f);
		if (sd_cell_double(st->rate, 0, "pass_rate", &r) == 0)
			snprintf(rate, sizeof rate, "%.0f%%", r);
		since = sd_cell(st->rate, 0, "shift_start");
	}
	/* the shift began at solardash.shift_starts in the database (sql/015_shifts.sql) */
	if (since && *since) {
		snprintf(plabel, sizeof plabel, "PASSED since %.5s", since);
		snprintf(flabel, sizeof flabel, "FAILED since %.5s", since);
	} else {
		snprintf(plabel, sizeof plabel, "PASSED this shift");
		snprintf(flabel, sizeof flabel, "FAILED this shift");
	}
	if (r >= 0)
		rrole = r < ui->cfg->pass_rate_crit ? SD_COLOR_FAIL
			: r < ui->cfg->pass_rate_warn ? SD_COLOR_WARN : SD_COLOR_OK;
	counter(y, 1, col - 2, plabel, passed, SD_COLOR_OK);
	counter(y, col + 1, col - 2, flabel, failed, f > 0 ? SD_COLOR_FAIL : SD_COLOR_BIG);
	counter(y, 2 * col + 1, w - 2 * col - 2, r >= 0 && r < ui->cfg->pass_rate_warn
		? "PASS RATE (LOW)" : "PASS RATE", rate, rrole);
}

static void queue_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct queue_st *st = vst;
	char title[192];
	int rest, qh;

	if (st->station_id > 0)
		snprintf(title, sizeof title, " Station %s: %s", st->station, st->name);
	else
		snprintf(title, sizeof title, " Station: none chosen");
	sd_draw_text(y, 0, w, title, SD_COLOR_HEADER, 0);
	draw_counters(ui, st, y + 1, w);
	rest = h - 7;
	/* the queue takes what it needs, up to 3/5; the inspections get the rest */
	qh = (int)st->queue.nshown + 3;
	if (qh > rest * 3 / 5)
		qh = rest * 3 / 5;
	if (qh < 5)
		qh = 5;
	sd_pane_draw(&st->queue, y + 7, 0, qh, w, st->focus == 0);
	sd_pane_draw(&st->recent, y + 7 + qh, 0, rest - qh, w, st->focus == 1);
}

static void station_done(struct sd_ui *ui, const char *text)
{
	struct queue_st *st = ui->screen == &sd_screen_queue ? ui->screen_st : NULL;

	if (!st || !text || !*text)
		return;
	if (!sd_cli_station_ok(text)) {   /* the same rule as --station */
		sd_ui_message(ui, SD_COLOR_FAIL, "not a station number: '%.40s'", text);
		return;
	}
	st->station_id = strtol(text, NULL, 10);
	snprintf(st->station, sizeof st->station, "%ld", st->station_id);
	st->name[0] = '\0';
	sd_table_free(st->rate);
	st->rate = NULL;
	/* another station's rows: start the panes afresh ("loading..." until they come) */
	sd_pane_done(&st->queue);
	sd_pane_done(&st->recent);
	panes_init(st);
	st->focus = 0;
	ui->need_fetch = 1;
	ui->dirty = 1;
}

static int queue_action(struct sd_ui *ui, void *vst, enum sd_action a)
{
	struct queue_st *st = vst;
	struct sd_pane *const panes[] = { &st->queue, &st->recent };

	if (a == SD_ACT_STATION) {
		/* an operator's terminal belongs to its station; the others may look anywhere */
		if (ui->login.role == SD_ROLE_OPERATOR) {
			sd_ui_message(ui, SD_COLOR_DIM, "this terminal's station is set by "
				      "terminal.station_id or --station");
			return SD_UI_REDRAW;
		}
		sd_ui_prompt(ui, "station number", NULL, station_done);
		return SD_UI_REDRAW;
	}
	return sd_panes_action(ui, panes, 2, &st->focus, a);
}

const struct sd_screen_ops sd_screen_queue = {
	.name = "queue",
	.title = "Station queue",
	.min_role = SD_ROLE_OPERATOR,
	.key = SD_ACT_SCR_QUEUE,
	.open = queue_open,
	.fetch = queue_fetch,
	.draw = queue_draw,
	.action = queue_action,
	.close = queue_close,
};
