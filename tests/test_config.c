/* solardash.conf: the shipped file equals the compiled-in defaults, the lookup order,
 * REDIS_URL, and an error message naming file and line or setting for each kind of mistake. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner.h"
#include "solardash/config.h"

static char tmpdir[256];
static int warnings;
static char last_warning[512];

static void on_warn(const char *msg)
{
	warnings++;
	snprintf(last_warning, sizeof last_warning, "%s", msg);
}

static const char *write_conf(const char *name, const char *text, int mode)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
}

static int suite_init(void)
{
	const char *base = getenv("SD_TEST_DIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/cfgXXXXXX", base ? base : "/tmp");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* Every value different from any default, so a setting missing from the file shows. */
static void poison(struct sd_config *c)
{
	int r;

	sd_config_done(c);
	memset(c, 0, sizeof *c);
	c->db_conninfo = sd_strdup("x"); c->db_admin_conninfo = sd_strdup("x");
	c->redis_socket = sd_strdup("x"); c->redis_host = sd_strdup("x");
	c->redis_password = sd_strdup("x"); c->redis_prefix = sd_strdup("x");
	c->theme = sd_strdup("x");
	c->db_connect_timeout_ms = c->db_statement_timeout_ms = c->redis_port = -7;
	c->db_admin_statement_timeout_ms = -7;
	c->redis_db = c->redis_timeout_ms = c->cache_default_ttl_s = c->cache_lock_ms = -7;
	c->cache_wait_ms = c->cache_generation_ttl_ms = c->cache_last_known_ttl_s = -7;
	c->cache_user_top = c->station_id = c->trust_os_user = c->kiosk = c->idle_logout_s = -7;
	c->runway_warn_months = c->runway_crit_months = -7;
	c->refresh_age_warn_s = c->refresh_age_crit_s = -7;
	c->cache_early_beta = c->pass_rate_warn = c->pass_rate_crit = -7.0;
	for (r = 0; r < SD_ROLE_COUNT; r++)
		c->roles[r].refresh_s = -7;
}

static void compare_profiles(const struct sd_role_conf *a, const struct sd_role_conf *b)
{
	size_t i, j;

	CU_ASSERT_EQUAL(a->refresh_s, b->refresh_s);
	CU_ASSERT_EQUAL_FATAL(a->nprofile, b->nprofile);
	for (i = 0; i < a->nprofile; i++) {
		CU_ASSERT_STRING_EQUAL(a->profile[i].query, b->profile[i].query);
		CU_ASSERT_EQUAL(a->profile[i].ttl_s, b->profile[i].ttl_s);
		CU_ASSERT_EQUAL(a->profile[i].priority, b->profile[i].priority);
		CU_ASSERT_EQUAL_FATAL(a->profile[i].nparams, b->profile[i].nparams);
		for (j = 0; j < a->profile[i].nparams; j++)
			CU_ASSERT_STRING_EQUAL(a->profile[i].params[j], b->profile[i].params[j]);
	}
}

