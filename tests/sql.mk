# Database tests (pgTAP / SQL).
SD_SQL_TESTS = tests/test_sql.sh tests/test_db_cli.sh
TESTS += $(SD_SQL_TESTS)
EXTRA_DIST += $(SD_SQL_TESTS) \
	tests/sql/01_schema.sql \
	tests/sql/02_views.sql \
	tests/sql/03_refresh.sql \
	tests/sql/04_partitions.sql \
	tests/sql/05_roles.sql \
	tests/sql/06_demo.sql \
	tests/sql/07_registry.sql \
	tests/sql/08_session_settings.sql \
	tests/sql/09_shifts.sql

if WITH_TESTS
check_PROGRAMS += tests/test_db
tests_test_db_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_db_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_db
endif
