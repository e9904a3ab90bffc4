/* The module catalogue of the demo: a CEC-format CSV (27 plain comma-separated columns, row 1
 * names, rows 2-3 units and SAM names) validated row by row and streamed into module_catalog
 * with COPY; bad rows are reported as file:line and skipped. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "solardash/catalog.h"
#include "solardash/db_admin.h"
#include "solardash/db_catalog.h"
#include "solardash/error.h"

#define SQL_COPY_CATALOG sd_catalog_sql("catalog_copy")

/* Columns the catalogue needs, found by name in row 1. */
enum { C_NAME, C_MAKER, C_TECH, C_BIFACIAL, C_STC, C_VOC, C_ISC, C_AREA, C_CELLS, C_COUNT };
static const char *const column_names[C_COUNT] = {
	"Name", "Manufacturer", "Technology", "Bifacial", "STC", "V_oc_ref", "I_sc_ref", "A_c", "N_s"
};

#define MAX_FIELDS 64

static int split_csv(char *line, char **fields)
{
	int n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	fields[n++] = p;
	while ((p = strchr(p, ',')) && n < MAX_FIELDS) {
		*p++ = '\0';
		fields[n++] = p;
	}
	return n;
}

static int positive_number(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return *s && !*end && errno == 0 && *v > 0;
}

/* NULL when the row is good, else why not. */
static const char *check_row(char **f, int nf, int ncols, const int *col)
{
	double v;
	int i;

	if (nf != ncols)
		return "wrong number of columns";
	if (!*f[col[C_NAME]])
		return "empty Name";
	if (!*f[col[C_MAKER]] || !*f[col[C_TECH]])
		return "empty Manufacturer or Technology";
	for (i = C_STC; i <= C_AREA; i++)
		if (!positive_number(f[col[i]], &v))
			return "STC, V_oc_ref, I_sc_ref and A_c must be numbers above 0";
	if (!positive_number(f[col[C_CELLS]], &v) || v != (long)v)
		return "N_s must be a whole number above 0";
	if (strcmp(f[col[C_BIFACIAL]], "0") && strcmp(f[col[C_BIFACIAL]], "1"))
		return "Bifacial must be 0 or 1";
	return NULL;
}

/* COPY text format: backslash, tab, newline and carriage return are escaped. */
static void put_field(struct sd_copybuf *b, const char *s, int last)
{
	for (; *s; s++) {
		const char *esc = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n" :
			*s == '\r' ? "\\r" : NULL;
		if (esc)
			sd_copybuf_add(b, esc, strlen(esc));
		else
			sd_copybuf_add(b, s, 1);
	}
	sd_copybuf_add(b, last ? "\n" : "\t", 1);
}

static void put_row(struct sd_copybuf *b, char **f, const int *col)
{
	int i;

	for (i = 0; i < C_COUNT; i++) {
		if (i == C_BIFACIAL)
			put_field(b, strcmp(f[col[i]], "1") == 0 ? "t" : "f", 0);
		else
			put_field(b, f[col[i]], i == C_COUNT - 1);
	}
}

static int find_columns(char *header, int *col, int *ncols, const char *path, char *err,
	size_t errlen)
{
	char *f[MAX_FIELDS];
	int i, j;

	*ncols = split_csv(header, f);
	for (i = 0; i < C_COUNT; i++) {
		for (col[i] = -1, j = 0; j < *ncols; j++)
			if (strcmp(f[j], column_names[i]) == 0)
				col[i] = j;
		if (col[i] < 0) {
			snprintf(err, errlen, "%s:1: not a CEC module catalogue: no column '%s'",
				path, column_names[i]);
			return -1;
		}
	}
	return 0;
}

