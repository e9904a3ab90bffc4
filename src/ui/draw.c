/* Drawing primitives: sanitised, width-aware text cells, bars, sparklines and big digits,
 * with ASCII fallbacks for LC_ALL=C and TERM=vt100/linux. */
#include "config.h"

#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "solardash/sanitize.h"
#include "solardash/ui_draw.h"

static int ascii_mode;

void sd_draw_set_ascii(int ascii)
{
	ascii_mode = ascii;
}

int sd_draw_ascii(void)
{
	return ascii_mode;
}

/* Sanitised text as wide characters with their widths; returns the count. */
static size_t to_wide(const char *utf8, wchar_t *out, int *widths, size_t max)
{
	char *clean = sd_sanitize(utf8 ? utf8 : "", ascii_mode);
	const char *p = clean;
	mbstate_t st;
	size_t n = 0, len;
	wchar_t wc;
	int cw;

	memset(&st, 0, sizeof st);
	while (*p && n < max) {
		len = mbrtowc(&wc, p, strlen(p), &st);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			memset(&st, 0, sizeof st);
			wc = L'?';
			len = 1;
		}
		p += len;
		cw = wcwidth(wc);
		if (cw < 0 || (ascii_mode && wc > 126)) {
			wc = L'?';
			cw = 1;
		}
		out[n] = wc;
		widths[n++] = cw;
	}
	free(clean);
	return n;
}

int sd_draw_width(const char *utf8)
{
	wchar_t wbuf[512];
	int widths[512], w = 0;
	size_t n = to_wide(utf8, wbuf, widths, 512), i;

	for (i = 0; i < n; i++)
		w += widths[i];
	return w;
}

void sd_draw_fill(int y, int x, int w, enum sd_color_role role)
{
	if (w <= 0)
		return;
	attrset((attr_t)sd_theme_attr(role));
	mvhline(y, x, ' ', w);
}

int sd_draw_text(int y, int x, int w, const char *utf8, enum sd_color_role role, int align)
{
	wchar_t wbuf[512];
	int widths[512], used = 0, pad;
	size_t n, i, take = 0;

	if (w <= 0)
		return 0;
	n = to_wide(utf8, wbuf, widths, 512);
	for (i = 0; i < n && used + widths[i] <= w; i++) {
		used += widths[i];
		take++;
	}
	pad = w - used;
	if (align == 1)
		sd_draw_fill(y, x, pad, role), x += pad, pad = 0;
	else if (align == 2)
		sd_draw_fill(y, x, pad / 2, role), x += pad / 2, pad -= pad / 2;
	attrset((attr_t)sd_theme_attr(role));
	if (take)
		mvaddnwstr(y, x, wbuf, (int)take);
	sd_draw_fill(y, x + used, pad, role);
	return used;
}

/* How many of the n characters fit in max columns from the start; *used gets their width.
 * words: end between words when a word boundary lies in the second half. */
static size_t fit_head(const wchar_t *wc, const int *widths, size_t n, int max, int words,
		       int *used)
{
	size_t i, j;

	for (i = 0, *used = 0; i < n && *used + widths[i] <= max; i++)
		*used += widths[i];
	if (words && i < n && wc[i] != L' ') {
		for (j = i; j > 0 && wc[j - 1] != L' '; j--)
			;
		if (j > i / 2 + 1)
			i = j;
	}
	while (words && i > 0 && wc[i - 1] == L' ')
		i--;
	for (j = 0, *used = 0; j < i; j++)
		*used += widths[j];
	return i;
}

/* Where the tail starts: the last word when it takes at most 3/5 of w, else what fits of
 * the end in max columns. */
static size_t fit_tail(const wchar_t *wc, const int *widths, size_t n, int w, int max,
		       int *used)
{
	size_t j = n;

	*used = 0;
	while (j > 0 && wc[j - 1] != L' ')
		*used += widths[--j];
	if (j > 0 && *used <= (w - 1) * 3 / 5)
		return j;
	for (j = n, *used = 0; j > 0 && *used + widths[j - 1] <= max; j--)
		*used += widths[j - 1];
	return j;
}

/* Text that does not fit: the end (mode 1) or the middle (mode 2) gives way to an ellipsis,
 * so a cut name says it was cut; a module name keeps its model number at the end. */
int sd_draw_cell(int y, int x, int w, const char *utf8, enum sd_color_role role, int align,
		 int mode)
{
	wchar_t wbuf[512], out[512];
	int widths[512], total = 0, head, tail = 0, pad;
	size_t n, i, k, j = 0;

	if (w <= 0)
		return 0;
	n = to_wide(utf8, wbuf, widths, 512);
	for (i = 0; i < n; i++)
		total += widths[i];
	if (total <= w || mode == 0 || w < 4)
		return sd_draw_text(y, x, w, utf8, role, align);
	if (mode == 2) {
		j = fit_tail(wbuf, widths, n, w, w - 1 - (w - 1) * 2 / 5, &tail);
		k = fit_head(wbuf, widths, j, w - 1 - tail, 1, &head);
		if (j < n && wbuf[j] != L' ' && (j == 0 || wbuf[j - 1] != L' '))   /* a cut word: fill up */
			for (; j > k && head + 1 + tail + widths[j - 1] <= w; j--)
				tail += widths[j - 1];
	} else
		k = fit_head(wbuf, widths, n, w - 1, 0, &head);
	memcpy(out, wbuf, k * sizeof *out);
	out[k++] = ascii_mode ? L'~' : L'\u2026';
	for (i = j; mode == 2 && i < n; i++)
		out[k++] = wbuf[i];
	pad = w - (head + 1 + tail);   /* a wide character or a word that did not fit */
	if (align == 1)
		sd_draw_fill(y, x, pad, role), x += pad, pad = 0;
	attrset((attr_t)sd_theme_attr(role));
	mvaddnwstr(y, x, out, (int)k);
	sd_draw_fill(y, x + head + 1 + tail, pad, role);
	return head + 1 + tail;
}

