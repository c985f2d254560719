/* SPDX-License-Identifier: MIT */
/* UTF-8 at the byte level: decoding and encoding one code point, and
 * stepping over or cutting at character boundaries, so that no caller
 * splits a character in two. Display width and safety are text.h's job. */
#ifndef HALO_UTF8_H
#define HALO_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* What utf8_decode returns in *cp for an invalid sequence. */
#define UTF8_BAD 0xFFFFFFFFu

/* A continuation byte (10xxxxxx): never the start of a character. */
static inline bool utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Decodes one code point from s[0..n) (n >= 1). Returns the bytes used; on
 * invalid input (overlong, surrogate, above U+10FFFF, cut short) *cp is
 * UTF8_BAD and the count is the maximal subpart, so that each bad subpart
 * stands for one U+FFFD. Never reads past a NUL whatever n says. */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* Writes cp as UTF-8 at out and returns its length (1..4); a surrogate or
 * a value above U+10FFFF is written as U+FFFD. out is not NUL-terminated. */
size_t utf8_encode(unsigned cp, char out[4]);

/* The start of the character before byte pos of s (0 at 0). */
size_t utf8_prev(const char *s, size_t pos);

/* The start of the character after byte pos of s[0..len) (len at most). */
size_t utf8_next(const char *s, size_t len, size_t pos);

/* The largest character boundary <= n in s, whose bytes s[0..n] can be
 * read: how many bytes to keep when cutting s to at most n. */
size_t utf8_cut(const char *s, size_t n);

/* Drops an incomplete sequence at the end of s: what a bounded copy
 * (snprintf) leaves when it cuts a character in two. */
void utf8_drop_partial(char *s);

#endif
