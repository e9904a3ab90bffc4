/* The frame around every screen: the top bar with the screens this role may open, the
 * message line (prompts, confirmations, job progress), the status line, the generated
 * help and the "terminal too small" screen. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

static const struct sd_screen_ops *const tabs[] = {
	&sd_screen_queue, &sd_screen_orders, &sd_screen_quality,
	&sd_screen_views, &sd_screen_partitions, &sd_screen_cache, NULL
};

static void draw_too_small(struct sd_ui *ui)
{
	char buf[128];
	int y = ui->rows / 2 - 1;

	/* the sizes matter more than the words: shorter wording before anything is cut */
	snprintf(buf, sizeof buf, "terminal too small: %dx%d", ui->cols, ui->rows);
	if (sd_draw_width(buf) > ui->cols)
		snprintf(buf, sizeof buf, "too small: %dx%d", ui->cols, ui->rows);
	if (sd_draw_width(buf) > ui->cols)
		snprintf(buf, sizeof buf, "%dx%d", ui->cols, ui->rows);
	sd_draw_text(y, 0, ui->cols, buf, SD_COLOR_WARN, 2);
	snprintf(buf, sizeof buf, "need at least %dx%d", SD_UI_MIN_COLS, SD_UI_MIN_LINES);
	if (sd_draw_width(buf) > ui->cols)
		snprintf(buf, sizeof buf, "need %dx%d", SD_UI_MIN_COLS, SD_UI_MIN_LINES);
	sd_draw_text(y + 1, 0, ui->cols, buf, SD_COLOR_NORMAL, 2);
}

/* One tab's label in a style: 0 " 1 queue ", 1 "1 queue", 2 "1" (the current one keeps
 * its name). */
static int tab_label(struct sd_ui *ui, size_t k, int style, char *buf, size_t size)
{
	if (ui->screen == tabs[k])
		snprintf(buf, size, "[%zu %s]", k + 1, tabs[k]->name);
	else
		snprintf(buf, size, style == 0 ? " %zu %s " : style == 1 ? "%zu %s" : "%zu",
			 k + 1, tabs[k]->name);
	return sd_draw_width(buf);
}

/* The widest style whose tabs all fit between x and the help hint: no screen this role may
 * open goes missing from the bar on a narrow terminal. */
static int tab_style(struct sd_ui *ui, int x, int *show_title)
{
	char buf[64];
	int style, w;
	size_t k;

	for (style = 0; style < 6; style++) {
		*show_title = style < 3;
		w = *show_title ? x : 1;
		for (k = 0; tabs[k]; k++)
			if (sd_ui_can_see(ui, tabs[k]))
				w += tab_label(ui, k, style % 3, buf, sizeof buf) + 1;
		if (w <= ui->cols - 8)
			return style % 3;
	}
	return 2;
}

static void draw_top(struct sd_ui *ui)
{
	char buf[64];
	int x, i, w, style = 0, title = 1;
	size_t k;

	sd_draw_fill(0, 0, ui->cols, SD_COLOR_TITLE);
	if (ui->logged_in)
		style = tab_style(ui, 12, &title);
	x = title ? sd_draw_text(0, 0, 11, " solardash", SD_COLOR_TITLE, 0) + 2 : 1;
	for (k = 0; ui->logged_in && tabs[k]; k++) {
		if (!sd_ui_can_see(ui, tabs[k]))
			continue;
		w = tab_label(ui, k, style, buf, sizeof buf);
		if (x + w > ui->cols - 8)
			break;
		sd_draw_text(0, x, w, buf, ui->screen == tabs[k] ? SD_COLOR_SELECTED
			     : SD_COLOR_TITLE, 0);
		x += w + 1;
	}
	i = ui->cols - 8;
	if (i > x)
		sd_draw_text(0, i, 8, "? help ", SD_COLOR_TITLE, 1);
}

