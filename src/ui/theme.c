/* Themes: files of "role = fg bg attrs" lines mapped onto the colour roles, the
 * compiled-in default (the same as themes/default.theme) and the monochrome fallback. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "solardash/error.h"
#include "solardash/ui_theme.h"

struct role_def { const char *name, *fg, *bg, *attrs, *mono; };

static const struct role_def roles[] = {
#define SD_ROLE_ROW(id, name, fg, bg, at, mono) { name, fg, bg, at, mono },
	SD_COLOR_ROLES(SD_ROLE_ROW)
#undef SD_ROLE_ROW
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static unsigned long attrs_now[SD_COLOR_COUNT];

const char *sd_theme_role_name(enum sd_color_role r)
{
	return r < SD_COLOR_COUNT ? roles[r].name : "?";
}

/* "red", "bright-red", "default", or 0..255; -2 when unknown. */
static short parse_color(const char *s)
{
	size_t i;
	int bright = 0;
	char *end;
	long n;

	if (strcmp(s, "default") == 0)
		return -1;
	if (strncmp(s, "bright-", 7) == 0) {
		bright = 8;
		s += 7;
	}
	for (i = 0; i < 8; i++)
		if (strcmp(s, color_names[i]) == 0)
			return (short)(i + bright);
	n = strtol(s, &end, 10);
	if (!bright && *s && !*end && n >= 0 && n <= 255)
		return (short)n;
	return -2;
}

/* "bold", "underline", "reverse", "dim", "standout", "normal"; 0 and ok=0 when unknown. */
static unsigned parse_attr(const char *s, int *ok)
{
	*ok = 1;
	if (strcmp(s, "bold") == 0) return A_BOLD;
	if (strcmp(s, "underline") == 0) return A_UNDERLINE;
	if (strcmp(s, "reverse") == 0) return A_REVERSE;
	if (strcmp(s, "dim") == 0) return A_DIM;
	if (strcmp(s, "standout") == 0) return A_STANDOUT;
	if (strcmp(s, "normal") == 0) return 0;
	*ok = 0;
	return 0;
}

static unsigned parse_attr_list(const char *list)
{
	char buf[128], *tok, *save = NULL;
	unsigned a = 0;
	int ok;

	snprintf(buf, sizeof buf, "%s", list);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		a |= parse_attr(tok, &ok);
	return a;
}

void sd_theme_default(struct sd_theme *th)
{
	size_t i;

	snprintf(th->name, sizeof th->name, "default");
	for (i = 0; i < SD_COLOR_COUNT; i++) {
		th->e[i].fg = parse_color(roles[i].fg);
		th->e[i].bg = parse_color(roles[i].bg);
		th->e[i].attrs = parse_attr_list(roles[i].attrs);
	}
}

/* Terminal default colours with the monochrome attributes (themes/monochrome.theme). */
static void sd_theme_mono(struct sd_theme *th)
{
	size_t i;

	snprintf(th->name, sizeof th->name, "monochrome");
	for (i = 0; i < SD_COLOR_COUNT; i++) {
		th->e[i].fg = th->e[i].bg = -1;
		th->e[i].attrs = parse_attr_list(roles[i].mono);
	}
}

static int find_role(const char *name)
{
	size_t i;

	for (i = 0; i < SD_COLOR_COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* One "role = fg [bg] [attr...]" line; returns NULL or an error message. */
static const char *parse_line(struct sd_theme *th, char *line)
{
	char *eq = strchr(line, '='), *tok, *save = NULL, *name;
	struct sd_theme_entry e = { -1, -1, 0 };
	int role, ncolors = 0, ok;
	short c;

	if (!eq)
		return "expected 'role = foreground [background] [attributes]'";
	*eq = '\0';
	name = strtok_r(line, " \t", &save);
	if (!name || strtok_r(NULL, " \t", &save))
		return "expected one role name before '='";
	role = find_role(name);
	if (role < 0)
		return "unknown colour role";
	save = NULL;
	for (tok = strtok_r(eq + 1, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (ncolors < 2 && (c = parse_color(tok)) != -2) {
			if (ncolors++ == 0) e.fg = c; else e.bg = c;
			continue;
		}
		e.attrs |= parse_attr(tok, &ok);
		if (!ok)
			return "unknown colour or attribute";
	}
	if (ncolors == 0)
		return "a role needs at least a foreground colour";
	th->e[role] = e;
	return NULL;
}

sd_err sd_theme_load_file(struct sd_theme *th, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512], *p, *hash;
	const char *err = NULL, *base;
	int lineno = 0;

	sd_theme_default(th);
	if (!f) {
		sd_err_set("%s: %s", path, strerror(errno));
		return SD_ERR_IO;
	}
	while (!err && fgets(line, sizeof line, f)) {
		lineno++;
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p)
			err = parse_line(th, p);
	}
	fclose(f);
	if (err) {
		sd_err_set("%s:%d: %s", path, lineno, err);
		sd_theme_default(th);
		return SD_ERR_CONFIG;
	}
	base = strrchr(path, '/');
	snprintf(th->name, sizeof th->name, "%s", base ? base + 1 : path);
	if ((p = strstr(th->name, ".theme")))
		*p = '\0';
	return SD_OK;
}

static int try_dir(struct sd_theme *th, const char *dir, const char *name, sd_err *err)
{
	char path[1024];

	if (!dir || !*dir)
		return 0;
	snprintf(path, sizeof path, "%s/%s.theme", dir, name);
	if (access(path, R_OK) != 0)
		return 0;
	*err = sd_theme_load_file(th, path);
	return 1;
}

sd_err sd_theme_load(struct sd_theme *th, const char *name)
{
	size_t len;
	sd_err err = SD_OK;

	sd_theme_default(th);
	if (!name || !*name)
		return SD_OK;
	len = strlen(name);
	if (strchr(name, '/') || (len > 6 && strcmp(name + len - 6, ".theme") == 0))
		return sd_theme_load_file(th, name);
	if (try_dir(th, getenv("SOLARDASH_THEMEDIR"), name, &err) ||
	    try_dir(th, "themes", name, &err) ||
	    try_dir(th, SD_PKGDATADIR "/themes", name, &err))
		return err;
	if (strcmp(name, "default") == 0)
		return SD_OK;   /* the compiled-in copy */
	if (strcmp(name, "monochrome") == 0) {
		sd_theme_mono(th);
		return SD_OK;
	}
	sd_err_set("theme '%s' not found (looked in $SOLARDASH_THEMEDIR, ./themes, %s/themes)",
		   name, SD_PKGDATADIR);
	return SD_ERR_NOTFOUND;
}

static void apply_mono(void)
{
	size_t i;

	for (i = 0; i < SD_COLOR_COUNT; i++)
		attrs_now[i] = parse_attr_list(roles[i].mono);
}

void sd_theme_apply(const struct sd_theme *th, int use_color)
{
	size_t i;
	short fg, bg;

	if (!use_color || !has_colors()) {
		apply_mono();
		return;
	}
	start_color();
	use_default_colors();
	for (i = 0; i < SD_COLOR_COUNT; i++) {
		fg = th->e[i].fg;
		bg = th->e[i].bg;
		if (fg >= COLORS) fg = (short)(fg % 8);
		if (bg >= COLORS) bg = (short)(bg % 8);
		init_pair((short)(i + 1), fg, bg);
		attrs_now[i] = COLOR_PAIR(i + 1) | th->e[i].attrs;
	}
}

unsigned long sd_theme_attr(enum sd_color_role r)
{
	return r < SD_COLOR_COUNT ? attrs_now[r] : 0;
}
