/* Manager: headline numbers, the 30-day daily pass rate per station type as sparklines
 * (block characters, or ASCII levels), orders under 50 % and workflow efficiency. */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

#define DAYS 30
#define MAX_SERIES 12

static const struct sd_colspec under_cols[] = {
	/* progress before the model: a narrow pane drops the model, not what the pane is about */
	{ "order_number", "Order", 13, SD_FMT_TEXT, 0 },
	{ "status", "Status", 11, SD_FMT_TEXT, 0 },
	{ "plan_percentage", "Done of qty", 14, SD_FMT_PCTBAR, 0 },
	{ "module_model", "Module model", 12, SD_FMT_NAME, 1 },
	{ "quantity", "Qty", 5, SD_FMT_INT, 0 },
	{ "expected_completion_date", "Due", 10, SD_FMT_DATE, 0 },
};

static const struct sd_colspec flow_cols[] = {
	{ "status", "Status", 11, SD_FMT_TEXT, 0 },
	{ "station_type", "Station type", 12, SD_FMT_TEXT, 1 },
	{ "panels_at_station", "Panels", 7, SD_FMT_INT, 0 },
	{ "avg_hours_at_station", "Avg time", 8, SD_FMT_HOURS, 0 },
};

struct series {
	char type[48];
	double v[DAYS];      /* oldest first; NAN = no inspections that day */
};

struct quality_st {
	struct sd_pane under, flow;
	struct sd_table *headline;
	struct series s[MAX_SERIES];
	int nseries;
	double lo;           /* chart scale: lo..100 %, from the lowest day, in steps of 5 */
	int focus;
	char error[160];
};

static void *quality_open(struct sd_ui *ui)
{
	struct quality_st *st = sd_calloc(1, sizeof *st);

	sd_pane_init(&st->under, "Orders under 50 %", under_cols, 6);
	st->under.empty = "every open order is at least half done";
	sd_pane_init(&st->flow, "Workflow efficiency", flow_cols, 4);
	return st;
}

static void quality_close(void *vst)
{
	struct quality_st *st = vst;

	sd_pane_done(&st->under);
	sd_pane_done(&st->flow);
	sd_table_free(st->headline);
	free(st);
}

static struct series *series_for(struct quality_st *st, const char *type)
{
	int i, d;

	for (i = 0; i < st->nseries; i++)
		if (strcmp(st->s[i].type, type) == 0)
			return &st->s[i];
	if (st->nseries == MAX_SERIES)
		return NULL;
	snprintf(st->s[i].type, sizeof st->s[i].type, "%s", type);
	for (d = 0; d < DAYS; d++)
		st->s[i].v[d] = NAN;
	st->nseries++;
	return &st->s[i];
}

/* Builds the per-type series from quality_30d rows (one row per day and type). */
static void build_series(struct quality_st *st, const struct sd_table *t)
{
	double today = floor(sd_ui_now() / 86400.0), day, rate;
	struct series *s;
	size_t r;
	long idx;

	st->nseries = 0;
	st->lo = 100;
	for (r = 0; r < t->nrows; r++) {
		day = sd_parse_time(sd_cell(t, r, "inspection_day"));
		if (day < 0 || !sd_cell(t, r, "station_type") ||
		    sd_cell_double(t, r, "daily_pass_rate", &rate) != 0)
			continue;
		idx = DAYS - 1 - (long)(today - floor(day / 86400.0));
		if (idx < 0 || idx >= DAYS || !(s = series_for(st, sd_cell(t, r, "station_type"))))
			continue;
		s->v[idx] = rate;
		if (rate < st->lo)
			st->lo = rate;
	}
	/* a scale that shows the differences: from the lowest day down to a multiple of 5 */
	st->lo = floor(st->lo / 5.0) * 5.0;
	if (st->lo > 95)
		st->lo = 95;
}

static void quality_fetch(struct sd_ui *ui, void *vst)
{
	struct quality_st *st = vst;
	struct sd_table *t = NULL;

	if (sd_data_fetch(ui->data, "quality_30d", NULL, 0, &t) == SD_OK) {
		build_series(st, t);
		st->error[0] = '\0';
	} else
		snprintf(st->error, sizeof st->error, "%s", sd_err_last());
	sd_ui_note_source(ui, t);
	sd_table_free(t);
	t = NULL;
	if (sd_data_fetch(ui->data, "headline", NULL, 0, &t) == SD_OK) {
		sd_table_free(st->headline);
		st->headline = t;
	}
	t = NULL;
	sd_pane_set_table(&st->under, sd_data_fetch(ui->data, "orders_under_half", NULL, 0, &t)
			  == SD_OK ? t : NULL);
	t = NULL;
	sd_pane_set_table(&st->flow, sd_data_fetch(ui->data, "workflow_efficiency", NULL, 0, &t)
			  == SD_OK ? t : NULL);
}

