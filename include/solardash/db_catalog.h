/* The demo's module catalogue: reading a CEC-format CSV into COPY rows for module_catalog,
 * or the built-in made-up models when there is no file (src/db/catalog.c). */
#ifndef SOLARDASH_DB_CATALOG_H
#define SOLARDASH_DB_CATALOG_H

#include <stddef.h>
#include <libpq-fe.h>

/* COPY text-format rows being built up; zero-initialise, free(data) when done. */
struct sd_copybuf {
	char *data;
	size_t len, cap;
};

void sd_copybuf_add(struct sd_copybuf *b, const char *s, size_t n);

/* Good rows go into b; bad ones are reported on stderr as path:line and counted.
 * Returns -1 (message in err) when the file cannot be read or has no good row. */
int sd_catalog_read(const char *path, struct sd_copybuf *b, long *good, long *bad,
	char *err, size_t errlen);
void sd_catalog_builtin(struct sd_copybuf *b, long *rows);
int sd_catalog_copy(PGconn *conn, const struct sd_copybuf *b, char *err, size_t errlen);

#endif