static void test_shipped_equals_defaults(void)
{
	struct sd_config def, file;
	char *path = sd_asprintf("%s/solardash.conf", getenv("top_srcdir") ? getenv("top_srcdir") : ".");
	int r;

	sd_config_init(&def);
	sd_config_init(&file);
	poison(&file);
	CU_ASSERT_EQUAL_FATAL(sd_config_load_file(&file, path, NULL), SD_OK);
	CU_ASSERT_STRING_EQUAL(file.db_conninfo, def.db_conninfo);
	CU_ASSERT_STRING_EQUAL(file.db_admin_conninfo, def.db_admin_conninfo);
	CU_ASSERT_EQUAL(file.db_connect_timeout_ms, def.db_connect_timeout_ms);
	CU_ASSERT_EQUAL(file.db_statement_timeout_ms, def.db_statement_timeout_ms);
	CU_ASSERT_EQUAL(file.db_admin_statement_timeout_ms, def.db_admin_statement_timeout_ms);
	CU_ASSERT_STRING_EQUAL(file.redis_socket, def.redis_socket);
	CU_ASSERT_STRING_EQUAL(file.redis_host, def.redis_host);
	CU_ASSERT_EQUAL(file.redis_port, def.redis_port);
	CU_ASSERT_STRING_EQUAL(file.redis_password, def.redis_password);
	CU_ASSERT_EQUAL(file.redis_db, def.redis_db);
	CU_ASSERT_STRING_EQUAL(file.redis_prefix, def.redis_prefix);
	CU_ASSERT_EQUAL(file.redis_timeout_ms, def.redis_timeout_ms);
	CU_ASSERT_EQUAL(file.cache_default_ttl_s, def.cache_default_ttl_s);
	CU_ASSERT_EQUAL(file.cache_lock_ms, def.cache_lock_ms);
	CU_ASSERT_EQUAL(file.cache_wait_ms, def.cache_wait_ms);
	CU_ASSERT_DOUBLE_EQUAL(file.cache_early_beta, def.cache_early_beta, 1e-9);
	CU_ASSERT_EQUAL(file.cache_generation_ttl_ms, def.cache_generation_ttl_ms);
	CU_ASSERT_EQUAL(file.cache_last_known_ttl_s, def.cache_last_known_ttl_s);
	CU_ASSERT_EQUAL(file.cache_user_top, def.cache_user_top);
	for (r = 0; r < SD_ROLE_COUNT; r++)
		compare_profiles(&file.roles[r], &def.roles[r]);
	CU_ASSERT_STRING_EQUAL(file.theme, def.theme);
	CU_ASSERT_EQUAL(file.station_id, def.station_id);
	CU_ASSERT_EQUAL(file.trust_os_user, def.trust_os_user);
	CU_ASSERT_EQUAL(file.kiosk, def.kiosk);
	CU_ASSERT_EQUAL(file.idle_logout_s, def.idle_logout_s);
	CU_ASSERT_DOUBLE_EQUAL(file.pass_rate_warn, def.pass_rate_warn, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(file.pass_rate_crit, def.pass_rate_crit, 1e-9);
	CU_ASSERT_EQUAL(file.runway_warn_months, def.runway_warn_months);
	CU_ASSERT_EQUAL(file.runway_crit_months, def.runway_crit_months);
	CU_ASSERT_EQUAL(file.refresh_age_warn_s, def.refresh_age_warn_s);
	CU_ASSERT_EQUAL(file.refresh_age_crit_s, def.refresh_age_crit_s);
	sd_config_done(&def);
	sd_config_done(&file);
	free(path);
}

/* Loads text as a file and returns the error message ("" when it loaded). */
static const char *load_text(const char *text)
{
	struct sd_config c;
	const char *path = write_conf("t.conf", text, 0600);
	sd_err rc;

	sd_err_clear();
	sd_config_init(&c);
	rc = sd_config_load_file(&c, path, on_warn);
	sd_config_done(&c);
	return rc == SD_OK ? "" : sd_err_last();
}

static void expect_error(const char *text, const char *want_suffix)
{
	char want[600];

	snprintf(want, sizeof want, "%s/t.conf%s", tmpdir, want_suffix);
	CU_ASSERT_STRING_EQUAL(load_text(text), want);
}

static void test_errors(void)
{
	expect_error("redis = {\n  port = ;\n};\n", ":2: syntax error");
	expect_error("redis = { port = 70000; };", ": redis.port: 70000 is out of range (1..65535)");
	expect_error("redis = { port = \"6379\"; };", ": redis.port: must be an integer");
	expect_error("cache = { default_ttl_s = -5; };",
		     ": cache.default_ttl_s: -5 is out of range (1..86400)");
	expect_error("cache = { early_beta = 1; };", ": cache.early_beta: must be a decimal number");
	expect_error("redis = { prot = 1; };", ": redis.prot: unknown setting");
	expect_error("roles = { foreman = { refresh_s = 5; }; };",
		     ": roles.foreman: unknown role (operator, supervisor, manager, admin)");
	expect_error("roles = { manager = { profile = ( { query = \"headline\"; },"
		     " { query = \"drop_tables\"; } ); }; };",
		     ": roles.manager.profile[1].query: unknown query name 'drop_tables'");
	expect_error("roles = { manager = { profile = ( { query = \"login\"; params = [\"a\", \"b\"]; } ); }; };",
		     ": roles.manager.profile[0].query: 'login' is never cached, so it cannot be warmed");
	expect_error("roles = { operator = { profile = ( { query = \"headline\"; } ); }; };",
		     ": roles.operator.profile[0].query: 'headline' is not a query of this role");
	expect_error("roles = { operator = { profile = ( { query = \"station_queue\"; } ); }; };",
		     ": roles.operator.profile[0]: the query takes one parameter");
	expect_error("terminal = { kiosk = 1; };", ": terminal.kiosk: must be true or false");
	/* thresholds that could never warn before going critical */
	expect_error("thresholds = { pass_rate_warn = 80.0; pass_rate_crit = 95.0; };",
		     ": thresholds: pass_rate_crit (95) is above pass_rate_warn (80): a pass rate"
		     " falls below the warning first");
	expect_error("thresholds = { refresh_age_warn_s = 7200; refresh_age_crit_s = 60; };",
		     ": thresholds: refresh_age_crit_s (60) is below refresh_age_warn_s (7200)");
	expect_error("thresholds = { runway_warn_months = 1; runway_crit_months = 2; };",
		     ": thresholds: runway_crit_months (2) is above runway_warn_months (1)");
	CU_ASSERT_STRING_EQUAL(load_text("redis = { port = 6380; };"), "");
	expect_error("database = { connect_timeout_ms = 10; };",
		     ": database.connect_timeout_ms: 10 is out of range (50..60000)");
	CU_ASSERT_STRING_EQUAL(load_text("database = { connect_timeout_s = 2; };"), "");
}

static void test_directory_as_file(void)
{
	struct sd_config c;
	char want[600];

	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, tmpdir, NULL), SD_ERR_CONFIG);
	snprintf(want, sizeof want, "%s: is a directory, not a file", tmpdir);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), want);
	sd_config_done(&c);
}

