/* Admin: the cache's health (up/down and since when, refresh generation, the views' age)
 * and its actions: warm a role's profile (in the worker) and invalidate keys by pattern
 * after a confirmation. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

struct cache_st {
	struct sd_data_state state;
	char pattern[128];
	int warm_role;
};

static void *cache_open(struct sd_ui *ui)
{
	return sd_calloc(1, sizeof(struct cache_st));
}

static void cache_close(void *st)
{
	free(st);
}

static void cache_fetch(struct sd_ui *ui, void *vst)
{
	struct cache_st *st = vst;

	sd_data_state(ui->data, &st->state);
}

static void line(int y, int w, const char *label, const char *value, enum sd_color_role role)
{
	sd_draw_text(y, 2, 24, label, SD_COLOR_HEADER, 0);
	sd_draw_text(y, 27, w - 28, value, role, 0);
}

static void cache_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct cache_st *st = vst;
	char buf[128], ago[32];
	double now = sd_now();

	sd_draw_text(y, 0, w, "  Cache health", SD_COLOR_TITLE, 0);
	if (st->state.cache_up)
		snprintf(buf, sizeof buf, "UP");
	else
		snprintf(buf, sizeof buf, "DOWN%s%s", st->state.cache_down_since > 0 ? " since " : "",
			 st->state.cache_down_since > 0 ? sd_fmt_ago(now - st->state.cache_down_since,
			 ago, sizeof ago) : "");
	line(y + 2, w, "Redis", buf, st->state.cache_up ? SD_COLOR_OK : SD_COLOR_FAIL);
	snprintf(buf, sizeof buf, "%s", st->state.db_up ? "UP" : "DOWN");
	line(y + 3, w, "PostgreSQL", buf, st->state.db_up ? SD_COLOR_OK : SD_COLOR_FAIL);
	snprintf(buf, sizeof buf, "%lu", st->state.generation);
	line(y + 4, w, "Refresh generation", buf, SD_COLOR_NORMAL);
	line(y + 5, w, "Views refreshed", st->state.views_refreshed_at > 0 ?
	     sd_fmt_ago(now - st->state.views_refreshed_at, ago, sizeof ago) : "unknown",
	     SD_COLOR_NORMAL);
	sd_draw_text(y + h - 1, 0, w, " W warm a role's profile   I invalidate keys by pattern",
		     SD_COLOR_KEY, 0);
}

static void warm_done(struct sd_ui *ui, const char *text)
{
	int role;
	char label[64];

	if (!text)
		return;
	role = sd_role_parse(text);
	if (role < 0) {
		sd_ui_message(ui, SD_COLOR_FAIL, "unknown role '%s' (operator, supervisor, "
			      "manager, admin)", text);
		return;
	}
	snprintf(label, sizeof label, "warm the %s profile", text);
	sd_ui_apply(ui, sd_job_start_warm(ui, label, (enum sd_role)role));
}

static int cache_action(struct sd_ui *ui, void *vst, enum sd_action a)
{
	if (a == SD_ACT_WARM) {
		sd_ui_prompt(ui, "warm which role", "operator", warm_done);
		return SD_UI_REDRAW;
	}
	return 0;
}

const struct sd_screen_ops sd_screen_cache = {
	.name = "cache",
	.title = "Cache",
	.min_role = SD_ROLE_ADMIN,
	.key = SD_ACT_SCR_CACHE,
	.open = cache_open,
	.fetch = cache_fetch,
	.draw = cache_draw,
	.action = cache_action,
	.close = cache_close,
};
