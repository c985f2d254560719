/* SPDX-License-Identifier: MIT */
/* Drafts on disk: where they go, mode 0600, atomic rewrite, listing and
 * reading back, removal, files that are not drafts, states, the instance
 * a draft belongs to, every draft listed newest first, and the lock of a
 * live owner (but not of a dead one). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "draft.h"

#define BASE "https://one.example.halopsa.com"

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
	draft_set_instance(&d, BASE, "demo");
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
	/* Its owner holds it: not listed until it lets go. */
	assert_int_equal(draft_list(BASE, "demo", &list), 0);
	draft_release(&d);
	n = draft_list(BASE, "demo", &list);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].body, "[{\"id\":12}]");
	assert_int_equal(list[0].state, DRAFT_UNSENT);
	draft_list_free(list, n);

	draft_remove(&d);
	assert_string_equal(d.path, "");
	draft_remove(&d);  /* twice is harmless */
	n = draft_list(BASE, "demo", &list);
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
	fputs("halotui-draft 2\nbase_url: " BASE "\nresource: tickets\n", f);
	fclose(f);                                     /* no body */
	assert_int_equal(draft_load(path, &d, &err), -1);
	assert_non_null(strstr(err.msg, "incomplete"));
	n = draft_list(BASE, "demo", &list);
	assert_int_equal(n, 0);  /* neither is offered */
	assert_null(list);
	/* A draft of version 1 names no instance: offered nowhere. */
	snprintf(path, sizeof path, "%s/old.draft", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("halotui-draft 1\nresource: tickets\nkind: edit\nid: 3\n"
	      "body:\n[{\"id\":3}]", f);
	fclose(f);
	assert_int_equal(draft_list(BASE, "demo", &list), 0);
	assert_int_equal(draft_list("", "", &list), 0);
	unlink(path);
	snprintf(path, sizeof path, "%s/short.draft", dir);
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

/* A draft of resource/id for base_url, saved and let go of. */
static void leave_draft(const char *base_url, const char *tenant, long id,
                        enum draft_state state)
{
	struct draft d;
	struct errbuf err = { "" };

	memset(&d, 0, sizeof d);
	draft_set_instance(&d, base_url, tenant);
	snprintf(d.resource, sizeof d.resource, "tickets");
	snprintf(d.kind, sizeof d.kind, "edit");
	d.id = id;
	d.state = state;
	d.body = strdup("[{\"id\":1}]");
	assert_non_null(d.body);
	assert_int_equal(draft_save(&d, &err), 0);
	draft_done(&d);
}

static void remove_all(void)
{
	struct draft *list;
	size_t n;

	n = draft_list(BASE, "demo", &list);
	for (size_t i = 0; i < n; i++)
		draft_remove(&list[i]);
	draft_list_free(list, n);
}

/* A draft belongs to its base URL and tenant; it is offered only there. A
 * draft left "sending" by an owner that is gone comes back "unknown". */
static void test_instance_and_states(void **state)
{
	struct draft *list;
	size_t n;

	(void)state;
	setenv("XDG_STATE_HOME", home, 1);
	leave_draft(BASE "/", "demo", 7, DRAFT_SENDING);
	leave_draft("https://two.example.halopsa.com", "demo", 7, DRAFT_UNSENT);
	leave_draft(BASE, "other", 7, DRAFT_UNKNOWN);
	n = draft_list(BASE, "demo", &list);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].base_url, BASE);
	assert_int_equal(list[0].id, 7);
	assert_int_equal(list[0].state, DRAFT_UNKNOWN);
	assert_string_equal(draft_state_words(list[0].state),
	                    "sent, answer unknown (may have been applied)");
	draft_remove(&list[0]);
	draft_list_free(list, n);
	n = draft_list("https://two.example.halopsa.com/", "demo", &list);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].state, DRAFT_UNSENT);
	draft_remove(&list[0]);
	draft_list_free(list, n);
	n = draft_list(BASE, "other", &list);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].state, DRAFT_UNKNOWN);
	draft_remove(&list[0]);
	draft_list_free(list, n);
	assert_string_equal(draft_state_words(DRAFT_UNSENT), "unsent");
}

