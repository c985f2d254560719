/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "hyperlink.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clipboard.h"
#include "strbuf.h"
#include "termseq.h"
#include "ui.h"
#include "weburl.h"

#define MAX_LINKS 64

struct link {
	unsigned pane;      /* serial of the pane that drew it */
	int y, x;
	char *text;
	int attr;
	char *url;
};

static struct link links[MAX_LINKS];
static size_t nlinks;

bool ui_links_enabled(struct ui *ui)
{
	switch (ui->s->settings.hyperlinks) {
	case HYPERLINKS_ON:
		return true;
	case HYPERLINKS_OFF:
		return false;
	default:
		return termseq_hyperlinks_auto(getenv("TERM"), getenv("TERM_PROGRAM"),
		                               getenv("TERM_PROGRAM_VERSION"),
		                               getenv("TMUX"), getenv("VTE_VERSION"));
	}
}

static bool printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return n > 0;
}

void ui_link_add(struct ui *ui, struct pane *p, int y, int x,
                 const char *text, size_t n, int attr, const char *url)
{
	struct link *l;

	if (nlinks == MAX_LINKS || !url || !printable(text, n) ||
	    !printable(url, strlen(url)) || x + (int)n > ui->cols ||
	    y >= ui->rows || !ui_links_enabled(ui))
		return;
	l = &links[nlinks];
	l->text = strndup(text, n);
	l->url = strdup(url);
	if (!l->text || !l->url) {
		free(l->text);
		free(l->url);
		return;
	}
	l->pane = p ? p->serial : 0;
	l->y = y;
	l->x = x;
	l->attr = attr;
	nlinks++;
}

void ui_links_reset(void)
{
	for (size_t i = 0; i < nlinks; i++) {
		free(links[i].text);
		free(links[i].url);
	}
	nlinks = 0;
}

/* SGR for a colour of a pair: default, the 16 colours, else 256. */
static void sgr_colour(struct strbuf *b, int c, int base, int bright)
{
	if (c < 0)
		strbuf_addf(b, ";%d", base + 9);
	else if (c < 8)
		strbuf_addf(b, ";%d", base + c);
	else if (c < 16)
		strbuf_addf(b, ";%d", bright + c - 8);
	else
		strbuf_addf(b, ";%d;5;%d", base + 8, c);
}

/* The SGR sequence that draws attr as curses drew it. */
static void sgr(struct strbuf *b, int attr)
{
	short fg = -1, bg = -1;
	int pair = PAIR_NUMBER(attr);

	strbuf_addstr(b, "\033[0");
	if (attr & A_BOLD)
		strbuf_addstr(b, ";1");
	if (attr & A_DIM)
		strbuf_addstr(b, ";2");
#ifdef A_ITALIC
	if (attr & A_ITALIC)
		strbuf_addstr(b, ";3");
#endif
	if (attr & A_UNDERLINE)
		strbuf_addstr(b, ";4");
	if (attr & A_BLINK)
		strbuf_addstr(b, ";5");
	if (attr & (A_REVERSE | A_STANDOUT))
		strbuf_addstr(b, ";7");
	if (pair > 0 && has_colors() && pair_content((short)pair, &fg, &bg) == OK) {
		sgr_colour(b, fg, 30, 90);
		sgr_colour(b, bg, 40, 100);
	}
	strbuf_addc(b, 'm');
}

/* Whether something is drawn over pane serial (a box, a form). */
static bool covered(struct ui *ui, unsigned serial)
{
	bool above = false;

	for (int i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].serial == serial) {
			above = true;
			continue;
		}
		if (above && ui->panes[i].place != PLACE_BOTTOM)
			return true;
	}
	return !above;
}

void ui_links_flush(struct ui *ui)
{
	struct strbuf b;
	char open[WEBURL_MAX + 16];
	size_t n = 0;

	if (!nlinks)
		return;
	strbuf_init(&b, 1 << 20);
	strbuf_addstr(&b, "\0337");   /* DECSC: cursor and attributes */
	for (size_t i = 0; i < nlinks; i++) {
		struct link *l = &links[i];
		if (covered(ui, l->pane) ||
		    !termseq_osc8_open(l->url, open, sizeof open))
			continue;
		strbuf_addf(&b, "\033[%d;%dH", l->y + 1, l->x + 1);
		sgr(&b, l->attr);
		strbuf_addstr(&b, open);
		strbuf_addstr(&b, l->text);
		strbuf_addstr(&b, TERMSEQ_OSC8_CLOSE);
		n++;
	}
	strbuf_addstr(&b, "\0338");   /* DECRC: as curses left them */
	if (n && !b.failed)
		ui_term_write(strbuf_str(&b), b.len);
	strbuf_done(&b);
}
