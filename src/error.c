/* Error codes, the per-thread detail message, and allocation that never returns NULL. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/error.h"
#include "solardash/sanitize.h"

static const char *const messages[SD_ERR_COUNT] = {
#define SD_ERR_MSG(name, msg) [name] = msg,
	SD_ERRORS(SD_ERR_MSG)
#undef SD_ERR_MSG
};

static __thread char last_message[1024];
static void (*fatal_hook)(void);

const char *sd_strerror(sd_err err)
{
	if ((int)err < 0 || err >= SD_ERR_COUNT)
		return "unknown error";
	return messages[err];
}

/* Messages quote server errors, file names and command-line values: they go through the
 * one sanitiser, so an escape sequence in any of them reaches no terminal or log viewer. */
void sd_err_set(const char *fmt, ...)
{
	char raw[sizeof last_message];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	sd_sanitize_into(last_message, sizeof last_message, raw, 0);
}

const char *sd_err_last(void)
{
	return last_message;
}

void sd_err_clear(void)
{
	last_message[0] = '\0';
}

void sd_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void sd_oom(void)
{
	if (fatal_hook)
		fatal_hook();
	fputs("solardash: out of memory\n", stderr);
	abort();
}

void *sd_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		sd_oom();
	return p;
}

void *sd_calloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);

	if (!p)
		sd_oom();
	return p;
}

void *sd_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		sd_oom();
	return q;
}

char *sd_strdup(const char *s)
{
	return sd_strndup(s, strlen(s));
}

char *sd_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = sd_malloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *sd_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		sd_oom();
	p = sd_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
