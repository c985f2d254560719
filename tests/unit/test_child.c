/* SPDX-License-Identifier: MIT */
/* Children inherit nothing secret: no secret variable, no descriptor but
 * 0, 1 and 2, default signals; a program that cannot run exits 127. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"

/* Runs sh -c script with io; returns its exit status (-1: killed). */
static int sh(const char *script, const struct child_io *io)
{
	char shell[] = "sh", dash_c[] = "-c";
	char *argv[] = { shell, dash_c, (char *)script, NULL };
	struct child_io keep = { CHILD_KEEP, CHILD_KEEP, CHILD_KEEP, false, false };
	pid_t pid;
	int status;

	assert_int_equal(child_spawn(&pid, "/bin/sh", argv, io ? io : &keep), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_secret_vars(void **state)
{
	(void)state;
	assert_true(child_secret_var("HALOPSA_CLIENT_SECRET=x"));
	assert_true(child_secret_var("HALOPSA_CLIENT_SECRET="));
	assert_false(child_secret_var("HALOPSA_CLIENT_SECRET"));
	assert_false(child_secret_var("HALOPSA_CLIENT_SECRETS=x"));
	assert_false(child_secret_var("HALOPSA_CLIENT_ID=x"));
}

static void test_environment(void **state)
{
	(void)state;
	setenv("HALOPSA_CLIENT_SECRET", "s3cr3t", 1);
	setenv("HALOPSA_CLIENT_ID", "id", 1);
	assert_int_equal(sh("test -z \"${HALOPSA_CLIENT_SECRET+set}\" && "
	                    "test \"$HALOPSA_CLIENT_ID\" = id", NULL), 0);
	/* Ours is unchanged. */
	assert_string_equal(getenv("HALOPSA_CLIENT_SECRET"), "s3cr3t");
	unsetenv("HALOPSA_CLIENT_SECRET");
	unsetenv("HALOPSA_CLIENT_ID");
}

static void test_descriptors(void **state)
{
	struct child_io io = { CHILD_DEVNULL, CHILD_KEEP, CHILD_KEEP, false, false };
	char script[128];
	int fd, fds[2];

	(void)state;
	/* Opened without O_CLOEXEC: the child still does not get it. */
	fd = open("/dev/null", O_RDONLY);
	assert_true(fd > 2);
	snprintf(script, sizeof script, "test ! -e /proc/self/fd/%d", fd);
	assert_int_equal(sh(script, NULL), 0);
	close(fd);
	/* stdin from /dev/null; stdout to a pipe of ours. */
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	io.out = fds[1];
	assert_int_equal(sh("read x; test $? -ne 0 && echo ok", &io), 0);
	close(fds[1]);
	{
		char buf[8] = "";
		assert_int_equal(read(fds[0], buf, sizeof buf - 1), 3);
		assert_string_equal(buf, "ok\n");
	}
	close(fds[0]);
}

static void test_signals_and_failure(void **state)
{
	char missing[] = "/nonexistent/program";
	char *argv[] = { missing, NULL };
	struct child_io keep = { CHILD_KEEP, CHILD_KEEP, CHILD_KEEP, false, false };
	pid_t pid;
	int status;

	(void)state;
	/* An ignored SIGPIPE is default again in the child (bit 13 of
	 * SigIgn; glibc's own signals, 32 and 33, are not ours to reset). */
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(sh("ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' "
	                    "/proc/self/status); test $((0x$ign & 0x1000)) = 0",
	                    NULL), 0);
	signal(SIGPIPE, SIG_DFL);
	assert_int_equal(child_spawn(&pid, missing, argv, &keep), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 127);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_vars),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_signals_and_failure),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("child", tests, NULL, NULL);
}
