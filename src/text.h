/* SPDX-License-Identifier: MIT */
/* Making server text safe for a terminal, and measuring it.
 * Every string from the server passes through text_sanitize before any
 * output. All other functions here expect sanitised UTF-8. */
#ifndef HALO_TEXT_H
#define HALO_TEXT_H

#include <stdbool.h>
#include <stddef.h>

enum text_flags {
	TEXT_KEEP_NEWLINES = 1 << 0,  /* keep '\n' (else each becomes a space) */
	TEXT_KEEP_TABS     = 1 << 1,  /* keep '\t' (else each becomes a space) */
};

/* Returns a newly allocated, NUL-terminated copy of s[0..len) that is safe
 * to print: escape sequences (CSI, OSC, DCS, SOS, PM, APC, and two-byte
 * ESC x) removed whole; other C0 controls, DEL and C1 controls (U+0080..
 * U+009F) removed; "\r\n" and lone '\r' become '\n' (or ' '); invalid or
 * overlong UTF-8, surrogates and code points above U+10FFFF become U+FFFD;
 * bidi overrides (U+202A..U+202E, U+2066..U+2069) removed. s may be NULL
 * (returns ""). Returns NULL only when out of memory. Caller frees. */
char *text_sanitize(const char *s, size_t len, unsigned flags);

/* Display width in terminal columns of sanitised UTF-8 (wcwidth rules: CJK
 * and emoji 2, combining marks 0). Unprintable code points count 1. */
int text_width(const char *s);

/* Display width of one code point (0, 1 or 2) and its decoded value.
 * Returns the byte length of the UTF-8 sequence at s (>= 1), or 0 at NUL. */
size_t text_next(const char *s, unsigned *cp, int *width);

/* Whether the locale's character set (LC_CTYPE) is UTF-8. Without it a
 * terminal cannot show what is not ASCII. */
bool text_locale_utf8(void);

/* Returns a new string of at most `width` columns: s cut at a character
 * boundary with "…" as the last column when it does not fit (without a
 * UTF-8 locale "..." as the last three, or nothing when width is 3 or
 * less, so that a cut shows in ASCII too); when pad is
 * non-zero, padded with spaces to exactly `width` columns (a wide character
 * that would straddle the edge is replaced by a space). width <= 0 gives "".
 * Caller frees; NULL only when out of memory. */
char *text_fit(const char *s, int width, int pad);

/* Word-wraps s to `width` columns (at least 1). Existing '\n' start new
 * lines; words longer than width are broken. Trailing spaces are dropped.
 * On success *lines is an array of *count newly allocated strings (free with
 * text_lines_free). Returns 0, or -1 when out of memory. */
int text_wrap(const char *s, int width, char ***lines, size_t *count);
void text_lines_free(char ***lines, size_t count);

/* Replaces '\t', '\n' and '\r' with spaces in place (for TSV cells). */
void text_flatten(char *s);

/* Squeezes runs of spaces to one and trims both ends, in place (server
 * text shown on one line). s may be NULL. */
void text_squeeze(char *s);

/* Appends item to the list in out ("a, b, c") whole or not at all, so
 * that a message never ends in half a name: false, leaving out as it was,
 * when it does not fit in outlen bytes. */
bool text_list_add(char *out, size_t outlen, const char *item);

#endif
