/* Colour roles and themes: a role (ok, warn, fail, header, ...) maps to colours in a theme
 * file from themes/; monochrome attributes are the fallback (NO_COLOR, no colours). */
#ifndef SOLARDASH_UI_THEME_H
#define SOLARDASH_UI_THEME_H

#include <stddef.h>

#include "solardash/error.h"

/* X(ENUM, "name", default fg, default bg, default attrs, monochrome attrs) */
#define SD_COLOR_ROLES(X) \
	X(NORMAL,   "normal",   "default", "default", "",          "") \
	X(TITLE,    "title",    "white",   "blue",    "bold",      "bold reverse") \
	X(HEADER,   "header",   "cyan",    "default", "bold underline", "bold underline") \
	X(SELECTED, "selected", "black",   "cyan",    "",          "reverse") \
	X(STATUS,   "status",   "black",   "white",   "",          "reverse") \
	X(OK,       "ok",       "green",   "default", "bold",      "") \
	X(WARN,     "warn",     "yellow",  "default", "bold",      "bold") \
	X(FAIL,     "fail",     "red",     "default", "bold",      "bold underline") \
	X(STALE,    "stale",    "magenta", "default", "",          "dim") \
	X(DIM,      "dim",      "default", "default", "dim",       "dim") \
	X(BAR,      "bar",      "green",   "default", "",          "") \
	X(BIG,      "big",      "white",   "default", "bold",      "bold") \
	X(DIALOG,   "dialog",   "white",   "red",     "bold",      "reverse bold") \
	X(KEY,      "key",      "yellow",  "default", "bold",      "bold")

enum sd_color_role {
#define SD_ROLE_ENUM(id, name, fg, bg, at, mono) SD_COLOR_##id,
	SD_COLOR_ROLES(SD_ROLE_ENUM)
#undef SD_ROLE_ENUM
	SD_COLOR_COUNT
};

struct sd_theme_entry {
	short fg, bg;      /* -1 = terminal default */
	unsigned attrs;    /* A_BOLD ... as chtype bits */
};

struct sd_theme {
	char name[64];
	struct sd_theme_entry e[SD_COLOR_COUNT];
};

/* The compiled-in default (equal to themes/default.theme). */
void sd_theme_default(struct sd_theme *th);
/* Parses a theme file over the defaults. On error th is the default theme and
 * sd_err_last() reads "file:line: message". */
sd_err sd_theme_load_file(struct sd_theme *th, const char *path);
/* A name ("high-contrast") looked up in $SOLARDASH_THEMEDIR, ./themes, the installed
 * themes; or a path (has a '/' or ends in .theme). */
sd_err sd_theme_load(struct sd_theme *th, const char *name_or_path);
const char *sd_theme_role_name(enum sd_color_role r);

/* Curses side: set up colour pairs (mono when colours are off) and get a role's attrs. */
void sd_theme_apply(const struct sd_theme *th, int use_color);
unsigned long sd_theme_attr(enum sd_color_role r);

#endif
