/* SPDX-License-Identifier: MIT */
/* A growable string with a hard cap, in the manner of curl's dynbuf. It
 * stays NUL-terminated. An append that would pass the cap, or that finds
 * no memory, frees the text and fails the buffer; later appends do
 * nothing, so that a caller builds a string and checks once at the end.
 * Ownership: the buffer owns s until strbuf_take hands it over. */
#ifndef HALO_STRBUF_H
#define HALO_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

enum strbuf_failure {
	STRBUF_OK = 0,
	STRBUF_ENOMEM,     /* out of memory */
	STRBUF_ETOOBIG,    /* an append would have passed max */
};

struct strbuf {
	char *s;           /* NULL until the first append, and after failing */
	size_t len;        /* bytes in s, without the NUL */
	size_t cap;        /* bytes allocated */
	size_t max;        /* len never passes this */
	enum strbuf_failure failed;
};

/* An empty buffer that holds at most max bytes. */
#define STRBUF_INIT(max) { NULL, 0, 0, (max), STRBUF_OK }
void strbuf_init(struct strbuf *b, size_t max);

/* Append; each returns 0, or -1 when the buffer has failed (now or
 * before). */
int strbuf_add(struct strbuf *b, const void *data, size_t n);
int strbuf_addstr(struct strbuf *b, const char *s);
int strbuf_addc(struct strbuf *b, char c);
/* n copies of c. */
int strbuf_addn(struct strbuf *b, char c, size_t n);
int strbuf_addf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Fails the buffer from outside (a step of the caller's ran out of
 * memory), freeing the text. */
void strbuf_fail(struct strbuf *b, enum strbuf_failure why);

/* The text so far; "" when empty or failed. Valid until the next call. */
const char *strbuf_str(const struct strbuf *b);

/* Hands the text to the caller ("" when empty) and empties the buffer.
 * NULL when the buffer failed or out of memory. */
char *strbuf_take(struct strbuf *b);

/* Frees the text; the buffer may be used again (empty, not failed). */
void strbuf_done(struct strbuf *b);

#endif
