/* SPDX-License-Identifier: MIT */
/* Who I am: the agent halotui acts as, asked once a session (GET
 * /api/Agent/me, HALO_API.md F8) for all that needs it: "assign to me"
 * (triage.c) and the "me" and "mine" of views and filters (resolve.c).
 * Its answer is told to every pane and module as NOTICE_RESOLVED. A
 * module, not a pane: the answer arrives whatever panes are open. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes.h"

enum me_state { ME_UNKNOWN, ME_ASKED, ME_KNOWN, ME_FAILED };

struct me_module {
	enum me_state state;
	struct me me;
	char error[300];
};

static unsigned me_on_event(struct ui *ui, void *state,
                            struct worker_event *ev, int what, long arg);
static unsigned me_notice(struct ui *ui, void *state,
                          const struct ui_notice *n);

static const struct ui_module me_module = {
	.name = "me",
	.state_size = sizeof(struct me_module),
	.on_event = me_on_event,
	.notify = me_notice,
};

static struct me_module *state_of(struct ui *ui)
{
	struct me_module *m = ui_module(ui, &me_module);

	if (!m)
		ui_oom();
	return m;
}

const struct me *me_known(struct ui *ui)
{
	struct me_module *m = state_of(ui);

	return m->state == ME_KNOWN ? &m->me : NULL;
}

const char *me_error(struct ui *ui)
{
	struct me_module *m = state_of(ui);

	return m->state == ME_FAILED ? m->error : NULL;
}

void me_retry(struct ui *ui)
{
	struct me_module *m = state_of(ui);

	if (m->state == ME_FAILED)
		m->state = ME_UNKNOWN;
}

long me_profile_agent(struct ui *ui, bool again, bool *wait,
                      struct errbuf *err)
{
	const struct settings *s = &ui->s->settings;
	bool number = s->agent && *s->agent;
	long id;

	*wait = false;
	if (s->auth != AUTH_CLIENT_CREDENTIALS || !s->agent)
		return 0;
	for (const char *c = s->agent; *c && number; c++)
		number = *c >= '0' && *c <= '9';
	if (!number && !lookups_loaded(&ui->s->lookups, LOOKUP_AGENT)) {
		*wait = true;
		/* A list that failed is asked again when the user asks. */
		if (again && ui->lookups_failed[LOOKUP_AGENT])
			ui->lookups_failed[LOOKUP_AGENT] =
				ui->lookups_asked[LOOKUP_AGENT] = false;
		ui_need_lookup(ui, LOOKUP_AGENT);
		return 0;
	}
	errbuf_clear(err);
	id = lookups_find(&ui->s->lookups, LOOKUP_AGENT, s->agent, err);
	return id > 0 ? id : -1;
}

/* An API application's profile may say who "me" is (agent: a name or an
 * id): then the server is not asked, as Agent/me would name the API
 * agent. True when the profile says so; m's state is then known, failed,
 * or asked (waiting for the agents list). */
static bool me_from_profile(struct ui *ui, struct me_module *m)
{
	const struct settings *s = &ui->s->settings;
	struct ui_notice n = { .kind = NOTICE_RESOLVED };
	struct errbuf err;
	bool wait;
	long id = me_profile_agent(ui, false, &wait, &err);

	if (id == 0 && !wait)
		return false;
	if (wait) {
		m->state = ME_ASKED;
		return true;
	}
	memset(&m->me, 0, sizeof m->me);
	if (id > 0) {
		m->me.id = id;
		m->state = ME_KNOWN;
	} else {
		m->state = ME_FAILED;
		snprintf(m->error, sizeof m->error, "agent: in profile '%s': %s",
		         s->profile ? s->profile : "", err.msg);
	}
	n.ok = m->state == ME_KNOWN;
	ui_notify(ui, &n);
	return true;
}

/* The agents list arrived while agent: waited for it. */
static unsigned me_notice(struct ui *ui, void *state,
                          const struct ui_notice *n)
{
	struct me_module *m = state;

	if (n->kind != NOTICE_LOOKUP || n->lookup != LOOKUP_AGENT ||
	    m->state != ME_ASKED || !ui->s->settings.agent ||
	    ui->s->settings.auth != AUTH_CLIENT_CREDENTIALS)
		return 0;
	if (!n->ok) {
		m->state = ME_FAILED;
		snprintf(m->error, sizeof m->error, "the agent list that says "
		         "whose agent: names could not be loaded");
		return UI_REDRAW;
	}
	me_from_profile(ui, m);
	return UI_REDRAW;
}

void me_need(struct ui *ui, bool again)
{
	struct me_module *m = state_of(ui);
	struct request *req;

	if (again)
		me_retry(ui);
	if (m->state != ME_UNKNOWN)
		return;
	if (me_from_profile(ui, m))
		return;
	req = request_new(REQ_ME, resource_find("agents"));
	if (!req)
		ui_oom();
	/* Asked for the view tabs' counts, or for a key the user pressed:
	 * either way it is one small request, once. */
	req->background = !again;
	/* Kept between runs as the lookup lists are (worker_cache.c), but
	 * not for a personal login: another halotui login to the same
	 * profile may be another agent. */
	if (!settings_per_user(&ui->s->settings))
		req->cache_ttl_s = SESSION_LOOKUP_TTL_S;
	m->state = ME_ASKED;
	ui_submit_module(ui, &me_module, req, 0, 0);
}

static unsigned me_on_event(struct ui *ui, void *state,
                            struct worker_event *ev, int what, long arg)
{
	struct me_module *m = state;
	struct ui_notice n = { .kind = NOTICE_RESOLVED };
	struct errbuf err;

	(void)what;
	(void)arg;
	if (ev->status != HALO_OK) {
		m->state = ME_FAILED;
		snprintf(m->error, sizeof m->error, "%s", ev->message);
	} else if (me_from_record(&m->me, ev->record, &err) != HALO_OK) {
		m->state = ME_FAILED;
		snprintf(m->error, sizeof m->error, "%s", err.msg);
	} else {
		m->state = ME_KNOWN;
	}
	n.ok = m->state == ME_KNOWN;
	return ui_notify(ui, &n) | UI_REDRAW;
}
