/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "viewdef.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "jsonx.h"
#include "parse.h"
#include "record.h"
#include "strbuf.h"
#include "text.h"

/* Halo's built-in "Unassigned" agent: new tickets get agent_id 1 and
 * /Agent names it with includeunassigned (HALO_API.md 5.1). */
#define UNASSIGNED_AGENT "1"

static const struct {
	const char *name;
	const char *filters[2][2];   /* filter, value */
	const char *sort;
} builtins[] = {
	{ "My tickets", { { "agent", "me" }, { "open", "true" } }, NULL },
	{ "Unassigned", { { "agent", UNASSIGNED_AGENT }, { "open", "true" } },
	  NULL },
	{ "My teams", { { "team", "mine" }, { "open", "true" } }, NULL },
	{ "All open", { { "open", "true" }, { NULL, NULL } }, NULL },
	{ "Recently updated", { { NULL, NULL }, { NULL, NULL } },
	  "lastactiondate" },
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static char *dup_opt(const char *s, bool *failed)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = true;
	return d;
}

void viewdef_init(struct viewdef *d, const struct resource *res)
{
	memset(d, 0, sizeof *d);
	d->res = res;
}

static void term_done(struct viewdef_term *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->values[i].text);
		free(t->values[i].label);
	}
	free(t->values);
	free(t->param);
	memset(t, 0, sizeof *t);
}

void viewdef_clear(struct viewdef *d)
{
	for (size_t i = 0; i < d->nterms; i++)
		term_done(&d->terms[i]);
	free(d->terms);
	d->terms = NULL;
	d->nterms = 0;
}

void viewdef_done(struct viewdef *d)
{
	viewdef_clear(d);
	free(d->name);
	free(d->search);
	free(d->sort);
	free(d->file);
	memset(d, 0, sizeof *d);
}

int viewdef_copy(struct viewdef *dst, const struct viewdef *src)
{
	bool failed = false;

	viewdef_init(dst, src->res);
	dst->name = dup_opt(src->name, &failed);
	dst->search = dup_opt(src->search, &failed);
	dst->sort = dup_opt(src->sort, &failed);
	dst->file = dup_opt(src->file, &failed);
	dst->desc = src->desc;
	dst->line = src->line;
	dst->col = src->col;
	if (src->nterms && !failed) {
		dst->terms = calloc(src->nterms, sizeof *dst->terms);
		failed = !dst->terms;
	}
	for (size_t i = 0; i < src->nterms && !failed; i++) {
		const struct viewdef_term *s = &src->terms[i];
		struct viewdef_term *t = &dst->terms[dst->nterms++];

		t->def = s->def;
		t->param = dup_opt(s->param, &failed);
		t->values = calloc(s->n ? s->n : 1, sizeof *t->values);
		if (!t->values) {
			failed = true;
			break;
		}
		for (size_t k = 0; k < s->n; k++, t->n++) {
			t->values[k] = s->values[k];
			t->values[k].text = dup_opt(s->values[k].text, &failed);
			t->values[k].label = dup_opt(s->values[k].label, &failed);
		}
	}
	if (failed) {
		viewdef_done(dst);
		return -1;
	}
	return 0;
}

/* The term of filter f (or of param when f is NULL), made when absent;
 * NULL when out of memory. */
static struct viewdef_term *term_of(struct viewdef *d,
                                    const struct filter_def *f,
                                    const char *param, bool make)
{
	struct viewdef_term *t;

	for (size_t i = 0; i < d->nterms; i++) {
		t = &d->terms[i];
		if (f ? t->def == f : !t->def && strcmp(t->param, param) == 0)
			return t;
	}
	if (!make)
		return NULL;
	t = realloc(d->terms, (d->nterms + 1) * sizeof *t);
	if (!t)
		return NULL;
	d->terms = t;
	t += d->nterms;
	memset(t, 0, sizeof *t);
	t->def = f;
	if (!f && !(t->param = strdup(param)))
		return NULL;
	d->nterms++;
	return t;
}

static int value_add(struct viewdef_term *t, const char *text,
                     const char *label, int line, int col)
{
	struct viewdef_value *v = realloc(t->values, (t->n + 1) * sizeof *v);
	bool failed = false;

	if (!v)
		return -1;
	t->values = v;
	v += t->n;
	memset(v, 0, sizeof *v);
	v->text = dup_opt(text, &failed);
	v->label = dup_opt(label, &failed);
	v->line = line;
	v->col = col;
	if (failed) {
		free(v->text);
		free(v->label);
		return -1;
	}
	t->n++;
	return 0;
}

