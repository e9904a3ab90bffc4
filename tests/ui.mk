# Screen tests (scripted dumps, tmux).
if WITH_TESTS
check_PROGRAMS += tests/test_ui
tests_test_ui_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_ui_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_ui
endif
