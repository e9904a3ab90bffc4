# Tests: every program runs through tests/run-test.sh, which gives it a private database
# on the harness's servers (and starts servers itself when make check runs alone).
TEST_EXTENSIONS = .sh
LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/run-test.sh
SH_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/run-test.sh
AM_TESTS_ENVIRONMENT = \
	export srcdir='$(srcdir)' top_srcdir='$(top_srcdir)' top_builddir='$(top_builddir)' \
	SD_EXPECTED_VERSION='$(PACKAGE_VERSION)';

EXTRA_DIST += tests/run-test.sh tests/with-servers.sh tests/lib.sh tests/runner.h tests/support.h

if WITH_TESTS
check_LIBRARIES = tests/libsdtest.a
tests_libsdtest_a_SOURCES = tests/runner.c tests/support.c
tests_libsdtest_a_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
SD_TEST_LIBS = tests/libsdtest.a libsolardash.a $(CUNIT_LIBS) $(SD_LIBS)

check_PROGRAMS += tests/test_harness
tests_test_harness_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_harness_LDADD = $(SD_TEST_LIBS)

check_PROGRAMS += tests/test_core
tests_test_core_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_core_LDADD = $(SD_TEST_LIBS)

TESTS += tests/test_harness tests/test_core
endif

# Shell tests (and later SQL and screen tests) are distributed as sources.
SD_SCRIPT_TESTS = tests/test_cli.sh tests/test_harness_cleanup.sh
TESTS += $(SD_SCRIPT_TESTS)
EXTRA_DIST += $(SD_SCRIPT_TESTS)

include tests/sql.mk
include tests/data.mk
include tests/ui.mk