/* Draws one glyph given as UTF-8, or its ASCII stand-in. */
static void glyph(int y, int x, const char *u, char a)
{
	char s[2] = { a, 0 };

	if (ascii_mode)
		mvaddstr(y, x, s);
	else {
		wchar_t w[2];
		mbstowcs(w, u, 2);
		mvaddnwstr(y, x, w, 1);
	}
}

void sd_draw_bar(int y, int x, int w, double pct, enum sd_color_role role)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int i, full, part;
	double cells;

	if (w <= 0)
		return;
	if (isnan(pct) || pct < 0) pct = 0;
	if (pct > 100) pct = 100;
	cells = pct / 100.0 * w;
	full = (int)cells;
	part = (int)((cells - full) * 8);
	attrset((attr_t)sd_theme_attr(role));
	for (i = 0; i < full; i++)
		glyph(y, x + i, "█", '#');
	if (full < w && part > 0 && !ascii_mode)
		glyph(y, x + full++, eighths[part], '#');
	attrset((attr_t)sd_theme_attr(SD_COLOR_DIM));
	for (i = full; i < w; i++)
		glyph(y, x + i, "░", '.');
}

void sd_draw_spark(int y, int x, int w, const double *v, size_t n, double lo, double hi,
		   enum sd_color_role role)
{
	static const char *const blocks[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char levels[] = "_.-=+*#@";
	size_t start = n > (size_t)w ? n - (size_t)w : 0, i;
	int lvl;

	sd_draw_fill(y, x, w, SD_COLOR_NORMAL);
	attrset((attr_t)sd_theme_attr(role));
	for (i = start; i < n; i++) {
		if (isnan(v[i]))
			continue;
		lvl = hi > lo ? (int)((v[i] - lo) / (hi - lo) * 7.0 + 0.5) : 7;
		if (lvl < 0) lvl = 0;
		if (lvl > 7) lvl = 7;
		glyph(y, x + (int)(i - start), blocks[lvl], levels[lvl]);
	}
}

/* A column chart h rows tall: one column (cw cells wide) per value, eighth blocks on top of
 * full ones, so h rows give 8h levels; ASCII: '#' and _ . - = for the partial cell. */
void sd_draw_columns(int y, int x, int h, int cw, const double *v, size_t n, double lo,
		     double hi, enum sd_color_role role)
{
	static const char *const part[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇" };
	static const char part_ascii[] = "_..--==";
	size_t i;
	int r, c, e, eighths;

	for (r = 0; r < h; r++)
		sd_draw_fill(y + r, x, (int)n * cw, SD_COLOR_NORMAL);
	attrset((attr_t)sd_theme_attr(role));
	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		eighths = hi > lo ? (int)((v[i] - lo) / (hi - lo) * h * 8 + 0.5) : h * 8;
		if (eighths < 1)
			eighths = 1;   /* a day with data never looks like a day without */
		if (eighths > h * 8)
			eighths = h * 8;
		for (r = 0; r < h; r++) {
			e = eighths - r * 8;
			if (e <= 0)
				break;
			for (c = 0; c < cw; c++)
				glyph(y + h - 1 - r, x + (int)i * cw + c, e >= 8 ? "█" : part[e - 1],
				      e >= 8 ? '#' : part_ascii[e - 1]);
		}
	}
}

/* 3x5 digit bitmaps, one string of 15 cells per character. */
static const char *big_glyph(char c)
{
	switch (c) {
	case '0': return "###" "# #" "# #" "# #" "###";
	case '1': return " # " "## " " # " " # " "###";
	case '2': return "###" "  #" "###" "#  " "###";
	case '3': return "###" "  #" " ##" "  #" "###";
	case '4': return "# #" "# #" "###" "  #" "  #";
	case '5': return "###" "#  " "###" "  #" "###";
	case '6': return "###" "#  " "###" "# #" "###";
	case '7': return "###" "  #" "  #" "  #" "  #";
	case '8': return "###" "# #" "###" "# #" "###";
	case '9': return "###" "# #" "###" "  #" "###";
	case '%': return "# #" "  #" " # " "#  " "# #";
	case '.': return "   " "   " "   " "   " " # ";
	case '-': return "   " "   " "###" "   " "   ";
	default:  return "   " "   " "   " "   " "   ";
	}
}

int sd_draw_big_width(const char *text)
{
	return (int)strlen(text) * 4;
}

int sd_draw_big(int y, int x, const char *text, enum sd_color_role role)
{
	size_t i;
	int r, c;
	const char *g;

	attrset((attr_t)sd_theme_attr(role));
	for (i = 0; text[i]; i++) {
		g = big_glyph(text[i]);
		for (r = 0; r < 5; r++)
			for (c = 0; c < 4; c++) {
				if (c < 3 && g[r * 3 + c] == '#')
					glyph(y + r, x + (int)i * 4 + c, "█", '#');
				else
					mvaddch(y + r, x + (int)i * 4 + c, ' ');
			}
	}
	return sd_draw_big_width(text);
}
