/* The terminal's pieces without servers: the key table, themes (and their file:line
 * errors), formatting, and the column drawer drawing sd_tables built here into a curses
 * screen on /dev/null, read back as text. */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "runner.h"
#include "solardash/result.h"
#include "solardash/ui.h"
#include "solardash/ui_draw.h"
#include "solardash/ui_keys.h"
#include "solardash/ui_theme.h"

static SCREEN *scr;
static FILE *fout, *fin;

static int open_screen(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	fout = fopen("/dev/null", "w");
	fin = fopen("/dev/null", "r");
	scr = newterm("xterm", fout, fin);
	if (!scr)
		return 1;
	resizeterm(24, 80);
	sd_theme_apply(&(struct sd_theme){ "mono", { { 0 } } }, 0);
	return 0;
}

static int close_screen(void)
{
	endwin();
	delscreen(scr);
	fclose(fout);
	fclose(fin);
	return 0;
}

/* Row y of the screen as UTF-8, trailing blanks removed. */
static const char *row_text(int y)
{
	static char out[1024];
	char mb[16];
	size_t len = 0, keep = 0, k;
	cchar_t cc;
	wchar_t wch[8];
	attr_t at;
	short pair;
	int x, w;

	for (x = 0; x < COLS; x += w > 0 ? w : 1) {
		if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wch, &at, &pair, NULL) == ERR ||
		    !wch[0])
			wch[0] = L' ';
		w = wcwidth(wch[0]);
		k = wcrtomb(mb, wch[0], NULL);
		if (k == (size_t)-1)
			mb[0] = '?', k = 1;
		memcpy(out + len, mb, k);
		len += k;
		if (wch[0] != L' ')
			keep = len;
	}
	out[keep] = '\0';
	return out;
}

static void test_keys_table(void)
{
	size_t n, i;
	const struct sd_keydef *t = sd_keys_table(&n);
	char buf[16];

	CU_ASSERT_EQUAL(n, SD_ACT_COUNT - 1);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(t[i].action, (enum sd_action)(i + 1));
		CU_ASSERT_PTR_NOT_NULL(t[i].help);
		CU_ASSERT_EQUAL(sd_keys_by_name(t[i].name), t[i].action);
	}
	CU_ASSERT_EQUAL(sd_keys_action('q'), SD_ACT_QUIT);
	CU_ASSERT_EQUAL(sd_keys_action('j'), SD_ACT_DOWN);
	CU_ASSERT_EQUAL(sd_keys_action(KEY_DOWN), SD_ACT_DOWN);
	CU_ASSERT_EQUAL(sd_keys_action('<'), SD_ACT_SORT_PREV);
	CU_ASSERT_EQUAL(sd_keys_action('/'), SD_ACT_SEARCH);
	CU_ASSERT_EQUAL(sd_keys_action(' '), SD_ACT_FREEZE);
	CU_ASSERT_EQUAL(sd_keys_action('\t'), SD_ACT_NEXT_PANE);
	CU_ASSERT_EQUAL(sd_keys_action('Z'), SD_ACT_NONE);
	CU_ASSERT_EQUAL(sd_keys_parse_name("Down"), KEY_DOWN);
	CU_ASSERT_EQUAL(sd_keys_parse_name("C-c"), 3);
	CU_ASSERT_EQUAL(sd_keys_parse_name("F5"), KEY_F(5));
	CU_ASSERT_EQUAL(sd_keys_parse_name("x"), 'x');
	CU_ASSERT_EQUAL(sd_keys_parse_name("Nope"), -1);
	CU_ASSERT_STRING_EQUAL(sd_keys_key_name(KEY_NPAGE, buf, sizeof buf), "PgDn");
	CU_ASSERT_STRING_EQUAL(sd_keys_key_name(12, buf, sizeof buf), "C-l");
	CU_ASSERT_STRING_EQUAL(sd_keys_action_name(SD_ACT_QUIT), "quit");
}

