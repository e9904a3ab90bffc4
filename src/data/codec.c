/* Cache keys and the cached value format. A value carries its table and its provenance
 * (computed_at, compute_ms, views' refresh time, expiry for early refresh); decoding checks
 * every length, so a damaged or foreign value is a miss and never a crash. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/cache.h"

unsigned long long sd_cache_hash(const char *const *params, int nparams)
{
	unsigned long long h = 14695981039346656037ULL;   /* FNV-1a 64 */
	int i;

	for (i = 0; i < nparams; i++) {
		const unsigned char *p = (const unsigned char *)(params[i] ? params[i] : "");

		/* A separator that cannot occur in text keeps ("ab","c") apart from ("a","bc"),
		 * and NULL apart from "". */
		h = (h ^ (params[i] ? 0x1fu : 0x1eu)) * 1099511628211ULL;
		for (; *p; p++)
			h = (h ^ *p) * 1099511628211ULL;
	}
	return h;
}

char *sd_cache_key(const char *prefix, const char *query, const char *const *params,
		   int nparams, unsigned long long generation)
{
	return sd_asprintf("%s:v%d:%s:%016llx:g%llu", prefix, SD_CACHE_FORMAT, query,
			   sd_cache_hash(params, nparams), generation);
}

char *sd_cache_last_key(const char *prefix, const char *query, const char *const *params,
			int nparams)
{
	return sd_asprintf("%s:last:v%d:%s:%016llx", prefix, SD_CACHE_FORMAT, query,
			   sd_cache_hash(params, nparams));
}

int sd_cache_early_due(double now, double compute_ms, double beta, double expires_at, double rnd)
{
	if (beta <= 0 || rnd <= 0 || rnd > 1)
		return 0;
	return now - (compute_ms / 1000.0) * beta * log(rnd) >= expires_at;
}

/* ---- encoding: "SD1 computed_at compute_ms views_at expires ncols nrows\n", then per
 * column "<type>:<len>:<name>", then per cell "<len>:<bytes>" or "~" for NULL. ---- */

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = sd_realloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void put_str(struct buf *b, const char *s)
{
	char num[24];

	if (!s) {
		put(b, "~", 1);
		return;
	}
	snprintf(num, sizeof num, "%zu:", strlen(s));
	put(b, num, strlen(num));
	put(b, s, strlen(s));
}

char *sd_cache_encode(const struct sd_table *t, double expires_at, size_t *len)
{
	struct buf b = { NULL, 0, 0 };
	char head[192];
	size_t i;

	snprintf(head, sizeof head, "SD%d %.6f %.3f %.6f %.6f %zu %zu\n", SD_CACHE_FORMAT,
		 t->computed_at, t->compute_ms, t->views_refreshed_at, expires_at, t->ncols, t->nrows);
	put(&b, head, strlen(head));
	for (i = 0; i < t->ncols; i++) {
		snprintf(head, sizeof head, "%d:", (int)t->cols[i].type);
		put(&b, head, strlen(head));
		put_str(&b, t->cols[i].name);
	}
	for (i = 0; i < t->ncols * t->nrows; i++)
		put_str(&b, t->cells[i]);
	*len = b.len;
	return b.p;
}

struct rd {
	const char *p, *end;
};

/* Reads "<len>:<bytes>" or "~"; returns 0 and a new string (or NULL) in *out. */
static int get_str(struct rd *r, char **out)
{
	size_t n = 0;

	*out = NULL;
	if (r->p < r->end && *r->p == '~') {
		r->p++;
		return 0;
	}
	if (r->p >= r->end || *r->p < '0' || *r->p > '9')
		return -1;
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && n < 100000000)
		n = n * 10 + (size_t)(*r->p++ - '0');
	if (r->p >= r->end || *r->p++ != ':' || (size_t)(r->end - r->p) < n ||
	    memchr(r->p, '\0', n))
		return -1;
	*out = sd_strndup(r->p, n);
	r->p += n;
	return 0;
}

static int get_cols(struct rd *r, struct sd_table *t)
{
	size_t i;
	char *name;

	for (i = 0; i < t->ncols; i++) {
		int type = 0;

		if (r->p + 2 > r->end || *r->p < '0' || *r->p > '8' || r->p[1] != ':')
			return -1;
		type = *r->p - '0';
		r->p += 2;
		if (get_str(r, &name) || !name) {
			free(name);
			return -1;
		}
		sd_table_set_column(t, i, name, (enum sd_coltype)type);
		free(name);
	}
	return 0;
}

struct sd_table *sd_cache_decode(const char *buf, size_t len, double *expires_at)
{
	const char *nl = buf ? memchr(buf, '\n', len < 200 ? len : 200) : NULL;
	char head[200], magic[8];
	double cat, cms, vat, exp_at;
	size_t ncols, nrows, i;
	struct sd_table *t;
	struct rd r;

	if (!nl)
		return NULL;
	memcpy(head, buf, (size_t)(nl - buf));
	head[nl - buf] = '\0';
	if (sscanf(head, "%7s %lf %lf %lf %lf %zu %zu", magic, &cat, &cms, &vat, &exp_at,
		   &ncols, &nrows) != 7 || strcmp(magic, "SD1") != 0 ||
	    ncols > 1000 || (ncols && nrows > len / ncols) || (!ncols && nrows))
		return NULL;
	r.p = nl + 1;
	r.end = buf + len;
	t = sd_table_new(ncols, nrows);
	if (get_cols(&r, t))
		goto bad;
	for (i = 0; i < ncols * nrows; i++)
		if (get_str(&r, &t->cells[i]))
			goto bad;
	if (r.p != r.end)
		goto bad;
	t->source = SD_SRC_CACHE;
	t->computed_at = cat;
	t->compute_ms = cms;
	t->views_refreshed_at = vat;
	if (expires_at)
		*expires_at = exp_at;
	return t;
bad:
	sd_table_free(t);
	return NULL;
}
