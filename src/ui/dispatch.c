/* Keys to actions and actions to flags: text prompts and confirmations first, then the
 * screen's raw keys, then the key table (global actions here, the rest to the screen). */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

static const struct sd_screen_ops *const screens[] = {
	&sd_screen_queue, &sd_screen_orders, &sd_screen_quality,
	&sd_screen_views, &sd_screen_partitions, &sd_screen_cache, NULL
};

const struct sd_screen_ops *sd_ui_screen_by_name(const char *name)
{
	size_t i;

	for (i = 0; screens[i]; i++)
		if (strcmp(screens[i]->name, name) == 0)
			return screens[i];
	return strcmp(name, "login") == 0 ? &sd_screen_login : NULL;
}

const struct sd_screen_ops *sd_ui_home_screen(enum sd_role role)
{
	switch (role) {
	case SD_ROLE_OPERATOR: return &sd_screen_queue;
	case SD_ROLE_SUPERVISOR: return &sd_screen_orders;
	case SD_ROLE_MANAGER: return &sd_screen_quality;
	default: return &sd_screen_views;
	}
}

int sd_ui_can_see(const struct sd_ui *ui, const struct sd_screen_ops *ops)
{
	if (ops == &sd_screen_login)
		return 1;
	return ui->logged_in && ui->login.role >= ops->min_role;
}

int sd_ui_switch(struct sd_ui *ui, const struct sd_screen_ops *ops)
{
	if (!sd_ui_can_see(ui, ops)) {
		sd_ui_message(ui, SD_COLOR_WARN, "the %s screen is for the %s role and above",
			      ops->name, sd_role_name(ops->min_role));
		return SD_UI_REDRAW;
	}
	if (ui->screen == ops)
		return 0;
	if (ui->screen && ui->screen->close)
		ui->screen->close(ui->screen_st);
	ui->screen = ops;
	ui->screen_st = ops->open ? ops->open(ui) : NULL;
	ui->show_help = 0;
	return SD_UI_REDRAW | SD_UI_REFETCH;
}

static int prompt_key(struct sd_ui *ui, int key)
{
	struct sd_prompt *p = &ui->prompt;

	if (key == '\n' || key == '\r' || key == KEY_ENTER || key == 27) {
		p->active = 0;
		if (p->done)
			p->done(ui, key == 27 ? NULL : p->len ? p->text : p->deflt);
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		/* a whole UTF-8 character: its continuation bytes, then its lead byte */
		while (p->len && ((unsigned char)p->text[p->len - 1] & 0xC0) == 0x80)
			p->len--;
		if (p->len)
			p->len--;
		p->text[p->len] = '\0';
	} else if (key == 21) {   /* Ctrl-U, as in a shell: clear the field */
		p->len = 0;
		p->text[0] = '\0';
	} else if (key >= 32 && key < 256 && p->len + 1 < sizeof p->text) {
		p->text[p->len++] = (char)key;
		p->text[p->len] = '\0';
	}
	return SD_UI_REDRAW;
}

static int confirm_key(struct sd_ui *ui, int key)
{
	ui->confirm.active = 0;
	if (key == 'y' || key == 'Y')
		return SD_UI_REDRAW | ui->confirm.yes(ui);
	sd_ui_message(ui, SD_COLOR_DIM, "cancelled");
	return SD_UI_REDRAW;
}

static int change_interval(struct sd_ui *ui, int delta)
{
	ui->interval_s += delta;
	if (ui->interval_s < 2)
		ui->interval_s = 2;
	if (ui->interval_s > 3600)
		ui->interval_s = 3600;
	ui->next_fetch = ui->fetched_at + ui->interval_s;
	sd_ui_message(ui, SD_COLOR_NORMAL, "refreshing every %d s", ui->interval_s);
	return SD_UI_REDRAW;
}