int viewdef_add(struct viewdef *d, const struct filter_def *f,
                const char *text, int line, int col)
{
	struct viewdef_term *t = term_of(d, f, NULL, true);

	return t ? value_add(t, text, NULL, line, col) : -1;
}

int viewdef_set(struct viewdef *d, const struct filter_def *f,
                const char *param, const char *text, const char *label)
{
	struct viewdef_term *t = term_of(d, f, param, false);

	if (t) {
		size_t at = (size_t)(t - d->terms);

		term_done(t);
		memmove(t, t + 1, (d->nterms - at - 1) * sizeof *t);
		d->nterms--;
	}
	if (!text)
		return 0;
	t = term_of(d, f, param, true);
	return t ? value_add(t, text, label, 0, 0) : -1;
}

size_t viewdef_builtin_count(void)
{
	return NBUILTINS;
}

int viewdef_builtin(size_t i, struct viewdef *d)
{
	const struct resource *res = resource_find("tickets");
	bool failed = false;

	viewdef_init(d, res);
	if (i >= NBUILTINS || !res)
		return -1;
	d->name = dup_opt(builtins[i].name, &failed);
	d->sort = dup_opt(builtins[i].sort, &failed);
	d->desc = builtins[i].sort != NULL;   /* newest first */
	for (size_t k = 0; k < 2 && builtins[i].filters[k][0] && !failed; k++)
		failed = viewdef_add(d, resource_filter(res,
		                                        builtins[i].filters[k][0]),
		                     builtins[i].filters[k][1], 0, 0) != 0;
	if (failed) {
		viewdef_done(d);
		return -1;
	}
	return 0;
}

bool viewdef_counted(const struct viewdef *d)
{
	return d->nterms > 0 || (d->search && *d->search);
}

/* ---- from the settings -------------------------------------------------- */

enum halo_status viewdef_from_settings(const struct settings_view *sv,
                                       struct viewdef *d, struct errbuf *err)
{
	const struct resource *res = resource_find(sv->resource);
	bool failed = false;

	viewdef_init(d, res);
	if (!res || !(res->flags & RES_BROWSE))
		return errbuf_set(err, HALO_ECONFIG, "%s:%d:%d: view '%s': "
		                  "unknown resource '%s' (known: %s)",
		                  sv->file ? sv->file : "config", sv->line, sv->col,
		                  sv->name, sv->resource ? sv->resource : "",
		                  resource_names());
	d->name = dup_opt(sv->name, &failed);
	d->search = dup_opt(sv->search, &failed);
	d->sort = dup_opt(sv->sort, &failed);
	d->file = dup_opt(sv->file, &failed);
	d->desc = sv->desc;
	d->line = sv->line;
	d->col = sv->col;
	for (size_t i = 0; i < sv->nfilters && !failed; i++) {
		const struct settings_kv *kv = &sv->filters[i];
		struct filter_value fv;
		struct errbuf e;

		errbuf_clear(&e);
		if (filter_parse(res, kv->key, kv->value, &fv, &e) != HALO_OK) {
			viewdef_done(d);
			return errbuf_set(err, HALO_ECONFIG, "%s:%d:%d: view '%s': "
			                  "%s", sv->file ? sv->file : "config",
			                  kv->line, kv->col, sv->name, e.msg);
		}
		failed = viewdef_add(d, fv.def, kv->value, kv->line, kv->col) != 0;
	}
	if (failed) {
		viewdef_done(d);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	return HALO_OK;
}

/* ---- Halo's saved views --------------------------------------------------- */

/* The record's name on one line, cut to fit a tab; NULL when it has
 * none (or out of memory: *failed). */
static char *saved_name(const struct record *r, bool *failed)
{
	const char *raw = record_str(r, "name");
	char *clean, *fit;

	if (!raw)
		return NULL;
	clean = text_sanitize(raw, strlen(raw), 0);
	if (!clean) {
		*failed = true;
		return NULL;
	}
	text_squeeze(clean);
	if (!*clean) {
		free(clean);
		return NULL;
	}
	fit = text_fit(clean, VIEWDEF_SAVED_NAME_COLS, 0);
	free(clean);
	if (!fit)
		*failed = true;
	return fit;
}

enum halo_status viewdef_from_saved(const struct record *r,
                                    struct viewdef *d, long *count,
                                    struct errbuf *err)
{
	const struct resource *res = resource_find("tickets");
	const char *type = record_str(r, "type_name");
	long id = record_id_of(r, "id");
	bool failed = false;
	char idtext[32], *name;
	double n;