static char *write_tmp(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof path, "/tmp/sd-theme-%d.theme", (int)getpid());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_theme_files(void)
{
	struct sd_theme def, th;
	char path[1024];
	const char *src = getenv("srcdir");

	sd_theme_default(&def);
	snprintf(path, sizeof path, "%s/themes/default.theme", src ? src : ".");
	CU_ASSERT_EQUAL(sd_theme_load_file(&th, path), SD_OK);
	/* the shipped default equals the compiled-in one */
	CU_ASSERT_EQUAL(memcmp(th.e, def.e, sizeof def.e), 0);
	snprintf(path, sizeof path, "%s/themes/high-contrast.theme", src ? src : ".");
	CU_ASSERT_EQUAL(sd_theme_load_file(&th, path), SD_OK);
	CU_ASSERT_STRING_EQUAL(th.name, "high-contrast");
	CU_ASSERT_EQUAL(th.e[SD_COLOR_FAIL].bg, COLOR_RED);
	snprintf(path, sizeof path, "%s/themes/monochrome.theme", src ? src : ".");
	CU_ASSERT_EQUAL(sd_theme_load_file(&th, path), SD_OK);
	CU_ASSERT_EQUAL(th.e[SD_COLOR_OK].fg, -1);
}

static void test_theme_errors(void)
{
	struct sd_theme th, def;
	char want[128];
	char *p;

	sd_theme_default(&def);
	p = write_tmp("# ok\nok = green\nfial = red\n");
	CU_ASSERT_EQUAL(sd_theme_load_file(&th, p), SD_ERR_CONFIG);
	snprintf(want, sizeof want, "%s:3: unknown colour role", p);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), want);
	CU_ASSERT_EQUAL(memcmp(th.e, def.e, sizeof def.e), 0);   /* default used */
	p = write_tmp("ok = green blinking\n");
	CU_ASSERT_EQUAL(sd_theme_load_file(&th, p), SD_ERR_CONFIG);
	snprintf(want, sizeof want, "%s:1: unknown colour or attribute", p);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), want);
	p = write_tmp("ok green\n");
	CU_ASSERT_EQUAL(sd_theme_load_file(&th, p), SD_ERR_CONFIG);
	remove(p);
	CU_ASSERT_EQUAL(sd_theme_load(&th, "no-such-theme"), SD_ERR_NOTFOUND);
	CU_ASSERT_EQUAL(sd_theme_load(&th, "monochrome"), SD_OK);
}

static void test_format(void)
{
	char buf[32];

	CU_ASSERT_STRING_EQUAL(sd_fmt_duration(59, buf, sizeof buf), "0m");
	CU_ASSERT_STRING_EQUAL(sd_fmt_duration(3 * 3600 + 5 * 60 + 30, buf, sizeof buf), "3h 05m");
	CU_ASSERT_STRING_EQUAL(sd_fmt_duration(50 * 3600, buf, sizeof buf), "2d 02h");
	CU_ASSERT_STRING_EQUAL(sd_fmt_ago(30, buf, sizeof buf), "just now");
	CU_ASSERT_STRING_EQUAL(sd_fmt_ago(4 * 60 + 10, buf, sizeof buf), "4 min ago");
	CU_ASSERT_EQUAL(sd_parse_time("1970-01-02"), 86400);
	CU_ASSERT_EQUAL(sd_parse_time("1970-01-01 01:00:00+00"), 3600);
	CU_ASSERT_EQUAL(sd_parse_time("1970-01-01 01:00:00.5+01"), 0.5);
	CU_ASSERT_EQUAL(sd_parse_time("1970-01-01T00:00:00-01:30"), 5400);
	CU_ASSERT_EQUAL(sd_parse_time("garbage"), -1);
}

static const struct sd_colspec cols[] = {
	{ "station_name", "Station", 12, SD_FMT_TEXT, 1 },
	{ "passed", "Passed", 6, SD_FMT_INT, 0 },
	{ "pass_rate", "Rate", 7, SD_FMT_PCT, 0 },
	{ "result", "Result", 6, SD_FMT_RESULT, 0 },
};

static struct sd_table *stations(void)
{
	static const char *rows[][4] = {
		{ "Stringer 1", "40", "97.5", "PASS" },
		{ "Laminator\x1b[2J\x1b[H", "7", "70", "FAIL" },
		{ "太阳能 EL", "123", NULL, "PASS" },
	};
	struct sd_table *t = sd_table_new(4, 3);
	size_t r, c;

	sd_table_set_column(t, 0, "station_name", SD_COL_TEXT);
	sd_table_set_column(t, 1, "passed", SD_COL_INT);
	sd_table_set_column(t, 2, "pass_rate", SD_COL_NUMERIC);
	sd_table_set_column(t, 3, "result", SD_COL_TEXT);
	for (r = 0; r < 3; r++)
		for (c = 0; c < 4; c++)
			sd_table_set(t, r, c, rows[r][c]);
	return t;
}

