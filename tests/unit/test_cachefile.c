/* SPDX-License-Identifier: MIT */
/* Cache files: what is written is read back only by the same instance and
 * version, whole and unaltered, private to the user, and a write never
 * leaves a half file in place. Also the token cache built on them. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachefile.h"
#include "tokencache.h"
#include "testdir.h"

static const struct cache_owner me = { "https://a.example", "t1", "cid" };
static int setup(void **state)
{
	(void)state;
	return testdir_make("cachefile", "XDG_CACHE_HOME", "XDG_STATE_HOME",
	                    NULL);
}

static void path_in(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/sub/deeper/%s", testdir, name);
}

/* The atomic test's own directory, which it empties. */
static void path_alone(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/sub/alone/%s", testdir, name);
}

/* Reads the whole file into buf; returns its length. */
static size_t slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

static void spit(const char *path, const char *buf, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	chmod(path, 0600);
}

static void test_roundtrip_and_modes(void **state)
{
	char path[512], *data = NULL, d[512];
	static const char payload[] = "{\"a\":[1,2,3]}\n\0binary\xff";
	size_t len = 0;
	time_t saved = 0, before = time(NULL);
	struct errbuf err;
	struct stat st;

	(void)state;
	path_in(path, sizeof path, "one");
	assert_int_equal(cachefile_write(path, &me, payload, sizeof payload,
	                                 &err), HALO_OK);
	assert_true(cachefile_read(path, &me, &data, &len, &saved));
	assert_int_equal(len, sizeof payload);
	assert_memory_equal(data, payload, len);
	assert_int_equal(data[len], '\0');
	assert_true(saved >= before && saved <= time(NULL));
	free(data);
	/* The file 0600, the directories made for it 0700. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(d, sizeof d, "%s/sub/deeper", testdir);
	assert_int_equal(stat(d, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(d, sizeof d, "%s/sub", testdir);
	assert_int_equal(stat(d, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* An empty payload is a payload. */
	assert_int_equal(cachefile_write(path, &me, "", 0, &err), HALO_OK);
	assert_true(cachefile_read(path, &me, &data, &len, NULL));
	assert_int_equal(len, 0);
	free(data);
}

static void test_other_instance(void **state)
{
	char path[512], *data = (char *)1;
	size_t len = 7;
	struct errbuf err;
	struct cache_owner o;

	(void)state;
	path_in(path, sizeof path, "inst");
	assert_int_equal(cachefile_write(path, &me, "x", 1, &err), HALO_OK);
	o = me;
	o.base_url = "https://b.example";
	assert_false(cachefile_read(path, &o, &data, &len, NULL));
	assert_null(data);
	assert_int_equal(len, 0);
	o = me;
	o.tenant = NULL;
	assert_false(cachefile_read(path, &o, &data, &len, NULL));
	o = me;
	o.client_id = "other";
	assert_false(cachefile_read(path, &o, &data, &len, NULL));
	/* A line break in a name would forge header lines: refused. */
	o = me;
	o.tenant = "t1\nclient_id cid";
	assert_int_equal(cachefile_write(path, &o, "y", 1, &err), HALO_EIO);
	assert_true(cachefile_read(path, &me, &data, &len, NULL));
	assert_memory_equal(data, "x", 1);
	free(data);
}

static void test_other_version_and_corrupt(void **state)
{
	char path[512], buf[2048], bad[2048], *data = NULL, *at;
	size_t n, len;
	struct errbuf err;

	(void)state;
	path_in(path, sizeof path, "corrupt");
	assert_int_equal(cachefile_write(path, &me, "hello world", 11, &err),
	                 HALO_OK);
	n = slurp(path, buf, sizeof buf);

	/* Another halotui version. */
	memcpy(bad, buf, n);
	at = strstr(bad, "version ");
	assert_non_null(at);
	at[8] = at[8] == '9' ? '8' : '9';
	spit(path, bad, n);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	/* Another format. */
	memcpy(bad, buf, n);
	bad[14] = '2';      /* "halotui-cache 2" */
	spit(path, bad, n);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	/* A payload byte changed. */
	memcpy(bad, buf, n);
	bad[n - 1] ^= 1;
	spit(path, bad, n);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	/* Truncated, at every length. */
	for (size_t cut = 0; cut < n; cut++) {
		spit(path, buf, cut);
		assert_false(cachefile_read(path, &me, &data, &len, NULL));
	}
	/* Something appended. */
	memcpy(bad, buf, n);
	bad[n] = 'x';
	spit(path, bad, n + 1);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	/* Garbage and a missing file. */
	spit(path, "\x00\x01garbage", 9);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	unlink(path);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	/* Whole again: read. */
	spit(path, buf, n);
	assert_true(cachefile_read(path, &me, &data, &len, NULL));
	free(data);
	/* Readable by others: not trusted (anyone could have written it). */
	chmod(path, 0644);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	/* A directory or a symlink is no cache file. */
	unlink(path);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_false(cachefile_read(path, &me, &data, &len, NULL));
	unlink(path);
}

