/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "note.h"
#include "notetime.h"
#include "text.h"

/* A note's fields: what POST /api/Actions needs (HALO_API.md 7.3). */
static const struct field_def note_fields[] = {
	{ .key = "note", .label = "Note", .kind = FIELD_LONGTEXT,
	  .flags = FIELD_CREATE | FIELD_REQUIRED },
	{ .key = "hiddenfromuser", .label = "Private", .kind = FIELD_BOOL,
	  .flags = FIELD_CREATE },
	{ .key = "outcome", .label = "Outcome", .kind = FIELD_TEXT,
	  .flags = FIELD_CREATE | FIELD_REQUIRED },
	{ .key = "new_status", .label = "New status", .kind = FIELD_ID,
	  .lookup = LOOKUP_STATUS, .flags = FIELD_CREATE },
	{ .key = "timetaken", .label = "Time", .kind = FIELD_TEXT,
	  .flags = FIELD_CREATE },
};

#define NOTE_NFIELDS (sizeof note_fields / sizeof note_fields[0])

static char *xstrdup(const char *s)
{
	return strdup(s ? s : "");
}

static int field_from_record(struct form_field *ff, const struct field_def *d,
                             const struct record *r, const struct lookups *lk)
{
	ff->def = d;
	ff->scope = record_scope(r, d);
	if (d->kind == FIELD_ID) {
		ff->orig_id = ff->id = r ? record_id_of(r, d->key) : 0;
		if (ff->id) {
			char *name = r ? record_display(r, d, lk) : NULL;
			ff->id_name = name;
		}
	} else if (d->kind == FIELD_BOOL) {
		ff->orig_flag = ff->flag = record_flag(r, d->key);
	}
	if (d->kind != FIELD_ID && d->kind != FIELD_BOOL && r) {
		/* The server's text as it is: what is edited and compared.
		 * Only form_display makes it safe to show. */
		const char *raw = record_str(r, d->key);
		char *t;
		if (raw)
			t = xstrdup(raw);
		else if (d->kind == FIELD_NUMBER || d->kind == FIELD_DATE)
			t = record_display(r, d, lk);
		else
			t = xstrdup("");
		ff->orig = t;
	} else {
		ff->orig = xstrdup("");
	}
	ff->value = ff->orig ? strdup(ff->orig) : NULL;
	return ff->orig && ff->value ? 0 : -1;
}

static int init_fields(struct form *fm, const struct field_def *defs,
                       size_t n, unsigned flag, const struct record *r,
                       const struct lookups *lk)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (defs[i].flags & flag)
			count++;
	fm->f = calloc(count ? count : 1, sizeof *fm->f);
	if (!fm->f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!(defs[i].flags & flag))
			continue;
		if (field_from_record(&fm->f[fm->n++], &defs[i], r, lk) != 0)
			return -1;
	}
	return 0;
}

/* On create, only references (the client of the record at hand) carry
 * over; everything else starts empty. */
static int prefill_links(struct form *fm, const struct record *r,
                         const struct lookups *lk)
{
	for (size_t i = 0; i < fm->n; i++) {
		struct form_field *f = &fm->f[i];
		long id;
		char *name;

		if (f->def->kind != FIELD_ID || !f->def->link || !r)
			continue;
		id = r->res && strcmp(r->res->name, f->def->link) == 0 ?
		     r->id : record_id_of(r, f->def->key);
		if (!id)
			continue;
		name = r->res && strcmp(r->res->name, f->def->link) == 0 &&
		       r->res->title_key ? (char *)record_str(r, r->res->title_key) :
		       NULL;
		if (name)
			name = text_sanitize(name, strlen(name), 0);
		else
			name = record_display(r, f->def, lk);
		if (form_set_id(f, id, name) != 0) {
			free(name);
			return -1;
		}
		free(name);
		f->orig_id = 0;
	}
	return 0;
}

