/* Migrations read from a directory (`db migrate --dir DIR`) instead of the compiled-in set:
 * for trying out a new migration, and for the tests of a failing one. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/db_admin.h"
#include "solardash/error.h"

static int is_sql(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 && strcmp(d->d_name + n - 4, ".sql") == 0;
}

static char *slurp(const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4096)
			buf = sd_realloc(buf, cap = cap * 2 + 8192);
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		buf = NULL;
	} else {
		buf[len] = '\0';
	}
	fclose(fp);
	return buf;
}

struct sd_sql_file *sd_sql_files_read_dir(const char *dir, char *err, size_t errlen)
{
	struct dirent **names;
	struct sd_sql_file *files;
	int n, i, bad = 0;
	char *path;

	n = scandir(dir, &names, is_sql, alphasort);
	if (n < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	files = sd_calloc((size_t)n + 1, sizeof *files);
	for (i = 0; i < n; i++) {
		path = sd_asprintf("%s/%s", dir, names[i]->d_name);
		files[i].name = sd_strdup(names[i]->d_name);
		if (!bad && !(files[i].sql = slurp(path, err, errlen)))
			bad = 1;
		free(path);
		free(names[i]);
	}
	free(names);
	if (n == 0 && !bad) {
		snprintf(err, errlen, "%s: no *.sql files", dir);
		bad = 1;
	}
	if (bad) {
		sd_sql_files_free(files);
		return NULL;
	}
	return files;
}

void sd_sql_files_free(struct sd_sql_file *files)
{
	struct sd_sql_file *f;

	if (!files)
		return;
	for (f = files; f->name; f++) {
		free((char *)f->name);
		free((char *)f->sql);
	}
	free(files);
}