/* Actions that mean the same on every screen. Returns -1 when not global. */
static int global_action(struct sd_ui *ui, enum sd_action a)
{
	size_t i;

	switch (a) {
	case SD_ACT_QUIT:
		if (ui->kiosk) {
			sd_ui_message(ui, SD_COLOR_DIM, "kiosk mode: quitting is disabled");
			return SD_UI_REDRAW;
		}
		return SD_UI_QUIT;
	case SD_ACT_HELP:
		ui->show_help = !ui->show_help;
		ui->help_top = 0;
		return SD_UI_REDRAW;
	case SD_ACT_FREEZE:
		ui->frozen = !ui->frozen;
		sd_ui_message(ui, SD_COLOR_NORMAL, ui->frozen ? "frozen: Space resumes" : "live");
		return SD_UI_REDRAW | (ui->frozen ? 0 : SD_UI_REFETCH);
	case SD_ACT_FASTER: return change_interval(ui, ui->interval_s > 10 ? -5 : -1);
	case SD_ACT_SLOWER: return change_interval(ui, ui->interval_s >= 10 ? 5 : 1);
	case SD_ACT_RELOAD: return SD_UI_REFETCH | SD_UI_REDRAW;
	case SD_ACT_LOGOUT: return SD_UI_LOGOUT;
	default:
		break;
	}
	for (i = 0; screens[i]; i++)
		if (screens[i]->key == a)
			return sd_ui_switch(ui, screens[i]);
	return -1;
}

static int help_key(struct sd_ui *ui, enum sd_action a)
{
	if (a == SD_ACT_DOWN || a == SD_ACT_PGDN)
		ui->help_top += a == SD_ACT_DOWN ? 1 : 10;
	else if (a == SD_ACT_UP || a == SD_ACT_PGUP)
		ui->help_top -= a == SD_ACT_UP ? 1 : 10;
	else
		ui->show_help = 0;
	if (ui->help_top < 0)
		ui->help_top = 0;
	return SD_UI_REDRAW;
}

int sd_ui_handle_key(struct sd_ui *ui, int key)
{
	enum sd_action a;
	int flags;

	ui->last_key = sd_ui_now();
	if (key == KEY_RESIZE) {
		ui->rows = LINES;
		ui->cols = COLS;
		return SD_UI_REDRAW;
	}
	if (ui->prompt.active)
		return prompt_key(ui, key);
	if (ui->confirm.active)
		return confirm_key(ui, key);
	if (ui->screen && ui->screen->rawkey && (flags = ui->screen->rawkey(ui, ui->screen_st, key)) >= 0)
		return flags;
	a = sd_keys_action(key);
	if (a == SD_ACT_NONE)
		return 0;
	if (ui->show_help)
		return help_key(ui, a);
	if (ui->msg[0]) {
		ui->msg[0] = '\0';
		ui->dirty = 1;
	}
	if ((flags = global_action(ui, a)) >= 0)
		return flags;
	return ui->screen && ui->screen->action ? ui->screen->action(ui, ui->screen_st, a) : 0;
}

static void logout(struct sd_ui *ui)
{
	memset(&ui->login, 0, sizeof ui->login);
	ui->logged_in = 0;
	ui->src_known = 0;   /* nothing of the last user's data stays on screen */
	ui->frozen = 0;
	sd_ui_switch(ui, &sd_screen_login);
	sd_ui_message(ui, SD_COLOR_NORMAL, "logged out");
}

int sd_ui_apply(struct sd_ui *ui, int flags)
{
	if (flags & SD_UI_QUIT)
		ui->quit = 1;
	if (flags & SD_UI_LOGOUT)
		logout(ui);
	if (flags & SD_UI_REFETCH)
		ui->need_fetch = 1;
	if (flags & (SD_UI_REDRAW | SD_UI_LOGOUT))
		ui->dirty = 1;
	return flags;
}

void sd_ui_fetch(struct sd_ui *ui)
{
	ui->need_fetch = 0;
	if (ui->screen && ui->screen->fetch && (!ui->frozen || !ui->fetched_at))
		ui->screen->fetch(ui, ui->screen_st);
	ui->fetched_at = sd_ui_now();
	ui->next_fetch = ui->fetched_at + ui->interval_s;
	ui->dirty = 1;
	if (ui->logged_in)
		ui->cycles++;
}