int form_init(struct form *fm, enum form_mode mode, const struct resource *res,
              const struct record *r, const struct lookups *lk)
{
	int rc;

	memset(fm, 0, sizeof *fm);
	fm->mode = mode;
	fm->res = res;
	if (!res || ((mode == FORM_EDIT || mode == FORM_NOTE) && !r))
		return -2;
	if (mode == FORM_EDIT) {
		fm->id = r->id;
		rc = init_fields(fm, res->fields, res->nfields, FIELD_EDIT, r, lk);
	} else if (mode == FORM_CREATE) {
		rc = init_fields(fm, res->fields, res->nfields, FIELD_CREATE, NULL, lk);
		if (rc == 0)
			rc = prefill_links(fm, r, lk);
	} else {
		fm->ticket_id = r->id;
		rc = init_fields(fm, note_fields, NOTE_NFIELDS, FIELD_CREATE, NULL, lk);
		if (rc == 0) {
			form_toggle(&fm->f[1]);     /* private unless made public */
			fm->f[1].orig_flag = true;
			rc = form_note_outcome(fm, FORM_PRIVATE_NOTE, NULL, true);
		}
	}
	if (rc != 0) {
		form_done(fm);
		return -1;
	}
	return 0;
}

int form_rebase(struct form *fm, const struct record *r,
                const struct lookups *lk)
{
	if (fm->mode != FORM_EDIT || !r || r->id != fm->id)
		return 0;
	for (size_t i = 0; i < fm->n; i++) {
		struct form_field *f = &fm->f[i], fresh;
		bool changed = form_field_changed(fm, f);

		memset(&fresh, 0, sizeof fresh);
		if (field_from_record(&fresh, f->def, r, lk) != 0) {
			free(fresh.orig);
			free(fresh.value);
			free(fresh.id_name);
			return -1;
		}
		free(f->orig);
		f->orig = fresh.orig;
		f->orig_id = fresh.orig_id;
		f->orig_flag = fresh.orig_flag;
		f->scope = fresh.scope;
		if (changed) {
			free(fresh.value);
			free(fresh.id_name);
			continue;
		}
		free(f->value);
		free(f->id_name);
		f->value = fresh.value;
		f->id = fresh.id;
		f->id_name = fresh.id_name;
		f->flag = fresh.flag;
	}
	return 0;
}

void form_done(struct form *fm)
{
	for (size_t i = 0; i < fm->n; i++) {
		free(fm->f[i].orig);
		free(fm->f[i].value);
		free(fm->f[i].id_name);
		free(fm->f[i].error);
	}
	free(fm->f);
	fm->f = NULL;
	fm->n = 0;
}

int form_note_outcome(struct form *fm, long id, const char *name,
                      bool as_default)
{
	struct form_field *f;

	if (fm->mode != FORM_NOTE || fm->n < NOTE_NFIELDS)
		return 0;
	f = &fm->f[2];
	if (!name || !*name)
		name = FORM_PRIVATE_NOTE_NAME;
	if (form_set_text(f, name) != 0)
		return -1;
	f->id = id > 0 ? id : 0;
	if (as_default) {
		char *o = strdup(name);
		if (!o)
			return -1;
		free(f->orig);
		f->orig = o;
		f->orig_id = f->id;
	}
	return 0;
}

bool form_field_changed(const struct form *fm, const struct form_field *f)
{
	if (fm->mode == FORM_NOTE && f->def == &note_fields[2])
		return f->id != f->orig_id || strcmp(f->value, f->orig) != 0;
	switch (f->def->kind) {
	case FIELD_ID:
		return f->id != f->orig_id;
	case FIELD_BOOL:
		return f->flag != f->orig_flag;
	default:
		return strcmp(f->value ? f->value : "", f->orig ? f->orig : "") != 0;
	}
}

bool form_changed(const struct form *fm)
{
	for (size_t i = 0; i < fm->n; i++)
		if (form_field_changed(fm, &fm->f[i]))
			return true;
	return false;
}

int form_set_text(struct form_field *f, const char *text)
{
	char *v = xstrdup(text);

	if (!v)
		return -1;
	free(f->value);
	f->value = v;
	return 0;
}

int form_set_id(struct form_field *f, long id, const char *name)
{
	char *n = name ? strdup(name) : NULL;

	if (name && !n)
		return -1;
	free(f->id_name);
	f->id_name = n;
	f->id = id > 0 ? id : 0;
	return 0;
}