/* Reads the file into b as COPY rows; counts good and bad rows. */
int sd_catalog_read(const char *path, struct sd_copybuf *b, long *good, long *bad,
	char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *f[MAX_FIELDS];
	size_t cap = 0;
	long lineno = 0;
	int col[C_COUNT], ncols = 0, nf;
	const char *why;
	int hdr_bad = 0;

	struct stat st;

	*good = *bad = 0;
	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory, not a CSV file", path);
		fclose(fp);
		return -1;
	}
	while (getline(&line, &cap, fp) != -1) {
		lineno++;
		/* A spreadsheet program may have saved it with a UTF-8 byte order mark. */
		if (lineno == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0)
			memmove(line, line + 3, strlen(line + 3) + 1);
		if (lineno == 1) {
			if (find_columns(line, col, &ncols, path, err, errlen) != 0) {
				hdr_bad = 1;
				break;
			}
			continue;
		}
		nf = split_csv(line, f);
		/* Rows 2 and 3 are units and SAM variable names. */
		if (lineno <= 3 && (strcmp(f[0], "Units") == 0 || strcmp(f[0], "[0]") == 0))
			continue;
		if (nf == 1 && !*f[0])
			continue;
		if ((why = check_row(f, nf, ncols, col))) {
			fprintf(stderr, "%s:%ld: skipped: %s\n", path, lineno, why);
			(*bad)++;
			continue;
		}
		put_row(b, f, col);
		(*good)++;
	}
	free(line);
	fclose(fp);
	if (hdr_bad)
		return -1;
	if (*good == 0) {
		snprintf(err, errlen, "%s: no usable module rows", path);
		return -1;
	}
	return 0;
}

/* Made-up models, used when no catalogue file is found. */
static const char builtin_catalog[] =
	"Solardash Demo SD-60M-300\tSolardash Demo\tMono-c-Si\tf\t300.1\t39.8\t9.71\t1.63\t60\n"
	"Solardash Demo SD-60M-310\tSolardash Demo\tMono-c-Si\tf\t310.4\t40.2\t9.86\t1.63\t60\n"
	"Solardash Demo SD-72M-370\tSolardash Demo\tMono-c-Si\tf\t370.2\t48.1\t9.79\t1.96\t72\n"
	"Solardash Demo SD-72P-340\tSolardash Demo\tMulti-c-Si\tf\t340.6\t46.9\t9.30\t1.96\t72\n"
	"Solardash Demo SD-120H-400\tSolardash Demo\tMono-c-Si\tt\t400.3\t37.4\t13.71\t1.94\t120\n"
	"Solardash Demo SD-144H-545\tSolardash Demo\tMono-c-Si\tt\t545.0\t49.6\t13.93\t2.58\t144\n";

void sd_catalog_builtin(struct sd_copybuf *b, long *rows)
{
	const char *p;

	sd_copybuf_add(b, builtin_catalog, sizeof builtin_catalog - 1);
	for (*rows = 0, p = builtin_catalog; *p; p++)
		*rows += *p == '\n';
}

void sd_copybuf_add(struct sd_copybuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->data = sd_realloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Streams b into module_catalog; the caller holds the transaction. */
int sd_catalog_copy(PGconn *conn, const struct sd_copybuf *b, char *err, size_t errlen)
{
	PGresult *res = PQexec(conn, SQL_COPY_CATALOG);
	int ok;

	if (PQresultStatus(res) != PGRES_COPY_IN) {
		snprintf(err, errlen, "COPY module_catalog: %s", PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	ok = PQputCopyData(conn, b->data, (int)b->len) == 1 && PQputCopyEnd(conn, NULL) == 1;
	res = PQgetResult(conn);
	if (!ok || PQresultStatus(res) != PGRES_COMMAND_OK) {
		snprintf(err, errlen, "COPY module_catalog: %s",
			ok ? PQresultErrorMessage(res) : PQerrorMessage(conn));
		ok = 0;
	}
	PQclear(res);
	while ((res = PQgetResult(conn)))
		PQclear(res);
	return ok ? 0 : -1;
}
