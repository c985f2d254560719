/* SPDX-License-Identifier: MIT */
/* Drafts on disk: where they go, mode 0600, atomic rewrite, listing and
 * reading back, removal, and files that are not drafts. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draft.h"

static char home[256];

static void test_dir(void **state)
{
	char dir[1024];

	(void)state;
	setenv("XDG_STATE_HOME", "/state", 1);
	assert_int_equal(draft_dir(dir, sizeof dir), 0);
	assert_string_equal(dir, "/state/halotui/drafts");
	/* A relative XDG value is ignored, as the spec says. */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", "/home/ann", 1);
	assert_int_equal(draft_dir(dir, sizeof dir), 0);
	assert_string_equal(dir, "/home/ann/.local/state/halotui/drafts");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	assert_int_equal(draft_dir(dir, sizeof dir), -1);
	setenv("HOME", "/h", 1);
	assert_int_equal(draft_dir(dir, 5), -1);  /* too small */
}

static void test_save_load_remove(void **state)
{
	struct draft d, back;
	struct draft *list;
	struct errbuf err = { "" };
	struct stat sb;
	size_t n;

	(void)state;
	setenv("XDG_STATE_HOME", home, 1);
	memset(&d, 0, sizeof d);
	snprintf(d.resource, sizeof d.resource, "tickets");
	snprintf(d.kind, sizeof d.kind, "edit");
	d.id = 12;
	snprintf(d.title, sizeof d.title, "ticket 12\nwith a newline");
	d.body = strdup("[{\"id\":12,\"summary\":\"x\\ny\"}]\nbody: not a header\n");
	assert_non_null(d.body);
	assert_int_equal(draft_save(&d, &err), 0);
	assert_true(d.path[0] != '\0');
	assert_int_equal(stat(d.path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	{
		char dir[1024];
		assert_int_equal(draft_dir(dir, sizeof dir), 0);
		assert_int_equal(stat(dir, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0700);
	}
	assert_int_equal(draft_load(d.path, &back, &err), 0);
	assert_string_equal(back.resource, "tickets");
	assert_string_equal(back.kind, "edit");
	assert_int_equal(back.id, 12);
	assert_string_equal(back.title, "ticket 12 with a newline");
	assert_string_equal(back.body, d.body);
	draft_done(&back);

	/* Saving again rewrites the same file. */
	{
		char path[1024];
		snprintf(path, sizeof path, "%s", d.path);
		free(d.body);
		d.body = strdup("[{\"id\":12}]");
		assert_int_equal(draft_save(&d, &err), 0);
		assert_string_equal(d.path, path);
	}
	n = draft_list(&list, 10);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].body, "[{\"id\":12}]");
	draft_list_free(list, n);

	draft_remove(&d);
	assert_string_equal(d.path, "");
	draft_remove(&d);  /* twice is harmless */
	n = draft_list(&list, 10);
	assert_int_equal(n, 0);
	draft_list_free(list, n);
	draft_done(&d);
	draft_done(&d);
}

static void test_bad_files(void **state)
{
	struct draft d;
	struct draft *list;
	struct errbuf err = { "" };
	char dir[1024], path[1200];
	FILE *f;
	size_t n;

	(void)state;
	setenv("XDG_STATE_HOME", home, 1);
	assert_int_equal(draft_dir(dir, sizeof dir), 0);
	assert_int_equal(draft_load("/no/such/file.draft", &d, &err), -1);
	snprintf(path, sizeof path, "%s/junk.draft", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a draft\n", f);
	fclose(f);
	assert_int_equal(draft_load(path, &d, &err), -1);
	assert_non_null(strstr(err.msg, "not a halotui draft"));
	snprintf(path, sizeof path, "%s/short.draft", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("halotui-draft 1\nresource: tickets\n", f);  /* no body */
	fclose(f);
	assert_int_equal(draft_load(path, &d, &err), -1);
	n = draft_list(&list, 10);
	assert_int_equal(n, 0);  /* neither is offered */
	draft_list_free(list, n);
	n = draft_list(&list, 0);
	assert_int_equal(n, 0);
	assert_null(list);
	unlink(path);
	snprintf(path, sizeof path, "%s/junk.draft", dir);
	unlink(path);
}

static void test_unwritable(void **state)
{
	struct draft d;
	struct errbuf err = { "" };

	(void)state;
	memset(&d, 0, sizeof d);
	setenv("XDG_STATE_HOME", "/proc/halotui-cannot-write-here", 1);
	d.body = strdup("[]");
	assert_int_equal(draft_save(&d, &err), -1);
	assert_true(strlen(err.msg) > 0);
	draft_done(&d);
}

static int setup(void **state)
{
	(void)state;
	snprintf(home, sizeof home, "/tmp/halotui-draft-test-XXXXXX");
	return mkdtemp(home) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_save_load_remove),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_unwritable),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui draft", tests, setup, teardown);
}