/* Every draft is listed, however many, newest first by when it was saved
 * (not by file name, nor in directory order). */
static void test_twenty_newest_first(void **state)
{
	char dir[1024], path[1200];
	struct draft *list;
	size_t n;

	(void)state;
	setenv("XDG_STATE_HOME", home, 1);
	assert_int_equal(draft_dir(dir, sizeof dir), 0);
	for (int i = 0; i < 20; i++) {
		/* Names in one order, saved times in a shuffled other. */
		long saved = 1700000000L + (long)((i * 7) % 20) * 60;
		FILE *f;

		snprintf(path, sizeof path, "%s/%02d.draft", dir, i);
		f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "halotui-draft 2\nbase_url: %s\ntenant: demo\n"
		        "resource: tickets\nkind: edit\nid: %d\nticket: 0\n"
		        "state: unsent\nsaved: %ld\ntitle: ticket %d\nbody:\n"
		        "[{\"id\":%d}]", BASE, i + 1, saved, i + 1, i + 1);
		fclose(f);
	}
	n = draft_list(BASE, "demo", &list);
	assert_int_equal(n, 20);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(list[i].saved, 1700000000L + (long)(19 - i) * 60);
		assert_true(list[i].lock > 0);
	}
	draft_list_free(list, n);
	remove_all();
	assert_int_equal(draft_list(BASE, "demo", &list), 0);
}

/* A draft held by a live process is not listed; once that process is
 * killed its lock file is left behind, and is no lock. */
#define LOCKED "https://locked.example.halopsa.com"

static void test_lock_of_another_process(void **state)
{
	struct draft *list;
	int ready[2];
	pid_t pid;
	char c;
	ssize_t got;
	size_t n, held;

	(void)state;
	setenv("XDG_STATE_HOME", home, 1);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct draft d;
		struct errbuf err;

		memset(&d, 0, sizeof d);
		draft_set_instance(&d, LOCKED, "demo");
		snprintf(d.resource, sizeof d.resource, "actions");
		d.body = strdup("[{\"ticket_id\":1}]");
		d.state = DRAFT_SENDING;
		if (!d.body || draft_save(&d, &err) != 0)
			_exit(1);
		if (write(ready[1], "k", 1) != 1)
			_exit(1);
		for (;;)
			pause();   /* killed, holding the lock */
	}
	close(ready[1]);
	got = read(ready[0], &c, 1);
	close(ready[0]);
	held = got == 1 ? draft_list(LOCKED, "demo", &list) : 99;
	if (held)
		draft_list_free(list, held == 99 ? 0 : held);
	/* The child goes before any check can fail: it must not outlive us. */
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_int_equal(got, 1);
	assert_int_equal(held, 0);
	n = draft_list(LOCKED, "demo", &list);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].resource, "actions");
	assert_int_equal(list[0].state, DRAFT_UNKNOWN);
	/* And while this one holds it, a second look does not find it. */
	{
		struct draft *again;
		assert_int_equal(draft_list(LOCKED, "demo", &again), 0);
	}
	draft_remove(&list[0]);
	draft_list_free(list, n);
}

static void test_age(void **state)
{
	char buf[32];

	(void)state;
	draft_age(1000, 1012, buf, sizeof buf);
	assert_string_equal(buf, "12 s ago");
	draft_age(1000, 1000 + 3 * 60 + 59, buf, sizeof buf);
	assert_string_equal(buf, "3 min ago");
	draft_age(1000, 1000 + 5 * 3600, buf, sizeof buf);
	assert_string_equal(buf, "5 h ago");
	draft_age(1000, 1000 + 3 * 86400, buf, sizeof buf);
	assert_string_equal(buf, "3 days ago");
	draft_age(1000, 900, buf, sizeof buf);   /* a clock set back */
	assert_string_equal(buf, "just now");
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
		cmocka_unit_test(test_instance_and_states),
		cmocka_unit_test(test_twenty_newest_first),
		cmocka_unit_test(test_lock_of_another_process),
		cmocka_unit_test(test_age),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui draft", tests, setup, teardown);
}
