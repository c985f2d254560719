/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "prompt_assist.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "panes.h"

void assist_open(struct ui *ui, struct prompt_assist *a,
                 const struct prompt_extras *x)
{
	memset(a, 0, sizeof *a);
	a->x = x;
	if (x && x->history)
		a->hpos = x->history(ui)->n;
}

static void stop_cycling(struct prompt_assist *a)
{
	complete_free(&a->cands, a->ncands);
	a->ncands = a->cand = 0;
}

void assist_done(struct prompt_assist *a)
{
	stop_cycling(a);
	free(a->typed);
	a->typed = NULL;
}

/* Where the word being completed starts in line: after the last '=', else
 * after the command. */
static size_t word_start(const char *line)
{
	const char *eq = strrchr(line, '=');
	size_t sp;

	if (eq)
		return (size_t)(eq + 1 - line);
	sp = strcspn(line, " ");
	return line[sp] ? sp + strspn(line + sp, " ") : 0;
}

/* The candidates beside the line, the current one in brackets. */
static void list_cands(char **v, size_t n, long cur, char *note, size_t len)
{
	size_t used = 0;

	note[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(note + used, len - used,
		                         (long)i == cur ? "%s[%s]" : "%s%s",
		                         i ? " " : "", v[i] + word_start(v[i]));
}

static size_t common_prefix(char **v, size_t n)
{
	size_t len = strlen(v[0]);

	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < len && v[i][k] && tolower((unsigned char)v[i][k]) ==
		                             tolower((unsigned char)v[0][k]))
			k++;
		len = k;
	}
	return len;
}

/* Sets the line to text[0..n); says so when it is too long to hold. */
static void set_line(struct lineedit *le, const char *text, size_t n,
                     bool space, char *note, size_t len)
{
	char *line = malloc(n + 2);

	if (!line)
		ui_oom();
	memcpy(line, text, n);
	if (space)
		line[n++] = ' ';
	line[n] = '\0';
	if (lineedit_set(le, line) != LINEEDIT_DONE)
		lineedit_refusal(LINEEDIT_TOO_LONG, 0, note, len);
	free(line);
}

static void tab(struct ui *ui, struct prompt_assist *a, struct lineedit *le,
                char *note, size_t len)
{
	const char *text = lineedit_text(le);
	size_t n, typed, cp, vl;
	char **v;

	if (a->ncands) {
		a->cand = (a->cand + 1) % a->ncands;
		set_line(le, a->cands[a->cand], strlen(a->cands[a->cand]), false,
		         note, len);
		list_cands(a->cands, a->ncands, (long)a->cand, note, len);
		return;
	}
	n = a->x->complete(ui, text, &v);
	snprintf(note, len, "%s", n ? "" : "no completion");
	if (!n)
		return;
	while (*text == ' ' || *text == ':')
		text++;
	typed = strlen(text);
	if (n == 1) {
		/* A whole word: the next one may follow at once. */
		vl = strlen(v[0]);
		set_line(le, v[0], vl, vl && v[0][vl - 1] != '=', note, len);
		complete_free(&v, n);
		return;
	}
	cp = common_prefix(v, n);
	if (cp > typed) {
		set_line(le, v[0], cp, false, note, len);
		list_cands(v, n, -1, note, len);
		complete_free(&v, n);
		return;
	}
	a->cands = v;
	a->ncands = n;
	a->cand = 0;
	set_line(le, v[0], strlen(v[0]), false, note, len);
	list_cands(v, n, 0, note, len);
}

static void history_step(struct ui *ui, struct prompt_assist *a,
                         struct lineedit *le, int dir, char *note, size_t len)
{
	struct history *h = a->x->history(ui);
	const char *line;

	note[0] = '\0';
	if (a->hpos > h->n)
		a->hpos = h->n;
	if ((dir < 0 && a->hpos == 0) || (dir > 0 && a->hpos >= h->n))
		return;
	if (a->hpos == h->n) {
		free(a->typed);
		if (!(a->typed = strdup(lineedit_text(le))))
			ui_oom();
	}
	a->hpos = dir < 0 ? a->hpos - 1 : a->hpos + 1;
	line = a->hpos == h->n ? (a->typed ? a->typed : "") : h->items[a->hpos];
	set_line(le, line, strlen(line), false, note, len);
}

bool assist_key(struct ui *ui, struct prompt_assist *a, struct lineedit *le,
                int key, char *note, size_t notelen)
{
	if (!a->x)
		return false;
	if (key == KEYC_TAB && a->x->complete_in_place) {
		note[0] = '\0';
		a->x->complete_in_place(le, note, notelen);
		return true;
	}
	if (key == KEYC_TAB && a->x->complete) {
		tab(ui, a, le, note, notelen);
		return true;
	}
	stop_cycling(a);
	if ((key == KEYC_FN(KEY_UP) || key == KEYC_FN(KEY_DOWN)) &&
	    a->x->history) {
		history_step(ui, a, le, key == KEYC_FN(KEY_UP) ? -1 : 1, note,
		             notelen);
		return true;
	}
	return false;
}
