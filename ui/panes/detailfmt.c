#include "config.h"
#include "detailfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "text.h"

#define LABEL_MAX 16

static int add(struct dlines *d, const char *text, enum theme_role role,
               int label_w)
{
	char *t;

	struct dline *nl = grow_for_one(d->l, d->n, &d->cap, sizeof *nl, 64);

	if (!nl)
		return -1;
	d->l = nl;
	t = strdup(text ? text : "");
	if (!t)
		return -1;
	d->l[d->n++] = (struct dline){ t, role, label_w };
	return 0;
}

void dlines_free(struct dlines *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->l[i].text);
	free(d->l);
	memset(d, 0, sizeof *d);
}

/* Adds text wrapped to width, each line after `indent` spaces. */
static int add_wrapped(struct dlines *d, const char *text, int width,
                       int indent, enum theme_role role)
{
	char **lines = NULL;
	size_t n = 0;
	char buf[1200];
	int rc = 0;

	if (text_wrap(text, width - indent > 4 ? width - indent : 4, &lines, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && !rc; i++) {
		snprintf(buf, sizeof buf, "%*s%s", indent, "", lines[i]);
		rc = add(d, buf, role, 0);
	}
	text_lines_free(&lines, n);
	return rc;
}

/* "Label        value", the value wrapped under itself. */
static int add_field(struct dlines *d, const char *label, const char *value,
                     int lw, int width)
{
	char **lines = NULL;
	size_t n = 0;
	char *lab, buf[1200];
	int rc = 0;

	if (!value || !*value)
		return 0;
	lab = text_fit(label, lw, 1);
	if (!lab || text_wrap(value, width - lw - 1 > 8 ? width - lw - 1 : 8,
	                      &lines, &n) != 0) {
		free(lab);
		return -1;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		snprintf(buf, sizeof buf, "%s %s", i ? "" : lab, lines[i]);
		if (i)
			snprintf(buf, sizeof buf, "%*s %s", lw, "", lines[i]);
		rc = add(d, buf, ROLE_NORMAL, i ? 0 : lw);
	}
	free(lab);
	text_lines_free(&lines, n);
	return rc;
}

static int label_width(const struct resource *res)
{
	int w = 6;

	for (size_t i = 0; i < res->nfields; i++)
		if ((res->fields[i].flags & FIELD_DETAIL) && res->fields[i].label) {
			int lw = text_width(res->fields[i].label);
			if (lw > w)
				w = lw;
		}
	return w > LABEL_MAX ? LABEL_MAX : w;
}

static int build_title(struct dlines *d, const struct record *r, int width)
{
	const char *t = r->res->title_key ? record_str(r, r->res->title_key) : NULL;
	char *clean = text_sanitize(t ? t : "", t ? strlen(t) : 0, 0);
	char *buf;
	size_t len;
	int rc;

	if (!clean)
		return -1;
	len = strlen(clean) + 64;
	buf = malloc(len);
	if (!buf) {
		free(clean);
		return -1;
	}
	snprintf(buf, len, "%c%s %ld%s%s", r->res->singular[0] - 32,
	         r->res->singular + 1, r->id, *clean ? ": " : "", clean);
	rc = add_wrapped(d, buf, width, 0, ROLE_DETAIL_TITLE);
	free(buf);
	free(clean);
	return rc;
}

static int build_fields(struct dlines *d, const struct record *r,
                        const struct lookups *lk, int width)
{
	int lw = label_width(r->res);

	for (size_t i = 0; i < r->res->nfields; i++) {
		const struct field_def *f = &r->res->fields[i];
		char *v;
		int rc;
		if (!(f->flags & FIELD_DETAIL) || f->kind == FIELD_HTML ||
		    f->kind == FIELD_LONGTEXT || strcmp(f->key, r->res->id_key) == 0 ||
		    (r->res->title_key && strcmp(f->key, r->res->title_key) == 0))
			continue;
		v = record_display(r, f, lk);
		if (!v)
			return -1;
		rc = add_field(d, f->label, v, lw, width);
		free(v);
		if (rc)
			return -1;
	}
	return 0;
}

static int build_custom(struct dlines *d, const struct record *r, int width)
{
	struct kv_list cf = { 0 };
	int rc = 0, lw = 6;

	if (record_customfields(r, &cf) != 0)
		return -1;
	if (cf.n) {
		for (size_t i = 0; i < cf.n; i++)
			if (text_width(cf.items[i].key) > lw)
				lw = text_width(cf.items[i].key);
		if (lw > 24)
			lw = 24;
		rc = add(d, "", ROLE_NORMAL, 0) || add(d, "Custom fields", ROLE_DETAIL_SECTION, 0);
		for (size_t i = 0; i < cf.n && !rc; i++)
			rc = add_field(d, cf.items[i].key, cf.items[i].value, lw, width);
	}
	kv_done(&cf);
	return rc;
}

static int build_body(struct dlines *d, const struct record *r, int width)
{
	char *body = record_body_text(r, width);
	int rc = 0;

	if (!body)
		return -1;
	if (*body) {
		const struct field_def *f = r->res->text_key ?
		        resource_field(r->res, r->res->text_key) : NULL;
		rc = add(d, "", ROLE_NORMAL, 0) ||
		     add(d, f && f->label ? f->label : "Details", ROLE_DETAIL_SECTION, 0) ||
		     add_wrapped(d, body, width, 0, ROLE_NORMAL);
	}
	free(body);
	return rc;
}

static char *note_part(const struct record *n, const char *key,
                       const struct lookups *lk)
{
	const struct field_def *f = resource_field(n->res, key);

	return f ? record_display(n, f, lk) : strdup("");
}

static int build_note(struct dlines *d, const struct record *n,
                      const struct lookups *lk, int width)
{
	char *when = note_part(n, "datetime", lk);
	char *who = note_part(n, "who", lk);
	char *outcome = note_part(n, "outcome", lk);
	char *priv = note_part(n, "hiddenfromuser", lk);
	char *body = NULL, head[600];
	bool is_private = priv && strcmp(priv, "yes") == 0;
	int rc = -1;

	if (!when || !who || !outcome || !priv)
		goto out;
	snprintf(head, sizeof head, "\xe2\x94\x80\xe2\x94\x80 %s \xc2\xb7 %s%s%s%s",
	         *when ? when : "(no date)", *who ? who : "(unknown)",
	         *outcome ? " \xc2\xb7 " : "", outcome,
	         is_private ? " \xc2\xb7 [private]" : "");
	body = record_body_text(n, width - 2 > 10 ? width - 2 : 10);
	if (!body)
		goto out;
	rc = add(d, head, is_private ? ROLE_PRIVATE_NOTE : ROLE_NOTE_HEADER, 0);
	if (!rc && *body)
		rc = add_wrapped(d, body, width, 2, ROLE_NORMAL);
	if (!rc)
		rc = add(d, "", ROLE_NORMAL, 0);
out:
	free(when);
	free(who);
	free(outcome);
	free(priv);
	free(body);
	return rc;
}

static int build_notes(struct dlines *d, struct record *const *notes,
                       size_t n, enum notes_state ns, const char *err,
                       const struct lookups *lk, int width)
{
	char head[300];

	if (ns == NOTES_NONE)
		return 0;
	if (ns == NOTES_LOADING)
		snprintf(head, sizeof head, "Notes (loading\xe2\x80\xa6)");
	else if (ns == NOTES_FAILED)
		snprintf(head, sizeof head, "Notes: %s", err ? err : "failed");
	else
		snprintf(head, sizeof head, "Notes (%zu)", n);
	if (add(d, "", ROLE_NORMAL, 0) ||
	    add(d, head, ns == NOTES_FAILED ? ROLE_ERROR : ROLE_DETAIL_SECTION, 0))
		return -1;
	for (size_t i = 0; ns == NOTES_LOADED && i < n; i++)
		if (notes[i] && build_note(d, notes[i], lk, width) != 0)
			return -1;
	return 0;
}

int detail_build(struct dlines *out, const struct record *r,
                 const struct lookups *lk, struct record *const *notes,
                 size_t nnotes, enum notes_state ns, const char *notes_error,
                 int width)
{
	memset(out, 0, sizeof *out);
	if (width < 10)
		width = 10;
	if (!r || !r->res)
		return add(out, "(nothing to show)", ROLE_PLACEHOLDER, 0);
	if (build_title(out, r, width) || add(out, "", ROLE_NORMAL, 0) ||
	    build_fields(out, r, lk, width) || build_custom(out, r, width) ||
	    build_body(out, r, width) ||
	    build_notes(out, notes, nnotes, ns, notes_error, lk, width)) {
		dlines_free(out);
		return -1;
	}
	return 0;
}

static int note_cmp(const void *a, const void *b)
{
	const struct record *x = *(struct record *const *)a;
	const struct record *y = *(struct record *const *)b;
	time_t tx = 0, ty = 0;
	bool hx = x && record_date(x, "datetime", &tx);
	bool hy = y && record_date(y, "datetime", &ty);

	if (hx != hy)
		return hx ? -1 : 1;
	if (hx && tx != ty)
		return tx < ty ? -1 : 1;
	if (!x || !y)
		return x ? -1 : (y ? 1 : 0);
	return (x->id > y->id) - (x->id < y->id);
}

void detail_sort_notes(struct record **notes, size_t n)
{
	if (notes && n > 1)
		qsort(notes, n, sizeof *notes, note_cmp);
}
