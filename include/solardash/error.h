/* One error enum for the whole program, with a message table (see src/error.c).
 * Functions return sd_err; details for the user go through sd_err_set(). */
#ifndef SOLARDASH_ERROR_H
#define SOLARDASH_ERROR_H

#include <stddef.h>

#define SD_ERRORS(X) \
	X(SD_OK,          "success") \
	X(SD_ERR_USAGE,   "invalid command line") \
	X(SD_ERR_CONFIG,  "invalid configuration") \
	X(SD_ERR_NOMEM,   "out of memory") \
	X(SD_ERR_IO,      "input/output error") \
	X(SD_ERR_DB,      "database error") \
	X(SD_ERR_CACHE,   "cache error") \
	X(SD_ERR_TIMEOUT, "timed out") \
	X(SD_ERR_DATA,    "invalid data") \
	X(SD_ERR_BUSY,    "already running") \
	X(SD_ERR_DENIED,  "permission denied") \
	X(SD_ERR_NOTFOUND,"not found")

typedef enum {
#define SD_ERR_ENUM(name, msg) name,
	SD_ERRORS(SD_ERR_ENUM)
#undef SD_ERR_ENUM
	SD_ERR_COUNT
} sd_err;

/* Short fixed text for a code. */
const char *sd_strerror(sd_err err);

/* The last detailed message (per thread), e.g. "solardash.conf:12: port out of range". */
void sd_err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *sd_err_last(void);
void sd_err_clear(void);

/* Out of memory: restore the terminal (through the registered hook) and abort. */
void sd_oom(void) __attribute__((noreturn));
void sd_set_fatal_hook(void (*hook)(void));

/* Allocation helpers that never return NULL. */
void *sd_malloc(size_t n);
void *sd_calloc(size_t count, size_t n);
void *sd_realloc(void *p, size_t n);
char *sd_strdup(const char *s);
char *sd_strndup(const char *s, size_t n);
char *sd_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