static void draw_message(struct sd_ui *ui, int y)
{
	char buf[384];

	sd_draw_fill(y, 0, ui->cols, SD_COLOR_NORMAL);
	if (ui->prompt.active) {
		if (ui->prompt.deflt[0])
			snprintf(buf, sizeof buf, "%s [%s]: %s_", ui->prompt.label,
				 ui->prompt.deflt, ui->prompt.text);
		else
			snprintf(buf, sizeof buf, "%s: %s_", ui->prompt.label, ui->prompt.text);
		sd_draw_text(y, 0, ui->cols, buf, SD_COLOR_KEY, 0);
	} else if (ui->confirm.active) {
		snprintf(buf, sizeof buf, " %s  [y/n] ", ui->confirm.text);
		sd_draw_text(y, 0, ui->cols, buf, SD_COLOR_DIALOG, 0);
	} else if (ui->job && ui->quit) {
		snprintf(buf, sizeof buf, "waiting for %s to finish before quitting (running for "
			 "%.0f s; Ctrl-C quits at once) ...", ui->job_label, sd_ui_now() - ui->job_started);
		sd_draw_text(y, 0, ui->cols, buf, SD_COLOR_WARN, 0);
	} else if (ui->job) {
		snprintf(buf, sizeof buf, "%s running for %.0f s (keys still work) ...",
			 ui->job_label, sd_ui_now() - ui->job_started);
		sd_draw_text(y, 0, ui->cols, buf, SD_COLOR_WARN, 0);
	} else if (ui->msg[0] && (ui->msg_role == SD_COLOR_FAIL ||
				  sd_ui_now() - ui->msg_at < SD_UI_MSG_S)) {
		sd_draw_text(y, 0, ui->cols, ui->msg, ui->msg_role, 0);
	} else if (ui->theme_msg[0]) {
		sd_draw_text(y, 0, ui->cols, ui->theme_msg, SD_COLOR_WARN, 0);
	}
}

/* Help rows for actions this user can use: no screen above the role, no admin action for
 * the other roles. */
static int help_shows(const struct sd_ui *ui, enum sd_action a)
{
	size_t k;

	for (k = 0; tabs[k]; k++)
		if (tabs[k]->key == a)
			return sd_ui_can_see(ui, tabs[k]);
	switch (a) {
	case SD_ACT_REFRESH_ONE: case SD_ACT_REFRESH_ALL: case SD_ACT_CREATE:
	case SD_ACT_ARCHIVE: case SD_ACT_WARM: case SD_ACT_INVALIDATE:
		return ui->logged_in && ui->login.role >= SD_ROLE_ADMIN;
	default:
		return 1;
	}
}

/* The keys as a person reads them: "<" not the script name "Lt"; Enter once, not the
 * keypad Enter and Return as well. */
static void help_keys(const struct sd_keydef *d, char *buf, size_t size)
{
	char one[16];
	const char *name;
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < 3 && d->keys[k]; k++) {
		if (d->keys[k] == KEY_ENTER || (d->keys[k] == '\r' && k))
			continue;
		name = d->keys[k] == '<' ? "<" : d->keys[k] == '>' ? ">"
			: sd_keys_key_name(d->keys[k], one, sizeof one);
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "", name);
		if (len >= size)
			break;
	}
}

/* Generated from the key table, so it cannot drift from the bindings. */
static void draw_help(struct sd_ui *ui, int y0, int h)
{
	size_t n, i, shown = 0;
	const struct sd_keydef *t = sd_keys_table(&n);
	char keys[64], line[256];
	int w = ui->cols > 80 ? 76 : ui->cols - 4, x = (ui->cols - w) / 2, row = 0;

	for (i = 0; i < n; i++)   /* j past the end stops at the last page */
		shown += (size_t)help_shows(ui, t[i].action);
	if (ui->help_top > (int)shown - (h - 1))
		ui->help_top = (int)shown - (h - 1) > 0 ? (int)shown - (h - 1) : 0;
	shown = 0;
	/* the whole body: fragments of the screen beside the box would only confuse */
	for (row = 0; row < h; row++)
		sd_draw_fill(y0 + row, 0, ui->cols, SD_COLOR_NORMAL);
	row = 0;
	sd_draw_text(y0, x, w, " Keys (j/k scroll, any other key closes this help) ",
		     SD_COLOR_DIALOG, 2);
	for (i = 0; i < n && row < h - 1; i++) {
		if (!help_shows(ui, t[i].action) || shown++ < (size_t)ui->help_top)
			continue;
		help_keys(&t[i], keys, sizeof keys);
		snprintf(line, sizeof line, " %-12s %-13s %s", keys, t[i].name, t[i].help);
		sd_draw_cell(y0 + 1 + row++, x, w, line, SD_COLOR_NORMAL, 0, 1);
	}
	for (; row < h - 1; row++)
		sd_draw_fill(y0 + 1 + row, x, w, SD_COLOR_NORMAL);
}

void sd_ui_draw(struct sd_ui *ui)
{
	int body;

	ui->dirty = 0;
	attrset(A_NORMAL);
	erase();
	if (ui->cols < SD_UI_MIN_COLS || ui->rows < SD_UI_MIN_LINES) {
		draw_too_small(ui);
	} else {
		draw_top(ui);
		body = ui->rows - 3;
		if (ui->screen && ui->screen->draw)
			ui->screen->draw(ui, ui->screen_st, 1, body, ui->cols);
		if (ui->show_help)
			draw_help(ui, 1, body);
		draw_message(ui, ui->rows - 2);
		sd_status_draw(ui, ui->rows - 1, ui->cols);
	}
	attrset(A_NORMAL);
	refresh();
}
