/* The one column drawer (like tig's): every list on every screen is a pane over an
 * sd_table with column specs, sorting, a search filter and a cursor. */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "solardash/error.h"
#include "solardash/ui.h"
#include "solardash/ui_draw.h"

#define MARKER_W 5

void sd_pane_init(struct sd_pane *p, const char *title, const struct sd_colspec *cols,
		  size_t ncols)
{
	memset(p, 0, sizeof *p);
	p->title = title;
	p->cols = cols;
	p->ncols = ncols;
	p->sort = -1;
	p->empty = "no rows";
}

void sd_pane_done(struct sd_pane *p)
{
	sd_table_free(p->table);
	free(p->order);
	p->table = NULL;
	p->order = NULL;
}

const char *sd_cell(const struct sd_table *t, size_t r, const char *col)
{
	int c = t ? sd_table_col(t, col) : -1;

	return c < 0 ? NULL : sd_table_get(t, r, (size_t)c);
}

int sd_cell_double(const struct sd_table *t, size_t r, const char *col, double *out)
{
	int c = t ? sd_table_col(t, col) : -1;

	return c < 0 ? -1 : sd_table_double(t, r, (size_t)c, out);
}

static int row_matches(const struct sd_pane *p, size_t r)
{
	size_t c;
	const char *v;

	if (!p->filter[0])
		return 1;
	for (c = 0; c < p->table->ncols; c++) {
		v = sd_table_get(p->table, r, c);
		if (v && strcasestr(v, p->filter))
			return 1;
	}
	return 0;
}

/* qsort has no context argument: the pane being sorted. */
static const struct sd_pane *sorting;

static int cmp_rows(const void *a, const void *b)
{
	size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
	const char *col = sorting->cols[sorting->sort].col;
	const char *va = sd_cell(sorting->table, ra, col), *vb = sd_cell(sorting->table, rb, col);
	double da, db;
	int r;

	if (!va || !vb) {
		if (va == vb)
			return ra < rb ? -1 : ra > rb;
		return va ? -1 : 1;   /* NULL sorts last either way */
	}
	if (sd_cell_double(sorting->table, ra, col, &da) == 0 &&
	    sd_cell_double(sorting->table, rb, col, &db) == 0)
		r = da < db ? -1 : da > db;
	else
		r = strcasecmp(va, vb);
	if (sorting->desc)
		r = -r;
	return r ? r : (ra < rb ? -1 : ra > rb);
}

/* Rebuilds the shown rows after a new table, a sort or a filter; keeps the cursor. */
static void rebuild(struct sd_pane *p)
{
	size_t r;

	free(p->order);
	p->order = NULL;
	p->nshown = 0;
	if (!p->table)
		return;
	p->order = sd_calloc(p->table->nrows + 1, sizeof *p->order);
	for (r = 0; r < p->table->nrows; r++)
		if (row_matches(p, r))
			p->order[p->nshown++] = r;
	if (p->sort >= 0 && (size_t)p->sort < p->ncols) {
		sorting = p;
		qsort(p->order, p->nshown, sizeof *p->order, cmp_rows);
	}
	if (p->cursor >= p->nshown)
		p->cursor = p->nshown ? p->nshown - 1 : 0;
	if (p->top > p->cursor)
		p->top = p->cursor;
}

void sd_pane_set_table(struct sd_pane *p, struct sd_table *t)
{
	if (!t) {
		snprintf(p->error, sizeof p->error, "%s", sd_err_last());
		return;
	}
	p->error[0] = '\0';
	sd_table_free(p->table);
	p->table = t;
	rebuild(p);
}

void sd_pane_set_filter(struct sd_pane *p, const char *text)
{
	snprintf(p->filter, sizeof p->filter, "%s", text ? text : "");
	p->cursor = p->top = 0;
	rebuild(p);
}

long sd_pane_current(const struct sd_pane *p)
{
	return p->nshown ? (long)p->order[p->cursor] : -1;
}

