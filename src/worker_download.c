/* SPDX-License-Identifier: MIT */
/* A download on the worker: the answer streams into the request's
 * temporary file (never whole in memory), and only a complete answer gets
 * its name, next to whatever is there already (attach_commit). */
#include "config.h"
#include "worker_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"

int worker_download_start(struct job *j)
{
	struct request *r = j->req;

	/* A retry starts the file again. */
	if (r->save_fd < 0 || ftruncate(r->save_fd, 0) != 0 ||
	    lseek(r->save_fd, 0, SEEK_SET) != 0)
		return -1;
	http_call_sink(&j->call, r->save_fd);
	return 0;
}

void worker_download_done(struct worker *w, struct job *j,
                          struct worker_event *ev, int status)
{
	struct request *r = j->req;
	struct errbuf err;
	char final[4096 + ATTACH_NAME_MAX + 32];
	int rc = 0;

	errbuf_clear(&err);
	ev->http_status = status;
	if (j->call.sink_failed) {
		errbuf_set(&err, HALO_EIO, "cannot write %s: %s", r->save_tmp,
		           strerror(j->call.sink_errno));
		rc = -1;
	} else if (fsync(r->save_fd) != 0 || close(r->save_fd) != 0) {
		errbuf_set(&err, HALO_EIO, "cannot write %s: %s", r->save_tmp,
		           strerror(errno));
		r->save_fd = -1;
		rc = -1;
	}
	if (rc == 0) {
		r->save_fd = -1;
		if (attach_commit(r->save_tmp, r->save_dir, r->save_name, final,
		                  sizeof final, &err) == HALO_OK) {
			r->save_tmp[0] = '\0';   /* named: nothing to remove */
			ev->saved_path = strdup(final);
			ev->status = ev->saved_path ? HALO_OK : HALO_ENOMEM;
		} else {
			r->save_tmp[0] = '\0';   /* attach_commit removed it */
			rc = -1;
		}
	}
	if (rc != 0) {
		ev->status = HALO_EIO;
		job_message(j, err.msg, ev->message, sizeof ev->message);
	} else if (ev->status != HALO_OK) {
		snprintf(ev->message, sizeof ev->message, "out of memory");
	}
	job_finish(w, j, ev);
}
