/* SPDX-License-Identifier: MIT */
/* Reaching out of halotui, without a terminal: base64 (RFC 4648's
 * vectors), the OSC 52 and OSC 8 sequences, which terminals get
 * hyperlinks, record web addresses from the resource table, cleaning the
 * server's URLs, the browser's argv and when there is a display, and the
 * command history's file (bounded, written atomically, no secrets). */
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

#include "base64.h"
#include "history.h"
#include "opener.h"
#include "resource.h"
#include "termseq.h"
#include "weburl.h"

static void test_base64(void **state)
{
	static const char *const vec[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		size_t n = strlen(vec[i][0]);
		assert_int_equal(base64_len(n), strlen(vec[i][1]));
		assert_int_equal(base64_encode(vec[i][0], n, out, sizeof out),
		                 strlen(vec[i][1]));
		assert_string_equal(out, vec[i][1]);
	}
	/* High bytes, and an output buffer one short. */
	assert_int_equal(base64_encode("\xff\xfe\x00", 3, out, sizeof out), 4);
	assert_string_equal(out, "//4A");
	assert_int_equal(base64_encode("foo", 3, out, 4), 0);
	assert_string_equal(out, "");
}

static void test_osc52(void **state)
{
	char *s, *big;

	(void)state;
	s = termseq_osc52("1234", 4);
	assert_non_null(s);
	assert_string_equal(s, "\033]52;c;MTIzNA==\a");
	free(s);
	assert_null(termseq_osc52("", 0));
	assert_null(termseq_osc52(NULL, 3));
	big = malloc(TERMSEQ_CLIP_MAX + 1);
	assert_non_null(big);
	memset(big, 'a', TERMSEQ_CLIP_MAX + 1);
	assert_null(termseq_osc52(big, TERMSEQ_CLIP_MAX + 1));
	s = termseq_osc52(big, TERMSEQ_CLIP_MAX);
	assert_non_null(s);
	assert_int_equal(strlen(s), 7 + base64_len(TERMSEQ_CLIP_MAX) + 1);
	free(s);
	free(big);
}

static void test_osc8(void **state)
{
	char out[128];

	(void)state;
	assert_true(termseq_osc8_open("https://a.example/x?y=1", out, sizeof out));
	assert_string_equal(out, "\033]8;;https://a.example/x?y=1\033\\");
	/* Nothing that would end the sequence early or start another. */
	assert_false(termseq_osc8_open("https://a/\033]8;;x\a", out, sizeof out));
	assert_string_equal(out, "");
	assert_false(termseq_osc8_open("https://a/ b", out, sizeof out));
	assert_false(termseq_osc8_open("https://a/\xc3\xa9", out, sizeof out));
	assert_false(termseq_osc8_open("", out, sizeof out));
	assert_false(termseq_osc8_open("https://a.example/long", out, 10));
	assert_string_equal(TERMSEQ_OSC8_CLOSE, "\033]8;;\033\\");
}

static void test_hyperlinks_auto(void **state)
{
	(void)state;
	/* tmux: from 3.4 on only; its variables say nothing of the terminal. */
	assert_false(termseq_hyperlinks_auto("screen-256color", "tmux", "3.3a", "/tmp/t,1,0", NULL));
	assert_true(termseq_hyperlinks_auto("tmux-256color", "tmux", "3.4", "/tmp/t,1,0", NULL));
	assert_true(termseq_hyperlinks_auto("tmux-256color", "tmux", "next-3.5", "/tmp/t,1,0", NULL));
	assert_false(termseq_hyperlinks_auto("xterm-kitty", "iTerm.app", NULL, "/tmp/t,1,0", NULL));
	assert_true(termseq_hyperlinks_auto("xterm-kitty", NULL, NULL, NULL, NULL));
	assert_true(termseq_hyperlinks_auto("xterm-256color", "WezTerm", NULL, NULL, NULL));
	assert_true(termseq_hyperlinks_auto("xterm-256color", NULL, NULL, NULL, "7200"));
	assert_false(termseq_hyperlinks_auto("xterm-256color", NULL, NULL, NULL, "4800"));
	assert_false(termseq_hyperlinks_auto("xterm-256color", NULL, NULL, NULL, NULL));
	assert_false(termseq_hyperlinks_auto("screen", "iTerm.app", NULL, NULL, NULL));
	assert_false(termseq_hyperlinks_auto(NULL, NULL, NULL, NULL, NULL));
}

