/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "text.h"

#include <langinfo.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "grow.h"
#include "utf8.h"

static const char replacement[] = "\xef\xbf\xbd";   /* U+FFFD */
static const char ellipsis[] = "\xe2\x80\xa6";      /* U+2026 */

/* ---- UTF-8 decoding ---------------------------------------------------- */

/* Like utf8_decode, but a stray byte (not inside a valid sequence) that
 * opens or ends a control sequence as an 8-bit C1 control on some
 * terminals (DCS, SOS, ST, CSI, OSC, PM, APC) is taken as that control, so
 * that a raw 0x9B CSI or 0x9D OSC is removed with its parameters. Other
 * stray bytes stay invalid and become U+FFFD. */
static size_t decode_c1(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len = utf8_decode(s, n, cp);

	if (*cp == UTF8_BAD && len == 1 &&
	    (s[0] == 0x90 || s[0] == 0x98 || (s[0] >= 0x9B && s[0] <= 0x9F)))
		*cp = s[0];
	return len;
}

/* ---- Escape sequences -------------------------------------------------- */

/* Skips the body of a control string (OSC, DCS, SOS, PM, APC) starting at
 * s[i]. It ends with BEL, ST (ESC \\ or C1 0x9C), or is cancelled by CAN,
 * SUB or any other ESC (left for the caller to start a new sequence), as a
 * terminal would; unterminated, it runs to the end of the input and
 * *ended is cleared. */
static size_t skip_string(const unsigned char *s, size_t i, size_t len,
                          int *ended)
{
	unsigned cp;
	size_t n;

	*ended = 1;
	while (i < len) {
		n = decode_c1(s + i, len - i, &cp);
		if (cp == 0x07 || cp == 0x18 || cp == 0x1A || cp == 0x9C)
			return i + n;
		if (cp == 0x1B)
			return (i + 1 < len && s[i + 1] == '\\') ? i + 2 : i;
		i += n;
	}
	*ended = 0;
	return len;
}

/* Skips a CSI body at s[i]: parameter and intermediate bytes 0x20..0x3F,
 * then one final byte 0x40..0x7E. Any other byte ends it unconsumed. */
static size_t skip_csi(const unsigned char *s, size_t i, size_t len)
{
	while (i < len && s[i] >= 0x20 && s[i] <= 0x3F)
		i++;
	if (i < len && s[i] >= 0x40 && s[i] <= 0x7E)
		i++;
	return i;
}

/* Skips what follows an ESC at s[i]; returns where normal text resumes. */
static size_t skip_escape(const unsigned char *s, size_t i, size_t len)
{
	int ended;

	if (i >= len)
		return len;
	switch (s[i]) {
	case '[':
		return skip_csi(s, i + 1, len);
	case ']': case 'P': case 'X': case '^': case '_':
		return skip_string(s, i + 1, len, &ended);
	default:
		break;
	}
	/* nF sequences (ESC ( B ...): intermediates, then one final byte. */
	while (i < len && s[i] >= 0x20 && s[i] <= 0x2F)
		i++;
	if (i < len && s[i] >= 0x30 && s[i] <= 0x7E)
		i++;
	return i;
}

/* Skips after a C1 control at s[i] (n bytes); the introducers take their
 * bodies along. A raw-byte string introducer is most likely a stray byte
 * of broken UTF-8 rather than an attack, so unless its string is
 * terminated it only returns i, for the caller to show U+FFFD and keep the
 * text after it. *open_from caches where no terminator can follow, which
 * keeps many stray bytes linear. */
static size_t skip_c1(unsigned cp, const unsigned char *s, size_t i,
                      size_t n, size_t len, size_t *open_from)
{
	size_t end;
	int ended;

	switch (cp) {
	case 0x9B:
		return skip_csi(s, i + n, len);
	case 0x90: case 0x98: case 0x9D: case 0x9E: case 0x9F:
		if (n == 1 && i >= *open_from)
			return i;
		end = skip_string(s, i + n, len, &ended);
		if (n == 1 && !ended) {
			*open_from = i;
			return i;
		}
		return end;
	default:
		return i + n;
	}
}