static void test_pane_draw(void)
{
	struct sd_pane p;

	sd_draw_set_ascii(0);
	sd_pane_init(&p, "Stations", cols, 4);
	sd_pane_set_table(&p, stations());
	erase();
	sd_pane_draw(&p, 0, 0, 6, 50, 1);
	CU_ASSERT_STRING_EQUAL(row_text(0), "> Stations (3)");
	CU_ASSERT_STRING_EQUAL(row_text(1), "Station                     Passed    Rate Result");
	CU_ASSERT_STRING_EQUAL(row_text(2), "Stringer 1                      40   97.5% PASS");
	/* the escape sequence is shown as control pictures and moves nothing */
	CU_ASSERT_STRING_EQUAL(row_text(3), "Laminator␛[2J␛[H                 7   70.0% FAIL");
	/* wide characters keep the next columns aligned */
	CU_ASSERT_STRING_EQUAL(row_text(4), "太阳能 EL                      123       — PASS");
	sd_pane_done(&p);
}

/* A failed fetch is said on the pane's title line, however long the message and however
 * narrow the pane (a side-by-side pane at 80 columns is ~30 wide): cut, never dropped. */
static void test_pane_error(void)
{
	struct sd_pane p;

	sd_draw_set_ascii(0);
	sd_pane_init(&p, "Stations", cols, 4);
	sd_pane_set_table(&p, stations());
	sd_err_set("station_queue: no data: the database is unreachable, and nothing cached");
	sd_pane_set_table(&p, NULL);
	erase();
	sd_pane_draw(&p, 0, 0, 6, 30, 1);
	CU_ASSERT_STRING_EQUAL(row_text(0), " ERROR: station_queue: no dat…");
	/* the rows already shown stay */
	CU_ASSERT_STRING_EQUAL(row_text(2), "Stringer 1         40   97.5%");
	erase();
	sd_pane_draw(&p, 0, 0, 6, 80, 1);
	CU_ASSERT_STRING_EQUAL(row_text(0), " ERROR: station_queue: no data: the database is "
			       "unreachable, and nothing cached");
	sd_pane_done(&p);
}

static void test_pane_sort_search(void)
{
	struct sd_pane p;

	sd_pane_init(&p, "Stations", cols, 4);
	sd_pane_set_table(&p, stations());
	CU_ASSERT_EQUAL(sd_pane_action(&p, SD_ACT_SORT_NEXT), SD_UI_REDRAW);   /* by station */
	CU_ASSERT_EQUAL(sd_pane_action(&p, SD_ACT_SORT_NEXT), SD_UI_REDRAW);   /* by passed */
	CU_ASSERT_EQUAL(p.sort, 1);
	CU_ASSERT_EQUAL(p.order[0], 1);
	CU_ASSERT_EQUAL(p.order[2], 2);
	sd_pane_action(&p, SD_ACT_SORT_FLIP);
	CU_ASSERT_EQUAL(p.order[0], 2);
	sd_pane_action(&p, SD_ACT_SORT_NEXT);                                 /* by rate */
	CU_ASSERT_EQUAL(p.order[2], 2);   /* NULL last */
	sd_pane_action(&p, SD_ACT_END);
	CU_ASSERT_EQUAL(p.cursor, 2);
	sd_pane_action(&p, SD_ACT_DOWN);
	CU_ASSERT_EQUAL(p.cursor, 2);
	sd_pane_set_filter(&p, "string");
	CU_ASSERT_EQUAL(p.nshown, 1);
	CU_ASSERT_EQUAL(sd_pane_current(&p), 0);
	sd_pane_set_filter(&p, "nothing");
	CU_ASSERT_EQUAL(p.nshown, 0);
	CU_ASSERT_EQUAL(sd_pane_current(&p), -1);
	sd_pane_action(&p, SD_ACT_UP);
	sd_pane_done(&p);
}

