/* Scripted mode for screen tests (like tig's): a file of keys and commands runs against
 * the real program with no terminal, and :dump writes the screen as text.
 *   keys:      text typed as is; <Down>, <Enter>, <Tab>, <C-c>, <F5>, <Lt> ... by name
 *   commands:  :resize COLS ROWS   :dump FILE   :wait-refresh   :wait-job   :sleep MS
 *              :action NAME        :quit        # comment */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "solardash/ui.h"
#include "solardash/ui_draw.h"

/* Runs what the loop would run after a handler: fetch, then draw. */
static void settle(struct sd_ui *ui)
{
	if (ui->need_fetch)
		sd_ui_fetch(ui);
	if (ui->dirty)
		sd_ui_draw(ui);
}

static void press(struct sd_ui *ui, int key)
{
	sd_ui_apply(ui, sd_ui_handle_key(ui, key));
	settle(ui);
}

/* A line of keys: plain characters and <Name> tokens. */
static int type_keys(struct sd_ui *ui, const char *line, const char *path, int lineno)
{
	const char *p = line, *end;
	char name[32];
	int key;

	while (*p && !ui->quit) {
		if (*p == '<' && (end = strchr(p, '>')) && end - p > 1 && end - p < 32) {
			snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
			key = sd_keys_parse_name(name);
			if (key < 0) {
				sd_err_set("%s:%d: unknown key <%s>", path, lineno, name);
				return -1;
			}
			p = end + 1;
		} else
			key = (unsigned char)*p++;
		press(ui, key);
	}
	return 0;
}

static int resize(struct sd_ui *ui, const char *args)
{
	int c, r;

	if (sscanf(args, "%d %d", &c, &r) != 2 || c < 1 || r < 1 || c > 1000 || r > 1000)
		return -1;
	resizeterm(r, c);
	press(ui, KEY_RESIZE);
	return 0;
}

static int command(struct sd_ui *ui, const char *cmd, const char *path, int lineno)
{
	const char *arg = strchr(cmd, ' ');
	size_t n = arg ? (size_t)(arg - cmd) : strlen(cmd);
	enum sd_action a;
	struct timespec ts;

	arg = arg ? arg + 1 : "";
	if (n == 6 && strncmp(cmd, "resize", n) == 0) {
		if (resize(ui, arg) == 0)
			return 0;
	} else if (n == 4 && strncmp(cmd, "dump", n) == 0 && *arg) {
		settle(ui);
		return sd_script_dump(ui, arg);
	} else if (n == 12 && strncmp(cmd, "wait-refresh", n) == 0) {
		sd_job_wait(ui);
		ui->need_fetch = ui->dirty = 1;
		settle(ui);
		return 0;
	} else if (n == 8 && strncmp(cmd, "wait-job", n) == 0) {
		sd_job_wait(ui);
		settle(ui);
		return 0;
	} else if (n == 5 && strncmp(cmd, "sleep", n) == 0) {
		ts.tv_sec = atol(arg) / 1000;
		ts.tv_nsec = (atol(arg) % 1000) * 1000000L;
		nanosleep(&ts, NULL);
		return 0;
	} else if (n == 6 && strncmp(cmd, "action", n) == 0 &&
		   (a = sd_keys_by_name(arg)) != SD_ACT_NONE) {
		sd_ui_apply(ui, sd_ui_handle_key(ui, sd_keys_table(&n)[a - 1].keys[0]));
		settle(ui);
		return 0;
	} else if (n == 4 && strncmp(cmd, "quit", n) == 0) {
		ui->quit = 1;
		return 0;
	}
	sd_err_set("%s:%d: bad script command ':%s'", path, lineno, cmd);
	return -1;
}

int sd_script_run(struct sd_ui *ui, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0, rc = 0;

	if (!f) {
		sd_err_set("%s: %s", path, strerror(errno));
		return -1;
	}
	settle(ui);
	while (rc == 0 && !ui->quit && !sd_ui_signal && fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (line[0] == ':')
			rc = command(ui, line + 1, path, lineno);
		else
			rc = type_keys(ui, line, path, lineno);
	}
	fclose(f);
	sd_job_wait(ui);
	return rc;
}

/* One screen row as UTF-8, trailing blanks removed. */
static void dump_row(FILE *out, int y, int cols)
{
	char line[4096], mb[MB_LEN_MAX];
	size_t len = 0, k, keep = 0;
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t at;
	short pair;
	int x, w;
	mbstate_t st;

	memset(&st, 0, sizeof st);
	for (x = 0; x < cols; x += w > 0 ? w : 1) {
		w = 1;
		if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &at, &pair, NULL) == ERR ||
		    !wch[0])
			wch[0] = L' ';
		w = wcwidth(wch[0]);
		k = wcrtomb(mb, wch[0], &st);
		if (k == (size_t)-1) {
			mb[0] = '?';
			k = 1;
		}
		if (len + k >= sizeof line)
			break;
		memcpy(line + len, mb, k);
		len += k;
		if (wch[0] != L' ')
			keep = len;
	}
	fprintf(out, "%.*s\n", (int)keep, line);
}

int sd_script_dump(struct sd_ui *ui, const char *path)
{
	FILE *out = fopen(path, "w");
	int y;

	if (!out) {
		sd_err_set("%s: %s", path, strerror(errno));
		return -1;
	}
	for (y = 0; y < ui->rows; y++)
		dump_row(out, y, ui->cols);
	if (fclose(out) != 0) {
		sd_err_set("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