static void test_record_urls(void **state)
{
	static const struct {
		const char *res;
		const char *url;
	} want[] = {
		{ "tickets", "https://acme.halopsa.com/tickets?id=42" },
		{ "clients", "https://acme.halopsa.com/customers?clientid=42" },
		{ "assets", "https://acme.halopsa.com/assets?id=42" },
		{ "users", "https://acme.halopsa.com/customers?mainview=user&userid=42" },
		{ "sites", "https://acme.halopsa.com/customers?mainview=site&siteid=42" },
	};
	struct errbuf err;
	char *u;

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		u = weburl_record("https://acme.halopsa.com", resource_find(want[i].res),
		                  42, &err);
		assert_non_null(u);
		assert_string_equal(u, want[i].url);
		free(u);
	}
	/* A trailing slash on the base; an id, a resource, a base missing. */
	u = weburl_record("https://acme.halopsa.com//", resource_find("tickets"), 7, &err);
	assert_string_equal(u, "https://acme.halopsa.com/tickets?id=7");
	free(u);
	assert_null(weburl_record("https://a", resource_find("tickets"), 0, &err));
	assert_non_null(strstr(err.msg, "no id"));
	assert_null(weburl_record("https://a", resource_find("contracts"), 3, &err));
	assert_non_null(strstr(err.msg, "contracts"));
	assert_null(weburl_record(NULL, resource_find("tickets"), 3, &err));
	assert_null(weburl_record("ftp://a", resource_find("tickets"), 3, &err));
	assert_null(weburl_record("https://a", NULL, 3, &err));
}

static void test_clean_urls(void **state)
{
	char *u;
	char *big;
	static const char hostile[] = "  https://a.example/x\033]8;;y\a z\x9b\n";

	u = weburl_clean(hostile, sizeof hostile - 1);
	assert_non_null(u);
	assert_string_equal(u, "https://a.example/x]8;;y%20z%9B");
	free(u);
	(void)state;
	u = weburl_clean("https://a/\xc3\xa9\"<>`\\", 17);
	assert_string_equal(u, "https://a/%C3%A9%22%3C%3E%60%5C");
	free(u);
	assert_null(weburl_clean("\033\a\r\n\x7f", 5));
	assert_null(weburl_clean(NULL, 0));
	big = malloc(WEBURL_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', WEBURL_MAX + 1);
	big[WEBURL_MAX + 1] = '\0';
	assert_null(weburl_clean(big, WEBURL_MAX + 1));
	u = weburl_clean(big, WEBURL_MAX);
	assert_non_null(u);
	free(u);
	free(big);
	assert_true(weburl_openable("https://a"));
	assert_true(weburl_openable("HTTP://a"));
	assert_true(weburl_openable("mailto:a@b"));
	assert_false(weburl_openable("https://"));
	assert_false(weburl_openable("javascript:alert(1)"));
	assert_false(weburl_openable("file:///etc/passwd"));
	assert_false(weburl_openable("/relative"));
	assert_false(weburl_openable(NULL));
}

static void assert_argv(char **argv, const char *const *want)
{
	size_t i;

	assert_non_null(argv);
	for (i = 0; want[i]; i++) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], want[i]);
	}
	assert_null(argv[i]);
}

static void test_opener(void **state)
{
	const char *u = "https://a/x?id=1&b=2";
	char **argv;

	(void)state;
	argv = opener_argv(NULL, u);
	assert_argv(argv, (const char *const[]){ "xdg-open", u, NULL });
	opener_argv_free(&argv);
	assert_null(argv);
	argv = opener_argv("firefox --new-tab:chromium", u);
	assert_argv(argv, (const char *const[]){ "firefox", "--new-tab", u, NULL });
	opener_argv_free(&argv);
	argv = opener_argv("  lynx  -dump %s  ", u);
	assert_argv(argv, (const char *const[]){ "lynx", "-dump", u, NULL });
	opener_argv_free(&argv);
	/* No shell: a URL with shell characters is one argument, as is. */
	argv = opener_argv("open", "https://a/$(rm -rf ~);`x`");
	assert_argv(argv, (const char *const[]){ "open", "https://a/$(rm -rf ~);`x`", NULL });
	opener_argv_free(&argv);
	assert_null(opener_argv(":chromium", u));
	assert_null(opener_argv("   ", u));

	assert_true(opener_local(":0", NULL, NULL, NULL));
	assert_true(opener_local(NULL, "wayland-0", "", ""));
	assert_false(opener_local(":0", NULL, "10.0.0.1 5 10.0.0.2 22", NULL));
	assert_false(opener_local(":0", NULL, NULL, "/dev/pts/3"));
#ifndef __APPLE__
	assert_false(opener_local(NULL, NULL, NULL, NULL));
	assert_false(opener_local("", "", NULL, NULL));
#endif
}

