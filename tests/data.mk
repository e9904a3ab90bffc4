# Data layer tests (CUnit against the real servers).
if WITH_TESTS
check_PROGRAMS += tests/test_config
tests_test_config_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_config_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_config
endif
if WITH_TESTS
check_PROGRAMS += tests/test_cache
tests_test_cache_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_cache_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_cache
endif
if WITH_TESTS
check_PROGRAMS += tests/test_cache_failure
tests_test_cache_failure_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_cache_failure_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_cache_failure
endif
if WITH_TESTS
check_PROGRAMS += tests/test_data
tests_test_data_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_data_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_data
endif
if WITH_TESTS
check_PROGRAMS += tests/test_data_failure
tests_test_data_failure_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_data_failure_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_data_failure
endif
# The command line against the servers.
TESTS += tests/test_cmd.sh
EXTRA_DIST += tests/test_cmd.sh
