/* SPDX-License-Identifier: MIT */
/* A unit test's scratch directory: made fresh under /tmp by the test's
 * setup, named by the variables of the environment that the code under
 * test reads (XDG_CACHE_HOME...), and removed with all it holds by
 * testdir_teardown. Defines statics: one test file includes it. */
#ifndef HALO_TESTDIR_H
#define HALO_TESTDIR_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static char testdir[256];

/* Makes testdir, /tmp/halotest-NAME-XXXXXX, and sets each variable named
 * after name (a NULL-ended list) to it. 0, or -1. */
__attribute__((sentinel, unused))
static int testdir_make(const char *name, ...)
{
	const char *var;
	va_list ap;
	int rc = 0;

	snprintf(testdir, sizeof testdir, "/tmp/halotest-%s-XXXXXX", name);
	if (!mkdtemp(testdir))
		return -1;
	va_start(ap, name);
	while ((var = va_arg(ap, const char *)) != NULL)
		if (setenv(var, testdir, 1) != 0)
			rc = -1;
	va_end(ap);
	return rc;
}

/* A cmocka teardown: removes testdir and what the tests left in it. */
__attribute__((unused))
static int testdir_teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", testdir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