	viewdef_init(d, res);
	*count = -1;
	/* type_name says which list a view is of; asked with type=tickets,
	 * any other is left out. */
	if (!r || !res || id <= 0 || (type && strcasecmp(type, "tickets") != 0 &&
	                              strcasecmp(type, "ticket") != 0))
		return errbuf_set(err, HALO_ENOTFOUND, "not a view of tickets");
	snprintf(idtext, sizeof idtext, "%ld", id);
	name = saved_name(r, &failed);
	if (!name && !failed) {
		char fallback[48];

		snprintf(fallback, sizeof fallback, "view %ld", id);
		name = dup_opt(fallback, &failed);
	}
	d->name = name;
	if (!failed)
		failed = viewdef_set(d, NULL, VIEWDEF_SAVED_PARAM, idtext,
		                     NULL) != 0;
	if (failed) {
		viewdef_done(d);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	if (r->obj && jsonx_number(r->obj, "ticket_count", &n) && n >= 0 &&
	    n < 1e15)
		*count = (long)n;
	return HALO_OK;
}

/* ---- resolving ---------------------------------------------------------- */

/* An error about value v of d, with its place when it is written in a
 * file. */
static enum halo_status fail_at(const struct viewdef *d,
                                const struct viewdef_value *v,
                                enum halo_status st, struct errbuf *err,
                                const char *msg)
{
	const char *name = d->name ? d->name : d->res->name;

	if (d->file && v && v->line > 0)
		return errbuf_set(err, st, "%s:%d:%d: view '%s': %s", d->file,
		                  v->line, v->col, name, msg);
	return errbuf_set(err, st, "view '%s': %s", name, msg);
}

/* What one term resolves to: ids (or values) and names, comma-joined. */
struct term_out {
	struct strbuf ids, names;
	size_t count;
};

static void out_add(struct term_out *o, const char *id, const char *name)
{
	if (o->count++) {
		strbuf_addc(&o->ids, ',');
		strbuf_addstr(&o->names, ", ");
	}
	strbuf_addstr(&o->ids, id);
	strbuf_addstr(&o->names, name);
}

static void out_add_id(struct term_out *o, long id, const char *name)
{
	char txt[32];

	snprintf(txt, sizeof txt, "%ld", id);
	out_add(o, txt, name ? name : txt);
}

/* "me" or "mine": the agent, or that agent's teams. */
static enum halo_status resolve_me(const struct viewdef *d,
                                   const struct viewdef_term *t,
                                   const struct viewdef_value *v,
                                   const struct viewdef_env *env,
                                   struct term_out *o,
                                   struct viewdef_need *need,
                                   struct errbuf *err)
{
	char msg[400];

	if (!env->me) {
		if (!env->me_error) {
			need->me = need->waiting = true;
			return HALO_OK;
		}
		snprintf(msg, sizeof msg, "who am I (for \"%s\"): %s", v->text,
		         env->me_error);
		return fail_at(d, v, HALO_ECONFIG, err, msg);
	}
	if (t->def->lookup == LOOKUP_AGENT) {
		out_add_id(o, env->me->id, "me");
		return HALO_OK;
	}
	if (!env->me->nteams) {
		snprintf(msg, sizeof msg, "the agent halotui acts as (%s) is in "
		         "no team", env->me->name[0] ? env->me->name : "me");
		return fail_at(d, v, HALO_ENOTFOUND, err, msg);
	}
	for (size_t i = 0; i < env->me->nteams; i++) {
		const char *name = lookups_name(env->lk, LOOKUP_TEAM,
		                                env->me->teams[i]);
		out_add_id(o, env->me->teams[i], name);
	}
	return HALO_OK;
}

static enum halo_status resolve_value(const struct viewdef *d,
                                      const struct viewdef_term *t,
                                      const struct viewdef_value *v,
                                      const struct viewdef_env *env,
                                      struct term_out *o,
                                      struct viewdef_need *need,
                                      struct errbuf *err)
{
	const struct filter_def *f = t->def;
	struct filter_value fv;
	struct errbuf e;
	const char *name;
	long id;

