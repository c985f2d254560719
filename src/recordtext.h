/* SPDX-License-Identifier: MIT */
/* A record as text for people, decided once for both front ends: the
 * command line's `show` prints it and the TUI's detail pane lays it out,
 * so they carry the same title, fields and sections. Everything here is
 * sanitised; layout (widths, wrapping, colours) is the front end's. */
#ifndef HALO_RECORDTEXT_H
#define HALO_RECORDTEXT_H

#include "kv.h"
#include "lookup.h"
#include "record.h"

struct record_text {
	char *title;            /* "Ticket 42: VPN down"; "Ticket 42" untitled */
	struct kv_list fields;  /* (label, value) of the detail fields that
	                         * have a value, in table order: names for ids,
	                         * local dates; the id and title are in the
	                         * title, long text is the body */
	struct kv_list custom;  /* (label, value) of the custom fields */
	const char *body_label; /* what heads the long text: "Details" */
};

/* Fills rt from r (lk may be NULL: ids show as "#id"). Returns 0, or -1
 * when out of memory (rt is then empty). Free with record_text_done. */
int record_text_build(struct record_text *rt, const struct record *r,
                      const struct lookups *lk);
void record_text_done(struct record_text *rt);

/* "Ticket 42: VPN down" ("Ticket 42" without a title). Caller frees; NULL
 * when out of memory. */
char *record_title(const struct record *r);

/* The widest label, in columns, of the fields record_text_build can list
 * for res (whether a record has them or not, so that values line up the
 * same for every record), at least min and at most max (<= 0: no limit). */
int record_text_label_width(const struct resource *res, int min, int max);

#endif
