/* The one CUnit main loop every test program uses; see runner.h for why. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "runner.h"

static int register_suites(const struct sd_suite *suites, unsigned *declared)
{
	const struct sd_suite *s;
	const struct sd_test *t;

	*declared = 0;
	for (s = suites; s->name; s++) {
		CU_pSuite suite = CU_add_suite(s->name, s->init, s->cleanup);

		if (!suite)
			return -1;
		for (t = s->tests; t->name; t++) {
			if (!CU_add_test(suite, t->name, t->fn))
				return -1;
			(*declared)++;
		}
	}
	return 0;
}

int sd_test_main(const char *program, const struct sd_suite *suites)
{
	unsigned declared, run, failed, not_run;
	CU_pRunSummary sum;
	int bad_suites;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "%s: cannot initialise CUnit: %s\n", program, CU_get_error_msg());
		return 1;
	}
	if (register_suites(suites, &declared) != 0) {
		fprintf(stderr, "%s: cannot register tests: %s\n", program, CU_get_error_msg());
		CU_cleanup_registry();
		return 1;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	sum = CU_get_run_summary();
	run = sum->nTestsRun;
	failed = sum->nTestsFailed;
	bad_suites = (int)(sum->nSuitesFailed + sum->nSuitesInactive);
	/* Tests of a suite whose init failed never ran: they count as failed. */
	not_run = declared > run ? declared - run : 0;
	printf("\n");
	if (sum->nAssertsFailed || failed)
		CU_basic_show_failures(CU_get_failure_list());
	printf("\n%s: %u passed, %u failed\n", program, run - failed, failed + not_run);
	CU_cleanup_registry();
	return (failed || not_run || bad_suites) ? 1 : 0;
}
