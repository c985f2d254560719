/* SPDX-License-Identifier: MIT */
/* The title line and the status line: the message (sanitized, since it
 * quotes the server), the list's position, the rate-limit countdown, the
 * number of requests in flight and the read-only marker. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "text.h"
#include "ui.h"

/* ---- messages ---------------------------------------------------------- */

static void set_message(struct ui *ui, bool is_error, const char *fmt,
                        va_list ap) __attribute__((format(printf, 3, 0)));

static void set_message(struct ui *ui, bool is_error, const char *fmt,
                        va_list ap)
{
	char raw[512];
	char *clean;

	vsnprintf(raw, sizeof raw, fmt, ap);
	/* Messages quote the server: make them safe like everything else. */
	clean = text_sanitize(raw, strlen(raw), 0);
	snprintf(ui->message, sizeof ui->message, "%s", clean ? clean : "");
	free(clean);
	ui->message_is_error = is_error;
}

void ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, false, fmt, ap);
	va_end(ap);
}

void ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(ui, true, fmt, ap);
	va_end(ap);
}

/* ---- title and status lines -------------------------------------------- */

void ui_hint(const struct ui *ui, const struct key_hint *h, size_t n,
             const char *sep, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		char keys[32];
		/* The first key is enough for a hint; unbound: no hint. */
		int key = h[i].act != ACT_NONE ?
		          keymap_first_key(&ui->keys, h[i].act) : h[i].key;
		if (!key)
			continue;
		keymap_key_name(key, keys, sizeof keys);
		used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s",
		                         used ? sep : "", keys,
		                         h[i].what[0] == ':' ? "" : " ", h[i].what);
	}
}

void ui_box_hint(const struct ui *ui, const struct rect *box, const char *lead,
                 const struct key_hint *h, size_t n)
{
	char hint[200], line[300];

	ui_hint(ui, h, n, " \xc2\xb7 ", hint, sizeof hint);
	snprintf(line, sizeof line, " %s%s%s ", lead ? lead : "",
	         lead && hint[0] ? " \xc2\xb7 " : "", hint);
	screen_put_cut(box->y + box->h - 1, box->x + 2, box->w - 4, line,
	               ui->attrs[ROLE_BORDER]);
}

void ui_draw_title(struct ui *ui)
{
	static const struct key_hint hints[] = {
		{ ACT_HELP, 0, ":help" }, { ACT_CLOSE, 0, ":back/quit" },
	};
	char line[512], hint[200];
	const char *profile = ui->s->settings.profile;

	ui_hint(ui, hints, sizeof hints / sizeof hints[0], "  ", hint, sizeof hint);
	snprintf(line, sizeof line, " halotui%s%s%s   %s",
	         ui->opt && ui->opt->demo ? " [demo]" : "",
	         profile ? " \xc2\xb7 " : "", profile ? profile : "", hint);
	screen_put(ui->lay.title.y, 0, ui->lay.title.w, line,
	           ui->attrs[ROLE_TITLE]);
}

void ui_draw_status(struct ui *ui)
{
	char left[512], right[600];
	int w = ui->lay.status.w, used;
	struct timespec now;
	unsigned pending = worker_pending(ui->s->worker);

	left[0] = '\0';
	for (int i = ui->npanes - 1; i >= 0; i--)
		if (ui->panes[i].ops->status) {
			ui->panes[i].ops->status(ui, &ui->panes[i], left, sizeof left);
			break;
		}
	right[0] = '\0';
	if (ui->wait_until.tv_sec) {
		long secs;
		clock_gettime(CLOCK_MONOTONIC, &now);
		secs = (long)(ui->wait_until.tv_sec - now.tv_sec);
		if (secs < 0)
			secs = 0;
		snprintf(right, sizeof right, "%s, retrying in %ld s  ",
		         ui->wait_status == 429 ? "rate limited" : "server busy",
		         secs);
	}
	if (pending)
		snprintf(right + strlen(right), sizeof right - strlen(right),
		         "\xe2\x9f\xb3 %u  ", pending);
	/* Always in view: this session changes nothing on the server. */
	if (ui->s->settings.read_only)
		snprintf(right + strlen(right), sizeof right - strlen(right),
		         "read-only ");
	screen_put(ui->lay.status.y, 0, w, left,
	           ui->attrs[pending ? ROLE_STATUS_BUSY : ROLE_STATUS_BAR]);
	used = screen_width(left) + 2;
	if (ui->message[0] && used < w) {
		int mw = w - used - screen_width(right);
		screen_put_cut(ui->lay.status.y, used, mw, ui->message,
		               ui->attrs[ui->message_is_error ? ROLE_ERROR :
		                         ROLE_STATUS_BAR]);
	}
	if (right[0] && screen_width(right) < w)
		screen_put_cut(ui->lay.status.y, w - screen_width(right),
		               screen_width(right), right,
		               ui->attrs[ROLE_STATUS_BUSY]);
}
