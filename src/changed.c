/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "changed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cachefile.h"
#include "jsonx.h"
#include "text.h"

#define LOOK_FILE "last-look"

static struct cache_owner owner_of(const struct settings *s)
{
	return (struct cache_owner){ s->base_url, s->tenant, s->client_id };
}

static int look_path(const struct settings *s, char *out, size_t len)
{
	return cachefile_path(XDG_STATE, NULL, s->profile, LOOK_FILE, out, len);
}

bool changed_last_look(const struct settings *s, long long *when_ms)
{
	struct cache_owner o = owner_of(s);
	static const char *const names[] = { "last_look_ms" };
	char path[4096], *data = NULL, *v[1], *end;
	size_t len;
	time_t saved;
	long long t;
	bool ok = false;

	if (look_path(s, path, sizeof path) != 0 ||
	    !cachefile_read(path, &o, &data, &len, &saved))
		return false;
	if (cachefile_fields(data, names, 1, v)) {
		t = strtoll(v[0], &end, 10);
		if (end != v[0] && !*end && t > 0) {
			*when_ms = t;
			ok = true;
		}
	}
	free(data);
	return ok;
}

enum halo_status changed_save_look(const struct settings *s,
                                   long long when_ms, struct errbuf *err)
{
	struct cache_owner o = owner_of(s);
	char path[4096], body[64];
	int n;

	if (look_path(s, path, sizeof path) != 0)
		return errbuf_set(err, HALO_EIO, "no place to keep when you last "
		                  "looked: set HOME or XDG_STATE_HOME");
	n = snprintf(body, sizeof body, "last_look_ms %lld\n", when_ms);
	return cachefile_write(path, &o, body, (size_t)n, err);
}

bool changed_date_ms(const struct record *r, const char *key,
                     long long *out)
{
	const char *s = record_str(r, key), *dot;
	long long ms = 0;
	int digits = 0;
	time_t t;

	if (!s || !jsonx_parse_date(s, &t))
		return false;
	dot = strchr(s, '.');
	for (const char *c = dot ? dot + 1 : ""; *c >= '0' && *c <= '9' &&
	     digits < 3; c++, digits++)
		ms = ms * 10 + (*c - '0');
	for (; digits < 3; digits++)
		ms *= 10;
	*out = (long long)t * 1000 + ms;
	return true;
}

struct dated {
	const struct record *r;
	long long at;
};

static int newest_first(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? 1 : -1;
	if (x->r->id != y->r->id)
		return x->r->id < y->r->id ? 1 : -1;
	return 0;
}

size_t changed_select(struct record *const *in, size_t n, long long since_ms,
                      const struct record **out, size_t max)
{
	struct dated *d = n ? calloc(n, sizeof *d) : NULL;
	size_t k = 0;

	if (!d)
		return 0;
	for (size_t i = 0; i < n; i++) {
		long long at;
		bool seen = false;

		if (!in[i] || !changed_date_ms(in[i], "lastactiondate", &at) ||
		    at <= since_ms)
			continue;
		for (size_t j = 0; j < k && !seen; j++)
			seen = d[j].r->id == in[i]->id;
		if (!seen)
			d[k++] = (struct dated){ in[i], at };
	}
	qsort(d, k, sizeof *d, newest_first);
	if (k > max)
		k = max;
	for (size_t i = 0; i < k; i++)
		out[i] = d[i].r;
	free(d);
	return k;
}

void changed_who_what(const struct record *action, char *buf, size_t len)
{
	const char *outcome = record_str(action, "outcome");
	const char *who = record_str(action, "who");
	char *o = text_sanitize(outcome ? outcome : "note",
	                        strlen(outcome ? outcome : "note"), 0);
	char *w = text_sanitize(who ? who : "someone",
	                        strlen(who ? who : "someone"), 0);

	if (!buf || !len)
		goto out;
	snprintf(buf, len, "%s \xc2\xb7 %s", o ? o : "", w ? w : "");
out:
	free(o);
	free(w);
}
