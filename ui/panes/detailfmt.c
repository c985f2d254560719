/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "detailfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "note.h"
#include "notetime.h"
#include "recordtext.h"
#include "sla_style.h"
#include "text.h"

#define LABEL_MAX 16
#define CUSTOM_LABEL_MAX 24

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
                     int lw, int width, enum theme_role role)
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
		rc = add(d, buf, role, i ? 0 : lw);
	}
	free(lab);
	text_lines_free(&lines, n);
	return rc;
}

static int build_body(struct dlines *d, const struct record *r,
                      const char *label, int width)
{
	char *body = record_body_text(r, width);
	int rc = 0;

	if (!body)
		return -1;
	if (*body)
		rc = add(d, "", ROLE_NORMAL, 0) ||
		     add(d, label, ROLE_DETAIL_SECTION, 0) ||
		     add_wrapped(d, body, width, 0, ROLE_NORMAL);
	free(body);
	return rc;
}

int detail_note_head(const struct record *n, const struct lookups *lk,
                     char *buf, size_t len, bool *is_private)
{
	struct note_heading h;
	char took[40] = "";
	long secs = note_time(n);

	if (note_heading_build(&h, n, lk) != 0)
		return -1;
	if (secs > 0) {
		strcpy(took, " \xc2\xb7 ");
		notetime_format(secs, took + strlen(took), sizeof took - strlen(took));
	}
	snprintf(buf, len, "\xe2\x94\x80\xe2\x94\x80 %s \xc2\xb7 %s%s%s%s%s",
	         h.when, h.who, *h.outcome ? " \xc2\xb7 " : "", h.outcome, took,
	         h.is_private ? " \xc2\xb7 [private]" : "");
	if (is_private)
		*is_private = h.is_private;
	note_heading_done(&h);
	return 0;
}

static int build_note(struct dlines *d, const struct record *n,
                      const struct lookups *lk, int width)
{
	char *body, head[600];
	bool is_private;
	int rc;

	if (detail_note_head(n, lk, head, sizeof head, &is_private) != 0)
		return -1;
	body = record_body_text(n, width - 2 > 10 ? width - 2 : 10);
	if (!body)
		return -1;
	rc = add(d, head, is_private ? ROLE_PRIVATE_NOTE : ROLE_NOTE_HEADER, 0);
	if (!rc && *body)
		rc = add_wrapped(d, body, width, 2, ROLE_NORMAL);
	if (!rc)
		rc = add(d, "", ROLE_NORMAL, 0);
	free(body);
	return rc;
}

/* The SLA countdown's line in its risk's colour; others normal. */
static enum theme_role field_role(const struct record *r, const char *label)
{
	const struct field_def *f = resource_field(r->res, "sla");
	enum theme_role role = ROLE_NORMAL;

	if (f && (f->flags & FIELD_SLA) && f->label &&
	    strcmp(label, f->label) == 0)
		sla_role(sla_state_now(r), &role);
	return role;
}

/* The title, the fields and the custom fields: the engine's record text
 * (the command line's `show` prints the same), laid out for the pane. */
static int build_record(struct dlines *d, const struct record *r,
                        const struct lookups *lk, int width)
{
	struct record_text rt;
	int lw = record_text_label_width(r->res, 6, LABEL_MAX), cw = 6, rc;

	if (record_text_build(&rt, r, lk) != 0)
		return -1;
	rc = add_wrapped(d, rt.title, width, 0, ROLE_DETAIL_TITLE) ||
	     add(d, "", ROLE_NORMAL, 0);
	for (size_t i = 0; i < rt.fields.n && !rc; i++)
		rc = add_field(d, rt.fields.items[i].key, rt.fields.items[i].value,
		               lw, width, field_role(r, rt.fields.items[i].key));
	for (size_t i = 0; i < rt.custom.n; i++)
		if (text_width(rt.custom.items[i].key) > cw)
			cw = text_width(rt.custom.items[i].key);
	if (cw > CUSTOM_LABEL_MAX)
		cw = CUSTOM_LABEL_MAX;
	if (!rc && rt.custom.n)
		rc = add(d, "", ROLE_NORMAL, 0) ||
		     add(d, "Custom fields", ROLE_DETAIL_SECTION, 0);
	for (size_t i = 0; i < rt.custom.n && !rc; i++)
		rc = add_field(d, rt.custom.items[i].key, rt.custom.items[i].value,
		               cw, width, ROLE_NORMAL);
	if (!rc)
		rc = build_body(d, r, rt.body_label, width);
	record_text_done(&rt);
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
	else {
		long total = notes_time(notes, n);
		char t[32];

		notetime_format(total, t, sizeof t);
		if (total > 0)
			snprintf(head, sizeof head, "Notes (%zu) \xc2\xb7 time %s "
			         "in all", n, t);
		else
			snprintf(head, sizeof head, "Notes (%zu)", n);
	}
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
	if (build_record(out, r, lk, width) ||
	    build_notes(out, notes, nnotes, ns, notes_error, lk, width)) {
		dlines_free(out);
		return -1;
	}
	return 0;
}
