/* Admin: the cache's health (reachable, latency, memory, keys, hit rate), hit rates per
 * role and query, and its actions: warm a role's profile and invalidate keys by pattern
 * after a confirmation, both in the worker. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

static const struct sd_colspec health_cols[] = {
	{ "check", "Check", 14, SD_FMT_TEXT, 0 },
	{ "value", "Value", 12, SD_FMT_TEXT, 1 },
};

static const struct sd_colspec metric_cols[] = {
	{ "role", "Role", 10, SD_FMT_TEXT, 0 },
	{ "query", "Query", 26, SD_FMT_TEXT, 1 },
	{ "hits", "Hits", 7, SD_FMT_INT, 0 },
	{ "misses", "Misses", 7, SD_FMT_INT, 0 },
	{ "warm_loads", "Warm", 6, SD_FMT_INT, 0 },
	{ "errors", "Errors", 6, SD_FMT_INT, 0 },
	{ "hit_rate_pct", "Hit rate", 8, SD_FMT_PCT, 0 },
	{ "avg_ms", "Avg ms", 7, SD_FMT_NUM, 0 },
	{ "p95_ms", "p95 ms", 7, SD_FMT_NUM, 0 },
};

struct cache_st {
	struct sd_pane health, metrics;
	int focus;
	char pattern[128];
};

static void *cache_open(struct sd_ui *ui)
{
	struct cache_st *st = sd_calloc(1, sizeof *st);

	sd_pane_init(&st->health, "Cache health", health_cols, 2);
	sd_pane_init(&st->metrics, "Reads per role and query", metric_cols, 9);
	st->metrics.empty = "no reads counted yet";
	return st;
}

static void cache_close(void *vst)
{
	struct cache_st *st = vst;

	sd_pane_done(&st->health);
	sd_pane_done(&st->metrics);
	free(st);
}

static void cache_fetch(struct sd_ui *ui, void *vst)
{
	struct cache_st *st = vst;
	struct sd_table *t = NULL;

	if (sd_data_cache_health(ui->data, &t) != SD_OK)
		t = NULL;
	sd_ui_note_source(ui, t);
	sd_pane_set_table(&st->health, t);
	t = NULL;
	sd_pane_set_table(&st->metrics, sd_data_cache_metrics(ui->data, &t) == SD_OK ? t : NULL);
}

static void cache_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct cache_st *st = vst;
	int lw = 32;

	sd_pane_draw(&st->health, y, 0, h - 1, lw, st->focus == 0);
	sd_pane_draw(&st->metrics, y, lw + 1, h - 1, w - lw - 1, st->focus == 1);
	sd_draw_text(y + h - 1, 0, w, " W warm a role's profile   I invalidate keys by pattern   "
		     "Tab pane", SD_COLOR_KEY, 0);
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

static int do_invalidate(struct sd_ui *ui)
{
	struct cache_st *st = ui->screen_st;
	char label[160];

	snprintf(label, sizeof label, "invalidate '%s'", st->pattern);
	return sd_job_start_invalidate(ui, label, st->pattern);
}

static void pattern_done(struct sd_ui *ui, const char *text)
{
	struct cache_st *st = ui->screen_st;

	if (!text || !*text)
		return;
	snprintf(st->pattern, sizeof st->pattern, "%s", text);
	sd_ui_ask(ui, do_invalidate, "Delete every cache key matching '%s' (SCAN + UNLINK)?",
		  st->pattern);
}

static int cache_action(struct sd_ui *ui, void *vst, enum sd_action a)
{
	struct cache_st *st = vst;
	struct sd_pane *const panes[] = { &st->health, &st->metrics };

	if (a == SD_ACT_WARM) {
		sd_ui_prompt(ui, "warm which role", "operator", warm_done);
		return SD_UI_REDRAW;
	}
	if (a == SD_ACT_INVALIDATE) {
		sd_ui_prompt(ui, "invalidate keys matching (after the prefix)", "*", pattern_done);
		return SD_UI_REDRAW;
	}
	return sd_panes_action(ui, panes, 2, &st->focus, a);
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
