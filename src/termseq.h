/* SPDX-License-Identifier: MIT */
/* Terminal sequences the TUI writes beside curses, built here as strings
 * (pure, tested without a terminal): OSC 52 sets the clipboard, OSC 8
 * makes text a hyperlink. Nothing from the server goes into them unless
 * weburl_clean passed it: no control byte ends a sequence early. */
#ifndef HALO_TERMSEQ_H
#define HALO_TERMSEQ_H

#include <stdbool.h>
#include <stddef.h>

/* Text longer than this is not copied: terminals drop longer OSC 52
 * sequences (xterm and hterm near 100 000 bytes, some far less). */
#define TERMSEQ_CLIP_MAX 32768

/* "ESC ] 52 ; c ; base64(text) BEL". NULL when text[0..len) is empty or
 * longer than TERMSEQ_CLIP_MAX, or out of memory. The caller frees. */
char *termseq_osc52(const char *text, size_t len);

/* "ESC ] 8 ; ; url ESC \" into out. false (out "") when url holds a byte
 * outside printable ASCII, is empty, or out is too small. */
bool termseq_osc8_open(const char *url, char *out, size_t outlen);
#define TERMSEQ_OSC8_CLOSE "\033]8;;\033\\"

/* Whether the terminal is known to show OSC 8 hyperlinks, from the
 * environment's values (NULL: unset). Conservative: inside tmux only
 * tmux 3.4 or later; else terminals that say who they are (kitty, foot,
 * WezTerm, iTerm2, VS Code, Ghostty, VTE 0.50 or later). */
bool termseq_hyperlinks_auto(const char *term, const char *term_program,
                             const char *term_program_version,
                             const char *tmux, const char *vte_version);

#endif