static void move_cursor(struct sd_pane *p, long delta)
{
	long c = (long)p->cursor + delta;

	if (c < 0 || !p->nshown)
		c = 0;
	else if (c >= (long)p->nshown)
		c = (long)p->nshown - 1;
	p->cursor = (size_t)c;
}

int sd_pane_action(struct sd_pane *p, enum sd_action a)
{
	long page = p->page > 1 ? p->page - 1 : 1;

	switch (a) {
	case SD_ACT_UP: move_cursor(p, -1); break;
	case SD_ACT_DOWN: move_cursor(p, 1); break;
	case SD_ACT_PGUP: move_cursor(p, -page); break;
	case SD_ACT_PGDN: move_cursor(p, page); break;
	case SD_ACT_HOME: p->cursor = 0; break;
	case SD_ACT_END: move_cursor(p, (long)p->nshown); break;
	case SD_ACT_SORT_NEXT:
		p->sort = p->sort + 1 >= (int)p->ncols ? -1 : p->sort + 1;
		rebuild(p);
		break;
	case SD_ACT_SORT_PREV:
		p->sort = p->sort < 0 ? (int)p->ncols - 1 : p->sort - 1;
		rebuild(p);
		break;
	case SD_ACT_SORT_FLIP:
		p->desc = !p->desc;
		rebuild(p);
		break;
	default:
		return 0;
	}
	return SD_UI_REDRAW;
}

static const char *fmt_pct(const char *v, char *buf, size_t size)
{
	double d;

	if (!v || sscanf(v, "%lf", &d) != 1)
		return sd_draw_ascii() ? "-" : "—";
	snprintf(buf, size, "%.1f%%", d);
	return buf;
}

static const char *fmt_bytes(const char *v, char *buf, size_t size)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB" };
	char *end;
	double d;
	int u = 0;

	if (!v)
		return "-";
	d = strtod(v, &end);
	if (end == v || *end)
		return v;   /* already pretty */
	while (d >= 1024 && u < 4) {
		d /= 1024;
		u++;
	}
	snprintf(buf, size, u && d < 10 ? "%.1f %s" : "%.0f %s", d, units[u]);
	return buf;
}

static const char *fmt_ms(const char *v, char *buf, size_t size)
{
	double d;

	if (!v || sscanf(v, "%lf", &d) != 1)
		return "-";
	if (d < 1000)
		snprintf(buf, size, "%.0f ms", d);
	else
		snprintf(buf, size, "%.1f s", d / 1000);
	return buf;
}

static const char *fmt_time(const char *v, enum sd_fmt f, char *buf, size_t size)
{
	double t = sd_parse_time(v);
	time_t tt, now;
	struct tm tm, today;

	if (t < 0)
		return v ? v : "-";
	if (f == SD_FMT_AGE)
		return sd_fmt_ago(sd_ui_now() - t, buf, size);
	if (f == SD_FMT_SINCE)
		return sd_fmt_duration(sd_ui_now() - t, buf, size);
	/* A bare hh:mm means today on the wall clock; anything else carries its date. */
	tt = (time_t)t;
	now = (time_t)sd_ui_now();
	localtime_r(&tt, &tm);
	localtime_r(&now, &today);
	strftime(buf, size, tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday ?
		 "%H:%M" : "%m-%d %H:%M", &tm);
	return buf;
}

