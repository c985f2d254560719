/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "scrub.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

void scrub_init(struct scrub *sc)
{
	memset(sc, 0, sizeof *sc);
}

void scrub_add(struct scrub *sc, const char *secret)
{
	size_t n;

	if (!sc || !secret || sc->n >= SCRUB_MAX)
		return;
	n = strlen(secret);
	if (n < SCRUB_MIN_LEN)
		return;
	for (size_t i = 0; i < sc->n; i++)
		if (sc->len[i] == n && memcmp(sc->secret[i], secret, n) == 0)
			return;
	sc->secret[sc->n] = secret;
	sc->len[sc->n] = n;
	sc->n++;
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* RFC 6750's b64token, the shape of a bearer token. */
static bool is_token_char(unsigned char c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
	       c == '+' || c == '/';
}

/* "Bearer", blanks, then a token at s[i]: the token's length, and in
 * *keep the bytes before it ("Bearer "), which stay. */
static size_t bearer_at(const char *s, size_t len, size_t i, size_t *keep)
{
	size_t j = i + 6, t;

	if (len - i < 6 || (i > 0 && is_alnum((unsigned char)s[i - 1])) ||
	    strncasecmp(s + i, "bearer", 6) != 0)
		return 0;
	while (j < len && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (j == i + 6)
		return 0;
	for (t = j; t < len && is_token_char((unsigned char)s[t]); t++)
		;
	if (t == j)
		return 0;
	while (t < len && s[t] == '=')
		t++;
	*keep = j - i;
	return t - j;
}

/* What to replace at s[i]: the number of bytes from s[i + *keep], or 0. */
static size_t scan(const struct scrub *sc, const char *s, size_t len,
                   size_t i, size_t *keep)
{
	size_t left = len - i;

	*keep = 0;
	for (size_t k = 0; sc && k < sc->n; k++) {
		size_t n = sc->len[k];

		if (left >= n && memcmp(s + i, sc->secret[k], n) == 0)
			return n;
		/* The text ends in the first part of the secret. */
		if (left < n && left >= SCRUB_MIN_LEN &&
		    (left >= SCRUB_PART_LEN || 2 * left >= n) &&
		    memcmp(s + i, sc->secret[k], left) == 0)
			return left;
	}
	return bearer_at(s, len, i, keep);
}

/* Replaces n bytes at s[at] with the mark, cutting the text at cap - 1
 * bytes; returns the position after the mark. */
static size_t splice(char *s, size_t cap, size_t len, size_t at, size_t n)
{
	size_t m = strlen(SCRUB_MARK), tail = len - at - n;

	if (at + m >= cap) {
		memcpy(s + at, SCRUB_MARK, cap - 1 - at);
		s[cap - 1] = '\0';
		return cap - 1;
	}
	if (at + m + tail >= cap)
		tail = cap - 1 - at - m;
	memmove(s + at + m, s + at + n, tail);
	memcpy(s + at, SCRUB_MARK, m);
	s[at + m + tail] = '\0';
	return at + m;
}

size_t scrub_text(const struct scrub *sc, char *s, size_t cap)
{
	size_t i = 0, len, hits = 0;

	if (!s || cap == 0)
		return 0;
	len = strnlen(s, cap - 1);
	s[len] = '\0';
	while (i < len) {
		size_t keep, n = scan(sc, s, len, i, &keep);

		if (n == 0) {
			i++;
			continue;
		}
		i = splice(s, cap, len, i + keep, n);
		len = strlen(s);
		hits++;
	}
	if (hits) {
		utf8_drop_partial(s);
		len = strlen(s);
		/* What was pushed past the end may be a secret's bytes. */
		memset(s + len, 0, cap - len);
	}
	return hits;
}

int scrub_append(const struct scrub *sc, const char *data, size_t len,
                 struct strbuf *out)
{
	size_t i = 0, from = 0;

	if (len == 0)
		return out->failed ? -1 : 0;
	while (i < len) {
		size_t keep, n = scan(sc, data, len, i, &keep);

		if (n == 0) {
			i++;
			continue;
		}
		strbuf_add(out, data + from, i + keep - from);
		strbuf_addstr(out, SCRUB_MARK);
		i += keep + n;
		from = i;
	}
	strbuf_add(out, data + from, len - from);
	return out->failed ? -1 : 0;
}
