/* SPDX-License-Identifier: MIT */
/* Tolerant readers for JSON from the server. Every member may be missing,
 * null, or of the wrong type; real records use "" and 0/-1 and sentinel
 * dates for "none" (HALO_API.md section 10). Nothing here crashes on any
 * input, including a NULL object. */
#ifndef HALO_JSONX_H
#define HALO_JSONX_H

#include <stdbool.h>
#include <time.h>
#include <cjson/cJSON.h>

/* An id: 18, 18.0 or "18" give 18. Missing, null, "", 0, negative,
 * fractional, non-numeric or out-of-range values give 0 ("none"). */
long jsonx_id(const cJSON *obj, const char *key);

/* A number: a JSON number, or a string that is entirely a number.
 * Returns false (and leaves *out) when absent or not a number. */
bool jsonx_number(const cJSON *obj, const char *key, double *out);

/* A non-empty string member, or NULL (missing, null, "", not a string). */
const char *jsonx_str(const cJSON *obj, const char *key);

/* A string that is entirely a JSON number ("18", "18.0", " -2.5e3 "):
 * true and *out set; false for anything else (hex, "nan", "inf", "12abc"). */
bool jsonx_parse_number(const char *s, double *out);

/* true/false, 1/0, or a string parse_bool takes ("true", "no", ...);
 * anything else gives dflt. */
bool jsonx_bool(const cJSON *obj, const char *key, bool dflt);

/* Parses an ISO-8601 UTC date "YYYY-MM-DDTHH:MM:SS" with 0..7 fractional
 * digits and an optional "Z" (also "+00:00"); a date without a zone is UTC.
 * Years before 1901 (the 1900-01-01 and 0001-01-01 sentinels) mean none.
 * Returns true and *out (seconds since the epoch) for a real date. */
bool jsonx_parse_date(const char *s, time_t *out);
bool jsonx_date(const cJSON *obj, const char *key, time_t *out);

/* A scalar as display text: strings as-is, integers without ".0", other
 * numbers with up to 6 significant digits ("-0" shown as "0"), booleans
 * "yes"/"no"; null, missing, arrays and objects give NULL. Not sanitised.
 * Caller frees. */
char *jsonx_scalar_text(const cJSON *item);

/* Case-insensitive member lookup (Halo's casing varies between endpoints). */
cJSON *jsonx_get(const cJSON *obj, const char *key);

#endif
