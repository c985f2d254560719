/* SPDX-License-Identifier: MIT */
/* Reading a whole file or a stream: the size limit, missing files, what
 * is not a regular file (a FIFO must not hang), and the messages. Each
 * test works in its own mkdtemp directory. */
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

#include "readfile.h"

struct fixture {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof fx->dir, "/tmp/halotui-readfile-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof fx->path, "%s/f", fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	unlink(fx->path);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void test_missing(void **state)
{
	struct fixture *fx = *state;
	struct readfile f;
	struct errbuf err;
	char want[256];

	assert_int_equal(readfile(fx->path, NULL, 10, READFILE_MISSING_OK, &f,
	                          &err), HALO_OK);
	assert_null(f.data);
	assert_int_equal(readfile(fx->path, NULL, 10, 0, &f, &err), HALO_EIO);
	assert_null(f.data);
	snprintf(want, sizeof want, "%s: cannot open: No such file or directory",
	         fx->path);
	assert_string_equal(err.msg, want);
}

static void test_not_regular(void **state)
{
	struct fixture *fx = *state;
	struct readfile f;
	struct errbuf err;

	/* A directory, and a FIFO with no writer: refused at once. */
	assert_int_equal(readfile(fx->dir, NULL, 10, 0, &f, &err), HALO_EIO);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(mkfifo(fx->path, 0600), 0);
	assert_int_equal(readfile(fx->path, NULL, 10, 0, &f, &err), HALO_EIO);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_null(f.data);
}

static void test_sizes(void **state)
{
	struct fixture *fx = *state;
	struct readfile f;
	struct errbuf err;
	char want[256];

	write_file(fx->path, "", 0);
	assert_int_equal(readfile(fx->path, NULL, 10, 0, &f, &err), HALO_OK);
	assert_string_equal(f.data, "");
	assert_int_equal(f.len, 0);
	assert_true(S_ISREG(f.mode));
	free(f.data);
	/* Exactly max bytes is fine; embedded NULs are kept in len. */
	write_file(fx->path, "abc\0efghij", 10);
	assert_int_equal(readfile(fx->path, NULL, 10, 0, &f, &err), HALO_OK);
	assert_int_equal(f.len, 10);
	assert_memory_equal(f.data, "abc\0efghij", 11);
	free(f.data);
	assert_int_equal(readfile(fx->path, "a theme", 9, 0, &f, &err), HALO_EIO);
	assert_null(f.data);
	snprintf(want, sizeof want, "%s: too large (10 bytes; a theme may hold "
	         "at most 9)", fx->path);
	assert_string_equal(err.msg, want);
}

static void test_mode(void **state)
{
	struct fixture *fx = *state;
	struct readfile f;
	struct errbuf err;

	write_file(fx->path, "x", 1);
	assert_int_equal(chmod(fx->path, 0640), 0);
	assert_int_equal(readfile(fx->path, NULL, 10, 0, &f, &err), HALO_OK);
	assert_int_equal(f.mode & 0777, 0640);
	free(f.data);
}

static void test_stream(void **state)
{
	struct fixture *fx = *state;
	struct readfile f;
	struct errbuf err;
	char *big = malloc(200000);
	int fd;

	assert_non_null(big);
	memset(big, 'q', 200000);
	write_file(fx->path, big, 200000);
	/* Larger than one read: put together whole. */
	fd = open(fx->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(readfile_fd(fd, "stdin", "a note", 200000, &f, &err),
	                 HALO_OK);
	close(fd);
	assert_int_equal(f.len, 200000);
	assert_int_equal(f.mode, 0);
	assert_memory_equal(f.data, big, 200000);
	free(f.data);
	fd = open(fx->path, O_RDONLY);
	assert_int_equal(readfile_fd(fd, "stdin", "a note", 199999, &f, &err),
	                 HALO_EIO);
	close(fd);
	assert_null(f.data);
	assert_string_equal(err.msg, "stdin: too large (a note may hold at most "
	                    "199999 bytes)");
	/* An empty stream is an empty string. */
	write_file(fx->path, "", 0);
	fd = open(fx->path, O_RDONLY);
	assert_int_equal(readfile_fd(fd, "stdin", NULL, 10, &f, &err), HALO_OK);
	close(fd);
	assert_string_equal(f.data, "");
	free(f.data);
	/* A descriptor that cannot be read. */
	assert_int_equal(readfile_fd(-1, "stdin", NULL, 10, &f, &err), HALO_EIO);
	assert_non_null(strstr(err.msg, "stdin: cannot read"));
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stream, setup, teardown),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("readfile", tests, NULL, NULL);
}