static int is_bidi_control(unsigned cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Handles one decoded code point that is not part of a sequence: writes
 * what it becomes at o and returns the new end. i is its offset in s. */
static char *put_char(char *o, const unsigned char *s, size_t i, size_t n,
                      unsigned cp, unsigned flags)
{
	if (cp == UTF8_BAD) {
		memcpy(o, replacement, 3);
		return o + 3;
	}
	if (cp == '\n' || cp == '\r') {
		*o++ = (flags & TEXT_KEEP_NEWLINES) ? '\n' : ' ';
		return o;
	}
	if (cp == '\t') {
		*o++ = (flags & TEXT_KEEP_TABS) ? '\t' : ' ';
		return o;
	}
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || is_bidi_control(cp))
		return o;
	memcpy(o, s + i, n);
	return o + n;
}

/* One pass, every byte looked at a bounded number of times: linear in len.
 * Each input byte yields at most 3 output bytes (a bad byte as U+FFFD). */
char *text_sanitize(const char *str, size_t len, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)str;
	char *out, *o, *shrunk;
	unsigned cp;
	size_t i = 0, n, next, open_from = SIZE_MAX;

	if (!s)
		len = 0;
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	o = out;
	while (i < len) {
		n = decode_c1(s + i, len - i, &cp);
		if (cp == 0x1B) {
			i = skip_escape(s, i + 1, len);
			continue;
		}
		if (cp >= 0x80 && cp <= 0x9F) {
			next = skip_c1(cp, s, i, n, len, &open_from);
			if (next != i) {
				i = next;
				continue;
			}
			cp = UTF8_BAD;
		}
		if (cp == '\r' && i + 1 < len && s[i + 1] == '\n')
			n = 2;
		o = put_char(o, s, i, n, cp, flags);
		i += n;
	}
	*o = '\0';
	shrunk = realloc(out, (size_t)(o - out) + 1);
	return shrunk ? shrunk : out;
}

/* ---- Display width ----------------------------------------------------- */

/* Widths do not rely on the C library alone: its tables may be old, and in
 * the C locale wcwidth() knows nothing beyond ASCII. The ranges below (East
 * Asian Wide/Fullwidth, emoji with emoji presentation, combining marks and
 * other zero-width characters) are fixed here so that tests and the
 * program agree whatever the locale; wcwidth() decides everything else when
 * the locale is UTF-8 and it knows the character, and 1 is the fallback.
 * In U+1F300..U+1FAFF every code point is wide (new emoji included) except
 * the symbols whose default presentation is text, which terminals and the
 * C library draw one column wide. */
struct cp_range {
	unsigned lo, hi;
};

