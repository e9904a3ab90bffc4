/* Printers for result tables (aligned text, CSV, JSON) and the commands' shared config
 * loading. Every string from the database goes through sd_sanitize, so an escape sequence
 * in a note cannot reach the terminal through --once either. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "solardash/output.h"
#include "solardash/sanitize.h"

int sd_format_parse(const char *name)
{
	if (!name || !strcmp(name, "table"))
		return SD_FMT_TABLE;
	if (!strcmp(name, "csv"))
		return SD_FMT_CSV;
	if (!strcmp(name, "json"))
		return SD_FMT_JSON;
	return -1;
}

void sd_format_time(double t, char *buf, size_t size)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (t <= 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	gmtime_r(&s, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void sd_cmd_config_warning(const char *msg)
{
	char *safe = sd_sanitize(msg, 0);   /* it names the file, which -c may give */

	fprintf(stderr, "solardash: warning: %s\n", safe);
	free(safe);
}

int sd_cmd_load_config(const struct sd_cli_opts *opts, struct sd_config *cfg)
{
	sd_config_init(cfg);
	if (sd_config_load(cfg, opts->config_path, sd_cmd_config_warning) != SD_OK) {
		fprintf(stderr, "solardash: %s\n", sd_err_last());
		sd_config_done(cfg);
		return -1;
	}
	return 0;
}

/* Display width of sanitised UTF-8 text, as a terminal shows it: wide (CJK) characters take
 * two columns, combining marks none. The printers run without setlocale(), so the widths
 * come from a C.UTF-8 locale of their own; without one, every code point counts one. */
static size_t width(const char *s)
{
	static locale_t utf8;
	static int tried;
	locale_t old;
	mbstate_t st;
	size_t w = 0, len;
	wchar_t wc;
	int cw;

	if (!tried) {
		tried = 1;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (!utf8) {
		for (; *s; s++)
			w += ((unsigned char)*s & 0xc0) != 0x80;
		return w;
	}
	old = uselocale(utf8);
	memset(&st, 0, sizeof st);
	while (*s) {
		len = mbrtowc(&wc, s, strlen(s), &st);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			memset(&st, 0, sizeof st);
			len = 1;
			cw = 1;
		} else {
			cw = wcwidth(wc);
			if (cw < 0)
				cw = 1;
		}
		w += (size_t)cw;
		s += len;
	}
	uselocale(old);
	return w;
}

static int right_aligned(enum sd_coltype t)
{
	return t == SD_COL_INT || t == SD_COL_NUMERIC;
}

/* ---- table ---- */

static char **sanitized_cells(const struct sd_table *t)
{
	size_t i, n = t->ncols * t->nrows;
	char **s = sd_calloc(n + 1, sizeof *s);

	for (i = 0; i < n; i++)
		s[i] = t->cells[i] ? sd_sanitize(t->cells[i], 0) : sd_strdup("-");
	return s;
}

static void free_cells(char **s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

static void provenance(FILE *out, const struct sd_table *t)
{
	char at[32], views[32];

	sd_format_time(t->computed_at, at, sizeof at);
	sd_format_time(t->views_refreshed_at, views, sizeof views);
	fprintf(out, "(%s, computed %s in %.1f ms, %.0f s ago", sd_source_name(t->source), at,
		t->compute_ms, t->computed_at > 0 ? difftime(time(NULL), (time_t)t->computed_at) : 0.0);
	if (views[0])
		fprintf(out, ", views refreshed %s", views);
	fprintf(out, ")\n");
}

static void print_text(FILE *out, const char *title, const struct sd_table *t)
{
	char **cells = sanitized_cells(t);
	size_t *w = sd_calloc(t->ncols + 1, sizeof *w), r, c;

	fprintf(out, "== %s ", title);
	provenance(out, t);
	for (c = 0; c < t->ncols; c++) {
		w[c] = width(t->cols[c].name);
		for (r = 0; r < t->nrows; r++)
			if (width(cells[r * t->ncols + c]) > w[c])
				w[c] = width(cells[r * t->ncols + c]);
	}
	for (c = 0; c < t->ncols; c++)
		fprintf(out, "%s%-*s", c ? "  " : "", c + 1 < t->ncols ? (int)w[c] : 0, t->cols[c].name);
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = cells[r * t->ncols + c];
			int pad = (int)(w[c] - width(s));

			fprintf(out, "%s", c ? "  " : "");
			if (right_aligned(t->cols[c].type))
				fprintf(out, "%*s%s", pad, "", s);
			else
				fprintf(out, "%s%*s", s, c + 1 < t->ncols ? pad : 0, "");
		}
		fputc('\n', out);
	}
	if (!t->nrows)
		fprintf(out, "(no rows)\n");
	free_cells(cells, t->ncols * t->nrows);
	free(w);
}

