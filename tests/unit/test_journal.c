/* SPDX-License-Identifier: MIT */
/* The bulk-change journal: states survive a reopen, the last line for an
 * id wins, a torn last line is ignored, the file is 0600 and appears only
 * with the first entry, another change's file is refused, a second owner
 * is locked out, and a finished change leaves nothing behind. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testjournal.h"

static int setup(void **state)
{
	(void)state;
	return testdir_make("journal", NULL);
}

static void test_states_survive_a_reopen(void **state)
{
	struct journal *j = open_ok("inst tickets status=2");
	struct errbuf err;
	struct stat st;

	(void)state;
	assert_false(journal_resumed(j));
	/* Nothing on disk until the first entry. */
	assert_int_not_equal(stat(journal_file(j), &st), 0);
	assert_int_equal(journal_mark(j, 5, JOURNAL_SENDING, &err), HALO_OK);
	assert_int_equal(journal_mark(j, 5, JOURNAL_APPLIED, &err), HALO_OK);
	assert_int_equal(journal_mark(j, 6, JOURNAL_SENDING, &err), HALO_OK);
	assert_int_equal(journal_mark(j, 7, JOURNAL_MAYBE, &err), HALO_OK);
	assert_int_equal(journal_mark(j, 8, JOURNAL_FAILED, &err), HALO_OK);
	assert_int_equal(stat(journal_file(j), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	journal_close(&j, false);
	assert_null(j);

	j = open_ok("inst tickets status=2");
	assert_true(journal_resumed(j));
	assert_int_equal(journal_state(j, 5), JOURNAL_APPLIED);
	assert_int_equal(journal_state(j, 6), JOURNAL_SENDING);
	assert_int_equal(journal_state(j, 7), JOURNAL_MAYBE);
	assert_int_equal(journal_state(j, 8), JOURNAL_FAILED);
	assert_int_equal(journal_state(j, 9), JOURNAL_NONE);
	assert_int_equal(journal_count(j, JOURNAL_APPLIED), 1);
	assert_int_equal(journal_count(j, JOURNAL_SENDING), 1);
	/* A later run goes on appending. */
	assert_int_equal(journal_mark(j, 8, JOURNAL_APPLIED, &err), HALO_OK);
	journal_close(&j, false);
	j = open_ok("inst tickets status=2");
	assert_int_equal(journal_state(j, 8), JOURNAL_APPLIED);
	assert_int_equal(journal_count(j, JOURNAL_APPLIED), 2);
	assert_int_equal(journal_count(j, JOURNAL_FAILED), 0);
	journal_close(&j, true);
}

static void test_many_ids(void **state)
{
	struct journal *j = open_ok("many");
	struct errbuf err;

	(void)state;
	for (long id = 1; id <= 3000; id++)
		assert_int_equal(journal_mark(j, id * 7, id % 3 ? JOURNAL_APPLIED :
		                              JOURNAL_FAILED, &err), HALO_OK);
	journal_close(&j, false);
	j = open_ok("many");
	for (long id = 1; id <= 3000; id++)
		assert_int_equal(journal_state(j, id * 7), id % 3 ?
		                 JOURNAL_APPLIED : JOURNAL_FAILED);
	assert_int_equal(journal_state(j, 8), JOURNAL_NONE);
	assert_int_equal(journal_count(j, JOURNAL_APPLIED), 2000);
	journal_close(&j, true);
}

static void append(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_torn_last_line_is_ignored(void **state)
{
	struct journal *j = open_ok("torn");
	struct errbuf err;
	char path[4096];

	(void)state;
	assert_int_equal(journal_mark(j, 1, JOURNAL_APPLIED, &err), HALO_OK);
	snprintf(path, sizeof path, "%s", journal_file(j));
	journal_close(&j, false);
	append(path, "garbage line\napplied 0\napplied 2x\napplied 3");
	j = open_ok("torn");
	assert_int_equal(journal_state(j, 1), JOURNAL_APPLIED);
	assert_int_equal(journal_state(j, 3), JOURNAL_NONE);
	assert_int_equal(journal_count(j, JOURNAL_APPLIED), 1);
	journal_close(&j, true);
}

static void test_another_changes_file_is_refused(void **state)
{
	struct journal *j = open_ok("mine");
	struct errbuf err;
	char path[4096];
	FILE *f;

	(void)state;
	snprintf(path, sizeof path, "%s", journal_file(j));
	journal_close(&j, false);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("halotui journal 1 0000\napplied 4\n", f);
	fclose(f);
	errbuf_clear(&err);
	assert_int_not_equal(journal_open(&j, testdir, "mine", &err), HALO_OK);
	assert_null(j);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "not the journal of this change"));
	unlink(path);
}

static void test_second_owner_is_locked_out(void **state)
{
	struct journal *j = open_ok("locked"), *k = NULL;
	struct errbuf err;

	(void)state;
	errbuf_clear(&err);
	assert_int_equal(journal_open(&k, testdir, "locked", &err),
	                 HALO_EUSAGE);
	assert_null(k);
	assert_non_null(strstr(err.msg, "another halotui"));
	journal_close(&j, true);
	k = open_ok("locked");
	journal_close(&k, true);
}

static void test_remove_leaves_nothing(void **state)
{
	struct journal *j = open_ok("gone");
	struct errbuf err;
	char path[4096], lock[4200];
	struct stat st;

	(void)state;
	assert_int_equal(journal_mark(j, 3, JOURNAL_APPLIED, &err), HALO_OK);
	snprintf(path, sizeof path, "%s", journal_file(j));
	snprintf(lock, sizeof lock, "%s.lock", path);
	journal_close(&j, true);
	assert_int_not_equal(stat(path, &st), 0);
	assert_int_not_equal(stat(lock, &st), 0);
	j = open_ok("gone");
	assert_false(journal_resumed(j));
	assert_int_equal(journal_state(j, 3), JOURNAL_NONE);
	journal_close(&j, true);
}

static void test_path_is_keyed_and_under_state_home(void **state)
{
	char a[4096], b[4096], c[4096];

	(void)state;
	setenv("XDG_STATE_HOME", "/st", 1);
	assert_int_equal(journal_path(NULL, "k1", a, sizeof a), 0);
	assert_int_equal(journal_path(NULL, "k2", b, sizeof b), 0);
	assert_int_equal(journal_path(NULL, "k1", c, sizeof c), 0);
	assert_string_equal(a, c);
	assert_string_not_equal(a, b);
	assert_int_equal(strncmp(a, "/st/halotui/journal/", 20), 0);
	assert_int_equal(strlen(a), strlen("/st/halotui/journal/") + 16 +
	                 strlen(".journal"));
	assert_int_equal(journal_path(NULL, "k1", a, 10), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states_survive_a_reopen),
		cmocka_unit_test(test_many_ids),
		cmocka_unit_test(test_torn_last_line_is_ignored),
		cmocka_unit_test(test_another_changes_file_is_refused),
		cmocka_unit_test(test_second_owner_is_locked_out),
		cmocka_unit_test(test_remove_leaves_nothing),
		cmocka_unit_test(test_path_is_keyed_and_under_state_home),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, testdir_teardown);
}