static int count_files(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)))
		n += e->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void test_atomic(void **state)
{
	char path[512], d[512], *data = NULL;
	size_t len, files = 0;
	struct errbuf err;

	(void)state;
	path_alone(path, sizeof path, "atomic");
	assert_int_equal(cachefile_write(path, &me, "old", 3, &err), HALO_OK);
	/* A write that cannot finish (the file size limit stops it half
	 * way, even for root) leaves the old file whole and no temporary
	 * beside it. */
	{
		static char big[8192];
		struct rlimit was, small = { 2048, 2048 };

		memset(big, 'b', sizeof big);
		assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
		small.rlim_max = was.rlim_max;
		signal(SIGXFSZ, SIG_IGN);
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
		assert_int_equal(cachefile_write(path, &me, big, sizeof big, &err),
		                 HALO_EIO);
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
		assert_non_null(strstr(err.msg, path));
		assert_true(cachefile_read(path, &me, &data, &len, NULL));
		assert_int_equal(len, 3);
		assert_memory_equal(data, "old", 3);
		free(data);
		snprintf(d, sizeof d, "%s/sub/alone", testdir);
		assert_int_equal(count_files(d), 1);   /* no temporary */
	}
	/* A temporary left by a crash is no cache file and changes
	 * nothing; a new write replaces the file whole. */
	snprintf(d, sizeof d, "%s.Ab12Cd", path);
	spit(d, "half", 4);
	assert_int_equal(cachefile_write(path, &me, "newer", 5, &err), HALO_OK);
	assert_true(cachefile_read(path, &me, &data, &len, NULL));
	assert_int_equal(len, 5);
	assert_memory_equal(data, "newer", 5);
	free(data);
	/* Clearing the directory removes both. */
	snprintf(d, sizeof d, "%s/sub/alone", testdir);
	assert_int_equal(cachefile_clear_dir(d, &files), 0);
	assert_int_equal(files, 2);
	assert_int_not_equal(access(d, F_OK), 0);
	assert_int_equal(cachefile_clear_dir(d, &files), 0);
	assert_int_equal(files, 0);
}

static void test_paths(void **state)
{
	char out[512], want[512];

	(void)state;
	assert_int_equal(cachefile_path(XDG_CACHE, NULL, "work", "x", out,
	                                sizeof out), 0);
	snprintf(want, sizeof want, "%s/halotui/work/x", testdir);
	assert_string_equal(out, want);
	/* A profile name never climbs out or splits the path. */
	assert_int_equal(cachefile_path(XDG_STATE, "tokens", "../a/b", NULL,
	                                out, sizeof out), 0);
	snprintf(want, sizeof want, "%s/halotui/tokens/%%2E.%%2Fa%%2Fb",
	         testdir);
	assert_string_equal(out, want);
	assert_int_equal(cachefile_path(XDG_STATE, "tokens", NULL, NULL, out,
	                                sizeof out), 0);
	snprintf(want, sizeof want, "%s/halotui/tokens/default", testdir);
	assert_string_equal(out, want);
}

static void fill(struct settings *s, const char *secret)
{
	settings_init(s);
	s->base_url = strdup("https://a.example");
	s->tenant = strdup("t1");
	s->client_id = strdup("cid");
	s->client_secret = strdup(secret);
	s->profile = strdup("work");
}

static void test_token_cache(void **state)
{
	struct settings s, other;
	struct token t = { 0 }, back = { 0 };
	struct errbuf err;
	char path[512], buf[4096];

	(void)state;
	fill(&s, "sekrit");
	t.access = strdup("tok-123");
	t.type = strdup("Bearer");
	t.expires_at = 1000.0 + 3600;
	assert_int_equal(tokencache_save(&s, &t, 1000.0, &err), HALO_OK);
	/* The secret is not in the file; the token is, privately. */
	assert_int_equal(tokencache_path(&s, path, sizeof path), 0);
	slurp(path, buf, sizeof buf);
	assert_null(strstr(buf, "sekrit"));
	assert_non_null(strstr(buf, "tok-123"));
	/* Loaded at another monotonic time, with the time left. */
	assert_true(tokencache_load(&s, 50.0, &back));
	assert_string_equal(back.access, "tok-123");
	assert_string_equal(back.type, "Bearer");
	assert_true(back.expires_at > 50.0 + 3590 && back.expires_at <= 50.0 + 3600);
	token_clear(&back);
	/* Another secret: not used. */
	fill(&other, "changed");
	assert_false(tokencache_load(&other, 50.0, &back));
	assert_null(back.access);
	settings_done(&other);
	/* Expired (within the margin): not used. */
	t.expires_at = 1000.0 + AUTH_EXPIRY_MARGIN_S - 1;
	assert_int_equal(tokencache_save(&s, &t, 1000.0, &err), HALO_OK);
	assert_false(tokencache_load(&s, 50.0, &back));
	/* Forgotten. */
	assert_int_equal(tokencache_forget(&s, &err), 1);
	assert_int_equal(tokencache_forget(&s, &err), 0);
	token_clear(&t);
	settings_done(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_and_modes),
		cmocka_unit_test(test_other_instance),
		cmocka_unit_test(test_other_version_and_corrupt),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_token_cache),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("cachefile", tests, setup,
	                                   testdir_teardown);
}
