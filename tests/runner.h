/* CUnit runner that exits non-zero on any failed assertion, test or suite
 * (CU_basic_run_tests() and CU_get_error() return 0 when assertions fail). */
#ifndef SOLARDASH_TESTS_RUNNER_H
#define SOLARDASH_TESTS_RUNNER_H

#include <CUnit/CUnit.h>

struct sd_test {
	const char *name;
	CU_TestFunc fn;
};

struct sd_suite {
	const char *name;
	CU_InitializeFunc init;
	CU_CleanupFunc cleanup;
	const struct sd_test *tests;   /* ends with { NULL, NULL } */
};

/* Runs every suite (ends with a zeroed entry), prints CUnit's summary and then
 * "<program>: N passed, N failed" (test cases), returns the exit code. */
int sd_test_main(const char *program, const struct sd_suite *suites);

#endif