static void draw_headline(struct quality_st *st, int y, int w)
{
	static const char *const cols[4] = {
		"total_panels", "active_orders", "inspections_today", "pass_rate_today"
	};
	static const char *const labels[4] = {
		"Panels", "Active orders", "Inspections today", "Pass rate today"
	};
	/* at 80 columns a quarter is 20: the short labels keep the numbers whole */
	static const char *const short_labels[4] = {
		"Panels", "Orders", "Insp. today", "Pass today"
	};
	char buf[96];
	const char *v;
	int i, cw = w / 4;

	for (i = 0; i < 4; i++) {
		v = st->headline && st->headline->nrows ? sd_cell(st->headline, 0, cols[i]) : NULL;
		snprintf(buf, sizeof buf, " %s: %s%s", labels[i], v ? v : "-",
			 v && i == 3 ? "%" : "");
		if (sd_draw_width(buf) > cw)
			snprintf(buf, sizeof buf, " %s: %s%s", short_labels[i], v ? v : "-",
				 v && i == 3 ? "%" : "");
		sd_draw_text(y, i * cw, cw, buf, SD_COLOR_BIG, 0);
	}
}

/* last, average, min of a series; the trend compares the last 7 days with the 7 before. */
static void stats(const struct series *s, double *last, double *avg, double *min, double *trend)
{
	double sum = 0, a = 0, b = 0;
	int n = 0, na = 0, nb = 0, d;

	*last = NAN;
	*min = NAN;
	for (d = 0; d < DAYS; d++) {
		if (isnan(s->v[d]))
			continue;
		*last = s->v[d];
		sum += s->v[d];
		n++;
		if (isnan(*min) || s->v[d] < *min)
			*min = s->v[d];
		if (d >= DAYS - 7) a += s->v[d], na++;
		else if (d >= DAYS - 14) b += s->v[d], nb++;
	}
	*avg = n ? sum / n : NAN;
	*trend = na && nb ? a / na - b / nb : 0;
}

static enum sd_color_role series_role(struct sd_ui *ui, double last)
{
	return isnan(last) ? SD_COLOR_DIM : last < ui->cfg->pass_rate_crit ? SD_COLOR_FAIL
		: last < ui->cfg->pass_rate_warn ? SD_COLOR_WARN : SD_COLOR_OK;
}

/* The same state in words, as on the order board: never by colour alone. */
static const char *state_word(struct sd_ui *ui, double last)
{
	return isnan(last) ? "" : last < ui->cfg->pass_rate_crit ? "  LOW"
		: last < ui->cfg->pass_rate_warn ? "  WARN" : "";
}

static const char *trend_word(struct sd_ui *ui, double trend)
{
	return trend > 0.5 ? (ui->ascii ? "up" : "▲ up") : trend < -0.5
		? (ui->ascii ? "down" : "▼ down") : (ui->ascii ? "flat" : "▶ flat");
}

/* One row per station type: a sparkline (8 levels) and the numbers; for small screens. */
static void draw_series(struct sd_ui *ui, const struct series *s, double lo, int y, int w)
{
	double last, avg, min, trend;
	char buf[128];
	int sw;
	enum sd_color_role role;

	stats(s, &last, &avg, &min, &trend);
	role = series_role(ui, last);
	snprintf(buf, sizeof buf, " last %5.1f%%%s  avg %5.1f%%  min %5.1f%%  %s", last,
		 state_word(ui, last), avg, min, trend_word(ui, trend));
	if (16 + DAYS + sd_draw_width(buf) > w)   /* 80 columns: min goes, the trend stays */
		snprintf(buf, sizeof buf, " last %5.1f%%%s  avg %5.1f%%  %s", last,
			 state_word(ui, last), avg, trend_word(ui, trend));
	if (16 + DAYS + sd_draw_width(buf) > w && *state_word(ui, last))   /* then avg */
		snprintf(buf, sizeof buf, " last %5.1f%%%s  %s", last, state_word(ui, last),
			 trend_word(ui, trend));
	sw = w - 17 - sd_draw_width(buf);
	if (sw > DAYS)
		sw = DAYS;
	sd_draw_text(y, 1, 15, s->type, SD_COLOR_NORMAL, 0);
	sd_draw_spark(y, 16, sw, s->v, DAYS, lo, 100, role);
	sd_draw_text(y, 16 + sw, w - 16 - sw, buf, role, 0);
}

/* Where the column chart goes: name, scale, the days (cw columns each), the numbers. */
#define CHART_X 22

static int chart_cw(int w)
{
	return w - CHART_X - 24 >= 2 * DAYS ? 2 : 1;
}

