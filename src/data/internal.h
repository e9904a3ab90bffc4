/* Shared state of the data layer files (src/data.c and src/data/), not for screens. */
#ifndef SOLARDASH_DATA_INTERNAL_H
#define SOLARDASH_DATA_INTERNAL_H

#include "solardash/cache.h"
#include "solardash/catalog.h"
#include "solardash/data.h"
#include "solardash/db.h"

#define SD_MAX_VIEWS 16

struct sd_gen {
	char view[64];
	unsigned long long generation;
	double refreshed_at;
};

/* The last good table of each (query, params), in memory: shown when both servers fail. */
struct sd_memo {
	char *key;
	struct sd_table *table;
	struct sd_memo *next;
};

struct sd_data {
	const struct sd_config *cfg;   /* the caller's; outlives the layer */
	struct sd_db *db;
	struct sd_cache *cache;
	int role;                      /* -1 until sd_data_set_identity */
	char *user;
	char *channel;                 /* "<prefix>:events" */
	struct sd_gen gens[SD_MAX_VIEWS];
	int ngens;
	double gens_at;                /* when gens was read; 0 = never */
	unsigned long gen_sum;
	struct sd_memo *memo;
	int db_was_up, cache_was_up;
};

/* src/data/gens.c: the refresh generations of the views, shared through Redis. */
void sd_gens_load(struct sd_data *d, int force);
unsigned long long sd_gens_for(struct sd_data *d, const struct sd_query *q, double *refreshed_at);
void sd_gens_announce(struct sd_data *d);

/* src/data.c */
const char *sd_data_role_name(const struct sd_data *d);
sd_err sd_data_fetch_as(struct sd_data *d, const struct sd_query *q, const char *const *params,
			int nparams, int ttl_s, int warm, int *computed, struct sd_table **out);

#endif