void form_toggle(struct form_field *f)
{
	f->flag = !f->flag;
}

char *form_display(const struct form_field *f, const struct lookups *lk)
{
	char buf[64];
	const char *name;

	switch (f->def->kind) {
	case FIELD_BOOL:
		return strdup(f->flag ? "yes" : "no");
	case FIELD_ID:
		if (!f->id)
			return strdup("");
		name = f->def->lookup ? lookups_name_in(lk, f->def->lookup, f->id,
		                                        f->scope) : NULL;
		if (!name)
			name = f->id_name;
		if (name && *name)
			return strdup(name);
		snprintf(buf, sizeof buf, "#%ld", f->id);
		return strdup(buf);
	default:
		/* The value holds the server's bytes: shown, they are made
		 * safe (long text keeps its lines). */
		return text_sanitize(f->value, f->value ? strlen(f->value) : 0,
		                     f->def->kind == FIELD_LONGTEXT ||
		                     f->def->kind == FIELD_HTML ?
		                     TEXT_KEEP_NEWLINES : 0);
	}
}

static bool field_empty(const struct form_field *f)
{
	switch (f->def->kind) {
	case FIELD_ID:
		return f->id == 0;
	case FIELD_BOOL:
		return false;
	default:
		return !f->value || !*f->value;
	}
}

/* One member of the body; numbers are written into num (kept by caller). */
static void edit_value_of(const struct form_field *f, struct edit_value *v,
                          char *num, size_t numlen)
{
	v->key = f->def->key;
	switch (f->def->kind) {
	case FIELD_ID:
		snprintf(num, numlen, "%ld", f->id);
		v->type = f->id ? EDIT_NUMBER : EDIT_NULL;
		v->text = num;
		break;
	case FIELD_NUMBER:
		v->type = f->value && *f->value ? EDIT_NUMBER : EDIT_NULL;
		v->text = f->value;
		break;
	case FIELD_BOOL:
		v->type = EDIT_BOOL;
		v->flag = f->flag;
		break;
	default:
		v->type = EDIT_STRING;
		v->text = f->value ? f->value : "";
		break;
	}
}

enum halo_status form_note_time(const struct form *fm, long *seconds,
                                struct errbuf *err)
{
	const char *typed;
	enum halo_status st;

	*seconds = 0;
	if (fm->mode != FORM_NOTE || fm->n < NOTE_NFIELDS)
		return HALO_OK;
	typed = fm->f[4].value;
	if (!typed || !*typed) {
		*seconds = fm->timer_s > NOTETIME_MAX_S ? NOTETIME_MAX_S :
		           fm->timer_s > 0 ? fm->timer_s : 0;
		return HALO_OK;
	}
	st = notetime_parse(typed, seconds, err);
	if (st != HALO_OK) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		errbuf_set(err, st, "Time: %s", why);
	}
	return st;
}

/* A note's fields as the engine's note draft. Its draft keeps the text
 * also while the time typed is not one yet (sent, it is refused). */
static enum halo_status form_note_body(const struct form *fm, bool required,
                                       char **json, struct errbuf *err)
{
	struct note_draft n = {
		.ticket_id = fm->ticket_id,
		.text = fm->f[0].value,
		.private_note = fm->f[1].flag,
		.outcome = fm->f[2].value,
		.outcome_id = fm->f[2].id,
		.new_status = fm->f[3].id,
	};

	if (form_note_time(fm, &n.time_s, err) != HALO_OK) {
		if (required)
			return HALO_EUSAGE;
		n.time_s = 0;
	}
	return note_body(&n, json, err);
}

