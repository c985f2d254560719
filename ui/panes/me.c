/* SPDX-License-Identifier: MIT */
/* Who I am: the agent halotui acts as, asked once a session (GET
 * /api/Agent/me, HALO_API.md F8) for all that needs it: "assign to me"
 * (triage.c) and the "me" and "mine" of views and filters (resolve.c).
 * Its answer is told to every pane and module as NOTICE_RESOLVED. A
 * module, not a pane: the answer arrives whatever panes are open. */
#include "config.h"

#include <stdio.h>
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

static const struct ui_module me_module = {
	.name = "me",
	.state_size = sizeof(struct me_module),
	.on_event = me_on_event,
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

void me_need(struct ui *ui, bool again)
{
	struct me_module *m = state_of(ui);
	struct request *req;

	if (again)
		me_retry(ui);
	if (m->state != ME_UNKNOWN)
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
