/* SPDX-License-Identifier: MIT */
/* A bulk-change journal opened in the test's scratch directory
 * (testdir.h), for the tests of the journal and of the runs over it. */
#ifndef HALO_TESTJOURNAL_H
#define HALO_TESTJOURNAL_H

#include "journal.h"
#include "testdir.h"

/* Opens the journal of change key; the test fails unless it opens. */
static struct journal *open_ok(const char *key)
{
	struct journal *j = NULL;
	struct errbuf err;

	errbuf_clear(&err);
	assert_int_equal(journal_open(&j, testdir, key, &err), HALO_OK);
	assert_non_null(j);
	return j;
}

#endif
