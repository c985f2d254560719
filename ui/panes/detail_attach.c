/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "detail_attach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "grow.h"
#include "panes.h"
#include "record.h"

struct request *detail_atts_request(const struct resource *res, long id)
{
	const struct resource *atts = resource_find("attachments");
	struct request *req;
	char tid[32];

	if (!atts || strcmp(res->name, "tickets") != 0 || id <= 0)
		return NULL;
	req = request_new(REQ_LIST, atts);
	snprintf(tid, sizeof tid, "%ld", id);
	/* GET /Attachment takes no count or paging (its parameters in
	 * Halo's OpenAPI document): the whole list, in one request. */
	if (!req || kv_add(&req->params, "ticket_id", tid) != 0)
		ui_oom();
	return req;
}

void detail_atts_free(struct detail_atts *d)
{
	records_free(&d->a, &d->n);
}

void detail_atts_take(struct detail_atts *d, struct worker_event *ev)
{
	if (ev->status == HALO_OK) {
		api_page_take(&ev->page, &d->a, &d->n);
		d->st = NOTES_LOADED;
	} else {
		detail_atts_free(d);
		snprintf(d->error, sizeof d->error, "%s", ev->message);
		d->st = NOTES_FAILED;
	}
}

/* The lines being made: texts are moved or new, never copied twice. */
struct out {
	struct dline *l;
	size_t n, cap;
};

static int put(struct out *o, char *text, enum theme_role role)
{
	struct dline *nl = grow_for_one(o->l, o->n, &o->cap, sizeof *nl, 64);

	if (!nl || !text) {
		free(text);
		return -1;
	}
	o->l = nl;
	o->l[o->n++] = (struct dline){ text, role, 0 };
	return 0;
}

static int put_copy(struct out *o, const char *text, enum theme_role role)
{
	return put(o, strdup(text), role);
}

static int put_att(struct out *o, const struct record *a,
                   const struct lookups *lk, const char *lead)
{
	char *line = attach_line(a, lk), *text;
	size_t len;

	if (!line)
		return -1;
	len = strlen(lead) + strlen(line) + 1;
	text = malloc(len);
	if (text)
		snprintf(text, len, "%s%s", lead, line);
	free(line);
	return put(o, text, ROLE_NORMAL);
}

static int section(struct out *o, const struct detail_atts *d,
                   const struct lookups *lk, const char *hint)
{
	char head[400];

	if (d->st == NOTES_FAILED) {
		snprintf(head, sizeof head, "Attachments: %s", d->error);
		return put_copy(o, "", ROLE_NORMAL) ||
		       put_copy(o, head, ROLE_ERROR);
	}
	snprintf(head, sizeof head, "Attachments (%zu)%s%s", d->n,
	         hint && *hint ? "  " : "", hint ? hint : "");
	if (put_copy(o, "", ROLE_NORMAL) ||
	    put_copy(o, head, ROLE_DETAIL_SECTION))
		return -1;
	for (size_t i = 0; i < d->n; i++)
		if (put_att(o, d->a[i], lk, "  "))
			return -1;
	return 0;
}

/* Where the notes begin: the blank line before their heading. */
static size_t notes_at(const struct dlines *lines)
{
	for (size_t i = 1; i < lines->n; i++)
		if (strncmp(lines->l[i].text, "Notes", 5) == 0 &&
		    (lines->l[i].role == ROLE_DETAIL_SECTION ||
		     lines->l[i].role == ROLE_ERROR) &&
		    lines->l[i - 1].text[0] == '\0')
			return i - 1;
	return lines->n;
}

int detail_atts_lines(struct dlines *lines, const struct detail_atts *d,
                      struct record *const *notes, size_t nnotes,
                      const struct lookups *lk, const char *hint)
{
	struct out o = { 0 };
	size_t at, k = 0;
	int rc = 0;

	if (d->st == NOTES_NONE || d->st == NOTES_LOADING ||
	    (d->st == NOTES_LOADED && d->n == 0))
		return 0;
	at = notes_at(lines);
	for (size_t i = 0; i <= lines->n && !rc; i++) {
		if (i == at)
			rc = section(&o, d, lk, hint);
		if (i == lines->n || rc)
			break;
		rc = put(&o, lines->l[i].text, lines->l[i].role);
		lines->l[i].text = NULL;
		if (rc)
			break;
		o.l[o.n - 1].label_w = lines->l[i].label_w;
		if (i > at && (lines->l[i].role == ROLE_NOTE_HEADER ||
		               lines->l[i].role == ROLE_PRIVATE_NOTE)) {
			/* The k-th heading is the k-th note that was drawn. */
			while (k < nnotes && !notes[k])
				k++;
			for (size_t j = 0; k < nnotes && j < d->n && !rc; j++)
				if (record_id_of(d->a[j], "action_id") == notes[k]->id &&
				    notes[k]->id > 0)
					rc = put_att(&o, d->a[j], lk, "  [file] ");
			k++;
		}
	}
	/* What was not moved is freed with the old array. */
	for (size_t i = 0; i < lines->n; i++)
		free(lines->l[i].text);
	free(lines->l);
	lines->l = o.l;
	lines->n = o.n;
	lines->cap = o.cap;
	if (rc) {
		dlines_free(lines);
		return -1;
	}
	return 0;
}
