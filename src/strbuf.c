/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRBUF_FIRST 64

void strbuf_init(struct strbuf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

void strbuf_fail(struct strbuf *b, enum strbuf_failure why)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	if (!b->failed)
		b->failed = why != STRBUF_OK ? why : STRBUF_ENOMEM;
}

/* Room for n more bytes and the NUL, doubling. */
static int reserve(struct strbuf *b, size_t n)
{
	/* Half of SIZE_MAX at most: doubling and the NUL never overflow. */
	size_t max = b->max < SIZE_MAX / 2 ? b->max : SIZE_MAX / 2;
	size_t want, cap;
	char *p;

	if (b->failed)
		return -1;
	if (b->len > max || n > max - b->len) {
		strbuf_fail(b, STRBUF_ETOOBIG);
		return -1;
	}
	want = b->len + n + 1;
	if (b->s && want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : STRBUF_FIRST;
	while (cap < want)
		cap *= 2;
	if (cap > max + 1)
		cap = max + 1;
	p = realloc(b->s, cap);
	if (!p) {
		strbuf_fail(b, STRBUF_ENOMEM);
		return -1;
	}
	p[b->len] = '\0';    /* a new buffer holds "" */
	b->s = p;
	b->cap = cap;
	return 0;
}

int strbuf_add(struct strbuf *b, const void *data, size_t n)
{
	if (reserve(b, n) != 0)
		return -1;
	if (n)
		memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *b, const char *s)
{
	return strbuf_add(b, s ? s : "", s ? strlen(s) : 0);
}

int strbuf_addc(struct strbuf *b, char c)
{
	return strbuf_add(b, &c, 1);
}

int strbuf_addn(struct strbuf *b, char c, size_t n)
{
	if (reserve(b, n) != 0)
		return -1;
	memset(b->s + b->len, c, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		strbuf_fail(b, STRBUF_ENOMEM);
		return -1;
	}
	if (reserve(b, (size_t)n) != 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

const char *strbuf_str(const struct strbuf *b)
{
	return b->s && !b->failed ? b->s : "";
}

char *strbuf_take(struct strbuf *b)
{
	char *s;

	if (b->failed || reserve(b, 0) != 0)
		return NULL;
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void strbuf_done(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = STRBUF_OK;
}