	errbuf_clear(&e);
	if (filter_parse(d->res, f->param, v->text, &fv, &e) != HALO_OK)
		return fail_at(d, v, HALO_ECONFIG, err, e.msg);
	switch (fv.need) {
	case FILTER_READY:
		if (f->boolean) {
			/* Off is the server's default: no parameter. */
			o->count = 0;
			strbuf_done(&o->ids);
			strbuf_done(&o->names);
			if (fv.flag)
				out_add(o, "true", "yes");
			return HALO_OK;
		}
		id = parse_id(v->text);
		name = v->label ? v->label : id > 0 && f->lookup ?
		       lookups_name(env->lk, f->lookup, id) : NULL;
		out_add(o, v->text, name ? name : v->text);
		return HALO_OK;
	case FILTER_LOOKUP:
		if (!lookups_loaded(env->lk, f->lookup)) {
			need->lookup[f->lookup] = need->waiting = true;
			return HALO_OK;
		}
		id = lookups_find(env->lk, f->lookup, v->text, &e);
		if (!id)
			return fail_at(d, v, HALO_ECONFIG, err, e.msg);
		name = lookups_name(env->lk, f->lookup, id);
		out_add_id(o, id, name ? name : v->text);
		return HALO_OK;
	case FILTER_SEARCH:
		if (!env->find) {
			snprintf(e.msg, sizeof e.msg, "%s: give the %s's id",
			         f->name, f->name);
			return fail_at(d, v, HALO_ECONFIG, err, e.msg);
		}
		id = env->find(env->ctx, resource_find(f->link), v->text, &e);
		if (id < 0)
			return fail_at(d, v, HALO_ECONFIG, err, e.msg);
		if (id == 0)
			need->names = need->waiting = true;
		else
			out_add_id(o, id, v->label ? v->label : v->text);
		return HALO_OK;
	case FILTER_ME:
		return resolve_me(d, t, v, env, o, need, err);
	}
	return HALO_OK;
}

static enum halo_status term_resolve(const struct viewdef *d,
                                     const struct viewdef_term *t,
                                     const struct viewdef_env *env,
                                     struct kv_list *params,
                                     struct kv_list *labels,
                                     struct viewdef_need *need,
                                     struct errbuf *err)
{
	struct term_out o = { STRBUF_INIT(64 * 1024), STRBUF_INIT(64 * 1024), 0 };
	enum halo_status st = HALO_OK;
	const char *param = t->def ? t->def->param : t->param;
	char *ids, *names;

	for (size_t i = 0; i < t->n && st == HALO_OK; i++) {
		if (t->def)
			st = resolve_value(d, t, &t->values[i], env, &o, need, err);
		else
			out_add(&o, t->values[i].text, t->values[i].label ?
			        t->values[i].label : t->values[i].text);
	}
	if (st == HALO_OK && o.count > 1 && t->def) {
		if (!t->def->many)
			st = fail_at(d, &t->values[0], HALO_ECONFIG, err,
			             "this filter takes one value");
		else
			param = t->def->many;
	}
	ids = strbuf_take(&o.ids);
	names = strbuf_take(&o.names);
	if (st == HALO_OK && (!ids || !names))
		st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	if (st == HALO_OK && o.count &&
	    (kv_add(params, param, ids) != 0 || kv_add(labels, param, names) != 0))
		st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	free(ids);
	free(names);
	strbuf_done(&o.ids);
	strbuf_done(&o.names);
	return st;
}

enum halo_status viewdef_resolve(const struct viewdef *d,
                                 const struct viewdef_env *env,
                                 struct kv_list *params,
                                 struct kv_list *labels,
                                 struct viewdef_need *need,
                                 struct errbuf *err)
{
	enum halo_status st = HALO_OK;

	memset(need, 0, sizeof *need);
	kv_done(params);
	kv_done(labels);
	for (size_t i = 0; i < d->nterms && st == HALO_OK; i++)
		st = term_resolve(d, &d->terms[i], env, params, labels, need, err);
	if (st != HALO_OK || need->waiting) {
		kv_done(params);
		kv_done(labels);
	}
	return st;
}
