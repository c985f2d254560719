/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "recordtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

char *record_title(const struct record *r)
{
	const struct resource *res = r ? r->res : NULL;
	const char *t = res && res->title_key ? record_str(r, res->title_key)
	                                      : NULL;
	char *clean = text_sanitize(t, t ? strlen(t) : 0, 0), *out;
	const char *sing = res && res->singular ? res->singular : "record";
	size_t len;

	if (!clean)
		return NULL;
	len = strlen(clean) + strlen(sing) + 32;
	out = malloc(len);
	if (out)
		/* The singular is the table's lower-case ASCII: capitalise it. */
		snprintf(out, len, "%c%s %ld%s%s",
		         sing[0] >= 'a' && sing[0] <= 'z' ? sing[0] - 'a' + 'A'
		                                          : sing[0],
		         sing + 1, r ? r->id : 0L, *clean ? ": " : "", clean);
	free(clean);
	return out;
}

/* The fields a detail shows as label and value: not the id or the title
 * (the title line has them), not long text (the body). */
static bool field_shown(const struct resource *res, const struct field_def *f)
{
	if (!(f->flags & FIELD_DETAIL) || f->kind == FIELD_HTML ||
	    f->kind == FIELD_LONGTEXT)
		return false;
	if (res->id_key && strcmp(f->key, res->id_key) == 0)
		return false;
	return !res->title_key || strcmp(f->key, res->title_key) != 0;
}

static int build_fields(struct kv_list *out, const struct record *r,
                        const struct lookups *lk)
{
	for (size_t i = 0; i < r->res->nfields; i++) {
		const struct field_def *f = &r->res->fields[i];
		char *v;
		int rc;

		if (!field_shown(r->res, f))
			continue;
		v = record_display(r, f, lk);
		if (!v)
			return -1;
		rc = *v ? kv_add(out, f->label ? f->label : f->key, v) : 0;
		free(v);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int record_text_build(struct record_text *rt, const struct record *r,
                      const struct lookups *lk)
{
	const struct field_def *body;

	memset(rt, 0, sizeof *rt);
	if (!r || !r->res)
		return 0;
	body = r->res->text_key ? resource_field(r->res, r->res->text_key) : NULL;
	rt->body_label = body && body->label ? body->label : "Details";
	rt->title = record_title(r);
	if (!rt->title || build_fields(&rt->fields, r, lk) != 0 ||
	    record_customfields(r, &rt->custom) != 0) {
		record_text_done(rt);
		return -1;
	}
	return 0;
}

void record_text_done(struct record_text *rt)
{
	free(rt->title);
	kv_done(&rt->fields);
	kv_done(&rt->custom);
	memset(rt, 0, sizeof *rt);
}

int record_text_label_width(const struct resource *res, int min, int max)
{
	int w = min;

	for (size_t i = 0; res && i < res->nfields; i++) {
		const struct field_def *f = &res->fields[i];
		int lw;

		if (!field_shown(res, f))
			continue;
		lw = text_width(f->label ? f->label : f->key);
		if (lw > w)
			w = lw;
	}
	return max > 0 && w > max ? max : w;
}
