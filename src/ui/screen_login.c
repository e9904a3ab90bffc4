/* Login: a user name (a badge scanner types it and Enter) and a PIN checked by the
 * database. A failure never says which part was wrong; repeated failures slow down. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

struct login_st {
	char name[64], pin[64];
	int field;          /* 0 name, 1 PIN */
};

static void *login_open(struct sd_ui *ui)
{
	struct login_st *st = sd_calloc(1, sizeof *st);

	if (ui->opts->user) {
		snprintf(st->name, sizeof st->name, "%s", ui->opts->user);
		st->field = 1;
	}
	return st;
}

static void login_close(void *st)
{
	struct login_st *s = st;

	if (s)
		memset(s->pin, 0, sizeof s->pin);
	free(s);
}

void sd_ui_logged_in(struct sd_ui *ui)
{
	struct sd_warm_count wc;
	enum sd_role r = ui->login.role;

	ui->logged_in = 1;
	ui->login_failures = 0;
	if (ui->opts->station)
		ui->login.station_id = atol(ui->opts->station);
	else if (ui->cfg->station_id > 0)
		ui->login.station_id = ui->cfg->station_id;
	ui->interval_s = ui->cfg->roles[r].refresh_s > 0 ? ui->cfg->roles[r].refresh_s : 30;
	sd_data_set_identity(ui->data, r, ui->login.name);
	/* warming is an optimisation: the screens fetch anyway, so its outcome is not shown */
	(void)sd_data_warm(ui->data, r, ui->login.name, ui->login.station_id, &wc);
	ui->last_key = sd_ui_now();
	sd_ui_apply(ui, sd_ui_switch(ui, sd_ui_home_screen(r)));
	sd_ui_message(ui, SD_COLOR_OK, "welcome, %s", ui->login.full_name[0] ?
		      ui->login.full_name : ui->login.name);
}

static int attempt(struct sd_ui *ui, struct login_st *st)
{
	double now = sd_ui_now(), delay;
	sd_err err;

	if (now < ui->login_blocked_until) {
		/* The PIN goes: typed again after the wait, it must not be appended to this one. */
		memset(st->pin, 0, sizeof st->pin);
		sd_ui_message(ui, SD_COLOR_WARN, "too many failed logins: wait %.0f s, then type the PIN again",
			      ui->login_blocked_until - now + 0.5);
		return SD_UI_REDRAW;
	}
	err = sd_data_login(ui->data, st->name, st->pin, &ui->login);
	memset(st->pin, 0, sizeof st->pin);
	if (err == SD_OK) {
		sd_ui_logged_in(ui);
		return SD_UI_REDRAW | SD_UI_REFETCH;
	}
	st->field = 0;
	st->name[0] = '\0';
	if (err != SD_ERR_DENIED) {
		sd_ui_message(ui, SD_COLOR_FAIL, "login not possible now: %s", sd_err_last());
		return SD_UI_REDRAW;
	}
	/* Doubling delay from the second failure: guessing PINs gets slow. */
	ui->login_failures++;
	delay = ui->login_failures < 2 ? 0 : 1 << (ui->login_failures - 2 < 5
						   ? ui->login_failures - 2 : 5);
	ui->login_blocked_until = now + delay;
	sd_ui_message(ui, SD_COLOR_FAIL, "login failed: unknown user or wrong PIN%s",
		      delay > 0 ? " (next try in a moment)" : "");
	return SD_UI_REDRAW;
}

static int login_key(struct sd_ui *ui, void *vst, int key)
{
	struct login_st *st = vst;
	char *f = st->field ? st->pin : st->name;
	size_t len = strlen(f);

	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		/* An Enter on an empty PIN is no attempt: a badge scanner that ends the name with
		 * CR LF would otherwise fail a login (and start the slowdown) before the PIN. */
		if (st->field == 0 && st->name[0])
			st->field = 1;
		else if (st->field == 1 && st->name[0] && st->pin[0])
			return attempt(ui, st);
	} else if (key == '\t' || key == KEY_DOWN || key == KEY_UP || key == KEY_BTAB) {
		st->field = !st->field;
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len)
			f[len - 1] = '\0';
	} else if (key == 27) {
		if (!st->name[0] && !st->pin[0] && !ui->kiosk)
			return SD_UI_QUIT;
		st->name[0] = st->pin[0] = '\0';
		st->field = 0;
	} else if (key == KEY_F(1) || key == KEY_RESIZE) {
		return -1;
	} else if (key >= 32 && key < 127 && len + 1 < sizeof st->name) {
		f[len] = (char)key;
		f[len + 1] = '\0';
	}
	return SD_UI_REDRAW;
}

static void login_draw(struct sd_ui *ui, void *vst, int y, int h, int w)
{
	struct login_st *st = vst;
	char stars[64], line[160];
	int bw = w < 56 ? w : 56, x = (w - bw) / 2, top = y + (h - 9) / 2;
	size_t n = strlen(st->pin);

	memset(stars, '*', n < sizeof stars ? n : sizeof stars - 1);
	stars[n < sizeof stars ? n : sizeof stars - 1] = '\0';
	sd_draw_text(top, x, bw, "solardash: production dashboard", SD_COLOR_TITLE, 2);
	sd_draw_text(top + 2, x, bw, "Scan your badge or type your user name, then Enter.",
		     SD_COLOR_DIM, 0);
	snprintf(line, sizeof line, "%s User: %s%s", st->field == 0 ? ">" : " ", st->name,
		 st->field == 0 ? "_" : "");
	sd_draw_text(top + 4, x, bw, line, st->field == 0 ? SD_COLOR_KEY : SD_COLOR_NORMAL, 0);
	snprintf(line, sizeof line, "%s PIN:  %s%s", st->field == 1 ? ">" : " ", stars,
		 st->field == 1 ? "_" : "");
	sd_draw_text(top + 5, x, bw, line, st->field == 1 ? SD_COLOR_KEY : SD_COLOR_NORMAL, 0);
	sd_draw_text(top + 7, x, bw, ui->kiosk ? "Tab switches field, Esc clears"
		     : "Tab switches field, Esc clears, Esc twice quits", SD_COLOR_DIM, 0);
}

const struct sd_screen_ops sd_screen_login = {
	.name = "login",
	.title = "Login",
	.min_role = SD_ROLE_OPERATOR,
	.key = SD_ACT_NONE,
	.open = login_open,
	.draw = login_draw,
	.rawkey = login_key,
	.close = login_close,
};
