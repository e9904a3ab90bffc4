/* The status line on every screen: who and which role, where the data came from and how
 * old it is, the database and cache state, freeze/interval, and the clock. State is
 * spelled out in words, never by colour alone. */
#include "config.h"

#include <curses.h>
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

/* Draws one segment and returns the next x. */
static int seg(int y, int x, int maxx, const char *text, enum sd_color_role role)
{
	int w = sd_draw_width(text);

	if (x >= maxx)
		return x;
	if (x + w > maxx)
		w = maxx - x;
	sd_draw_text(y, x, w, text, role, 0);
	return x + w;
}

static int draw_source(struct sd_ui *ui, int y, int x, int maxx)
{
	char buf[160], ago[32];
	double now = sd_ui_now();
	enum sd_color_role role = SD_COLOR_STATUS;

	if (!ui->src_known)
		return x;
	if (ui->src == SD_SRC_STALE) {
		snprintf(buf, sizeof buf, " STALE data from %s ",
			 sd_fmt_ago(now - ui->src_computed, ago, sizeof ago));
		role = SD_COLOR_STALE;
	} else {
		snprintf(buf, sizeof buf, " %s", sd_source_name(ui->src));
		if (ui->src_views > 0)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ", views refreshed %s ",
				 sd_fmt_ago(now - ui->src_views, ago, sizeof ago));
		else if (ui->src_computed > 0)   /* live rows, no view: how old they are */
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ", data %s ",
				 sd_fmt_ago(now - ui->src_computed, ago, sizeof ago));
		else
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " ");
		if (ui->src == SD_SRC_NOCACHE)
			role = SD_COLOR_WARN;
	}
	x = seg(y, x, maxx, "|", SD_COLOR_STATUS);
	return seg(y, x, maxx, buf, role);
}

static int draw_servers(struct sd_ui *ui, int y, int x, int maxx)
{
	struct sd_data_state st;

	if (!ui->data)
		return x;
	sd_data_state(ui->data, &st);
	x = seg(y, x, maxx, "| ", SD_COLOR_STATUS);
	x = seg(y, x, maxx, st.db_up ? "db up" : "db DOWN", st.db_up ? SD_COLOR_STATUS
		: SD_COLOR_FAIL);
	x = seg(y, x, maxx, " ", SD_COLOR_STATUS);
	return seg(y, x, maxx, st.cache_up ? "cache up " : "cache DOWN ", st.cache_up
		   ? SD_COLOR_STATUS : SD_COLOR_FAIL);
}

void sd_status_draw(struct sd_ui *ui, int y, int w)
{
	char buf[192], clock[16];
	time_t now = time(NULL);
	struct tm tm;
	int x = 0, cw;

	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, " %H:%M ", &tm);
	cw = (int)strlen(clock);
	sd_draw_fill(y, 0, w, SD_COLOR_STATUS);
	if (ui->logged_in)
		snprintf(buf, sizeof buf, " %s (%s) ", ui->login.name,
			 sd_role_name(ui->login.role));
	else
		snprintf(buf, sizeof buf, " not logged in ");
	x = seg(y, x, w - cw, buf, SD_COLOR_STATUS);
	x = draw_source(ui, y, x, w - cw);
	x = draw_servers(ui, y, x, w - cw);
	if (ui->frozen)
		x = seg(y, x, w - cw, "| FROZEN ", SD_COLOR_WARN);
	else if (ui->logged_in) {
		snprintf(buf, sizeof buf, "| every %ds ", ui->interval_s);
		x = seg(y, x, w - cw, buf, SD_COLOR_STATUS);
	}
	sd_draw_text(y, w - cw, cw, clock, SD_COLOR_STATUS, 1);
}
