/* SPDX-License-Identifier: MIT */
/* Reading what people type and what the server sends as plain words: one
 * grammar for yes/no values and one for record ids, shared by the command
 * line, the TUI's commands and forms, the config file and JSON text. */
#ifndef HALO_PARSE_H
#define HALO_PARSE_H

#include <stdbool.h>

/* The spellings parse_bool accepts, for messages. */
#define PARSE_BOOL_WORDS "yes or no (true/false, on/off, 1/0)"

/* yes/no, true/false, on/off or 1/0, in any case: 0 and *out set; -1 for
 * anything else (NULL and "" included), *out untouched. */
int parse_bool(const char *s, bool *out);

/* A positive record id written in decimal ("42"); 0 when s is not one:
 * NULL, empty, signed, with spaces or other text, zero, or too large. */
long parse_id(const char *s);

#endif