static void test_profile_order_and_missing_file(void)
{
	struct sd_config c;
	const char *path = write_conf("p.conf",
		"roles = { manager = { refresh_s = 5; profile = (\n"
		" { query = \"quality_30d\"; priority = 9; ttl_s = 30; },\n"
		" { query = \"headline\"; priority = 2; } ); }; };\n", 0600);

	sd_config_init(&c);
	CU_ASSERT_EQUAL_FATAL(sd_config_load_file(&c, path, NULL), SD_OK);
	CU_ASSERT_EQUAL(c.roles[SD_ROLE_MANAGER].refresh_s, 5);
	CU_ASSERT_EQUAL_FATAL(c.roles[SD_ROLE_MANAGER].nprofile, 2);
	CU_ASSERT_STRING_EQUAL(c.roles[SD_ROLE_MANAGER].profile[0].query, "headline");
	CU_ASSERT_EQUAL(c.roles[SD_ROLE_MANAGER].profile[1].ttl_s, 30);
	/* other roles keep their defaults */
	CU_ASSERT_EQUAL(c.roles[SD_ROLE_OPERATOR].nprofile, 3);
	sd_config_done(&c);

	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, "/nonexistent/solardash.conf", NULL), SD_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "/nonexistent/solardash.conf: No such file or directory");
	sd_config_done(&c);
}

static void test_password_warning(void)
{
	struct sd_config c;
	const char *text = "redis = { password = \"s3cret\"; };\n";
	const char *path;

	warnings = 0;
	path = write_conf("pw.conf", text, 0644);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load_file(&c, path, on_warn), SD_OK);
	CU_ASSERT_EQUAL(warnings, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(last_warning, "readable by others"));
	sd_config_done(&c);
	path = write_conf("pw.conf", text, 0600);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load_file(&c, path, on_warn), SD_OK);
	CU_ASSERT_EQUAL(warnings, 1);
	sd_config_done(&c);
	/* a password in a URI conninfo has no "password" keyword */
	path = write_conf("pw.conf", "database = { admin_conninfo = \"postgresql://boss:s3cret@db/f\"; };\n",
			  0640);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load_file(&c, path, on_warn), SD_OK);
	CU_ASSERT_EQUAL(warnings, 2);
	sd_config_done(&c);
	path = write_conf("pw.conf", "database = { conninfo = \"postgresql://reader@db/f\"; };\n", 0644);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load_file(&c, path, on_warn), SD_OK);
	CU_ASSERT_EQUAL(warnings, 2);
	sd_config_done(&c);
}

