/* Core pieces without servers: the sanitiser, result tables, error messages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "solardash/error.h"
#include "solardash/result.h"
#include "solardash/sanitize.h"

static void check_sanitize(const char *in, int ascii, const char *want)
{
	char *out = sd_sanitize(in, ascii);

	CU_ASSERT_STRING_EQUAL(out, want);
	free(out);
}

static void test_sanitize_escape(void)
{
	/* An escape sequence that would clear the screen and move the cursor. */
	check_sanitize("Laminator\x1b[2J\x1b[H 2", 0, "Laminator\xe2\x90\x9b[2J\xe2\x90\x9b[H 2");
	check_sanitize("Laminator\x1b[2J 2", 1, "Laminator?[2J 2");
	check_sanitize("bell\x07", 0, "bell\xe2\x90\x87");
	check_sanitize("del\x7f", 0, "del\xe2\x90\xa1");
}

static void test_sanitize_utf8(void)
{
	check_sanitize("Zellenprüfung 太阳能", 0, "Zellenprüfung 太阳能");
	check_sanitize("Zellenprüfung", 1, "Zellenpr?fung");
	check_sanitize("bad \xff\xfe end", 0, "bad \xef\xbf\xbd\xef\xbf\xbd end");
	check_sanitize("cut \xe2\x82", 0, "cut \xef\xbf\xbd\xef\xbf\xbd");
	check_sanitize("c1 \xc2\x9b", 0, "c1 \xef\xbf\xbd");          /* U+009B CSI */
	check_sanitize("rtl \xe2\x80\xae", 0, "rtl \xef\xbf\xbd");     /* U+202E */
	check_sanitize("tab\tnl\n", 0, "tab nl ");
	check_sanitize("", 0, "");
	check_sanitize(NULL, 0, "");
}

static void test_sanitize_into_truncates(void)
{
	char buf[8];

	CU_ASSERT_EQUAL(sd_sanitize_into(buf, sizeof buf, "abcdefghij", 0), 7);
	CU_ASSERT_STRING_EQUAL(buf, "abcdefg");
	/* A multi-byte placeholder that does not fit is left out whole. */
	CU_ASSERT_EQUAL(sd_sanitize_into(buf, sizeof buf, "abcde\x1b", 0), 5);
	CU_ASSERT_STRING_EQUAL(buf, "abcde");
}

static void check_mask(const char *in, const char *want)
{
	char buf[256];

	snprintf(buf, sizeof buf, "%s", in);
	sd_mask_secrets(buf);
	CU_ASSERT_STRING_EQUAL(buf, want);
}

static void test_mask_secrets(void)
{
	/* libpq's message for a malformed URI quotes it whole */
	check_mask("invalid URI: \"postgresql://u:s3cret@[::1\"", "invalid URI: \"postgresql://u:***@[::1\"");
	check_mask("postgres://u:pw@host/db", "postgres://u:**@host/db");
	check_mask("host=x password=hunter2 dbname=y", "host=x password=*** dbname=y");
	check_mask("PASSWORD = 'a b\\' c' port=1", "PASSWORD = *** port=1");
	/* nothing to mask: no userinfo, an IPv6 host, a word that only starts like it */
	check_mask("postgresql://[::1]:5432/db?sslmode=off", "postgresql://[::1]:5432/db?sslmode=off");
	check_mask("postgresql://user@host/db", "postgresql://user@host/db");
	check_mask("password authentication failed for user \"x\"",
		   "password authentication failed for user \"x\"");
	check_mask("", "");
}

static void check_mask_ci(const char *msg, const char *conninfo, const char *want)
{
	char buf[256];

	snprintf(buf, sizeof buf, "%s", msg);
	sd_mask_conninfo_password(buf, conninfo);
	CU_ASSERT_STRING_EQUAL(buf, want);
}

