/* SPDX-License-Identifier: MIT */
/* Deleting one record (a ticket, a ticket's note), the same way from both
 * front ends: the request (DELETE /api/Tickets/{id}, DELETE
 * /api/Actions/{id}?ticket_id=T, HALO_API.md 7.4), the question that
 * names the record and the id to type back, the words for a refusal by
 * HTTP status, and forgetting the record in halotui's cache files, so
 * that a start does not draw a deleted row. */
#ifndef HALO_DELETE_H
#define HALO_DELETE_H

#include <stdbool.h>
#include <stddef.h>
#include "record.h"
#include "request.h"
#include "resource.h"
#include "settings.h"

/* DELETE of record id of res (ticket_id for a note, else 0). NULL when
 * out of memory, when res is not one halotui deletes (tickets and
 * actions), or when an id is missing. */
struct request *request_delete(const struct resource *res, long id,
                               long ticket_id);

/* Whether halotui deletes records of res. */
bool delete_allowed(const struct resource *res);

/* "ticket 1234 'Printer on fire'" or "note 3 on ticket 1234 'Note'":
 * the record as a question and a message name it, sanitised and cut to
 * 60 columns. r may be NULL (then res, id and ticket_id name it). */
void delete_describe(const struct resource *res, long id, long ticket_id,
                     const struct record *r, char *out, size_t outlen);

/* Whether what the user typed to confirm is the record's id (spaces
 * around it allowed, nothing else). */
bool delete_typed_ok(const char *typed, long id);

/* One line for a refused or failed delete of `what` (delete_describe's
 * words): the server's message (msg, may be empty) and what to do, by
 * HTTP status (0: no answer). */
void delete_failure_text(const char *what, int http_status, const char *msg,
                         char *out, size_t outlen);

/* Removes record id (of ticket_id for a note) from every list kept in
 * s's profile cache directory (the start page's rows, cached GETs of
 * res), rewriting the files that held it. Returns how many files
 * changed; -1 when one could not be rewritten (err says which). A
 * profile with cache: false has none: 0. */
int delete_forget_cached(const struct settings *s, const struct resource *res,
                         long id, long ticket_id, struct errbuf *err);

#endif
