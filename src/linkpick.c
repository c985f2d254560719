/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "linkpick.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

const struct filter_def *linkpick_scope(const struct resource *lres,
                                        const char *owner)
{
	if (!lres || !owner)
		return NULL;
	for (size_t i = 0; i < lres->nfilters; i++)
		if (lres->filters[i].link &&
		    strcmp(lres->filters[i].link, owner) == 0)
			return &lres->filters[i];
	return NULL;
}

struct request *linkpick_request(const struct resource *lres,
                                 const struct filter_def *f, long owner_id)
{
	struct kv_list params = { 0 };
	struct list_query q = { .params = &params };
	struct request *r;
	char num[32];

	if (!lres || !f || owner_id <= 0)
		return NULL;
	snprintf(num, sizeof num, "%ld", owner_id);
	if (kv_add(&params, f->param, num) != 0) {
		kv_done(&params);
		return NULL;
	}
	r = request_page(lres, &q, (lres->flags & RES_PAGED) ? 1 : 0,
	                 LINKPICK_MAX);
	kv_done(&params);
	if (r) {
		if (!(lres->flags & RES_PAGED))
			r->count = LINKPICK_MAX;
		r->cache_ttl_s = LINKPICK_TTL_S;
	}
	return r;
}

long linkpick_owner(const struct record *r, const struct filter_def *f,
                    const char **name)
{
	char key[64];
	size_t n;
	const char *s;

	*name = NULL;
	if (!r || !f)
		return 0;
	/* client_id is named by client_name. */
	n = strlen(f->param);
	if (n > 3 && strcmp(f->param + n - 3, "_id") == 0 && n < sizeof key - 5) {
		snprintf(key, sizeof key, "%.*s_name", (int)(n - 3), f->param);
		s = record_str(r, key);
		if (s && *s)
			*name = s;
	}
	return record_id_of(r, f->param);
}

char *linkpick_label(const struct record *r, const struct filter_def *f)
{
	const char *key = r->res ? r->res->title_key : NULL;
	const char *t = key ? record_str(r, key) : NULL, *owner = NULL;
	char *title, *clean = NULL, *out;
	size_t len;

	if (f && linkpick_owner(r, f, &owner) > 0 && owner) {
		clean = text_sanitize(owner, strlen(owner), 0);
		if (!clean)
			return NULL;
		text_flatten(clean);
		text_squeeze(clean);
	}
	title = text_sanitize(t ? t : "", t ? strlen(t) : 0, 0);
	if (!title) {
		free(clean);
		return NULL;
	}
	text_flatten(title);
	text_squeeze(title);
	if (!clean || !*clean) {
		free(clean);
		return title;
	}
	len = strlen(title) + strlen(clean) + 5;
	out = malloc(len);
	if (out)
		snprintf(out, len, "%s  (%s)", title, clean);
	free(title);
	free(clean);
	return out;
}