static void test_lookup_order(void)
{
	struct sd_config c;
	char xdg[300], *p;

	snprintf(xdg, sizeof xdg, "%s/xdg/solardash", tmpdir);
	p = sd_asprintf("%s/xdg", tmpdir);
	mkdir(p, 0700);
	mkdir(xdg, 0700);
	write_conf("xdg/solardash/solardash.conf", "redis = { port = 7001; };", 0600);
	write_conf("env.conf", "redis = { port = 7002; };", 0600);
	setenv("XDG_CONFIG_HOME", p, 1);
	unsetenv("SOLARDASH_CONF");
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, NULL, NULL), SD_OK);
	CU_ASSERT_EQUAL(c.redis_port, 7001);
	sd_config_done(&c);
	free(p);
	p = sd_asprintf("%s/env.conf", tmpdir);
	setenv("SOLARDASH_CONF", p, 1);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, NULL, NULL), SD_OK);
	CU_ASSERT_EQUAL(c.redis_port, 7002);
	sd_config_done(&c);
	/* -c wins over the environment */
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, write_conf("c.conf", "redis = { port = 7003; };", 0600),
				       NULL), SD_OK);
	CU_ASSERT_EQUAL(c.redis_port, 7003);
	sd_config_done(&c);
	unsetenv("SOLARDASH_CONF");
	unsetenv("XDG_CONFIG_HOME");
	free(p);
}

/* Without XDG_CONFIG_HOME: ~/.config/solardash/solardash.conf. */
static void test_lookup_home_config(void)
{
	struct sd_config c;
	char *home = sd_asprintf("%s/home", tmpdir), *old_home = getenv("HOME");
	char *dir;

	old_home = old_home ? sd_strdup(old_home) : NULL;
	mkdir(home, 0700);
	dir = sd_asprintf("%s/.config", home);
	mkdir(dir, 0700);
	free(dir);
	dir = sd_asprintf("%s/.config/solardash", home);
	mkdir(dir, 0700);
	free(dir);
	write_conf("home/.config/solardash/solardash.conf", "redis = { port = 7004; };", 0600);
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("SOLARDASH_CONF");
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, NULL, NULL), SD_OK);
	CU_ASSERT_EQUAL(c.redis_port, 7004);
	CU_ASSERT_TRUE(c.path && strstr(c.path, "/home/.config/solardash/solardash.conf"));
	sd_config_done(&c);
	/* an empty XDG_CONFIG_HOME counts as unset */
	setenv("XDG_CONFIG_HOME", "", 1);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, NULL, NULL), SD_OK);
	CU_ASSERT_EQUAL(c.redis_port, 7004);
	sd_config_done(&c);
	unsetenv("XDG_CONFIG_HOME");
	if (old_home)
		setenv("HOME", old_home, 1);
	else
		unsetenv("HOME");
	free(old_home);
	free(home);
}

/* REDIS_URL in the environment wins over the file's redis settings, and only those. */
static void test_redis_url_overrides_file(void)
{
	struct sd_config c;
	const char *path = write_conf("url.conf",
		"redis = { socket = \"/run/x.sock\"; port = 7005; db = 1; prefix = \"p\"; };\n", 0600);

	setenv("REDIS_URL", "redis://:pw@cache.example:6391/5", 1);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, path, NULL), SD_OK);
	CU_ASSERT_STRING_EQUAL(c.redis_socket, "");
	CU_ASSERT_STRING_EQUAL(c.redis_host, "cache.example");
	CU_ASSERT_EQUAL(c.redis_port, 6391);
	CU_ASSERT_STRING_EQUAL(c.redis_password, "pw");
	CU_ASSERT_EQUAL(c.redis_db, 5);
	CU_ASSERT_STRING_EQUAL(c.redis_prefix, "p");   /* not part of the URL */
	sd_config_done(&c);
	setenv("REDIS_URL", "unix:///run/redis/other.sock", 1);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, path, NULL), SD_OK);
	CU_ASSERT_STRING_EQUAL(c.redis_socket, "/run/redis/other.sock");
	CU_ASSERT_EQUAL(c.redis_db, 0);
	sd_config_done(&c);
	/* a bad URL is an error of the load, naming REDIS_URL */
	setenv("REDIS_URL", "http://h", 1);
	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_load(&c, path, NULL), SD_ERR_CONFIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(sd_err_last(), "REDIS_URL: http://h: "));
	sd_config_done(&c);
	unsetenv("REDIS_URL");
}

