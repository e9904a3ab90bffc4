/* Cache metrics per role and query, kept in Redis (so every terminal adds to the same
 * counters) and flushed by the admin jobs to the cache_performance_metrics table. */
#ifndef SOLARDASH_METRICS_H
#define SOLARDASH_METRICS_H

#include <stddef.h>

#include "solardash/cache.h"

enum sd_metric_kind { SD_METRIC_HIT, SD_METRIC_MISS, SD_METRIC_WARM, SD_METRIC_ERROR };

/* Counts one event and its latency (ms; < 0 = none), in one pipelined round trip. */
void sd_metrics_record(struct sd_cache *c, const char *role, const char *query,
		       enum sd_metric_kind kind, double latency_ms);

struct sd_metrics_row {
	char role[32];
	char query[64];
	long long hits, misses, warm_loads, errors;
	double avg_ms, p95_ms;
	/* what was read, to subtract after a flush */
	double lat_sum;
	long long lat_n, samples;
};

/* Every counter under the prefix (SCAN). Returns the number of rows, -1 on failure. */
long sd_metrics_collect(struct sd_cache *c, struct sd_metrics_row **rows);
/* Subtracts what collect read (counters keep what arrived since). */
void sd_metrics_subtract(struct sd_cache *c, const struct sd_metrics_row *rows, size_t n);

#endif
