/* The terminal's life cycle: init (locale, ASCII and colour decisions, signals), the one
 * idempotent ui_done() for every exit path, and dispatch of keys to named actions. */
#include "config.h"

#include <curses.h>
#include <term.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

volatile sig_atomic_t sd_ui_signal;

/* The terminal state ui_done() restores; static so the fatal hook and atexit can reach it. */
static SCREEN *screen;
static FILE *script_out, *script_in;
static int curses_active;

static void on_signal(int sig)
{
	sd_ui_signal = sig;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() must return so the loop sees the flag at once. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

void sd_ui_done(void)
{
	if (!curses_active)
		return;
	curses_active = 0;
	endwin();
	if (screen)
		delscreen(screen);
	screen = NULL;
	if (script_out)
		fclose(script_out);
	if (script_in)
		fclose(script_in);
	script_out = script_in = NULL;
}

static int env_is_ascii(void)
{
	const char *term = getenv("TERM");
	const char *cs = nl_langinfo(CODESET);

	if (!cs || strcmp(cs, "UTF-8") != 0)
		return 1;
	if (term && (strncmp(term, "vt1", 3) == 0 || strncmp(term, "vt2", 3) == 0 ||
		     strcmp(term, "linux") == 0 || strcmp(term, "dumb") == 0))
		return 1;
	return 0;
}

/* Scripted mode: ncurses on /dev/null-backed streams, so no terminal is needed; the size
 * comes from LINES/COLUMNS (default 80x24) and :resize. */
static sd_err open_scripted(struct sd_ui *ui)
{
	const char *term = getenv("TERM");
	const char *l = getenv("LINES"), *c = getenv("COLUMNS");

	script_out = fopen("/dev/null", "w");
	script_in = fopen("/dev/null", "r");
	if (!script_out || !script_in) {
		sd_err_set("cannot open /dev/null for the scripted terminal");
		return SD_ERR_IO;
	}
	screen = newterm(term && *term ? term : "xterm", script_out, script_in);
	if (!screen) {
		sd_err_set("scripted mode: unknown terminal type '%s'", term ? term : "");
		return SD_ERR_IO;
	}
	ui->rows = l && atoi(l) > 0 ? atoi(l) : 24;
	ui->cols = c && atoi(c) > 0 ? atoi(c) : 80;
	resizeterm(ui->rows, ui->cols);
	return SD_OK;
}

static sd_err open_terminal(struct sd_ui *ui)
{
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		sd_err_set("the dashboard needs a terminal (stdin and stdout are not one); "
			   "use --once SCREEN for text output");
		return SD_ERR_USAGE;
	}
	if (!term || !*term) {
		sd_err_set("TERM is not set: cannot drive the terminal");
		return SD_ERR_USAGE;
	}
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		sd_err_set("unknown terminal type '%s'", term);
		return SD_ERR_USAGE;
	}
	/* TERM=dumb and the like load, but every draw is lost: a blank screen, no message. */
	if (!tigetstr("cup") || tigetstr("cup") == (char *)-1) {
		endwin();
		delscreen(screen);
		screen = NULL;
		sd_err_set("terminal type '%s' cannot move the cursor: the dashboard needs a "
			   "full-screen terminal (use --once SCREEN for text output)", term);
		return SD_ERR_USAGE;
	}
	ui->rows = LINES;
	ui->cols = COLS;
	return SD_OK;
}

static void load_theme(struct sd_ui *ui)
{
	const char *name = ui->opts->theme ? ui->opts->theme : ui->cfg->theme;
	const char *nc = getenv("NO_COLOR");

	if (sd_theme_load(&ui->theme, name) != SD_OK)
		snprintf(ui->theme_msg, sizeof ui->theme_msg, "%s; using the default theme",
			 sd_err_last());
	ui->color = !(nc && *nc) && has_colors();
	sd_theme_apply(&ui->theme, ui->color);
	/* The whole screen in the theme's normal colours, not only the cells text is drawn in:
	 * high-contrast's black would otherwise show in strips on a light terminal. */
	bkgd((chtype)sd_theme_attr(SD_COLOR_NORMAL) | ' ');
}

sd_err sd_ui_init(struct sd_ui *ui, const struct sd_cli_opts *opts, struct sd_config *cfg)
{
	sd_err err;

	ui->opts = opts;
	ui->cfg = cfg;
	setlocale(LC_ALL, "");
	ui->ascii = env_is_ascii();
	sd_draw_set_ascii(ui->ascii);
	ui->scripted = opts->script != NULL;
	ui->kiosk = cfg->kiosk;
	err = ui->scripted ? open_scripted(ui) : open_terminal(ui);
	if (err != SD_OK) {
		sd_ui_done();
		return err;
	}
	curses_active = 1;
	sd_set_fatal_hook(sd_ui_done);
	atexit(sd_ui_done);
	install_signals();
	if (ui->kiosk)
		raw();    /* Ctrl-C and Ctrl-Z arrive as keys, which kiosk mode ignores */
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	load_theme(ui);
	return SD_OK;
}

void sd_ui_message(struct sd_ui *ui, enum sd_color_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_role = role;
	ui->msg_at = sd_ui_now();
	ui->dirty = 1;
}

void sd_ui_ask(struct sd_ui *ui, int (*yes)(struct sd_ui *ui), const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->confirm.text, sizeof ui->confirm.text, fmt, ap);
	va_end(ap);
	ui->confirm.yes = yes;
	ui->confirm.active = 1;
	ui->dirty = 1;
}

void sd_ui_prompt(struct sd_ui *ui, const char *label, const char *deflt,
		  void (*done)(struct sd_ui *ui, const char *text))
{
	struct sd_prompt *p = &ui->prompt;

	snprintf(p->label, sizeof p->label, "%s", label);
	/* The field starts empty, so typing never appends to an old value; the suggestion is
	 * shown in brackets and taken by Enter on an empty field. */
	snprintf(p->deflt, sizeof p->deflt, "%s", deflt ? deflt : "");
	p->text[0] = '\0';
	p->len = 0;
	p->done = done;
	p->active = 1;
	ui->dirty = 1;
}
