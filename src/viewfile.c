/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "viewfile.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cachefile.h"
#include "strbuf.h"

#define VIEWFILE_MAX (1024 * 1024)

struct out {
	struct strbuf text;
};

static int write_cb(void *data, unsigned char *buf, size_t size)
{
	struct out *o = data;

	return strbuf_add(&o->text, buf, size) == 0;
}

static int emit(yaml_emitter_t *em, yaml_event_t *ev, int ok)
{
	return ok && yaml_emitter_emit(em, ev);
}

/* A scalar as the settings loader reads it back: "~", "null" and the like
 * are quoted, or they would read as nothing. */
static int scalar(yaml_emitter_t *em, const char *s)
{
	yaml_event_t ev;
	bool null_word = !strcmp(s, "~") || !strcmp(s, "null") ||
	                 !strcmp(s, "Null") || !strcmp(s, "NULL");

	return emit(em, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
	            (yaml_char_t *)s, (int)strlen(s), 1, 1,
	            null_word ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
	                        YAML_ANY_SCALAR_STYLE));
}

static int pair(yaml_emitter_t *em, const char *key, const char *value)
{
	return scalar(em, key) && scalar(em, value);
}

static int term(yaml_emitter_t *em, const struct viewdef_term *t)
{
	yaml_event_t ev;
	int ok;

	if (!t->n)
		return 1;
	ok = scalar(em, t->def ? t->def->name : t->param);
	if (t->n == 1)
		return ok && scalar(em, t->values[0].text);
	ok = emit(em, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL,
	          1, YAML_FLOW_SEQUENCE_STYLE));
	for (size_t i = 0; ok && i < t->n; i++)
		ok = scalar(em, t->values[i].text);
	return emit(em, &ev, ok && yaml_sequence_end_event_initialize(&ev));
}

static int mapping_start(yaml_emitter_t *em)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL,
	            1, YAML_BLOCK_MAPPING_STYLE));
}

static int mapping_end(yaml_emitter_t *em)
{
	yaml_event_t ev;

	return emit(em, &ev, yaml_mapping_end_event_initialize(&ev));
}

static int view(yaml_emitter_t *em, const struct viewdef *d)
{
	int ok = scalar(em, d->name) && mapping_start(em) &&
	         pair(em, "resource", d->res->name);

	if (ok && d->search && *d->search)
		ok = pair(em, "search", d->search);
	for (size_t i = 0; ok && i < d->nterms; i++)
		ok = term(em, &d->terms[i]);
	if (ok && d->sort)
		ok = pair(em, "sort", d->sort);
	if (ok && d->desc)
		ok = pair(em, "desc", "true");
	return ok && mapping_end(em);
}

char *viewfile_text(const struct viewdef *views, size_t n)
{
	struct out o = { STRBUF_INIT(VIEWFILE_MAX) };
	yaml_emitter_t em;
	yaml_event_t ev;
	int ok;

	strbuf_addstr(&o.text, "# Views saved by halotui's :save-view, read "
	              "after config.yaml's views:\n# (the same format; a view "
	              "named here replaces the config's).\n");
	if (!yaml_emitter_initialize(&em))
		return NULL;
	yaml_emitter_set_output(&em, write_cb, &o);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	ok = emit(&em, &ev, yaml_stream_start_event_initialize(&ev,
	          YAML_UTF8_ENCODING));
	ok = emit(&em, &ev, ok && yaml_document_start_event_initialize(&ev,
	          NULL, NULL, NULL, 1));
	ok = ok && mapping_start(&em) && scalar(&em, "views") &&
	     mapping_start(&em);
	for (size_t i = 0; ok && i < n; i++)
		ok = view(&em, &views[i]);
	ok = ok && mapping_end(&em) && mapping_end(&em);
	ok = emit(&em, &ev, ok && yaml_document_end_event_initialize(&ev, 1));
	ok = emit(&em, &ev, ok && yaml_stream_end_event_initialize(&ev));
	ok = ok && yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
	if (!ok) {
		strbuf_done(&o.text);
		return NULL;
	}
	return strbuf_take(&o.text);
}

enum halo_status viewfile_save(const char *path, const struct viewdef *d,
                               struct errbuf *err)
{
	struct settings s;
	struct viewdef *views = NULL;
	enum halo_status st;
	size_t n = 0, i;
	char *text = NULL;

	settings_init(&s);
	st = settings_load_views(&s, path, err);
	if (st == HALO_OK) {
		views = calloc(s.nviews + 1, sizeof *views);
		if (!views)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	for (i = 0; st == HALO_OK && i < s.nviews; i++) {
		if (strcmp(s.views[i].name, d->name) == 0)
			continue;   /* replaced */
		st = viewdef_from_settings(&s.views[i], &views[n], err);
		if (st == HALO_OK)
			n++;
	}
	if (st == HALO_OK && viewdef_copy(&views[n], d) == 0)
		n++;
	else if (st == HALO_OK)
		st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	if (st == HALO_OK && !(text = viewfile_text(views, n)))
		st = errbuf_set(err, HALO_ENOMEM, "%s: out of memory (or too "
		                "large)", path);
	if (st == HALO_OK)
		st = cachefile_write_plain(path, text, strlen(text), err);
	free(text);
	for (i = 0; i < n; i++)
		viewdef_done(&views[i]);
	free(views);
	settings_done(&s);
	return st;
}
