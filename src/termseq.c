/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "termseq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

char *termseq_osc52(const char *text, size_t len)
{
	static const char head[] = "\033]52;c;";
	size_t b64 = base64_len(len), total;
	char *out;

	if (!text || !len || len > TERMSEQ_CLIP_MAX)
		return NULL;
	total = sizeof head - 1 + b64 + 2;
	out = malloc(total);
	if (!out)
		return NULL;
	memcpy(out, head, sizeof head - 1);
	base64_encode(text, len, out + sizeof head - 1, b64 + 1);
	out[total - 2] = '\a';
	out[total - 1] = '\0';
	return out;
}

bool termseq_osc8_open(const char *url, char *out, size_t outlen)
{
	int n;

	if (outlen)
		out[0] = '\0';
	if (!url || !*url)
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return false;
	n = snprintf(out, outlen, "\033]8;;%s\033\\", url);
	if (n < 0 || (size_t)n >= outlen) {
		if (outlen)
			out[0] = '\0';
		return false;
	}
	return true;
}

/* "3.4", "3.4a", "next-3.5": at least major.minor. */
static bool version_at_least(const char *v, int major, int minor)
{
	int a = 0, b = 0;

	if (!v)
		return false;
	while (*v && (*v < '0' || *v > '9'))
		v++;
	if (sscanf(v, "%d.%d", &a, &b) < 1)
		return false;
	return a > major || (a == major && b >= minor);
}

static bool is(const char *v, const char *want)
{
	return v && strcmp(v, want) == 0;
}

bool termseq_hyperlinks_auto(const char *term, const char *term_program,
                             const char *term_program_version,
                             const char *tmux, const char *vte_version)
{
	static const char *const terms[] = {
		"xterm-kitty", "foot", "foot-extra", "xterm-ghostty", "wezterm",
	};
	static const char *const programs[] = {
		"iTerm.app", "WezTerm", "vscode", "ghostty",
	};

	/* Inside tmux the variables describe tmux, not the terminal: tmux
	 * carries hyperlinks from 3.4 on. */
	if (tmux && *tmux)
		return is(term_program, "tmux") &&
		       version_at_least(term_program_version, 3, 4);
	if (term && strncmp(term, "screen", 6) == 0)
		return false;
	for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
		if (is(term, terms[i]))
			return true;
	for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
		if (is(term_program, programs[i]))
			return true;
	return vte_version && atoi(vte_version) >= 5000;
}
