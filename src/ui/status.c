/* The status line on every screen: who and which role, where the data came from and how
 * old it is, the database and cache state, freeze/interval, and the clock. State is
 * spelled out in words, never by colour alone. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

void sd_ui_note_source(struct sd_ui *ui, const struct sd_table *t)
{
	if (!t) {
		/* The fetch failed: what is on screen is the last data, now stale. */
		if (ui->src_known)
			ui->src = SD_SRC_STALE;
		return;
	}
	ui->src_known = 1;
	ui->src = t->source;
	ui->src_computed = t->computed_at;
	ui->src_views = t->views_refreshed_at;
}

/* The line is built from segments; a narrow terminal gets shorter wordings (level 1, 2)
 * before anything is clipped, so the state words (DOWN, STALE, FROZEN) stay visible. */
struct segs {
	char text[6][96];
	enum sd_color_role role[6];
	int n;
};

static void add(struct segs *s, enum sd_color_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add(struct segs *s, enum sd_color_role role, const char *fmt, ...)
{
	va_list ap;

	if (s->n == 6)
		return;
	va_start(ap, fmt);
	vsnprintf(s->text[s->n], sizeof s->text[0], fmt, ap);
	va_end(ap);
	s->role[s->n++] = role;
}

static void add_source(struct sd_ui *ui, struct segs *s, int level)
{
	char ago[32];
	double now = sd_ui_now();
	const char *src = sd_source_name(ui->src);

	if (!ui->src_known)
		return;
	if (ui->src == SD_SRC_STALE) {
		add(s, SD_COLOR_STALE, level ? "| STALE %s " : "| STALE data from %s ",
		    sd_fmt_ago(now - ui->src_computed, ago, sizeof ago));
		return;
	}
	if (ui->src_views > 0)   /* how old the views are */
		add(s, ui->src == SD_SRC_NOCACHE ? SD_COLOR_WARN : SD_COLOR_STATUS,
		    level == 0 ? "| %s, views refreshed %s " : level == 1 ? "| %s, views %s "
		    : "| %s, %s ", src, sd_fmt_ago(now - ui->src_views, ago, sizeof ago));
	else if (ui->src_computed > 0)   /* live rows, no view: how old they are */
		add(s, ui->src == SD_SRC_NOCACHE ? SD_COLOR_WARN : SD_COLOR_STATUS,
		    level < 2 ? "| %s, data %s " : "| %s, %s ", src,
		    sd_fmt_ago(now - ui->src_computed, ago, sizeof ago));
	else
		add(s, ui->src == SD_SRC_NOCACHE ? SD_COLOR_WARN : SD_COLOR_STATUS, "| %s ",
		    src);
}

static void build(struct sd_ui *ui, struct segs *s, int level)
{
	struct sd_data_state st;
	char iv[16];

	s->n = 0;
	if (ui->logged_in)
		add(s, SD_COLOR_STATUS, " %s (%s) ", ui->login.name, sd_role_name(ui->login.role));
	else
		add(s, SD_COLOR_STATUS, " not logged in ");
	add_source(ui, s, level);
	if (ui->data) {
		sd_data_state(ui->data, &st);
		add(s, st.db_up ? SD_COLOR_STATUS : SD_COLOR_FAIL, "| db %s ",
		    st.db_up ? "up" : "DOWN");
		add(s, st.cache_up ? SD_COLOR_STATUS : SD_COLOR_FAIL, "cache %s ",
		    st.cache_up ? "up" : "DOWN");
	}
	snprintf(iv, sizeof iv, "%ds", ui->interval_s);
	if (ui->frozen)
		add(s, SD_COLOR_WARN, "| FROZEN ");
	else if (ui->logged_in)
		add(s, SD_COLOR_STATUS, level ? "| %s " : "| every %s ", iv);
}

static int width(const struct segs *s)
{
	int i, w = 0;

	for (i = 0; i < s->n; i++)
		w += sd_draw_width(s->text[i]);
	return w;
}

void sd_status_draw(struct sd_ui *ui, int y, int w)
{
	struct segs s;
	char clock[16];
	time_t now = time(NULL);
	struct tm tm;
	int x = 0, cw, i, tw, level = 0;

	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, " %H:%M ", &tm);
	cw = (int)strlen(clock);
	do
		build(ui, &s, level);
	while (width(&s) > w - cw && ++level < 3);
	sd_draw_fill(y, 0, w, SD_COLOR_STATUS);
	for (i = 0; i < s.n && x < w - cw; i++) {
		tw = sd_draw_width(s.text[i]);
		if (x + tw > w - cw)
			tw = w - cw - x;
		sd_draw_text(y, x, tw, s.text[i], s.role[i], 0);
		x += tw;
	}
	sd_draw_text(y, w - cw, cw, clock, SD_COLOR_STATUS, 1);
}
