# Data layer tests (CUnit against the real servers; the failure tests start their own
# redis-server / PostgreSQL cluster to stop and hang), and the command line.
if WITH_TESTS
SD_DATA_TESTS = tests/test_config tests/test_cache tests/test_cache_failure \
	tests/test_data tests/test_data_failure
check_PROGRAMS += $(SD_DATA_TESTS)
TESTS += $(SD_DATA_TESTS)
tests_test_config_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_config_LDADD = $(SD_TEST_LIBS)
tests_test_cache_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_cache_LDADD = $(SD_TEST_LIBS)
tests_test_cache_failure_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_cache_failure_LDADD = $(SD_TEST_LIBS)
tests_test_data_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_data_LDADD = $(SD_TEST_LIBS)
tests_test_data_failure_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_data_failure_LDADD = $(SD_TEST_LIBS)
endif
TESTS += tests/test_cmd.sh
EXTRA_DIST += tests/test_cmd.sh