static enum halo_status body_of(const struct form *fm, bool required,
                                char **json, struct errbuf *err)
{
	struct edit_value *v;
	char (*nums)[32];
	size_t n = 0;
	enum halo_status st;

	*json = NULL;
	if (fm->mode == FORM_NOTE)
		return fm->n >= NOTE_NFIELDS ?
		       form_note_body(fm, required, json, err) :
		       errbuf_set(err, HALO_EUSAGE, "not a note form");
	for (size_t i = 0; required && i < fm->n; i++)
		if (fm->mode == FORM_CREATE && (fm->f[i].def->flags & FIELD_REQUIRED) &&
		    field_empty(&fm->f[i]))
			return errbuf_set(err, HALO_EUSAGE, "%s is required",
			                  fm->f[i].def->label);
	if (!form_changed(fm))
		return errbuf_set(err, HALO_EUSAGE, "nothing changed");
	for (size_t i = 0; i < fm->n; i++)
		if (form_field_changed(fm, &fm->f[i]) &&
		    fm->f[i].def->kind != FIELD_ID && fm->f[i].def->kind != FIELD_BOOL &&
		    api_check_text(fm->f[i].def->label, fm->f[i].value, err) != HALO_OK)
			return HALO_EUSAGE;
	/* One more for the source stamped on a new record. */
	v = calloc(fm->n + 1, sizeof *v);
	nums = calloc(fm->n + 1, sizeof *nums);
	if (!v || !nums) {
		free(v);
		free(nums);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < fm->n; i++) {
		const struct form_field *f = &fm->f[i];
		if (!form_field_changed(fm, f))
			continue;
		if (fm->mode == FORM_CREATE && field_empty(f))
			continue;
		edit_value_of(f, &v[n++], nums[i], sizeof nums[i]);
	}
	/* Halo records an API ticket's source as "Manual" unless the
	 * payload says otherwise (HALO_API.md F21). */
	if (fm->mode == FORM_CREATE && fm->source > 0) {
		snprintf(nums[fm->n], sizeof nums[fm->n], "%ld", fm->source);
		v[n++] = (struct edit_value){ .key = "source",
		                              .type = EDIT_NUMBER,
		                              .text = nums[fm->n] };
	}
	st = fm->mode == FORM_EDIT ? api_edit_body(fm->id, v, n, json, err) :
	     api_create_body(v, n, json, err);
	free(v);
	free(nums);
	return st;
}

enum halo_status form_body(const struct form *fm, char **json,
                           struct errbuf *err)
{
	return body_of(fm, true, json, err);
}

enum halo_status form_draft_body(const struct form *fm, char **json,
                                 struct errbuf *err)
{
	return body_of(fm, false, json, err);
}

static bool key_matches(const struct field_def *d, const char *name)
{
	return strcasecmp(d->key, name) == 0 ||
	       (d->label && strcasecmp(d->label, name) == 0) ||
	       (d->alias && strcasecmp(d->alias, name) == 0);
}

void form_clear_errors(struct form *fm)
{
	fm->error[0] = '\0';
	for (size_t i = 0; i < fm->n; i++) {
		free(fm->f[i].error);
		fm->f[i].error = NULL;
	}
}

int form_mark_missing(struct form *fm, size_t *first)
{
	int n = 0;

	if (fm->mode != FORM_CREATE)
		return 0;
	for (size_t i = 0; i < fm->n; i++) {
		struct form_field *f = &fm->f[i];

		if (!(f->def->flags & FIELD_REQUIRED) || !field_empty(f))
			continue;
		free(f->error);
		f->error = strdup("required");
		if (!f->error)
			return -1;
		if (n++ == 0)
			*first = i;
	}
	return n;
}

void form_set_errors(struct form *fm, const struct kv_list *fields,
                     const char *message)
{
	form_clear_errors(fm);
	snprintf(fm->error, sizeof fm->error, "%s", message ? message : "");
	for (size_t k = 0; fields && k < fields->n; k++)
		for (size_t i = 0; i < fm->n; i++) {
			char *clean;
			if (!key_matches(fm->f[i].def, fields->items[k].key))
				continue;
			clean = text_sanitize(fields->items[k].value,
			                      strlen(fields->items[k].value), 0);
			free(fm->f[i].error);
			fm->f[i].error = clean;
		}
}

void form_describe(const struct form *fm, char *buf, size_t len)
{
	const char *sing = fm->res ? fm->res->singular : "record";

	if (fm->mode == FORM_EDIT)
		snprintf(buf, len, "%s %ld", sing, fm->id);
	else if (fm->mode == FORM_CREATE)
		snprintf(buf, len, "new %s", sing);
	else
		snprintf(buf, len, "note on ticket %ld", fm->ticket_id);
}
