/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "history.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cachefile.h"
#include "readfile.h"
#include "strbuf.h"

void history_init(struct history *h, size_t max)
{
	memset(h, 0, sizeof *h);
	h->max = max ? max : HISTORY_MAX;
}

void history_done(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->items[i]);
	free(h->items);
	h->items = NULL;
	h->n = 0;
}

/* A word of key-like characters, long and mixing letters and digits: an
 * API key, a token, a generated password. */
static bool keylike_word(const char *s, size_t n)
{
	bool alpha = false, digit = false;

	if (n < 24)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalpha(c))
			alpha = true;
		else if (isdigit(c))
			digit = true;
		else if (!strchr("+/=_-.~", c))
			return false;
	}
	return alpha && digit;
}

bool history_secret(const char *line)
{
	static const char *const words[] = {
		"secret", "password", "passwd", "token", "bearer", "api_key",
		"apikey", "api-key", "credential",
	};
	const char *p;

	if (!line)
		return false;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		for (p = line; *p; p++)
			if (strncasecmp(p, words[i], strlen(words[i])) == 0)
				return true;
	for (p = line; *p;) {
		size_t n = strcspn(p, " \t=:,;\"'");
		if (keylike_word(p, n))
			return true;
		p += n;
		while (*p && strchr(" \t=:,;\"'", *p))
			p++;
	}
	return false;
}

static bool keepable(const char *line)
{
	size_t n = strlen(line);

	if (!n || n > HISTORY_LINE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			return false;
	return !history_secret(line);
}

int history_add(struct history *h, const char *line)
{
	char *copy;

	if (!line || !keepable(line))
		return 0;
	if (h->n && strcmp(h->items[h->n - 1], line) == 0)
		return 0;
	copy = strdup(line);
	if (!copy)
		return -1;
	if (h->n >= h->max) {
		free(h->items[0]);
		memmove(h->items, h->items + 1, (h->n - 1) * sizeof *h->items);
		h->n--;
	} else {
		char **grown = realloc(h->items, (h->n + 1) * sizeof *grown);
		if (!grown) {
			free(copy);
			return -1;
		}
		h->items = grown;
	}
	h->items[h->n++] = copy;
	return 0;
}

int history_path(const char *profile, char *out, size_t outlen)
{
	return cachefile_path(XDG_STATE, "history", profile, NULL, out, outlen);
}

enum halo_status history_load(struct history *h, const char *path,
                              struct errbuf *err)
{
	struct readfile rf;
	enum halo_status st;
	char *line, *next;

	history_done(h);
	st = readfile(path, "the command history",
	              (size_t)(HISTORY_LINE_MAX + 1) * h->max * 2,
	              READFILE_MISSING_OK, &rf, err);
	if (st != HALO_OK || !rf.data)
		return st;
	for (line = rf.data; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (history_add(h, line) != 0) {
			free(rf.data);
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		}
	}
	free(rf.data);
	return HALO_OK;
}

enum halo_status history_save(const struct history *h, const char *path,
                              struct errbuf *err)
{
	struct strbuf b;
	enum halo_status st;

	strbuf_init(&b, (size_t)(HISTORY_LINE_MAX + 1) * h->max + 1);
	for (size_t i = 0; i < h->n; i++) {
		strbuf_addstr(&b, h->items[i]);
		strbuf_addc(&b, '\n');
	}
	if (b.failed) {
		strbuf_done(&b);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	st = cachefile_write_plain(path, strbuf_str(&b), b.len, err);
	strbuf_done(&b);
	return st;
}