static void test_history_secrets(void **state)
{
	(void)state;
	assert_true(history_secret("search password hunter2"));
	assert_true(history_secret("filter client_secret=x"));
	assert_true(history_secret("search Bearer abc"));
	assert_true(history_secret("search TOKEN"));
	assert_true(history_secret("search 9f8e7d6c5b4a39281706f5e4d3c2b1a0"));
	assert_true(history_secret("search sk_live_51H8aBcDeFgHiJkLmNoPqRsT"));
	assert_false(history_secret("filter status=New"));
	assert_false(history_secret("client M\xc3\xbcller & S\xc3\xb6hne"));
	assert_false(history_secret("search aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	assert_false(history_secret("ticket 1234567890"));
	assert_false(history_secret(NULL));
}

static char tmpdir[64];

static void test_history_file(void **state)
{
	struct history h, back;
	struct errbuf err;
	char path[256], buf[64];
	struct stat sb;
	FILE *f;

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/halotest-history-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(path, sizeof path, "%s/sub/hist", tmpdir);

	history_init(&h, 3);
	assert_int_equal(history_add(&h, "filter status=New"), 0);
	assert_int_equal(history_add(&h, "filter status=New"), 0);  /* again: once */
	assert_int_equal(history_add(&h, ""), 0);
	assert_int_equal(history_add(&h, "search password x"), 0);
	assert_int_equal(history_add(&h, "bad\nline"), 0);
	assert_int_equal(h.n, 1);
	history_add(&h, "ticket 1");
	history_add(&h, "ticket 2");
	history_add(&h, "ticket 3");               /* the oldest goes */
	assert_int_equal(h.n, 3);
	assert_string_equal(h.items[0], "ticket 1");
	assert_string_equal(h.items[2], "ticket 3");
	assert_int_equal(history_save(&h, path, &err), HALO_OK);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* Read back, and past its bound: the newest are kept. */
	history_init(&back, 2);
	assert_int_equal(history_load(&back, path, &err), HALO_OK);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.items[0], "ticket 2");
	assert_string_equal(back.items[1], "ticket 3");
	history_done(&back);

	/* A file edited by hand: a secret, a control byte and no final
	 * newline are read as the writer would have kept them. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("view mine\nsearch token abc\nsearch \x1b[2J\nsort id", f);
	fclose(f);
	history_init(&back, 10);
	assert_int_equal(history_load(&back, path, &err), HALO_OK);
	assert_int_equal(back.n, 2);
	assert_string_equal(back.items[0], "view mine");
	assert_string_equal(back.items[1], "sort id");
	history_done(&back);

	/* A missing file is an empty history. */
	unlink(path);
	history_init(&back, 10);
	assert_int_equal(history_load(&back, path, &err), HALO_OK);
	assert_int_equal(back.n, 0);
	history_done(&back);
	history_done(&h);

	setenv("XDG_STATE_HOME", "/s", 1);
	assert_int_equal(history_path("work", buf, sizeof buf), 0);
	assert_string_equal(buf, "/s/halotui/history/work");
	assert_int_equal(history_path(NULL, buf, sizeof buf), 0);
	assert_string_equal(buf, "/s/halotui/history/default");
	assert_int_equal(history_path("../x", buf, sizeof buf), 0);
	assert_null(strstr(buf, "/../"));

	snprintf(path, sizeof path, "%s/sub", tmpdir);
	rmdir(path);
	rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_osc52),
		cmocka_unit_test(test_osc8),
		cmocka_unit_test(test_hyperlinks_auto),
		cmocka_unit_test(test_record_urls),
		cmocka_unit_test(test_clean_urls),
		cmocka_unit_test(test_opener),
		cmocka_unit_test(test_history_secrets),
		cmocka_unit_test(test_history_file),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("reach", tests, NULL, NULL);
}
