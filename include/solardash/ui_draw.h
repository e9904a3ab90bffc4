/* Drawing helpers shared by every screen: width-aware text cells, the one column drawer
 * (struct sd_pane: a table with sort, search, cursor), progress bars, sparklines and big
 * digits. They draw on stdscr from sd_table structs only; no server is ever called. */
#ifndef SOLARDASH_UI_DRAW_H
#define SOLARDASH_UI_DRAW_H

#include <stddef.h>

#include "solardash/result.h"
#include "solardash/ui_keys.h"
#include "solardash/ui_theme.h"

/* Set once by ui init: ASCII fallback (LC_ALL=C, TERM=vt100/linux). */
void sd_draw_set_ascii(int ascii);
int sd_draw_ascii(void);

/* Display width of UTF-8 text after sanitising (what sd_draw_text would use). */
int sd_draw_width(const char *utf8);
/* Draws sanitised text at y,x in exactly w columns (clipped, padded); align: 0 left,
 * 1 right, 2 centre. Wide characters never straddle the edge. Returns columns used. */
int sd_draw_text(int y, int x, int w, const char *utf8, enum sd_color_role role, int align);
/* Like sd_draw_text, but text too wide for w ends in an ellipsis (mode 1) or loses its
 * middle (mode 2: "LONGi Gre…LR6-60HIH-305M"); mode 0 clips. */
int sd_draw_cell(int y, int x, int w, const char *utf8, enum sd_color_role role, int align,
		 int mode);
/* Fills w columns with spaces in a role. */
void sd_draw_fill(int y, int x, int w, enum sd_color_role role);
/* A horizontal bar of pct (0..100) in w columns: eighth blocks, or '#' in ASCII. */
void sd_draw_bar(int y, int x, int w, double pct, enum sd_color_role role);
/* A sparkline of n values (min..max scaled, NaN = gap) in w columns (the last w values). */
void sd_draw_spark(int y, int x, int w, const double *v, size_t n, double lo, double hi,
		   enum sd_color_role role);
/* A column chart of n values (lo..hi, NaN = gap) in h rows, each value cw columns wide. */
void sd_draw_columns(int y, int x, int h, int cw, const double *v, size_t n, double lo,
		     double hi, enum sd_color_role role);
/* A number in big digits (5 rows tall, 4 columns per character). Returns the width. */
int sd_draw_big(int y, int x, const char *text, enum sd_color_role role);
int sd_draw_big_width(const char *text);

/* Formatting helpers (into buf): "3h 05m", "4 min ago", "87.5%". */
const char *sd_fmt_duration(double seconds, char *buf, size_t size);
const char *sd_fmt_ago(double seconds, char *buf, size_t size);
/* Parses PostgreSQL timestamptz / date text to unix time; -1 when unparsable. */
double sd_parse_time(const char *s);
/* Wall-clock time in seconds for ages and timers. */
double sd_ui_now(void);

/* How a column's cells are shown. */
enum sd_fmt {
	SD_FMT_TEXT,     /* cut with an ellipsis at the end when too wide */
	SD_FMT_NAME,     /* text cut in the middle (module names keep the model number) */
	SD_FMT_NUM,      /* right aligned as is */
	SD_FMT_INT,      /* right aligned, rounded */
	SD_FMT_PCT,      /* "87.5%", NULL "—" */
	SD_FMT_PCTBAR,   /* bar plus "87.5%" */
	SD_FMT_RESULT,   /* PASS / FAIL words with ok/fail roles */
	SD_FMT_AGE,      /* timestamp → "12 min ago" */
	SD_FMT_SINCE,    /* timestamp → waiting time "3h 05m" */
	SD_FMT_HOURS,    /* numeric hours → "3h 05m" */
	SD_FMT_MS,       /* milliseconds → "850 ms", "2.3 s" */
	SD_FMT_DATE,     /* first 10 characters */
	SD_FMT_TIME,     /* timestamp → "MM-DD HH:MM" */
	SD_FMT_BOOL,     /* yes / no */
	SD_FMT_BYTES     /* bytes → "16 kB"; text (pg_size_pretty) as is */
};

struct sd_colspec {
	const char *col;      /* column name in the table */
	const char *header;
	int width;            /* minimum width; the flex column takes the rest */
	enum sd_fmt fmt;
	int flex;             /* this column grows */
};

struct sd_pane;
/* Optional per-row state: returns a colour role for the row's marker and fills a short
 * text marker ("LATE", "RISK") so the state is not shown by colour alone. */
typedef enum sd_color_role (*sd_row_state_fn)(const struct sd_pane *p, size_t row,
					      const char **marker);

struct sd_pane {
	const char *title;
	const struct sd_colspec *cols;
	size_t ncols;
	sd_row_state_fn row_state;
	const char *empty;        /* shown when there are no rows */
	const void *ctx;          /* for row_state: e.g. the config's thresholds */

	struct sd_table *table;   /* owned; NULL before the first fetch */
	size_t *order;            /* indexes of shown rows (filtered, sorted) */
	size_t nshown;
	int sort;                 /* index into cols; -1 = table order */
	int desc;
	size_t cursor, top;
	int page;                 /* rows visible at the last draw */
	char filter[64];
	char error[160];          /* last fetch error, shown in the pane title */
};

void sd_pane_init(struct sd_pane *p, const char *title, const struct sd_colspec *cols,
		  size_t ncols);
void sd_pane_done(struct sd_pane *p);
/* Takes ownership of t (may be NULL: keeps the old table, marks the error). */
void sd_pane_set_table(struct sd_pane *p, struct sd_table *t);
void sd_pane_set_filter(struct sd_pane *p, const char *text);
/* The table row under the cursor, or -1. */
long sd_pane_current(const struct sd_pane *p);
/* Cursor, paging, sort: returns SD_UI_* flags (0 when the action is not the pane's). */
int sd_pane_action(struct sd_pane *p, enum sd_action a);
/* Draws title, header and rows in the rectangle. */
void sd_pane_draw(struct sd_pane *p, int y, int x, int h, int w, int focused);
/* Cell text as shown (formatted); buf for the formatted value. */
const char *sd_pane_cell(const struct sd_pane *p, size_t row, size_t c, char *buf,
			 size_t size, enum sd_color_role *role);
/* A cell by column name in table row r (NULL when missing). */
const char *sd_cell(const struct sd_table *t, size_t r, const char *col);
int sd_cell_double(const struct sd_table *t, size_t r, const char *col, double *out);

#endif
