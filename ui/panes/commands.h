/* SPDX-License-Identifier: MIT */
/* The `:` commands, declared once: the command line runs them and the
 * help overlay and the man page list them. Pure. */
#ifndef HALO_UI_COMMANDS_H
#define HALO_UI_COMMANDS_H

#include <stddef.h>

/* X(ID, "name", "arguments", "resource it finds by name or id" or NULL,
 *   "what it does") */
#define COMMAND_LIST(X) \
	X(TICKETS,   "tickets",   "",          NULL,        "Tickets list (also clients, assets, users, sites, contracts)") \
	X(TICKET,    "ticket",    "ID",        "tickets",   "Open ticket ID") \
	X(CLIENT,    "client",    "NAME|ID",   "clients",   "Find a client by name and open it") \
	X(ASSET,     "asset",     "TAG|ID",    "assets",    "Find an asset by tag and open it") \
	X(USER,      "user",      "NAME|ID",   "users",     "Find a user by name and open them") \
	X(SITE,      "site",      "NAME|ID",   "sites",     "Find a site by name and open it") \
	X(VIEW,      "view",      "[NAME]",    NULL,        "Open a saved view (none: pick one)") \
	X(SAVE_VIEW, "save-view", "NAME",      NULL,        "Keep the list's filters, search and sort as view NAME") \
	X(SEARCH,    "search",    "[TEXT]",    NULL,        "Search the list on the server (none: clear)") \
	X(FILTER,    "filter",    "KEY=VALUE", NULL,        "Add a filter, e.g. status=Open, agent=me; none: clear") \
	X(SORT,      "sort",      "FIELD [desc]", NULL,     "Sort the list by a field") \
	X(REFRESH,   "refresh",   "",          NULL,        "Reload the view") \
	X(PROFILE,   "profile",   "[NAME]",    NULL,        "Switch to another profile of the config (none: pick one)") \
	X(HELP,      "help",      "",          NULL,        "Keys and commands") \
	X(QUIT,      "quit",      "",          NULL,        "Leave halotui (also :q)") \
	X(CHANGED,   "changed",   "",          NULL,        "What changed in my queues since I last looked") \
	X(MYTIME,    "mytime",    "",          NULL,        "My time today: my notes with their times, and the total")

enum command_id {
	CMD_NONE = 0,
#define COMMAND_ENUM(id, name, args, finds, help) CMD_##id,
	COMMAND_LIST(COMMAND_ENUM)
#undef COMMAND_ENUM
	CMD__COUNT
};

struct command_info {
	const char *name;
	const char *args;
	const char *finds;   /* opens a record of this resource, or NULL */
	const char *help;
};

extern const struct command_info command_table[];
extern const size_t command_count;

/* Splits "client  acme corp" into the command and its argument (leading
 * and trailing spaces dropped; "" when none). Resource names (clients,
 * client's plural forms) and "q" are recognised. *resource receives the
 * resource name for CMD_TICKETS-like commands ("tickets", "clients"...).
 * Returns CMD_NONE for an unknown command. */
enum command_id command_parse(const char *line, const char **resource,
                              char *arg, size_t arglen);

#endif
