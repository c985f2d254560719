/* SPDX-License-Identifier: MIT */
/* Reaching out of halotui from a record: y copies its id and Y its
 * address in Halo's web app (OSC 52), o opens it, or one of the links in
 * its text, in the browser where there is a display, and over SSH copies
 * and shows the address instead. reach_open is the one way the TUI hands
 * a URL or a file to the desktop. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clipboard.h"
#include "opener.h"
#include "panes.h"
#include "weburl.h"

#define MAX_LINKS 100

void reach_open(struct ui *ui, const char *what, const char *target)
{
	struct errbuf err;

	if (opener_have_display()) {
		if (opener_open(target, &err) == HALO_OK) {
			ui_message(ui, "Opened %s in the browser", what);
			return;
		}
		/* No browser after all: the address is still useful. */
		if (ui_copy(ui, what, target))
			ui_error(ui, "%s; copied %s: %s", err.msg, what, target);
		else
			ui_error(ui, "%s; %s: %s", err.msg, what, target);
		return;
	}
	if (ui_copy(ui, what, target))
		ui_message(ui, "No display here: copied %s: %s", what, target);
	else
		ui_message(ui, "No display here: %s: %s", what, target);
}

bool reach_footnote(const char *line, size_t *off, size_t *len)
{
	const char *p = line, *url;
	size_t n;

	while (*p == ' ')
		p++;
	if (*p++ != '[' || *p < '1' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != ']' || *p++ != ' ')
		return false;
	url = p;
	n = strcspn(url, " \t");
	if (!n || url[n] || !weburl_openable(url))
		return false;
	*off = (size_t)(url - line);
	*len = n;
	return true;
}

/* ---- the record's page and its links --------------------------------------- */

static void describe(const struct record *r, const char *part, char *buf,
                     size_t len)
{
	snprintf(buf, len, "%s %ld's %s", r->res->singular, r->id, part);
}

static char *record_url(struct ui *ui, const struct record *r)
{
	struct errbuf err;
	char *url = weburl_record(ui->s->settings.base_url, r->res, r->id, &err);

	if (!url)
		ui_error(ui, "%s", err.msg);
	return url;
}

struct links {
	char **url;
	size_t n;
};

static void links_free(void *p)
{
	struct links *l = p;

	for (size_t i = 0; i < l->n; i++)
		free(l->url[i]);
	free(l->url);
	free(l);
}

static void links_add(struct links *l, char *url)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->url[i], url) == 0) {
			free(url);
			return;
		}
	if (l->n == MAX_LINKS) {
		free(url);
		return;
	}
	l->url[l->n++] = url;
}

/* The footnotes of r's text, unwrapped. */
static void links_of(struct links *l, const struct record *r)
{
	char *text = record_body_text(r, 0), *line, *next;
	size_t off, len;

	if (!text)
		ui_oom();
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (reach_footnote(line, &off, &len)) {
			char *url = weburl_clean(line + off, len);
			if (url && weburl_openable(url))
				links_add(l, url);
			else
				free(url);
		}
	}
	free(text);
}

static unsigned link_chosen(struct ui *ui, void *ctx,
                            const struct picker_item *it)
{
	struct links *l = ctx;

	if (it->id >= 0 && (size_t)it->id < l->n)
		reach_open(ui, it->id == 0 ? "the record's page" : "the link",
		           l->url[it->id]);
	return UI_REDRAW;
}

/* o: the record's page at once, or a choice when its text has links. */
static void open_record(struct ui *ui, const struct record *r)
{
	struct links *l;
	struct picker_item *items;
	char what[96], *url = record_url(ui, r);
	size_t nnotes = 0;
	struct record *const *notes;

	if (!url)
		return;
	l = calloc(1, sizeof *l);
	if (!l || !(l->url = calloc(MAX_LINKS, sizeof *l->url)))
		ui_oom();
	l->url[l->n++] = url;
	if (detail_record(ui) == r) {
		links_of(l, r);
		notes = detail_notes(ui, &nnotes);
		for (size_t i = 0; i < nnotes; i++)
			links_of(l, notes[i]);
	}
	if (l->n == 1) {
		describe(r, "page", what, sizeof what);
		reach_open(ui, what, url);
		links_free(l);
		return;
	}
	items = calloc(l->n, sizeof *items);
	if (!items)
		ui_oom();
	for (size_t i = 0; i < l->n; i++) {
		char label[WEBURL_MAX + 64];
		if (i == 0)
			snprintf(label, sizeof label, "this %s: %s", r->res->singular,
			         l->url[i]);
		else
			snprintf(label, sizeof label, "[%zu] %s", i, l->url[i]);
		if (!(items[i].label = strdup(label)))
			ui_oom();
		items[i].id = (long)i;
	}
	picker_open_owned(ui, "open in the browser", items, l->n, 0, link_chosen,
	                  l, links_free);
}

unsigned reach_action(struct ui *ui, enum action act, const struct record *r)
{
	char what[96], idtxt[32], *url;

	if (!r) {
		ui_message(ui, "nothing selected");
		return UI_REDRAW;
	}
	switch (act) {
	case ACT_COPY_ID:
		describe(r, "id", what, sizeof what);
		snprintf(idtxt, sizeof idtxt, "%ld", r->id);
		ui_copy(ui, what, idtxt);
		break;
	case ACT_COPY_URL:
		url = record_url(ui, r);
		if (url) {
			describe(r, "URL", what, sizeof what);
			ui_copy(ui, what, url);
			free(url);
		}
		break;
	case ACT_OPEN_BROWSER:
		open_record(ui, r);
		break;
	default:
		return UI_NOT_MINE;
	}
	return UI_REDRAW;
}
