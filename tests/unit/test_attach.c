/* SPDX-License-Identifier: MIT */
/* Attachments on this machine: a server's file name made safe, the next
 * free name, the download directory, saving without replacing, the size
 * limit and the upload body. */
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
#include <cjson/cJSON.h>

#include "attach.h"
#include "pathcomplete.h"

static void safe(const char *in, const char *want)
{
	char out[ATTACH_NAME_MAX + 1];

	attach_safe_name(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_safe_name(void **state)
{
	(void)state;
	safe("report.pdf", "report.pdf");
	safe("../../etc/passwd", "passwd");
	safe("..\\..\\win.ini", "win.ini");
	safe(".bashrc", "bashrc");
	safe("...", "attachment");
	safe("", "attachment");
	safe(NULL, "attachment");
	safe("dir/", "attachment");
	safe("a\x1b]0;pwned\x07" "b.txt", "a]0;pwnedb.txt");
	safe("tab\there\r\n.txt", "tabhere.txt");
	safe("c1\xc2\x9b" "x.txt", "c1x.txt");               /* U+009B */
	safe("evil\xe2\x80\xaetxt.exe", "eviltxt.exe");       /* U+202E */
	safe("bad\xff" "byte.txt", "bad_byte.txt");
	safe("trailing. . ", "trailing");
	safe("  spaced.txt", "spaced.txt");
	safe("東京.txt", "東京.txt");
}

static void test_safe_name_long(void **state)
{
	char in[1000], out[ATTACH_NAME_MAX + 1];

	(void)state;
	memset(in, 'a', 600);
	strcpy(in + 600, ".pdf");
	attach_safe_name(in, out, sizeof out);
	assert_int_equal(strlen(out), ATTACH_NAME_MAX);
	assert_string_equal(out + ATTACH_NAME_MAX - 4, ".pdf");
	/* Cut on a character: 3-byte characters never split. */
	for (int i = 0; i < 300; i++)
		memcpy(in + 3 * i, "\xe6\x9d\xb1", 3);
	strcpy(in + 900, ".txt");
	attach_safe_name(in, out, sizeof out);
	assert_true(strlen(out) <= ATTACH_NAME_MAX);
	assert_int_equal((strlen(out) - 4) % 3, 0);
	assert_string_equal(out + strlen(out) - 4, ".txt");
}

static void test_numbered(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(attach_numbered_name("a.txt", 0, out, sizeof out), 0);
	assert_string_equal(out, "a.txt");
	assert_int_equal(attach_numbered_name("a.txt", 1, out, sizeof out), 0);
	assert_string_equal(out, "a (1).txt");
	assert_int_equal(attach_numbered_name("a.tar.gz", 2, out, sizeof out), 0);
	assert_string_equal(out, "a.tar (2).gz");
	assert_int_equal(attach_numbered_name("README", 3, out, sizeof out), 0);
	assert_string_equal(out, "README (3)");
	assert_int_equal(attach_numbered_name("x", 1, out, 4), -1);
}

static void test_download_dir(void **state)
{
	char dir[] = "/tmp/halotui-attach-XXXXXX", path[512], out[512];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DOWNLOAD_DIR", "/somewhere", 1);
	assert_int_equal(attach_download_dir(out, sizeof out), 0);
	assert_string_equal(out, "/somewhere");
	setenv("XDG_DOWNLOAD_DIR", "relative", 1);
	assert_int_equal(attach_download_dir(out, sizeof out), 0);
	snprintf(path, sizeof path, "%s/Downloads", dir);
	assert_string_equal(out, path);
	unsetenv("XDG_DOWNLOAD_DIR");
	snprintf(path, sizeof path, "%s/user-dirs.dirs", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\n"
	      "XDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n", f);
	fclose(f);
	assert_int_equal(attach_download_dir(out, sizeof out), 0);
	snprintf(path, sizeof path, "%s/Téléchargements", dir);
	assert_string_equal(out, path);
	snprintf(path, sizeof path, "%s/user-dirs.dirs", dir);
	unlink(path);
	unsetenv("HOME");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(attach_download_dir(out, sizeof out), -1);
	rmdir(dir);
}

static void write_temp(const char *dir, const char *text, char *tmp,
                       size_t len)
{
	struct errbuf err;
	int fd = attach_temp_open(dir, tmp, len, &err);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_commit_never_overwrites(void **state)
{
	char dir[] = "/tmp/halotui-attach-XXXXXX", tmp[512], final[1024];
	char buf[64];
	struct errbuf err;
	struct stat sb;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_temp(dir, "first", tmp, sizeof tmp);
	assert_int_equal(attach_commit(tmp, dir, "a.txt", final, sizeof final,
	                               &err), HALO_OK);
	assert_string_equal(strrchr(final, '/'), "/a.txt");
	assert_int_equal(stat(final, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(access(tmp, F_OK), -1);
	write_temp(dir, "second", tmp, sizeof tmp);
	assert_int_equal(attach_commit(tmp, dir, "a.txt", final, sizeof final,
	                               &err), HALO_OK);
	assert_string_equal(strrchr(final, '/'), "/a (1).txt");
	f = fopen(final, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "second");
	unlink(final);
	snprintf(final, sizeof final, "%s/a.txt", dir);
	f = fopen(final, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "first");
	unlink(final);
	assert_int_equal(rmdir(dir), 0);   /* no temporary file left */
}

static void test_size_limit_and_body(void **state)
{
	char dir[] = "/tmp/halotui-attach-XXXXXX", path[512];
	struct errbuf err;
	long long size = 0;
	char *body;
	cJSON *arr, *o;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/note \"1\".txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("hello", f);
	fclose(f);
	assert_int_equal(attach_check_file(path, 1, &size, &err), HALO_OK);
	assert_int_equal(size, 5);
	body = attach_upload_body(path, 42, 7, 1, &err);
	assert_non_null(body);
	arr = cJSON_Parse(body);
	assert_non_null(arr);
	assert_int_equal(cJSON_GetArraySize(arr), 1);
	o = cJSON_GetArrayItem(arr, 0);
	assert_int_equal(cJSON_GetObjectItem(o, "ticket_id")->valueint, 42);
	assert_int_equal(cJSON_GetObjectItem(o, "action_id")->valueint, 7);
	assert_string_equal(cJSON_GetObjectItem(o, "filename")->valuestring,
	                    "note \"1\".txt");
	assert_string_equal(cJSON_GetObjectItem(o, "data_base64")->valuestring,
	                    "aGVsbG8=");
	cJSON_Delete(arr);
	free(body);
	/* Over the limit: refused, naming the file and the setting. */
	assert_int_equal(truncate(path, 1024 * 1024 + 1), 0);
	assert_int_equal(attach_check_file(path, 1, &size, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "note \"1\".txt"));
	assert_non_null(strstr(err.msg, "attachment_max_mb"));
	assert_null(attach_upload_body(path, 42, 7, 1, &err));
	assert_int_equal(attach_check_file(dir, 1, &size, &err), HALO_EUSAGE);
	assert_non_null(strstr(err.msg, "not a regular file"));
	unlink(path);
	rmdir(dir);
}

static void touch(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
}

/* path_complete of dir/name: n matches, and out dir/want (NULL: any). */
static void completes(const char *dir, const char *name, int n,
                      const char *want)
{
	char typed[512], out[512];

	snprintf(typed, sizeof typed, "%s/%s", dir, name);
	assert_int_equal(path_complete(typed, out, sizeof out), n);
	if (want) {
		snprintf(typed, sizeof typed, "%s/%s", dir, want);
		assert_string_equal(out, typed);
	}
}

static void test_path_complete(void **state)
{
	char dir[] = "/tmp/halotui-complete-XXXXXX", out[512];
	char sub[600];

	(void)state;
	assert_non_null(mkdtemp(dir));
	touch(dir, "trace-2024.log");
	touch(dir, "trace-2025.log");
	touch(dir, ".hidden");
	snprintf(sub, sizeof sub, "%s/logs", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	/* Several: their longest common prefix. */
	completes(dir, "tr", 2, "trace-202");
	/* One: in full. */
	completes(dir, "trace-2024", 1, "trace-2024.log");
	/* A directory gets its slash. */
	completes(dir, "l", 1, "logs/");
	/* Dot files only when asked for. */
	completes(dir, "", 3, NULL);
	completes(dir, ".h", 1, NULL);
	/* None: as typed. */
	completes(dir, "zzz", 0, "zzz");
	/* ~/ is $HOME, kept as typed. */
	setenv("HOME", dir, 1);
	assert_int_equal(path_complete("~/trace-2025", out, sizeof out), 1);
	assert_string_equal(out, "~/trace-2025.log");
	unsetenv("HOME");
	rmdir(sub);
	snprintf(sub, sizeof sub, "%s/trace-2024.log", dir);
	unlink(sub);
	snprintf(sub, sizeof sub, "%s/trace-2025.log", dir);
	unlink(sub);
	snprintf(sub, sizeof sub, "%s/.hidden", dir);
	unlink(sub);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_name),
		cmocka_unit_test(test_safe_name_long),
		cmocka_unit_test(test_numbered),
		cmocka_unit_test(test_download_dir),
		cmocka_unit_test(test_commit_never_overwrites),
		cmocka_unit_test(test_size_limit_and_body),
		cmocka_unit_test(test_path_complete),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("attach", tests, NULL, NULL);
}
