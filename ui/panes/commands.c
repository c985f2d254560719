/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "commands.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct command_info command_table[] = {
#define COMMAND_INFO(id, name, args, finds, help) { name, args, finds, help },
	COMMAND_LIST(COMMAND_INFO)
#undef COMMAND_INFO
};

const size_t command_count = sizeof command_table / sizeof command_table[0];

static const char *const list_names[] = {
	"tickets", "clients", "assets", "users", "sites", "contracts",
};

enum command_id command_parse(const char *line, const char **resource,
                              char *arg, size_t arglen)
{
	char word[64];
	size_t n, end;

	*resource = NULL;
	if (arglen)
		arg[0] = '\0';
	if (!line)
		return CMD_NONE;
	while (*line == ' ' || *line == ':')
		line++;
	n = strcspn(line, " ");
	if (!n || n >= sizeof word)
		return CMD_NONE;
	memcpy(word, line, n);
	word[n] = '\0';
	line += n;
	while (*line == ' ')
		line++;
	end = strlen(line);
	while (end && line[end - 1] == ' ')
		end--;
	if (arglen)
		snprintf(arg, arglen, "%.*s", (int)end, line);
	for (size_t i = 0; i < sizeof list_names / sizeof list_names[0]; i++)
		if (strcasecmp(word, list_names[i]) == 0) {
			*resource = list_names[i];
			return CMD_TICKETS;
		}
	if (strcasecmp(word, "q") == 0 || strcasecmp(word, "q!") == 0)
		return CMD_QUIT;
	if (strcasecmp(word, "contract") == 0) {
		*resource = "contracts";
		return CMD_TICKETS;
	}
	for (int c = CMD_NONE + 1; c < CMD__COUNT; c++)
		if (strcasecmp(word, command_table[c - 1].name) == 0)
			return (enum command_id)c;
	return CMD_NONE;
}
