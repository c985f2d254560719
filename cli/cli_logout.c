/* SPDX-License-Identifier: MIT */
/* halotui logout: forgets what halotui keeps of a profile between runs,
 * the cached token and a per-user login (its refresh token) first, and the
 * cached answers (lookup lists, authinfo, the last rows seen), which are
 * customer data. Needs no secret and no server. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <string.h>

#include "cachefile.h"
#include "refreshstore.h"
#include "tokencache.h"

int cli_logout(const struct cli_globals *g, int argc, char **argv)
{
	struct cli_globals own = *g;
	struct settings s;
	struct errbuf err;
	enum halo_status st;
	char path[4096], dir[4096];
	const char *name;
	size_t files = 0;
	int rc, login;

	rc = cli_profile_args(&own, argc, argv);
	if (rc != 0)
		return rc;
	g = &own;
	settings_init(&s);
	errbuf_clear(&err);
	st = settings_load(&s, g->config_path, g->profile, &err);
	if (st != HALO_OK) {
		cli_error("%s", err.msg);
		settings_done(&s);
		return cli_exit_for(st);
	}
	name = s.profile ? s.profile : "default";
	if (tokencache_path(&s, path, sizeof path) != 0 ||
	    cachefile_path(XDG_CACHE, NULL, s.profile, NULL, dir, sizeof dir) != 0) {
		cli_error("no place for halotui's files: set HOME or "
		          "XDG_STATE_HOME and XDG_CACHE_HOME");
		settings_done(&s);
		return EXIT_USAGE;
	}
	rc = tokencache_forget(&s, &err);
	if (rc < 0) {
		cli_error("%s", err.msg);
		settings_done(&s);
		return EXIT_REFUSED;
	}
	if (rc > 0)
		fprintf(g->out, "removed the cached token of profile '%s' (%s)\n",
		        name, path);
	/* Whatever auth: says now: a login of the profile made under
	 * another flow goes too. */
	login = refreshstore_path(&s, path, sizeof path) == 0 ?
	        refreshstore_forget(&s, &err) : 0;
	if (login < 0) {
		cli_error("%s", err.msg);
		settings_done(&s);
		return EXIT_REFUSED;
	}
	if (login > 0)
		fprintf(g->out, "removed the login of profile '%s' (%s)\n", name,
		        path);
	else if (settings_per_user(&s))
		fprintf(g->out, "no login for profile '%s'\n", name);
	if (rc == 0 && !settings_per_user(&s))
		fprintf(g->out, "no cached token for profile '%s'\n", name);
	if (cachefile_clear_dir(dir, &files) != 0) {
		cli_error("%s: cannot remove the cached answers: %s", dir,
		          strerror(errno));
		settings_done(&s);
		return EXIT_REFUSED;
	}
	if (files > 0)
		fprintf(g->out, "removed %zu cached answer%s of profile '%s' "
		        "(%s)\n", files, files == 1 ? "" : "s", name, dir);
	settings_done(&s);
	return 0;
}