static void test_ascii_fallback(void)
{
	struct sd_pane p;
	double v[5] = { 50, 60, 70, 80, 100 };

	sd_draw_set_ascii(1);
	sd_pane_init(&p, "Stations", cols, 4);
	sd_pane_set_table(&p, stations());
	p.sort = 0;
	sd_pane_action(&p, SD_ACT_SORT_FLIP);
	erase();
	sd_pane_draw(&p, 0, 0, 6, 50, 0);
	CU_ASSERT_STRING_EQUAL(row_text(0), "  Stations (3)  sorted by Station v");
	CU_ASSERT_STRING_EQUAL(row_text(1), "Station v                   Passed    Rate Result");
	CU_ASSERT_STRING_EQUAL(row_text(4), "Laminator?[2J?[H                 7   70.0% FAIL");
	CU_ASSERT_STRING_EQUAL(row_text(2), "??? EL                         123       - PASS");
	sd_draw_bar(10, 0, 10, 55, SD_COLOR_BAR);
	CU_ASSERT_STRING_EQUAL(row_text(10), "#####.....");
	sd_draw_spark(11, 0, 5, v, 5, 50, 100, SD_COLOR_OK);
	CU_ASSERT_STRING_EQUAL(row_text(11), "_.=+@");
	sd_draw_big(12, 0, "1", SD_COLOR_BIG);
	CU_ASSERT_STRING_EQUAL(row_text(12), " #");
	CU_ASSERT_STRING_EQUAL(row_text(16), "###");
	sd_draw_set_ascii(0);
	sd_draw_bar(10, 0, 10, 55, SD_COLOR_BAR);
	CU_ASSERT_STRING_EQUAL(row_text(10), "█████▌░░░░");
	sd_pane_done(&p);
}

/* Cut text says it was cut; a module name keeps its model number; wide characters never
 * straddle the cut. */
static void test_cell_cut(void)
{
	double v[3] = { 100, NAN, 50 };

	sd_draw_set_ascii(0);
	erase();
	sd_draw_cell(0, 0, 12, "Stringer 1", SD_COLOR_NORMAL, 0, 1);
	CU_ASSERT_STRING_EQUAL(row_text(0), "Stringer 1");
	sd_draw_cell(1, 0, 12, "Framing & J-box station", SD_COLOR_NORMAL, 0, 1);
	CU_ASSERT_STRING_EQUAL(row_text(1), "Framing & J…");
	sd_draw_cell(2, 0, 20, "LONGi Green Energy Technology Co._ Ltd. LR6-60HIH-305M",
		     SD_COLOR_NORMAL, 0, 2);
	CU_ASSERT_STRING_EQUAL(row_text(2), "LONGi…LR6-60HIH-305M");
	/* the cut falls between words: no "Energy…gy Co." */
	sd_draw_cell(5, 0, 30, "LONGi Green Energy Technology Co._ Ltd. LR6-60HIH-305M",
		     SD_COLOR_NORMAL, 0, 2);
	CU_ASSERT_STRING_EQUAL(row_text(5), "LONGi Green…LR6-60HIH-305M");
	sd_draw_cell(3, 0, 8, "太阳能太阳能", SD_COLOR_NORMAL, 0, 1);
	CU_ASSERT_STRING_EQUAL(row_text(3), "太阳能…");
	sd_draw_cell(4, 0, 8, "Stringer 1", SD_COLOR_NORMAL, 0, 0);
	CU_ASSERT_STRING_EQUAL(row_text(4), "Stringer");
	/* two rows, 16 levels: 100 % fills both, 50 % one, no data stays empty */
	sd_draw_columns(6, 0, 2, 1, v, 3, 0, 100, SD_COLOR_OK);
	CU_ASSERT_STRING_EQUAL(row_text(6), "█");
	CU_ASSERT_STRING_EQUAL(row_text(7), "█ █");
	sd_draw_set_ascii(1);
	sd_draw_cell(8, 0, 12, "Framing & J-box station", SD_COLOR_NORMAL, 0, 1);
	CU_ASSERT_STRING_EQUAL(row_text(8), "Framing & J~");
	sd_draw_set_ascii(0);
}

static const struct sd_test tests[] = {
	{ "key table: enum, names, keys, help", test_keys_table },
	{ "shipped themes load; default equals compiled-in", test_theme_files },
	{ "broken theme: file:line, default used", test_theme_errors },
	{ "durations, ages, PostgreSQL times", test_format },
	{ NULL, NULL }
};

static const struct sd_test draw_tests[] = {
	{ "pane: sanitised, wide-char aligned columns", test_pane_draw },
	{ "pane: a long error is cut to the pane, not dropped", test_pane_error },
	{ "pane: sort, reverse, search, cursor", test_pane_sort_search },
	{ "ASCII fallback: text, bars, sparkline, big digits", test_ascii_fallback },
	{ "cut cells end in an ellipsis; column chart", test_cell_cut },
	{ NULL, NULL }
};

int main(void)
{
	static const struct sd_suite suites[] = {
		{ "ui", NULL, NULL, tests },
		{ "draw", open_screen, close_screen, draw_tests },
		{ NULL, NULL, NULL, NULL }
	};

	return sd_test_main("test_ui", suites);
}
