/* SPDX-License-Identifier: MIT */
/* What Tab offers on the `:` command line: command and resource names
 * for the first word; then, by command, saved view names (:view),
 * profiles (:profile), fields (:sort), and for :filter the filter names of
 * the list's resource, then the names of the chosen filter's lookup list
 * (statuses, agents, teams...: as loaded in this session) or true/false.
 * Every candidate is the whole line it would make. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "panes.h"
#include "strbuf.h"
#include "view.h"

#define MAX_CANDIDATES 200

struct cands {
	char **v;
	size_t n;
};

static bool prefix_ci(const char *s, const char *prefix, size_t n)
{
	return strncasecmp(s, prefix, n) == 0;
}

/* Adds head + word + tail when word starts with the n bytes of typed. */
static void offer(struct cands *c, const char *head, size_t headlen,
                  const char *word, const char *tail, const char *typed,
                  size_t n)
{
	struct strbuf b = STRBUF_INIT(HALO_TEXT_MAX);
	char *line;

	if (!word || !*word || !prefix_ci(word, typed, n) ||
	    c->n == MAX_CANDIDATES)
		return;
	strbuf_add(&b, head, headlen);
	strbuf_addstr(&b, word);
	strbuf_addstr(&b, tail);
	if (b.failed == STRBUF_ETOOBIG) {
		strbuf_done(&b);
		return;   /* past what a line may hold: no candidate */
	}
	line = strbuf_take(&b);
	strbuf_done(&b);
	if (!line)
		ui_oom();
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i], line) == 0) {
			free(line);
			return;
		}
	c->v[c->n++] = line;
}

static void first_word(struct cands *c, const char *typed)
{
	static const char *const lists[] = {
		"tickets", "clients", "assets", "users", "sites", "contracts",
	};
	size_t n = strlen(typed);

	for (size_t i = 0; i < command_count; i++)
		offer(c, "", 0, command_table[i].name, "", typed, n);
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		offer(c, "", 0, lists[i], "", typed, n);
}

static void filter_words(struct ui *ui, struct cands *c, const char *line,
                         size_t headlen, const struct resource *res)
{
	const char *rest = line + headlen, *eq = strchr(rest, '=');
	const struct filter_def *f;
	char key[64];

	if (!eq) {
		size_t n = strlen(rest);
		for (size_t i = 0; i < res->nfilters; i++)
			offer(c, line, headlen, res->filters[i].name, "=", rest, n);
		offer(c, line, headlen, "none", "", rest, n);
		return;
	}
	if ((size_t)(eq - rest) >= sizeof key)
		return;
	memcpy(key, rest, (size_t)(eq - rest));
	key[eq - rest] = '\0';
	f = resource_filter(res, key);
	if (!f)
		return;
	headlen = (size_t)(eq + 1 - line);
	rest = eq + 1;
	if (f->boolean) {
		offer(c, line, headlen, "true", "", rest, strlen(rest));
		offer(c, line, headlen, "false", "", rest, strlen(rest));
		return;
	}
	if (f->lookup == LOOKUP_NONE)
		return;
	if (f->lookup == LOOKUP_AGENT)
		offer(c, line, headlen, "me", "", rest, strlen(rest));
	if (!lookups_loaded(&ui->s->lookups, f->lookup)) {
		ui_need_lookup(ui, f->lookup);
		return;
	}
	for (size_t i = 0; i < ui->s->lookups.lists[f->lookup].n; i++)
		offer(c, line, headlen, ui->s->lookups.lists[f->lookup].items[i].name,
		      "", rest, strlen(rest));
}

size_t complete_line(struct ui *ui, const char *line, char ***out)
{
	struct cands c = { NULL, 0 };
	const struct settings *s = &ui->s->settings;
	struct view *v = list_current(ui);
	const struct resource *res = v ? v->res : resource_find("tickets");
	const char *resname;
	size_t wl, headlen;
	enum command_id id;
	char arg[8];

	*out = NULL;
	if (!(c.v = calloc(MAX_CANDIDATES, sizeof *c.v)))
		ui_oom();
	while (*line == ' ' || *line == ':')
		line++;
	wl = strcspn(line, " ");
	if (!line[wl]) {
		first_word(&c, line);
		goto done;
	}
	headlen = wl + strspn(line + wl, " ");
	id = command_parse(line, &resname, arg, sizeof arg);
	switch (id) {
	case CMD_VIEW:
		for (size_t i = 0; i < s->nviews; i++)
			offer(&c, line, headlen, s->views[i].name, "", line + headlen,
			      strlen(line + headlen));
		break;
	case CMD_PROFILE:
		for (size_t i = 0; i < s->nprofiles; i++)
			offer(&c, line, headlen, s->profiles[i], "", line + headlen,
			      strlen(line + headlen));
		break;
	case CMD_SORT:
		for (size_t i = 0; res && i < res->nfields; i++)
			offer(&c, line, headlen, res->fields[i].key, "",
			      line + headlen, strlen(line + headlen));
		break;
	case CMD_FILTER:
		if (res)
			filter_words(ui, &c, line, headlen, res);
		break;
	default:
		break;
	}
done:
	if (!c.n) {
		free(c.v);
		return 0;
	}
	*out = c.v;
	return c.n;
}

void complete_free(char ***v, size_t n)
{
	for (size_t i = 0; *v && i < n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
}
