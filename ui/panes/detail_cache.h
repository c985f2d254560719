/* SPDX-License-Identifier: MIT */
/* The last records the detail read (each with its notes), so that the
 * detail following the list's cursor back to a row it showed a moment ago
 * costs no request. A copy is used only while the list's row carries the
 * same stamp (livemarks_stamp: lastactiondate and last_update) as the
 * record read, and a record saved here (or a note on it) forgets it. */
#ifndef HALO_UI_DETAIL_CACHE_H
#define HALO_UI_DETAIL_CACHE_H

#include <stdbool.h>
#include <stddef.h>

struct ui;
struct record;
struct resource;

/* Records kept at most; the least recently read goes first. */
#define DETAIL_CACHE_MAX 16

/* The detail read r (a GET's answer): a copy is kept. */
void detail_cache_record(struct ui *ui, const struct record *r);
/* The detail read the notes of res/id: copies are kept with its record. */
void detail_cache_notes(struct ui *ui, const struct resource *res, long id,
                        struct record *const *notes, size_t n);
/* Copies of res/id and its notes (*notes NULL for a resource without
 * notes), when the record kept carries stamp (non-NULL) and its notes
 * are kept too. false: nothing usable. */
bool detail_cache_get(struct ui *ui, const struct resource *res, long id,
                      const char *stamp, struct record **rec,
                      struct record ***notes, size_t *n);

#endif