static void test_mask_conninfo_password(void)
{
	/* libpq quotes only the bad token: the password itself */
	check_mask_ci("invalid percent-encoded token: \"pa%ss\"", "postgresql://u:pa%ss@h",
		      "invalid percent-encoded token: \"***\"");
	check_mask_ci("bad: pa@ss/x", "postgresql://u:pa@ss@h/db", "bad: ***/x");
	check_mask_ci("x 'it''s' y", "host=h password='it\\'s' dbname=d", "x 'it''s' y");
	check_mask_ci("x it's y", "host=h password='it\\'s' dbname=d", "x *** y");
	check_mask_ci("saw Hunter2 twice: Hunter2", "password=Hunter2", "saw *** twice: ***");
	check_mask_ci("a b c", "postgresql://u:ab@h", "a b c");      /* too short to search */
	check_mask_ci("host h", "host=h", "host h");                 /* no password at all */
	check_mask_ci("plain", NULL, "plain");
}

static void test_table_null_vs_empty(void)
{
	struct sd_table *t = sd_table_new(2, 2), *c;
	long long v;
	double d;

	sd_table_set_column(t, 0, "panel_count", SD_COL_INT);
	sd_table_set_column(t, 1, "notes", SD_COL_TEXT);
	sd_table_set(t, 0, 0, "42");
	sd_table_set(t, 0, 1, "");
	sd_table_set(t, 1, 0, NULL);
	sd_table_set(t, 1, 1, "micro-crack");
	CU_ASSERT_EQUAL(sd_table_col(t, "notes"), 1);
	CU_ASSERT_EQUAL(sd_table_col(t, "nope"), -1);
	CU_ASSERT_FALSE(sd_table_isnull(t, 0, 1));
	CU_ASSERT_STRING_EQUAL(sd_table_get(t, 0, 1), "");
	CU_ASSERT_TRUE(sd_table_isnull(t, 1, 0));
	CU_ASSERT_EQUAL(sd_table_long(t, 0, 0, &v), 0);
	CU_ASSERT_EQUAL(v, 42);
	CU_ASSERT_EQUAL(sd_table_long(t, 1, 0, &v), -1);
	CU_ASSERT_EQUAL(sd_table_double(t, 1, 1, &d), -1);
	CU_ASSERT_PTR_NULL(sd_table_get(t, 2, 0));
	t->source = SD_SRC_CACHE;
	c = sd_table_copy(t);
	sd_table_free(t);
	CU_ASSERT_STRING_EQUAL(sd_table_get(c, 1, 1), "micro-crack");
	CU_ASSERT_TRUE(sd_table_isnull(c, 1, 0));
	CU_ASSERT_EQUAL(c->source, SD_SRC_CACHE);
	CU_ASSERT_STRING_EQUAL(sd_source_name(c->source), "cache");
	sd_table_free(c);
}

static void test_errors(void)
{
	CU_ASSERT_STRING_EQUAL(sd_strerror(SD_ERR_BUSY), "already running");
	CU_ASSERT_STRING_EQUAL(sd_strerror((sd_err)999), "unknown error");
	sd_err_set("%s:%d: %s", "solardash.conf", 12, "port out of range");
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "solardash.conf:12: port out of range");
	sd_err_clear();
	CU_ASSERT_STRING_EQUAL(sd_err_last(), "");
}

static const struct sd_test sanitize_tests[] = {
	{ "escape sequences become visible", test_sanitize_escape },
	{ "UTF-8 kept, invalid and format controls replaced", test_sanitize_utf8 },
	{ "buffer form truncates on whole characters", test_sanitize_into_truncates },
	{ "passwords in connection messages are masked", test_mask_secrets },
	{ "the conninfo's own password is masked wherever it appears", test_mask_conninfo_password },
	{ NULL, NULL }
};

static const struct sd_test table_tests[] = {
	{ "NULL distinct from empty, typed access, copy", test_table_null_vs_empty },
	{ "error messages", test_errors },
	{ NULL, NULL }
};

static const struct sd_suite suites[] = {
	{ "sanitize", NULL, NULL, sanitize_tests },
	{ "result table", NULL, NULL, table_tests },
	{ NULL, NULL, NULL, NULL }
};

int main(void)
{
	return sd_test_main("test_core", suites);
}
