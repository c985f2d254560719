/* SPDX-License-Identifier: MIT */
/* halotui note ID --attach FILE: the files a note carries, checked
 * before anything is sent and posted after the note, one POST
 * /api/Attachment each (attach.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "attach.h"
#include "cli.h"
#include "request.h"
#include "session.h"

int cli_attach_check(const struct session *s, char *const *files, size_t n)
{
	struct errbuf err;

	for (size_t i = 0; i < n; i++)
		if (attach_check_file(files[i], s->settings.attachment_max_mb,
		                      NULL, &err) != HALO_OK) {
			cli_error("%s; nothing was sent", err.msg);
			return EXIT_USAGE;
		}
	return 0;
}

int cli_attach_send(struct session *s, long ticket, long action_id,
                    char *const *files, size_t n, FILE *out)
{
	const struct resource *res = resource_find("attachments");

	for (size_t i = 0; i < n; i++) {
		struct errbuf err;
		char *body = attach_upload_body(files[i], ticket, action_id,
		                                s->settings.attachment_max_mb, &err);
		struct worker_event *ev;

		if (!body) {
			cli_error("note %ld was added to ticket %ld, but %s was not "
			          "attached: %s", action_id, ticket, files[i], err.msg);
			return EXIT_REFUSED;
		}
		ev = session_wait(s, request_post(res, body));
		if (ev && ev->status != HALO_OK && ev->outcome == POST_MAYBE_APPLIED) {
			cli_error("note %ld was added to ticket %ld; %s was sent, answer "
			          "unknown (may have been applied): list attachments "
			          "--filter ticket=%ld before sending it again: %s",
			          action_id, ticket, files[i], ticket, ev->message);
			worker_event_free(&ev);
			return EXIT_REFUSED;
		}
		/* A 2xx is attached even when its answer cannot be read. */
		if (!ev || (ev->status != HALO_OK && ev->outcome != POST_APPLIED)) {
			cli_error("note %ld was added to ticket %ld, but %s was not "
			          "attached: %s%s", action_id, ticket, files[i],
			          ev ? ev->message : "out of memory",
			          i + 1 < n ? " (the files after it were not sent)" : "");
			worker_event_free(&ev);
			return EXIT_REFUSED;
		}
		if (ev->record)
			fprintf(out, "attached %s (attachment %ld)\n", files[i],
			        ev->record->id);
		else
			fprintf(out, "attached %s\n", files[i]);
		worker_event_free(&ev);
	}
	return 0;
}