static void test_redis_url(void)
{
	struct sd_config c;

	sd_config_init(&c);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://:pw@cache.example:6390/3"), SD_OK);
	CU_ASSERT_STRING_EQUAL(c.redis_host, "cache.example");
	CU_ASSERT_EQUAL(c.redis_port, 6390);
	CU_ASSERT_STRING_EQUAL(c.redis_password, "pw");
	CU_ASSERT_EQUAL(c.redis_db, 3);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://localhost"), SD_OK);
	CU_ASSERT_STRING_EQUAL(c.redis_host, "localhost");
	CU_ASSERT_EQUAL(c.redis_port, 6379);
	CU_ASSERT_STRING_EQUAL(c.redis_password, "");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "unix:///run/redis/r.sock?db=2"), SD_OK);
	CU_ASSERT_STRING_EQUAL(c.redis_socket, "/run/redis/r.sock");
	CU_ASSERT_EQUAL(c.redis_db, 2);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://h:70000/0"), SD_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(sd_err_last(),
			       "REDIS_URL: redis://h:70000/0: port '70000' is out of range (1..65535)");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "http://h"), SD_ERR_CONFIG);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://h:0"), SD_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "REDIS_URL: redis://h:0: port '0' is out of range (1..65535)");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://h:99999/1"), SD_ERR_CONFIG);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://h:63x9"), SD_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "REDIS_URL: redis://h:63x9: port '63x9' is not a number");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://"), SD_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "REDIS_URL: redis://: no host");
	/* a password never appears in a message */
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://:s3cret@h:6379/x"), SD_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "REDIS_URL: redis://:***@h:6379/x: db 'x' is not a number");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://alice:s3cret@h"), SD_ERR_CONFIG);
	CU_ASSERT_PTR_NULL(strstr(sd_err_last(), "s3cret"));
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "unix://"), SD_ERR_CONFIG);
	CU_ASSERT_STRING_EQUAL(sd_err_last(),
			       "REDIS_URL: unix://: wants the socket's path, unix:///absolute/path.sock");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "unix:///"), SD_ERR_CONFIG);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "unix:///run/redis/?db=1"), SD_ERR_CONFIG);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "unix://relative.sock"), SD_ERR_CONFIG);
	/* the values above were refused: the last good URL's settings stand */
	CU_ASSERT_STRING_EQUAL(c.redis_socket, "/run/redis/r.sock");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://default:p%40ss%2Fw@[::1]:6390/4"), SD_OK);
	CU_ASSERT_STRING_EQUAL(c.redis_host, "::1");
	CU_ASSERT_EQUAL(c.redis_port, 6390);
	CU_ASSERT_STRING_EQUAL(c.redis_password, "p@ss/w");
	CU_ASSERT_EQUAL(c.redis_db, 4);
	CU_ASSERT_STRING_EQUAL(c.redis_socket, "");
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://[::1"), SD_ERR_CONFIG);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://:a%2@h"), SD_ERR_CONFIG);
	CU_ASSERT_EQUAL(sd_config_apply_redis_url(&c, "redis://h/"), SD_OK);
	CU_ASSERT_EQUAL(c.redis_db, 0);
	sd_config_done(&c);
}

static const struct sd_test tests[] = {
	{ "shipped solardash.conf equals the compiled-in defaults", test_shipped_equals_defaults },
	{ "errors name file:line or file: setting", test_errors },
	{ "profiles sort by priority; a missing -c file", test_profile_order_and_missing_file },
	{ "a readable password warns", test_password_warning },
	{ "lookup: -c, SOLARDASH_CONF, XDG_CONFIG_HOME", test_lookup_order },
	{ "lookup: ~/.config without XDG_CONFIG_HOME", test_lookup_home_config },
	{ "REDIS_URL", test_redis_url },
	{ "REDIS_URL overrides the file's redis settings", test_redis_url_overrides_file },
	{ "-c naming a directory", test_directory_as_file },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "config", suite_init, NULL, tests },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	return sd_test_main("test_config", suites);
}