const char *sd_pane_cell(const struct sd_pane *p, size_t row, size_t c, char *buf,
			 size_t size, enum sd_color_role *role)
{
	const struct sd_colspec *cs = &p->cols[c];
	const char *v = sd_cell(p->table, row, cs->col);
	double d;

	*role = SD_COLOR_NORMAL;
	switch (cs->fmt) {
	case SD_FMT_PCT:
	case SD_FMT_PCTBAR:
		return fmt_pct(v, buf, size);
	case SD_FMT_RESULT:
		if (v && strcasecmp(v, "PASS") == 0) { *role = SD_COLOR_OK; return "PASS"; }
		if (v && strcasecmp(v, "FAIL") == 0) { *role = SD_COLOR_FAIL; return "FAIL"; }
		return v ? v : "-";
	case SD_FMT_AGE: case SD_FMT_SINCE: case SD_FMT_TIME:
		return fmt_time(v, cs->fmt, buf, size);
	case SD_FMT_HOURS:
		if (!v || sscanf(v, "%lf", &d) != 1)
			return "-";
		return sd_fmt_duration(d * 3600, buf, size);
	case SD_FMT_MS:
		return fmt_ms(v, buf, size);
	case SD_FMT_INT:
		if (!v || sscanf(v, "%lf", &d) != 1)
			return v ? v : "-";
		snprintf(buf, size, "%.0f", d);
		return buf;
	case SD_FMT_DATE:
		snprintf(buf, size, "%.10s", v ? v : "-");
		return buf;
	case SD_FMT_BYTES:
		return fmt_bytes(v, buf, size);
	case SD_FMT_BOOL:
		return !v ? "-" : (v[0] == 't' ? "yes" : "no");
	default:
		return v ? v : "-";
	}
}

static int is_right(enum sd_fmt f)
{
	return f == SD_FMT_NUM || f == SD_FMT_INT || f == SD_FMT_PCT || f == SD_FMT_MS ||
	       f == SD_FMT_BYTES ||
	       f == SD_FMT_HOURS || f == SD_FMT_SINCE;
}

/* Column widths for w columns: minimums, the flex column takes the rest; columns that do
 * not fit are dropped (width 0). */
static void layout(const struct sd_pane *p, int w, int *widths)
{
	int used = p->row_state ? MARKER_W + 1 : 0, flex = -1;
	size_t c;

	for (c = 0; c < p->ncols; c++) {
		widths[c] = 0;
		if (used + p->cols[c].width > w)
			continue;
		widths[c] = p->cols[c].width;
		used += widths[c] + 1;
		if (p->cols[c].flex && flex < 0)
			flex = (int)c;
	}
	if (flex >= 0 && used < w)
		widths[flex] += w - used;
}

static void draw_title(struct sd_pane *p, int y, int x, int w, int focused)
{
	char buf[256], extra[160] = "";
	size_t n;

	if (p->sort >= 0)
		snprintf(extra, sizeof extra, "  sorted by %s %s", p->cols[p->sort].header,
			 sd_draw_ascii() ? (p->desc ? "v" : "^") : (p->desc ? "▼" : "▲"));
	n = strlen(extra);
	if (p->filter[0])
		snprintf(extra + n, sizeof extra - n, "  search: %s", p->filter);
	snprintf(buf, sizeof buf, "%s%s (%zu)%s", focused ? "> " : "  ", p->title, p->nshown,
		 extra);
	sd_draw_text(y, x, w, buf, SD_COLOR_TITLE, 0);
	if (p->error[0]) {
		snprintf(buf, sizeof buf, " ERROR: %s ", p->error);
		n = (size_t)sd_draw_width(buf);
		if ((int)n < w / 2)
			n = (size_t)w / 2;
		if ((int)n > w)         /* wider than the pane: cut it, or curses draws nothing */
			n = (size_t)w;
		sd_draw_cell(y, x + w - (int)n, (int)n, buf, SD_COLOR_FAIL, 1, 1);
	}
}

static void draw_header(const struct sd_pane *p, int y, int x, int w, const int *widths)
{
	size_t c;
	int cx = x;
	char buf[96];

	sd_draw_fill(y, x, w, SD_COLOR_HEADER);
	if (p->row_state)
		cx += MARKER_W + 1;
	for (c = 0; c < p->ncols; c++) {
		if (!widths[c])
			continue;
		snprintf(buf, sizeof buf, "%s%s", p->cols[c].header,
			 (int)c != p->sort ? "" : sd_draw_ascii() ? (p->desc ? " v" : " ^")
			 : (p->desc ? " ▼" : " ▲"));
		sd_draw_text(y, cx, widths[c], buf, SD_COLOR_HEADER, is_right(p->cols[c].fmt));
		cx += widths[c] + 1;
	}
}

static void draw_cell(const struct sd_pane *p, size_t r, size_t c, int y, int x, int w,
		      enum sd_color_role base)
{
	char buf[128];
	enum sd_color_role role;
	const char *text = sd_pane_cell(p, r, c, buf, sizeof buf, &role);
	double d;