static const struct cp_range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
	{0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
	{0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
	{0x0E47, 0x0E4E}, {0x1160, 0x11FF}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
	{0x200B, 0x200F}, {0x2060, 0x206F}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
	{0x3099, 0x309A}, {0xD7B0, 0xD7FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
	{0xFEFF, 0xFEFF}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
	{0xE0100, 0xE01EF},
};

static const struct cp_range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
	{0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
	{0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
	{0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
	{0x3040, 0xA4CF}, {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
	{0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
	{0x16FE0, 0x16FE3}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
	{0x1F191, 0x1F19A}, {0x1F200, 0x1F2FF}, {0x20000, 0x3FFFD},
};

/* Text-presentation symbols inside the emoji block U+1F300..U+1FAFF. */
static const struct cp_range emoji_narrow[] = {
	{0x1F321, 0x1F32C}, {0x1F336, 0x1F336}, {0x1F37D, 0x1F37D},
	{0x1F394, 0x1F39F}, {0x1F3CB, 0x1F3CE}, {0x1F3D4, 0x1F3DF},
	{0x1F3F1, 0x1F3F3}, {0x1F3F5, 0x1F3F7}, {0x1F43F, 0x1F43F},
	{0x1F441, 0x1F441}, {0x1F4FD, 0x1F4FE}, {0x1F53E, 0x1F54A},
	{0x1F54F, 0x1F54F}, {0x1F568, 0x1F579}, {0x1F57B, 0x1F594},
	{0x1F597, 0x1F5A3}, {0x1F5A5, 0x1F5FA}, {0x1F650, 0x1F67F},
	{0x1F6C6, 0x1F6CB}, {0x1F6CD, 0x1F6CF}, {0x1F6D3, 0x1F6D4},
	{0x1F6E0, 0x1F6EA}, {0x1F6F0, 0x1F6F3}, {0x1F700, 0x1F7DF},
	{0x1F800, 0x1F8FF}, {0x1F900, 0x1F90B}, {0x1F93B, 0x1F93B},
	{0x1F946, 0x1F946}, {0x1FA00, 0x1FA6F},
};

static int in_ranges(unsigned cp, const struct cp_range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

#define IN(cp, table) in_ranges((cp), (table), sizeof (table) / sizeof (table)[0])

bool text_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static int cp_width(unsigned cp)
{
	int w;

	if (cp < 0x300)
		return 1;       /* ASCII, Latin, and unprintable controls */
	if (IN(cp, zero_width))
		return 0;
	if (cp >= 0x1F300 && cp <= 0x1FAFF)
		return IN(cp, emoji_narrow) ? 1 : 2;
	if (IN(cp, wide))
		return 2;
	if (text_locale_utf8()) {
		w = wcwidth((wchar_t)cp);
		if (w >= 0)
			return w > 2 ? 2 : w;
	}
	return 1;
}

size_t text_next(const char *s, unsigned *cp, int *width)
{
	unsigned c = 0;
	size_t n = 0;
	int w = 0;

	if (s && *s) {
		n = utf8_decode((const unsigned char *)s, 4, &c);
		if (c == UTF8_BAD) {
			c = 0xFFFD;
			w = 1;
		} else {
			w = cp_width(c);
		}
	}
	if (cp)
		*cp = c;
	if (width)
		*width = w;
	return n;
}

int text_width(const char *s)
{
	long total = 0;
	size_t n;
	int w;

	if (!s)
		return 0;
	while (*s) {
		if ((unsigned char)*s < 0x80) {
			total++;            /* fast path */
			s++;
		} else {
			n = text_next(s, NULL, &w);
			total += w;
			s += n;
		}
		if (total >= INT_MAX)
			return INT_MAX;
	}
	return (int)total;
}

/* ---- Fitting and wrapping ---------------------------------------------- */

/* Bytes of the longest prefix of s[0..end) whose width is <= limit;
 * zero-width characters after it (combining marks) are kept with it. */
static size_t prefix_fit(const char *s, size_t end, int limit, int *used)
{
	size_t i = 0, n;
	int w, sum = 0;

	while (i < end && s[i]) {
		n = text_next(s + i, NULL, &w);
		if (sum + w > limit)
			break;
		sum += w;
		i += n;
	}
	*used = sum;
	return i;
}

char *text_fit(const char *s, int width, int pad)
{
	size_t cut, spaces, marklen = 0;
	int used, cutoff = 0;
	const char *mark = "";
	char *out, *o;

	if (width <= 0)
		return strdup("");
	if (!s)
		s = "";
	cut = prefix_fit(s, SIZE_MAX, width, &used);
	if (s[cut] != '\0') {
		/* The cut mark: one column, or three dots without UTF-8. */
		if (text_locale_utf8())
			mark = ellipsis;
		else if (width > 3)
			mark = "...";
		marklen = strlen(mark);
		cutoff = mark == ellipsis ? 1 : (int)marklen;
		cut = prefix_fit(s, cut, width - cutoff, &used);
	}
	spaces = pad ? (size_t)(width - used - cutoff) : 0;
	out = malloc(cut + spaces + marklen + 1);
	if (!out)
		return NULL;
	memcpy(out, s, cut);
	o = out + cut;
	memset(o, ' ', spaces);
	o += spaces;
	memcpy(o, mark, marklen);
	o += marklen;
	*o = '\0';
	return out;
}

struct linevec {
	char **v;
	size_t n, cap;
};

/* Appends s[0..len) without its trailing blanks. */
static int lines_push(struct linevec *lv, const char *s, size_t len)
{
	char **v = grow_for_one(lv->v, lv->n, &lv->cap, sizeof *v, 16);
	char *line;

	if (!v)
		return -1;
	lv->v = v;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	line = malloc(len + 1);
	if (!line)
		return -1;
	memcpy(line, s, len);
	line[len] = '\0';
	lv->v[lv->n++] = line;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The line being built while wrapping one paragraph: s[start..end) holds
 * its text, col its width; has_word is set once it holds more than the
 * paragraph's indentation. */
struct wrapline {
	const char *s;
	size_t start, end;
	int col, has_word, width;
};

static int wrap_flush(struct linevec *lv, struct wrapline *l, size_t next)
{
	if (lines_push(lv, l->s + l->start, l->end - l->start) != 0)
		return -1;
	l->start = l->end = next;
	l->col = 0;
	l->has_word = 0;
	return 0;
}

/* Places the word s[p..wend) (width wcol) on the line, breaking it into
 * width-sized pieces when it does not fit on a line of its own. */
static int wrap_word(struct linevec *lv, struct wrapline *l, size_t p,
                     size_t wend, int wcol)
{
	size_t q;
	int used;

	if (l->col + wcol <= l->width) {
		l->end = wend;
		l->col += wcol;
		l->has_word = 1;
		return 0;
	}
	while (p < wend) {
		q = p + prefix_fit(l->s + p, wend - p, l->width - l->col, &used);
		if (q == p && l->has_word) {
			if (wrap_flush(lv, l, p) != 0)
				return -1;
			continue;
		}
		if (q == p && l->col > 0) {
			l->start = l->end = p;      /* drop the indentation */
			l->col = 0;
			continue;
		}
		if (q == p) {
			/* A character wider than the line goes alone, with
			 * any combining marks that follow it. */
			q = p + text_next(l->s + p, NULL, &used);
			q += prefix_fit(l->s + q, wend - q, 0, &wcol);
		}
		l->end = q;
		l->col += used;
		l->has_word = 1;
		p = q;
		if (p < wend && wrap_flush(lv, l, p) != 0)
			return -1;
	}
	return 0;
}

/* Wraps one paragraph s[0..len) (no '\n'); always yields at least a line. */
static int wrap_paragraph(struct linevec *lv, const char *s, size_t len,
                          int width)
{
	struct wrapline l = { s, 0, 0, 0, 0, width };
	size_t before = lv->n, i = 0, gap, word, n;
	int wcol, w, first = 1;

	while (i < len) {
		gap = i;
		while (i < len && is_blank(s[i]))
			i++;
		if (i >= len)
			break;
		word = i;
		wcol = 0;
		while (i < len && !is_blank(s[i])) {
			n = text_next(s + i, NULL, &w);
			wcol += w;
			i += n;
		}
		if (l.has_word && l.col + (int)(word - gap) + wcol > width) {
			if (wrap_flush(lv, &l, word) != 0)
				return -1;
		} else if (l.has_word || (first && (int)(word - gap) < width)) {
			l.col += (int)(word - gap);     /* the gap, or indentation */
		} else {
			l.start = l.end = word;
		}
		first = 0;
		if (wrap_word(lv, &l, word, i, wcol) != 0)
			return -1;
	}
	if (l.has_word || lv->n == before)
		return lines_push(lv, s + l.start, l.end - l.start);
	return 0;
}

/* Each '\n' ends a line, as in a text file: "" and NULL give no lines,
 * "a\n" one, "\n\n" two empty ones. A paragraph's first-line indentation
 * is kept; continuation lines start at their first word. */
int text_wrap(const char *s, int width, char ***lines, size_t *count)
{
	struct linevec lv = { NULL, 0, 0 };
	const char *nl;

	*lines = NULL;
	*count = 0;
	if (width < 1)
		width = 1;
	while (s && *s) {
		nl = strchr(s, '\n');
		if (wrap_paragraph(&lv, s, nl ? (size_t)(nl - s) : strlen(s),
		                   width) != 0) {
			text_lines_free(&lv.v, lv.n);
			return -1;
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	*lines = lv.v;
	*count = lv.n;
	return 0;
}

void text_lines_free(char ***lines, size_t count)
{
	if (!lines || !*lines)
		return;
	for (size_t i = 0; i < count; i++)
		free((*lines)[i]);
	free(*lines);
	*lines = NULL;
}

void text_flatten(char *s)
{
	if (!s)
		return;
	for (; *s; s++)
		if (*s == '\t' || *s == '\n' || *s == '\r')
			*s = ' ';
}

void text_squeeze(char *s)
{
	char *w = s;
	bool space = true;

	if (!s)
		return;
	for (const char *p = s; *p; p++) {
		if (*p == ' ') {
			if (!space)
				*w++ = ' ';
			space = true;
			continue;
		}
		*w++ = *p;
		space = false;
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

bool text_list_add(char *out, size_t outlen, const char *item)
{
	size_t used = strnlen(out, outlen), need = strlen(item) + (used ? 2 : 0);

	if (used >= outlen || need >= outlen - used)
		return false;
	snprintf(out + used, outlen - used, "%s%s", used ? ", " : "", item);
	return true;
}
