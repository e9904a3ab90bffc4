/* Global option parsing and dispatch to the subcommands listed in `commands`. */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "solardash/cli.h"
#include "solardash/commands.h"
#include "solardash/sanitize.h"

static const struct sd_command commands[] = {
	{ "db", "migrate|demo|schedule", "apply migrations, load the demo factory, schedule jobs", sd_cmd_db },
	{ "refresh", "[VIEW]...", "refresh the materialized views (all, or those named), tell every\n"
	  "      terminal, and move the cache metrics into PostgreSQL", sd_cmd_refresh },
	{ "partitions", "create|archive [--dry-run]|stats", "maintain the monthly partitions", sd_cmd_partitions },
	{ "cache", "warm --role R [--user U] [--station ID] | invalidate PATTERN | stats [--flush]",
	  "warm a role's profile, delete keys under the prefix (SCAN + UNLINK), show\n"
	  "      health and per-query metrics (--flush: write them to cache_performance_metrics)",
	  sd_cmd_cache },
	{ "check", "[db|cache|views|partitions] [--json]",
	  "monitoring check, one status line: exit 0 OK, 1 warning, 2 critical, 3 unknown", sd_cmd_check },
	{ NULL, NULL, NULL, NULL }
};

void sd_cli_version(FILE *out)
{
	fprintf(out, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
}

void sd_cli_usage(FILE *out)
{
	const struct sd_command *c;

	fprintf(out,
		"Usage: solardash [OPTION]... [COMMAND [ARG]...]\n"
		"Terminal dashboard of a solar-panel factory's production database.\n"
		"With no COMMAND, open the dashboard at the login screen.\n"
		"\n"
		"Options:\n"
		"  -c, --config=FILE      read settings from FILE (default: $SOLARDASH_CONF,\n"
		"                         $XDG_CONFIG_HOME/solardash/solardash.conf, %s/solardash.conf)\n"
		"      --theme=NAME       colour theme (default, high-contrast, monochrome) or a file\n"
		"      --user=NAME        fill in the login name; the PIN is still asked\n"
		"      --once=SCREEN      print SCREEN's data and exit, without curses\n"
		"                         (queue, orders, quality, views, partitions, cache)\n"
		"      --format=FORMAT    output of --once: table (default), csv or json\n"
		"      --station=ID       station of the `queue' screen\n"
		"      --json             machine-readable output of `check'\n"
		"      --script=FILE      run the keys and commands in FILE (screen tests)\n"
		"  -n, --cycles=N         exit after N refresh cycles\n"
		"  -h, --help             display this help and exit\n"
		"  -V, --version          output version information and exit\n",
		SD_SYSCONFDIR);
	if (commands[0].name) {
		fprintf(out, "\nCommands (they connect with database.admin_conninfo; --format applies\n"
			"to the tables they print):\n");
		for (c = commands; c->name; c++)
			fprintf(out, "  %s %s\n      %s\n", c->name, c->args, c->summary);
	}
	fprintf(out,
		"\nEnvironment: PGHOST, PGDATABASE and the other libpq variables; REDIS_URL;\n"
		"SOLARDASH_CONF; NO_COLOR.\n"
		"Full documentation: README.md and docs/ in the source tree.\n");
}

static int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* A station id as PostgreSQL's int column holds it: digits only, 1..2147483647. */
int sd_cli_station_ok(const char *s)
{
	char *end;
	long long v;

	if (!s || *s < '0' || *s > '9')
		return 0;
	v = strtoll(s, &end, 10);
	return !*end && v >= 1 && v <= 2147483647LL;
}

enum {
	OPT_THEME = 256, OPT_USER, OPT_ONCE, OPT_FORMAT, OPT_STATION, OPT_SCRIPT, OPT_JSON
};

static const struct option long_options[] = {
	{ "config",  required_argument, NULL, 'c' },
	{ "theme",   required_argument, NULL, OPT_THEME },
	{ "user",    required_argument, NULL, OPT_USER },
	{ "once",    required_argument, NULL, OPT_ONCE },
	{ "format",  required_argument, NULL, OPT_FORMAT },
	{ "station", required_argument, NULL, OPT_STATION },
	{ "script",  required_argument, NULL, OPT_SCRIPT },
	{ "json",    no_argument,       NULL, OPT_JSON },
	{ "cycles",  required_argument, NULL, 'n' },
	{ "help",    no_argument,       NULL, 'h' },
	{ "version", no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	char raw[512], *safe;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);   /* it quotes argv: sanitised */
	va_end(ap);
	safe = sd_sanitize(raw, 0);
	fprintf(stderr, "solardash: %s", safe);
	free(safe);
	fprintf(stderr, "\nTry 'solardash --help' for more information.\n");
	return SD_EXIT_USAGE;
}

/* Returns -1 to go on, or an exit code. */
static int parse_options(int argc, char **argv, struct sd_cli_opts *o)
{
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:c:n:hV", long_options, NULL)) != -1) {
		switch (ch) {
		case 'c': o->config_path = optarg; break;
		case OPT_THEME: o->theme = optarg; break;
		case OPT_USER: o->user = optarg; break;
		case OPT_ONCE: o->once_screen = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_STATION:
			if (!sd_cli_station_ok(optarg))
				return usage_error("--station wants a station number (1..2147483647), "
						   "not '%s'", optarg);
			o->station = optarg;
			break;
		case OPT_SCRIPT: o->script = optarg; break;
		case OPT_JSON: o->json = 1; break;
		case 'n':
			if (parse_long(optarg, &o->cycles) != 0)
				return usage_error("-n/--cycles wants a whole number >= 0, not '%s'", optarg);
			break;
		case 'h': sd_cli_usage(stdout); return SD_EXIT_OK;
		case 'V': sd_cli_version(stdout); return SD_EXIT_OK;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (o->format && strcmp(o->format, "table") && strcmp(o->format, "csv") &&
	    strcmp(o->format, "json"))
		return usage_error("--format wants table, csv or json, not '%s'", o->format);
	return -1;
}

/* Started with fd 0, 1 or 2 closed (`solardash --once x >&-`), the next socket would take
 * that number and printf() would write the output into the Redis or PostgreSQL connection.
 * Closed ones are held by /dev/null; returns whether stdout was one of them. */
static int hold_std_fds(void)
{
	int fd, stdout_closed = fcntl(STDOUT_FILENO, F_GETFD) < 0;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
			break;
	return stdout_closed;
}

int sd_cli_main(int argc, char **argv)
{
	struct sd_cli_opts opts = { 0 };
	const struct sd_command *c;
	int rc, stdout_closed;

	/* A write to a dead server's socket must be an error code, not a dead process. */
	signal(SIGPIPE, SIG_IGN);
	stdout_closed = hold_std_fds();
	rc = parse_options(argc, argv, &opts);
	if (rc >= 0)
		return rc;
	if (stdout_closed && (opts.once_screen || optind < argc)) {
		fprintf(stderr, "solardash: standard output is closed: nowhere to print\n");
		return SD_EXIT_FAILURE;
	}
	if (opts.once_screen) {
		if (optind < argc)
			return usage_error("--once takes no command, got '%s'", argv[optind]);
		return sd_cmd_once(&opts);
	}
	if (optind >= argc)
		return sd_ui_main(&opts);
	for (c = commands; c->name; c++)
		if (strcmp(c->name, argv[optind]) == 0)
			return c->run(argc - optind, argv + optind, &opts);
	return usage_error("unknown command '%s'", argv[optind]);
}