	if (base == SD_COLOR_SELECTED)
		role = SD_COLOR_SELECTED;
	if (p->cols[c].fmt == SD_FMT_PCTBAR && w > 8) {
		if (sd_cell_double(p->table, r, p->cols[c].col, &d) != 0)
			d = 0;
		sd_draw_bar(y, x, w - 7, d, base == SD_COLOR_SELECTED ? base : SD_COLOR_BAR);
		sd_draw_text(y, x + w - 7, 7, text, role, 1);
		return;
	}
	sd_draw_cell(y, x, w, text, role, is_right(p->cols[c].fmt),
		     p->cols[c].fmt == SD_FMT_NAME ? 2 : p->cols[c].fmt == SD_FMT_TEXT ? 1 : 0);
}

static void draw_row(const struct sd_pane *p, size_t r, int y, int x, int w,
		     const int *widths, int selected)
{
	enum sd_color_role base = selected ? SD_COLOR_SELECTED : SD_COLOR_NORMAL, mrole;
	const char *marker = "";
	size_t c;
	int cx = x;

	sd_draw_fill(y, x, w, base);
	if (p->row_state) {
		mrole = p->row_state(p, r, &marker);
		sd_draw_text(y, cx, MARKER_W, marker, selected ? base : mrole, 0);
		cx += MARKER_W + 1;
	}
	for (c = 0; c < p->ncols; c++) {
		if (!widths[c])
			continue;
		draw_cell(p, r, c, y, cx, widths[c], base);
		cx += widths[c] + 1;
	}
}

void sd_pane_draw(struct sd_pane *p, int y, int x, int h, int w, int focused)
{
	int widths[32], i;

	if (h <= 0 || w <= 0)
		return;
	draw_title(p, y, x, w, focused);
	if (h < 2)
		return;
	layout(p, w, widths);
	draw_header(p, y + 1, x, w, widths);
	p->page = h - 2;
	if (p->cursor < p->top)
		p->top = p->cursor;
	if (p->page > 0 && p->cursor >= p->top + (size_t)p->page)
		p->top = p->cursor - (size_t)p->page + 1;
	for (i = 0; i < p->page; i++) {
		size_t k = p->top + (size_t)i;

		if (k >= p->nshown) {
			sd_draw_fill(y + 2 + i, x, w, SD_COLOR_NORMAL);
			if (i == 0)
				sd_draw_text(y + 2, x + 2, w - 2, p->table ? (p->filter[0] ?
					     "no rows match the search" : p->empty) : "loading...",
					     SD_COLOR_DIM, 0);
			continue;
		}
		draw_row(p, p->order[k], y + 2 + i, x, w, widths, focused && k == p->cursor);
	}
}

static void search_done(struct sd_ui *ui, const char *text)
{
	if (text && ui->search_pane)
		sd_pane_set_filter(ui->search_pane, text);
	ui->search_pane = NULL;
	ui->dirty = 1;
}

int sd_panes_action(struct sd_ui *ui, struct sd_pane *const *panes, int n, int *focus,
		    enum sd_action a)
{
	char label[64];

	if (n <= 0)
		return 0;
	if (*focus >= n)
		*focus = 0;
	switch (a) {
	case SD_ACT_NEXT_PANE:
		*focus = (*focus + 1) % n;
		return SD_UI_REDRAW;
	case SD_ACT_PREV_PANE:
		*focus = (*focus + n - 1) % n;
		return SD_UI_REDRAW;
	case SD_ACT_SEARCH:
		ui->search_pane = panes[*focus];
		if (panes[*focus]->filter[0])
			snprintf(label, sizeof label, "search (now '%.24s'; Enter on empty clears)",
				 panes[*focus]->filter);
		else
			snprintf(label, sizeof label, "search");
		sd_ui_prompt(ui, label, NULL, search_done);
		return SD_UI_REDRAW;
	default:
		return sd_pane_action(panes[*focus], a);
	}
}
