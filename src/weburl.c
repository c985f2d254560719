/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "weburl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strbuf.h"

char *weburl_clean(const char *url, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out;
	size_t o = 0, start = 0, end = len;

	if (!url)
		return NULL;
	while (start < end && (url[start] == ' ' || url[start] == '\t' ||
	                       url[start] == '\n' || url[start] == '\r'))
		start++;
	while (end > start && (url[end - 1] == ' ' || url[end - 1] == '\t' ||
	                       url[end - 1] == '\n' || url[end - 1] == '\r'))
		end--;
	out = malloc(WEBURL_MAX + 1);
	if (!out)
		return NULL;
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c < 0x20 || c == 0x7f)
			continue;   /* ESC, BEL, newlines: never written out */
		if (c == ' ' || c >= 0x80 || c == '"' || c == '<' || c == '>' ||
		    c == '\\' || c == '`') {
			if (o + 3 > WEBURL_MAX)
				goto too_long;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
			continue;
		}
		if (o + 1 > WEBURL_MAX)
			goto too_long;
		out[o++] = (char)c;
	}
	if (!o)
		goto too_long;
	out[o] = '\0';
	return out;
too_long:
	free(out);
	return NULL;
}

bool weburl_openable(const char *url)
{
	static const char *const schemes[] = { "https://", "http://", "mailto:" };

	if (!url)
		return false;
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		size_t n = strlen(schemes[i]);
		if (strncasecmp(url, schemes[i], n) == 0 && url[n])
			return true;
	}
	return false;
}

/* base_url without its trailing slashes. */
static size_t base_len(const char *base_url)
{
	size_t n = strlen(base_url);

	while (n && base_url[n - 1] == '/')
		n--;
	return n;
}

char *weburl_record(const char *base_url, const struct resource *res, long id,
                    struct errbuf *err)
{
	struct strbuf b;
	const char *t, *mark;
	char idtxt[24], *url;

	if (!res || !res->web_path) {
		errbuf_set(err, HALO_EUSAGE, "halotui does not know the web address of %s",
		           res ? res->name : "these records");
		return NULL;
	}
	if (id <= 0) {
		errbuf_set(err, HALO_EUSAGE, "this %s has no id yet", res->singular);
		return NULL;
	}
	if (!base_url || !*base_url) {
		errbuf_set(err, HALO_ECONFIG, "no base_url in the profile");
		return NULL;
	}
	snprintf(idtxt, sizeof idtxt, "%ld", id);
	strbuf_init(&b, WEBURL_MAX + 1);
	strbuf_add(&b, base_url, base_len(base_url));
	strbuf_addc(&b, '/');
	for (t = res->web_path; (mark = strstr(t, "{id}")); t = mark + 4) {
		strbuf_add(&b, t, (size_t)(mark - t));
		strbuf_addstr(&b, idtxt);
	}
	strbuf_addstr(&b, t);
	url = b.failed ? NULL : weburl_clean(strbuf_str(&b), b.len);
	strbuf_done(&b);
	if (!url || !weburl_openable(url)) {
		free(url);
		errbuf_set(err, HALO_ECONFIG, "the %s's web address is not an "
		           "http(s) URL (check base_url)", res->singular);
		return NULL;
	}
	return url;
}
