/* SPDX-License-Identifier: MIT */
/* A record handed from the worker to a front end: an owned copy, never a
 * node of the worker's parse tree. Only src/ looks inside `obj`; front ends
 * use the accessors. */
#ifndef HALO_RECORD_H
#define HALO_RECORD_H

#include <stdbool.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "resource.h"
#include "lookup.h"
#include "kv.h"

struct record {
	const struct resource *res;
	long id;         /* 0 when the record has none */
	long ticket_id;  /* for actions; else 0 */
	cJSON *obj;      /* owned */
};

/* Takes ownership of obj (detached from any parent). NULL when obj is not
 * an object (obj is then freed) or out of memory. */
struct record *record_take(const struct resource *res, cJSON *obj);
/* Deep copy of obj. */
struct record *record_copy(const struct resource *res, const cJSON *obj);
struct record *record_dup(const struct record *r);
void record_free(struct record **r);
/* Frees the n records of v and v itself; *v NULL and *n 0 after. */
void records_free(struct record ***v, size_t *n);

const char *record_str(const struct record *r, const char *key);
long record_id_of(const struct record *r, const char *key);
bool record_date(const struct record *r, const char *key, time_t *out);
/* Orders x and y by their date key, oldest first and those without one
 * (or NULL) last: <0, >0, or 0 when the dates are equal or both lack one
 * (a sort's tie-break follows). */
int record_date_cmp(const struct record *x, const struct record *y,
                    const char *key);
/* A yes/no member (jsonx_bool); false when missing or not one. */
bool record_flag(const struct record *r, const char *key);

/* Of a search's matches (Halo's `search` is a LIKE match, HALO_API.md
 * F2), the index of the one whose title is text, compared
 * case-insensitively after trimming; -1 when none or several are. */
long records_exact_title(struct record *const *recs, size_t n,
                         const char *text);

/* The scope of field f's lookup in r (a ticket's sla_id for its
 * priority), 0 when the field has none. */
long record_scope(const struct record *r, const struct field_def *f);

/* The lookup lists still needed to name the ids in the fields of rs[]
 * that carry `flags` (FIELD_DETAIL, FIELD_COLUMN): an id the record names
 * itself (status_name, a priority object) or that is 0 needs none, nor
 * does a list already loaded in lk. Writes the kinds into kinds[] (each
 * once) and returns how many. */
size_t records_missing_lookups(struct record *const *rs, size_t n,
                               unsigned flags, const struct lookups *lk,
                               enum lookup_kind kinds[LOOKUP__COUNT]);

/* The text of field f for people: for ids the name (name_key member, else
 * the name_obj object's name, else the lookup within the record's scope,
 * else "#id"), "" for none; dates as local "YYYY-MM-DD HH:MM",
 * "" for sentinels; booleans "yes"/"no"; HTML rendered and flattened to one
 * line; everything sanitised. Never NULL unless out of memory. */
char *record_display(const struct record *r, const struct field_def *f,
                     const struct lookups *lk);

/* Whether server text is HTML (a tag or an entity), so that it is
 * rendered rather than shown raw. */
bool record_text_is_html(const char *s);

/* The record's long text (html_key rendered when non-empty, else text_key,
 * rendered when it is HTML) wrapped to width; "" when none. Caller frees. */
char *record_body_text(const struct record *r, int width);

/* Custom fields as (label, display text) pairs, sanitised, in server order,
 * skipping empty ones. Returns 0, -1 when out of memory. */
int record_customfields(const struct record *r, struct kv_list *out);

/* Compact JSON text of the record. Caller frees. */
char *record_json(const struct record *r);

#endif