/* A station type as a column chart rows tall, with its scale and numbers beside it. */
static void draw_plot(struct sd_ui *ui, const struct series *s, double lo, int y, int rows,
		      int w)
{
	double last, avg, min, trend;
	char buf[64];
	int cw = chart_cw(w), xs = CHART_X + DAYS * cw + 2, i;
	enum sd_color_role role;

	stats(s, &last, &avg, &min, &trend);
	role = series_role(ui, last);
	sd_draw_text(y, 1, 15, s->type, SD_COLOR_NORMAL, 0);
	for (i = 0; i < rows; i++)
		sd_draw_text(y + i, CHART_X - 1, 1, ui->ascii ? "|" : "│", SD_COLOR_DIM, 0);
	sd_draw_text(y, 16, 5, "100%", SD_COLOR_DIM, 1);
	snprintf(buf, sizeof buf, "%.0f%%", lo);
	sd_draw_text(y + rows - 1, 16, 5, buf, SD_COLOR_DIM, 1);
	sd_draw_columns(y, CHART_X, rows, cw, s->v, DAYS, lo, 100, role);
	snprintf(buf, sizeof buf, "last %5.1f%%%s  %s", last, state_word(ui, last),
		 trend_word(ui, trend));
	sd_draw_text(y, xs, w - xs, buf, role, 0);
	snprintf(buf, sizeof buf, "avg  %5.1f%%", avg);
	sd_draw_text(y + (rows > 1), xs, w - xs, buf, SD_COLOR_NORMAL, 0);
	snprintf(buf, sizeof buf, "min  %5.1f%%", min);
	if (rows > 2)
		sd_draw_text(y + 2, xs, w - xs, buf, SD_COLOR_NORMAL, 0);
}

/* Rows per station type in the column chart that fits h rows; 1 = sparklines. */
static int plot_rows(const struct quality_st *st, int h)
{
	int rows;

	for (rows = 4; rows > 2; rows--)
		if (st->nseries * (rows + 1) + 2 <= h)
			return rows;
	return 1;
}

/* "30 days ago ─────→ today" under the days. */
static void draw_axis(struct sd_ui *ui, int y, int x, int w)
{
	char line[256] = "30 days ago ";
	size_t len = strlen(line);
	int i;

	for (i = 12; i < w - 7 && len + 4 < sizeof line; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, "%s", ui->ascii ? "-" : "─");
	snprintf(line + len, sizeof line - len, "%s", ui->ascii ? "> today" : "→ today");
	sd_draw_text(y, x, w, line, SD_COLOR_DIM, 0);
}

static void draw_chart(struct sd_ui *ui, struct quality_st *st, int y, int h, int w)
{
	char title[256];
	int i, rows = plot_rows(st, h), x0 = rows > 1 ? CHART_X : 16;
	int cw = rows > 1 ? chart_cw(w) : 1, aw = DAYS * cw;

	snprintf(title, sizeof title, "  Daily pass rate, last %d days (scale %.0f-100 %%)%s%s",
		 DAYS, st->lo, st->error[0] ? "  ERROR: " : "", st->error);
	sd_draw_text(y, 0, w, title, SD_COLOR_TITLE, 0);
	if (!st->nseries)
		sd_draw_text(y + 1, 2, w - 2, "no inspections in the last 30 days", SD_COLOR_DIM, 0);
	for (i = 0; i < st->nseries; i++) {
		if (rows > 1)
			draw_plot(ui, &st->s[i], st->lo, y + 1 + i * (rows + 1), rows, w);
		else if (i < h - 2)
			draw_series(ui, &st->s[i], st->lo, y + 1 + i, w);
	}
	if (rows == 1 && aw > w - 17 - 28)   /* the sparkline gave way to its numbers */
		aw = w - 17 - 28 > 12 ? w - 17 - 28 : 12;
	draw_axis(ui, rows > 1 ? y + st->nseries * (rows + 1) : y + h - 1, x0, aw);
}

/* Height of the chart block: title, the station types, the day axis. */
static int chart_height(const struct quality_st *st, int h)
{
	int rows = plot_rows(st, h / 2), ch;

	ch = rows > 1 ? st->nseries * (rows + 1) + 2 : st->nseries + 3;
	return ch > h / 2 ? h / 2 : ch;
}

static void quality_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct quality_st *st = vst;
	int ch = chart_height(st, h), rest, lw;

	draw_headline(st, y, w);
	draw_chart(ui, st, y + 1, ch, w);
	rest = h - 1 - ch;
	/* workflow needs about 44 columns; the orders (long module names) get the rest */
	lw = w - 44 > w * 55 / 100 ? w - 44 : w * 55 / 100;
	sd_pane_draw(&st->under, y + 1 + ch, 0, rest, lw, st->focus == 0);
	sd_pane_draw(&st->flow, y + 1 + ch, lw + 1, rest, w - lw - 1, st->focus == 1);
}

static int quality_action(struct sd_ui *ui, void *vst, enum sd_action a)
{
	struct quality_st *st = vst;
	struct sd_pane *const panes[] = { &st->under, &st->flow };

	return sd_panes_action(ui, panes, 2, &st->focus, a);
}

const struct sd_screen_ops sd_screen_quality = {
	.name = "quality",
	.title = "Quality trends",
	.min_role = SD_ROLE_MANAGER,
	.key = SD_ACT_SCR_QUALITY,
	.open = quality_open,
	.fetch = quality_fetch,
	.draw = quality_draw,
	.action = quality_action,
	.close = quality_close,
};
