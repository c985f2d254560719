/* SPDX-License-Identifier: MIT */
/* Engine benchmarks: prints how long the hot paths take on generated data
 * (parsing a 100-record list page into records, sanitising server text,
 * rendering HTML notes, fitting a table row). A program that prints
 * numbers, not a test: run it by hand or from tests/bench/run. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "api.h"
#include "columns.h"
#include "html.h"
#include "resource.h"
#include "text.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A list page shaped like Halo's: wrapped, 100 tickets, quirky values. */
static char *make_page(int n)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(root, "tickets");
	char *txt;

	cJSON_AddNumberToObject(root, "record_count", 5000);
	cJSON_AddNumberToObject(root, "page_no", 1);
	cJSON_AddNumberToObject(root, "page_size", n);
	for (int i = 0; i < n; i++) {
		cJSON *t = cJSON_CreateObject();
		char buf[128];

		cJSON_AddNumberToObject(t, "id", 1000 + i);
		snprintf(buf, sizeof buf, "Printer on floor %d will not print \xc3\xa9\xe6\x9d\xb1", i);
		cJSON_AddStringToObject(t, "summary", buf);
		cJSON_AddNumberToObject(t, "status_id", i % 4 + 1);
		cJSON_AddNumberToObject(t, "priority_id", i % 4 + 1);
		cJSON_AddNumberToObject(t, "client_id", 12.0);
		cJSON_AddStringToObject(t, "client_name", "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale");
		cJSON_AddNumberToObject(t, "agent_id", 3);
		cJSON_AddStringToObject(t, "team", "1st Line Support");
		cJSON_AddStringToObject(t, "lastactiondate", "2024-06-20T14:45:15.9746271Z");
		cJSON_AddStringToObject(t, "targetdate", "1900-01-01T00:00:00");
		cJSON_AddItemToArray(arr, t);
	}
	txt = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return txt;
}

static void bench_parse(void)
{
	const struct resource *res = resource_find("tickets");
	char *page = make_page(100);
	size_t len = strlen(page);
	int rounds = 2000;
	double t0 = now_s();

	for (int i = 0; i < rounds; i++) {
		struct api_page p = { 0 };
		if (api_parse_list(res, page, len, &p, NULL) != HALO_OK)
			abort();
		api_page_done(&p);
	}
	printf("parse a 100-ticket page (%zu bytes): %.1f us\n", len,
	       (now_s() - t0) / rounds * 1e6);
	free(page);
}

static void bench_sanitize(void)
{
	size_t len = 1 << 20;
	char *s = malloc(len + 1);
	double t0, dt;
	char *out;

	for (size_t i = 0; i < len; i++)
		s[i] = (i % 97 == 0) ? '\x1b' : (char)('a' + i % 26);
	s[len] = '\0';
	t0 = now_s();
	out = text_sanitize(s, len, 0);
	dt = now_s() - t0;
	printf("sanitise 1 MiB with escapes: %.2f ms (%.0f MiB/s)\n",
	       dt * 1e3, 1.0 / dt);
	free(out);
	free(s);
}

static void bench_html(void)
{
	const char *note = "<div dir='ltr'><p>Hello <b>Ann</b>,</p><p>The printer "
	                   "on floor 3 is <a href='https://kb.example/42'>fixed"
	                   "</a>.</p><ul><li>toner</li><li>drum &amp; belt</li>"
	                   "</ul><table><tr><td>a</td><td>b</td></tr></table></div>";
	int rounds = 20000;
	double t0 = now_s();

	for (int i = 0; i < rounds; i++)
		free(html_to_text(note, strlen(note), 80));
	printf("render a typical HTML note to text: %.2f us\n",
	       (now_s() - t0) / rounds * 1e6);
}

static void bench_row(void)
{
	struct column_spec cols[7] = {
		{ 7, 5, false }, { 14, 8, false }, { 8, 6, false }, { 40, 12, true },
		{ 20, 10, false }, { 14, 8, false }, { 16, 10, false },
	};
	const char *cells[7] = { "12345", "In Progress", "High",
		"Printer on floor 3 will not print \xe6\x9d\xb1\xe4\xba\xac",
		"Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale", "Ann Smith",
		"2024-06-20 14:45" };
	int widths[7], rounds = 100000;
	double t0 = now_s();

	for (int i = 0; i < rounds; i++) {
		columns_fit(cols, 7, 120, widths);
		free(columns_row(cells, widths, 7));
	}
	printf("fit and format one 120-column row: %.2f us\n",
	       (now_s() - t0) / rounds * 1e6);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	bench_parse();
	bench_sanitize();
	bench_html();
	bench_row();
	return 0;
}
