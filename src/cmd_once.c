/* --once SCREEN: a screen's data without curses, through the same cache path as the
 * dashboard, printed as a table, CSV or JSON. All queries are read before anything is
 * printed, so a failure leaves no half-written output. */
#include "config.h"

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solardash/catalog.h"
#include "solardash/commands.h"
#include "solardash/data.h"
#include "solardash/output.h"

#define MAX_TABLES 8

struct screen_data {
	const char *queries[MAX_TABLES];
	const char *titles[MAX_TABLES];
	struct sd_table *tables[MAX_TABLES];
	int n;
};

static int station_of(const struct sd_cli_opts *opts, const struct sd_config *cfg, char *buf,
		      size_t size)
{
	char *end;
	long v;

	if (!opts->station) {
		if (cfg->station_id <= 0)
			return -1;
		snprintf(buf, size, "%d", cfg->station_id);
		return 0;
	}
	v = strtol(opts->station, &end, 10);
	if (*end || v <= 0 || v > 2147483647L)
		return -1;
	snprintf(buf, size, "%ld", v);
	return 0;
}

static sd_err read_cache_screen(struct sd_data *d, struct screen_data *s)
{
	sd_err rc = sd_data_cache_health(d, &s->tables[0]);

	if (rc != SD_OK)
		return rc;
	s->queries[0] = "cache_health";
	s->titles[0] = "Cache health";
	s->n = 1;
	if (sd_data_cache_metrics(d, &s->tables[1]) == SD_OK) {
		s->queries[1] = "cache_metrics";
		s->titles[1] = "Cache metrics per role and query";
		s->n = 2;
	}
	return SD_OK;
}

static sd_err read_screen(struct sd_data *d, const struct sd_screen_queries *sq,
			  const char *station, struct screen_data *s)
{
	const char *params[1] = { station };
	int i;

	if (!strcmp(sq->screen, "cache"))
		return read_cache_screen(d, s);
	for (i = 0; sq->queries[i] && i < MAX_TABLES; i++) {
		const struct sd_query *q = sd_catalog_find(sq->queries[i]);
		sd_err rc = sd_data_fetch(d, q->name, params, q->nparams, &s->tables[i]);

		if (rc != SD_OK)
			return rc;
		s->queries[i] = q->name;
		s->titles[i] = q->title;
		s->n = i + 1;
	}
	return SD_OK;
}

static int print_screen(const char *screen, enum sd_format fmt, struct screen_data *s)
{
	int i;

	sd_output_begin(stdout, fmt, screen);
	for (i = 0; i < s->n; i++)
		sd_output_table(stdout, fmt, s->queries[i], s->titles[i], s->tables[i], i == 0);
	sd_output_end(stdout, fmt);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* The reader has had enough (| head): as quiet as a SIGPIPE would have been. */
		if (errno == EPIPE)
			return SD_EXIT_OK;
		perror("solardash: --once: writing the output");
		return SD_EXIT_FAILURE;
	}
	return SD_EXIT_OK;
}

static int usage(const char *msg)
{
	fprintf(stderr, "solardash: --once: %s\nTry 'solardash --help' for more information.\n", msg);
	return SD_EXIT_USAGE;
}

int sd_cmd_once(const struct sd_cli_opts *opts)
{
	const struct sd_screen_queries *sq = sd_catalog_screen(opts->once_screen);
	struct screen_data s = { { 0 }, { 0 }, { 0 }, 0 };
	struct sd_config cfg;
	struct sd_data *d;
	char station[24] = "";
	int fmt = sd_format_parse(opts->format), rc, i;

	if (!sq)
		return usage("SCREEN is one of queue, orders, quality, views, partitions, cache");
	if (fmt < 0)
		return usage("--format wants table, csv or json");
	if (sd_cmd_load_config(opts, &cfg))
		return SD_EXIT_FAILURE;
	if (sq->needs_station && station_of(opts, &cfg, station, sizeof station)) {
		sd_config_done(&cfg);
		return usage("the queue screen needs --station ID (a positive number)");
	}
	sd_data_open(&d, &cfg, sq->admin ? SD_DATA_ADMIN_READ : SD_DATA_DASHBOARD);
	if (read_screen(d, sq, station, &s) != SD_OK) {
		fprintf(stderr, "solardash: --once %s: %s\n", sq->screen, sd_err_last());
		rc = SD_EXIT_FAILURE;
	} else {
		rc = print_screen(sq->screen, (enum sd_format)fmt, &s);
	}
	for (i = 0; i < s.n; i++)
		sd_table_free(s.tables[i]);
	sd_data_close(d);
	sd_config_done(&cfg);
	return rc;
}