/* ---- CSV (RFC 4180; NULL is an empty field, empty text is "") ---- */

static void csv_field(FILE *out, const char *v)
{
	char *s;
	const char *p;

	if (!v)
		return;
	s = sd_sanitize(v, 0);
	if (!*s || strpbrk(s, ",\"\r\n")) {
		fputc('"', out);
		for (p = s; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
	free(s);
}

static void print_csv(FILE *out, const char *query, const struct sd_table *t, int first)
{
	char at[32];
	size_t r, c;

	sd_format_time(t->computed_at, at, sizeof at);
	if (!first)
		fputc('\n', out);
	fprintf(out, "# %s: source=%s computed_at=%s\n", query, sd_source_name(t->source), at);
	for (c = 0; c < t->ncols; c++) {
		if (c)
			fputc(',', out);
		csv_field(out, t->cols[c].name);
	}
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', out);
			csv_field(out, sd_table_get(t, r, c));
		}
		fputc('\n', out);
	}
}

/* ---- JSON ---- */

static void json_string(FILE *out, const char *v)
{
	char *s = sd_sanitize(v ? v : "", 0);
	const char *p;

	fputc('"', out);
	for (p = s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fputc('\\', out);
		fputc(*p, out);
	}
	fputc('"', out);
	free(s);
}

/* A number as JSON wants it: digits, one optional point and exponent; else a string. */
static int json_number_ok(const char *v)
{
	char *end;

	if (!*v || strpbrk(v, "nNiI") || v[0] == '+' || v[0] == '.' ||
	    (v[0] == '-' && v[1] == '.') || (v[0] == '0' && v[1] >= '0' && v[1] <= '9'))
		return 0;
	strtod(v, &end);
	return *end == '\0';
}

static void json_value(FILE *out, enum sd_coltype type, const char *v)
{
	if (!v)
		fputs("null", out);
	else if ((type == SD_COL_INT || type == SD_COL_NUMERIC) && json_number_ok(v))
		fputs(v, out);
	else if (type == SD_COL_BOOL && (!strcmp(v, "t") || !strcmp(v, "f")))
		fputs(v[0] == 't' ? "true" : "false", out);
	else
		json_string(out, v);
}

static const char *const type_names[] = {
	"text", "int", "numeric", "bool", "date", "time", "interval", "uuid", "json"
};

static void json_meta(FILE *out, const char *query, const char *title, const struct sd_table *t)
{
	char at[32], views[32];

	sd_format_time(t->computed_at, at, sizeof at);
	sd_format_time(t->views_refreshed_at, views, sizeof views);
	fputs("{\"query\":", out);
	json_string(out, query);
	fputs(",\"title\":", out);
	json_string(out, title);
	fprintf(out, ",\"source\":\"%s\",\"computed_at\":", sd_source_name(t->source));
	json_value(out, SD_COL_TEXT, at[0] ? at : NULL);
	fprintf(out, ",\"compute_ms\":%.3f,\"views_refreshed_at\":", t->compute_ms);
	json_value(out, SD_COL_TEXT, views[0] ? views : NULL);
}

static void print_json(FILE *out, const char *query, const char *title, const struct sd_table *t,
		       int first)
{
	size_t r, c;

	if (!first)
		fputc(',', out);
	json_meta(out, query, title, t);
	fputs(",\"columns\":[", out);
	for (c = 0; c < t->ncols; c++) {
		fputs(c ? ",{\"name\":" : "{\"name\":", out);
		json_string(out, t->cols[c].name);
		fprintf(out, ",\"type\":\"%s\"}", type_names[t->cols[c].type]);
	}
	fputs("],\"rows\":[", out);
	for (r = 0; r < t->nrows; r++) {
		fputs(r ? ",[" : "[", out);
		for (c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', out);
			json_value(out, t->cols[c].type, sd_table_get(t, r, c));
		}
		fputc(']', out);
	}
	fputs("]}", out);
}

void sd_output_begin(FILE *out, enum sd_format fmt, const char *name)
{
	if (fmt != SD_FMT_JSON)
		return;
	fputs("{\"screen\":", out);
	json_string(out, name);
	fputs(",\"tables\":[", out);
}

void sd_output_table(FILE *out, enum sd_format fmt, const char *query, const char *title,
		     const struct sd_table *t, int first)
{
	switch (fmt) {
	case SD_FMT_TABLE:
		if (!first)
			fputc('\n', out);
		print_text(out, title, t);
		break;
	case SD_FMT_CSV:
		print_csv(out, query, t, first);
		break;
	case SD_FMT_JSON:
		print_json(out, query, title, t, first);
		break;
	}
}

void sd_output_end(FILE *out, enum sd_format fmt)
{
	if (fmt == SD_FMT_JSON)
		fputs("]}\n", out);
}
