# Screen tests: the drawing code on built tables (test_ui), scripted dumps compared with
# tests/screen/*.expected (test_screens.sh), and a real terminal in tmux (test_tmux.sh).
if WITH_TESTS
check_PROGRAMS += tests/test_ui
tests_test_ui_CFLAGS = $(AM_CFLAGS) $(CUNIT_CFLAGS)
tests_test_ui_LDADD = $(SD_TEST_LIBS)
TESTS += tests/test_ui
endif

SD_UI_SCRIPT_TESTS = tests/test_screens.sh tests/test_tmux.sh
TESTS += $(SD_UI_SCRIPT_TESTS)
EXTRA_DIST += $(SD_UI_SCRIPT_TESTS) tests/screen
