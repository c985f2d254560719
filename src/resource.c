/* SPDX-License-Identifier: MIT */
/* The resource table. Paths, list keys and members come from
 * /work/shared/HALO_API.md sections 2, 3 and 5 and from Halo's OpenAPI
 * document (components.schemas Faults, Faults_List, Area, Device_List,
 * Users_List, Site_List, ContractHeader_List, Actions, Policy, TStatus,
 * Uname, SectionDetail_List, RequestType_List).
 *
 * Every filter parameter below was checked against the GET parameters of
 * its path in the OpenAPI document (tests/unit/test_api.c repeats the list):
 *   /Tickets        status_id agent_id team priority requesttype_id
 *                   client_id site_id user_id asset_id open_only closed_only
 *                   (there is no team_id nor tickettype_id parameter: a
 *                   team is filtered with `team`, "(array of int) Team
 *                   ID's", and a ticket type with requesttype_id, Halo's
 *                   internal name for it)
 *   /Client         toplevel_id includeinactive
 *   /Asset          client_id site_id user_id assettype_id inventory_number
 *   /Users          client_id site_id
 *   /Site           client_id
 *   /ClientContract client_id site_id
 *   /Actions        ticket_id excludeprivate excludesys
 * and order/orderdesc exist on every paged path.
 *
 * Editing conventions for the front ends:
 * - FIELD_ID with a lookup posts the id found by lookups_find.
 * - FIELD_TEXT with a lookup (the ticket's `team`) posts the *name*: the
 *   Faults request schema has `team` (string, the team's name) and no
 *   team_id, although full records also carry team_id.
 * - A ticket's `details` is the plain-text body; posting `details` is what
 *   public clients do (UK, HA, N8). Halo fills details_html from it.
 *
 * web_path is the record's page in Halo's agent web app, as its address
 * bar shows it (tickets?id=N, customers?clientid=N, and the customers
 * page's user and site views); contracts have none we could confirm. */
#include "config.h"
#include "resource.h"

#include <string.h>
#include <strings.h>

#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

#define COL  FIELD_COLUMN
#define DET  FIELD_DETAIL
#define EDIT FIELD_EDIT
#define NEW  FIELD_CREATE
#define REQ  FIELD_REQUIRED
#define FLEX FIELD_FLEX

/* Dates show as "YYYY-MM-DD HH:MM": 16 columns. */
#define DATE_W 16

static const struct field_def ticket_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 5, .flags = COL | DET },
	{ .key = "status_id", .label = "Status", .alias = "status",
	  .kind = FIELD_ID, .lookup = LOOKUP_STATUS, .name_key = "status_name",
	  .width = 14, .min_width = 8, .flags = COL | DET | EDIT | NEW },
	{ .key = "priority_id", .label = "Priority", .alias = "priority",
	  .kind = FIELD_ID, .lookup = LOOKUP_PRIORITY,
	  .name_key = "priority_name",
	  /* Per SLA (HALO_API.md F1): the full record's priority object has
	   * the name; list items only ids. */
	  .name_obj = "priority", .scope_key = "sla_id",
	  .width = 10, .min_width = 6, .flags = COL | DET | EDIT | NEW },
	/* Time left to the fix-by target (sla.c): "breaching soon" first is
	 * ascending fixbydate, which Halo orders by on the server ("order:
	 * the name of the field to order by first"). */
	{ .key = "sla", .label = "SLA", .alias = "breaching",
	  .kind = FIELD_TEXT, .order_key = "fixbydate",
	  .width = 8, .min_width = 7,
	  .flags = COL | DET | FIELD_SLA | FIELD_OPTIONAL },
	{ .key = "summary", .label = "Summary", .kind = FIELD_TEXT,
	  .width = 40, .min_width = 12,
	  .flags = COL | DET | EDIT | NEW | REQ | FLEX },
	{ .key = "client_id", .label = "Client", .alias = "client",
	  .kind = FIELD_ID, .name_key = "client_name", .link = "clients",
	  .width = 20, .min_width = 10, .flags = COL | DET | NEW | REQ },
	{ .key = "agent_id", .label = "Agent", .alias = "agent",
	  .kind = FIELD_ID, .lookup = LOOKUP_AGENT, .name_key = "agent_name",
	  .width = 16, .min_width = 8, .flags = COL | DET | EDIT | NEW },
	{ .key = "team", .label = "Team", .kind = FIELD_TEXT,
	  .lookup = LOOKUP_TEAM,
	  .width = 16, .min_width = 8, .flags = COL | DET | EDIT | NEW },
	{ .key = "lastactiondate", .label = "Updated", .alias = "updated",
	  .kind = FIELD_DATE,
	  .width = DATE_W, .min_width = DATE_W, .flags = COL | DET },
	{ .key = "tickettype_id", .label = "Type", .alias = "type",
	  .kind = FIELD_ID, .lookup = LOOKUP_TICKETTYPE,
	  .name_key = "tickettype_name", .flags = DET | EDIT | NEW },
	{ .key = "site_id", .label = "Site", .alias = "site",
	  .kind = FIELD_ID, .name_key = "site_name", .link = "sites",
	  .flags = DET | NEW },
	{ .key = "user_id", .label = "User", .alias = "user",
	  .kind = FIELD_ID, .name_key = "user_name", .link = "users",
	  .flags = DET | NEW },
	{ .key = "details", .label = "Details", .kind = FIELD_LONGTEXT,
	  .flags = EDIT | NEW },
	{ .key = "category_1", .label = "Category", .alias = "category",
	  .kind = FIELD_TEXT, .flags = DET | EDIT },
	{ .key = "dateoccurred", .label = "Opened", .alias = "opened",
	  .kind = FIELD_DATE, .flags = DET },
	{ .key = "respondbydate", .label = "Respond by", .kind = FIELD_DATE,
	  .flags = DET },
	{ .key = "fixbydate", .label = "Fix by", .kind = FIELD_DATE,
	  .flags = DET },
	{ .key = "targetdate", .label = "Target", .kind = FIELD_DATE,
	  .flags = DET },
	{ .key = "deadlinedate", .label = "Deadline", .kind = FIELD_DATE,
	  .flags = DET },
	{ .key = "dateclosed", .label = "Closed", .kind = FIELD_DATE,
	  .flags = DET },
	{ .key = "sla_name", .label = "SLA policy", .kind = FIELD_TEXT, .flags = DET },
	{ .key = "reference", .label = "Reference", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "reportedby", .label = "Reported by", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "user_email", .label = "User e-mail", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "onhold", .label = "On hold", .kind = FIELD_BOOL,
	  .flags = DET },
};

/* Several values go to the "(array of int)" parameters of /Tickets
 * (status, agent, team, priority, requesttype, client_ids), comma-
 * separated (HALO_API.md 4). */
static const struct filter_def ticket_filters[] = {
	{ .name = "status", .param = "status_id", .lookup = LOOKUP_STATUS,
	  .many = "status" },
	{ .name = "agent", .param = "agent_id", .lookup = LOOKUP_AGENT,
	  .many = "agent" },
	{ .name = "team", .param = "team", .lookup = LOOKUP_TEAM,
	  .many = "team" },
	{ .name = "priority", .param = "priority", .lookup = LOOKUP_PRIORITY,
	  .many = "priority" },
	{ .name = "type", .param = "requesttype_id",
	  .lookup = LOOKUP_TICKETTYPE, .many = "requesttype" },
	{ .name = "client", .param = "client_id", .link = "clients",
	  .many = "client_ids" },
	{ .name = "site", .param = "site_id", .link = "sites" },
	{ .name = "user", .param = "user_id", .link = "users" },
	{ .name = "asset", .param = "asset_id", .link = "assets" },
	{ .name = "open", .param = "open_only", .boolean = true },
	{ .name = "closed", .param = "closed_only", .boolean = true },
};

/* Clients have no list schema in the OpenAPI document: list items are
 * taken as a subset of Area (open_ticket_count may be absent: blank). */
static const struct field_def client_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 5, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 30, .min_width = 12,
	  .flags = COL | DET | EDIT | NEW | REQ | FLEX },
	{ .key = "toplevel_id", .label = "Top level", .alias = "toplevel",
	  .kind = FIELD_ID, .name_key = "toplevel_name",
	  .width = 20, .min_width = 10, .flags = COL | DET },
	{ .key = "inactive", .label = "Inactive", .kind = FIELD_BOOL,
	  .width = 8, .min_width = 3, .flags = COL | DET | EDIT },
	{ .key = "open_ticket_count", .label = "Open", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 4, .flags = COL | DET },
	{ .key = "main_phonenumber", .label = "Phone", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "website", .label = "Website", .kind = FIELD_TEXT,
	  .flags = DET | EDIT },
	{ .key = "pritech_name", .label = "Primary agent", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "accountmanagertech_name", .label = "Account manager",
	  .kind = FIELD_TEXT, .flags = DET },
	{ .key = "is_vip", .label = "VIP", .kind = FIELD_BOOL, .flags = DET },
	{ .key = "notes", .label = "Notes", .kind = FIELD_LONGTEXT,
	  .flags = EDIT | NEW },
};

static const struct filter_def client_filters[] = {
	{ .name = "toplevel", .param = "toplevel_id" },
	{ .name = "inactive", .param = "includeinactive", .boolean = true },
};

static const struct field_def asset_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 5, .flags = COL | DET },
	{ .key = "inventory_number", .label = "Tag", .alias = "tag",
	  .kind = FIELD_TEXT,
	  .width = 12, .min_width = 6, .flags = COL | DET | EDIT | NEW },
	{ .key = "assettype_id", .label = "Type", .alias = "type",
	  .kind = FIELD_ID, .name_key = "assettype_name",
	  .width = 16, .min_width = 8, .flags = COL | DET | NEW | REQ },
	{ .key = "key_field", .label = "Key field", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 10,
	  .flags = COL | DET | EDIT | NEW | FLEX },
	{ .key = "client_id", .label = "Client", .alias = "client",
	  .kind = FIELD_ID, .name_key = "client_name", .link = "clients",
	  .width = 20, .min_width = 10, .flags = COL | DET | NEW },
	{ .key = "site_id", .label = "Site", .alias = "site",
	  .kind = FIELD_ID, .name_key = "site_name", .link = "sites",
	  .width = 16, .min_width = 8, .flags = COL | DET | NEW | REQ },
	{ .key = "username", .label = "User", .kind = FIELD_TEXT,
	  .width = 16, .min_width = 8, .flags = COL | DET },
	{ .key = "key_field2", .label = "Key field 2", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "key_field3", .label = "Key field 3", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "status_name", .label = "Status", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "warranty_end", .label = "Warranty end", .kind = FIELD_DATE,
	  .flags = DET },
	{ .key = "contract_ref", .label = "Contract", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "inactive", .label = "Inactive", .kind = FIELD_BOOL,
	  .flags = DET | EDIT },
	{ .key = "notes", .label = "Notes", .kind = FIELD_LONGTEXT,
	  .flags = EDIT },
};

static const struct filter_def asset_filters[] = {
	{ .name = "client", .param = "client_id", .link = "clients" },
	{ .name = "site", .param = "site_id", .link = "sites" },
	{ .name = "user", .param = "user_id", .link = "users" },
	{ .name = "type", .param = "assettype_id" },
	{ .name = "inventory", .param = "inventory_number" },
	{ .name = "ticket", .param = "ticket_id", .link = "tickets" },
};

static const struct field_def user_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 5, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 10,
	  .flags = COL | DET | EDIT | NEW | REQ | FLEX },
	{ .key = "emailaddress", .label = "E-mail", .alias = "email",
	  .kind = FIELD_TEXT,
	  .width = 28, .min_width = 10, .flags = COL | DET | EDIT | NEW },
	{ .key = "client_id", .label = "Client", .alias = "client",
	  .kind = FIELD_ID, .name_key = "client_name", .link = "clients",
	  .width = 20, .min_width = 10, .flags = COL | DET },
	/* site_id is a double on users (18.0); jsonx_id reads it. */
	{ .key = "site_id", .label = "Site", .alias = "site",
	  .kind = FIELD_ID, .name_key = "site_name", .link = "sites",
	  .width = 16, .min_width = 8, .flags = COL | DET | NEW | REQ },
	{ .key = "phonenumber", .label = "Phone", .alias = "phone",
	  .kind = FIELD_TEXT,
	  .width = 14, .min_width = 8, .flags = COL | DET | EDIT | NEW },
	{ .key = "mobilenumber", .label = "Mobile", .alias = "mobile",
	  .kind = FIELD_TEXT, .flags = DET | EDIT },
	{ .key = "title", .label = "Job title", .kind = FIELD_TEXT,
	  .flags = DET | EDIT },
	{ .key = "inactive", .label = "Inactive", .kind = FIELD_BOOL,
	  .flags = DET | EDIT },
	{ .key = "notes", .label = "Notes", .kind = FIELD_LONGTEXT,
	  .flags = EDIT },
};

static const struct filter_def user_filters[] = {
	{ .name = "client", .param = "client_id", .link = "clients" },
	{ .name = "site", .param = "site_id", .link = "sites" },
};

static const struct field_def site_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 5, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 10,
	  .flags = COL | DET | EDIT | NEW | REQ | FLEX },
	/* client_id is typed number (a double) for sites. */
	{ .key = "client_id", .label = "Client", .alias = "client",
	  .kind = FIELD_ID, .name_key = "client_name", .link = "clients",
	  .width = 24, .min_width = 10, .flags = COL | DET | NEW | REQ },
	{ .key = "phonenumber", .label = "Phone", .alias = "phone",
	  .kind = FIELD_TEXT,
	  .width = 14, .min_width = 8, .flags = COL | DET | EDIT | NEW },
	{ .key = "timezone", .label = "Time zone", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "inactive", .label = "Inactive", .kind = FIELD_BOOL,
	  .flags = DET | EDIT },
	{ .key = "notes", .label = "Notes", .kind = FIELD_LONGTEXT,
	  .flags = EDIT },
};

static const struct filter_def site_filters[] = {
	{ .name = "client", .param = "client_id", .link = "clients" },
};

static const struct field_def contract_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 5, .flags = COL | DET },
	{ .key = "ref", .label = "Ref", .kind = FIELD_TEXT,
	  .width = 14, .min_width = 8, .flags = COL | DET },
	{ .key = "client_id", .label = "Client", .alias = "client",
	  .kind = FIELD_ID, .name_key = "client_name", .link = "clients",
	  .width = 24, .min_width = 10, .flags = COL | DET | FLEX },
	{ .key = "contracttype_name", .label = "Type", .kind = FIELD_TEXT,
	  .width = 14, .min_width = 6, .flags = COL | DET },
	{ .key = "contract_status", .label = "Status", .kind = FIELD_TEXT,
	  .width = 10, .min_width = 6, .flags = COL | DET },
	{ .key = "start_date", .label = "Start", .kind = FIELD_DATE,
	  .width = DATE_W, .min_width = DATE_W, .flags = COL | DET },
	{ .key = "end_date", .label = "End", .kind = FIELD_DATE,
	  .width = DATE_W, .min_width = DATE_W, .flags = COL | DET },
	{ .key = "site_id", .label = "Site", .alias = "site",
	  .kind = FIELD_ID, .name_key = "site_name", .link = "sites",
	  .flags = DET },
	{ .key = "periodchargeamount", .label = "Period charge",
	  .kind = FIELD_NUMBER, .flags = DET },
	{ .key = "active", .label = "Active", .kind = FIELD_BOOL,
	  .flags = DET },
	{ .key = "expired", .label = "Expired", .kind = FIELD_BOOL,
	  .flags = DET },
};

static const struct filter_def contract_filters[] = {
	{ .name = "client", .param = "client_id", .link = "clients" },
	{ .name = "site", .param = "site_id", .link = "sites" },
};

static const struct field_def action_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "datetime", .label = "Date", .kind = FIELD_DATE,
	  .width = DATE_W, .min_width = DATE_W, .flags = COL | DET },
	{ .key = "who", .label = "Who", .kind = FIELD_TEXT,
	  .width = 16, .min_width = 6, .flags = COL | DET },
	{ .key = "outcome", .label = "Outcome", .kind = FIELD_TEXT,
	  .width = 16, .min_width = 6, .flags = COL | DET | NEW },
	{ .key = "hiddenfromuser", .label = "Private", .alias = "private",
	  .kind = FIELD_BOOL,
	  .width = 7, .min_width = 3, .flags = COL | DET | NEW },
	{ .key = "note", .label = "Note", .kind = FIELD_LONGTEXT,
	  .width = 40, .min_width = 10, .flags = COL | NEW | REQ | FLEX },
	{ .key = "ticket_id", .label = "Ticket", .alias = "ticket",
	  .kind = FIELD_ID, .link = "tickets", .flags = DET },
	{ .key = "new_status", .label = "New status", .kind = FIELD_ID,
	  .lookup = LOOKUP_STATUS, .name_key = "new_status_name",
	  .flags = DET },
	{ .key = "timetaken", .label = "Time taken", .kind = FIELD_NUMBER,
	  .flags = DET },
	{ .key = "emailto", .label = "E-mail to", .kind = FIELD_TEXT,
	  .flags = DET },
	{ .key = "emailsubject", .label = "E-mail subject", .kind = FIELD_TEXT,
	  .flags = DET },
};

static const struct filter_def action_filters[] = {
	{ .name = "ticket", .param = "ticket_id", .link = "tickets" },
	{ .name = "public", .param = "excludeprivate", .boolean = true },
	{ .name = "nosystem", .param = "excludesys", .boolean = true },
};

/* A ticket's files (schema Attachment; GET /Attachment?ticket_id=N is
 * wrapped as "attachments"). Who uploaded one is its agent_id. */
static const struct field_def attachment_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 3, .flags = COL | DET },
	{ .key = "filename", .label = "File", .kind = FIELD_TEXT,
	  .width = 30, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "filesize", .label = "Size", .kind = FIELD_NUMBER,
	  .width = 9, .min_width = 4, .flags = COL | DET },
	{ .key = "datecreated", .label = "Date", .kind = FIELD_DATE,
	  .width = DATE_W, .min_width = DATE_W, .flags = COL | DET },
	{ .key = "agent_id", .label = "Uploaded by", .kind = FIELD_ID,
	  .lookup = LOOKUP_AGENT, .width = 16, .min_width = 6,
	  .flags = COL | DET },
	{ .key = "ticket_id", .label = "Ticket", .alias = "ticket",
	  .kind = FIELD_ID, .link = "tickets", .flags = DET },
	{ .key = "action_id", .label = "Note", .alias = "note",
	  .kind = FIELD_NUMBER, .flags = DET },
};

static const struct filter_def attachment_filters[] = {
	{ .name = "ticket", .param = "ticket_id", .link = "tickets" },
	{ .name = "note", .param = "action_id" },
};

/* Lookup lists: bare arrays, no paging (HALO_API.md 3.2). */
static const struct field_def status_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "colour", .label = "Colour", .kind = FIELD_TEXT,
	  .width = 8, .min_width = 7, .flags = COL | DET },
};

/* One row per SLA and priority: priorityid is what tickets refer to, and
 * `id` is a GUID. */
static const struct field_def priority_fields[] = {
	{ .key = "priorityid", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "slaid", .label = "SLA", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "colour", .label = "Colour", .kind = FIELD_TEXT,
	  .width = 8, .min_width = 7, .flags = COL | DET },
};

static const struct field_def agent_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "email", .label = "E-mail", .kind = FIELD_TEXT,
	  .width = 28, .min_width = 10, .flags = COL | DET },
	{ .key = "team", .label = "Team", .kind = FIELD_TEXT,
	  .width = 16, .min_width = 8, .flags = COL | DET },
};

static const struct field_def team_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "department_name", .label = "Department", .kind = FIELD_TEXT,
	  .width = 20, .min_width = 8, .flags = COL | DET },
};

static const struct field_def tickettype_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "group_name", .label = "Group", .kind = FIELD_TEXT,
	  .width = 20, .min_width = 8, .flags = COL | DET },
};

/* Halo's saved views (schema ViewLists): not a list of its own in the
 * TUI, but the tabs after the built-in and configured views. */
static const struct field_def viewlist_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "ticket_count", .label = "Tickets", .kind = FIELD_NUMBER,
	  .width = 7, .min_width = 3, .flags = COL | DET },
	{ .key = "group_name", .label = "Group", .kind = FIELD_TEXT,
	  .width = 16, .min_width = 6, .flags = COL | DET },
};

/* A note's outcomes (GET /Outcome: workflow_id, workflow_step and
 * tickettype_id narrow it, HALO_API.md F16), canned text (GET
 * /CannedText) and the agent's time entries (GET /TimesheetEvent:
 * agent_id, start_date, end_date): read by the note form and my time,
 * not lists of their own. */
static const struct field_def outcome_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "outcome", .label = "Outcome", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "hidefromuser", .label = "Private", .kind = FIELD_BOOL,
	  .width = 7, .min_width = 3, .flags = COL | DET },
	{ .key = "sendemail", .label = "E-mails the user", .kind = FIELD_BOOL,
	  .width = 7, .min_width = 3, .flags = COL | DET },
};

static const struct field_def cannedtext_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER,
	  .width = 5, .min_width = 3, .flags = COL | DET },
	{ .key = "name", .label = "Name", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
};

static const struct field_def timesheetevent_fields[] = {
	{ .key = "id", .label = "ID", .kind = FIELD_NUMBER, .flags = DET },
	{ .key = "start_date", .label = "When", .kind = FIELD_DATE,
	  .width = DATE_W, .min_width = DATE_W, .flags = COL | DET },
	{ .key = "ticket_id", .label = "Ticket", .kind = FIELD_ID,
	  .link = "tickets", .width = 7, .min_width = 3, .flags = COL | DET },
	{ .key = "subject", .label = "Subject", .kind = FIELD_TEXT,
	  .width = 24, .min_width = 8, .flags = COL | DET | FLEX },
	{ .key = "timetaken", .label = "Time taken", .kind = FIELD_NUMBER,
	  .width = 6, .min_width = 4, .flags = COL | DET },
	{ .key = "note", .label = "Note", .kind = FIELD_LONGTEXT, .flags = DET },
};

#define FIELDS(a) .fields = (a), .nfields = NITEMS(a)
#define FILTERS(a) .filters = (a), .nfilters = NITEMS(a)
#define RECORDS (RES_PAGED | RES_EDITABLE | RES_CREATE | RES_BROWSE)

const struct resource resource_table[] = {
	{ .name = "tickets", .singular = "ticket", .path = "Tickets",
	  .list_key = "tickets", .id_key = "id", .title_key = "summary",
	  .html_key = "details_html", .text_key = "details",
	  .flags = RECORDS, .default_order = "id", .default_desc = true,
	  .item_query = "includedetails=true",
	  .web_path = "tickets?id={id}",
	  FIELDS(ticket_fields), FILTERS(ticket_filters) },
	{ .name = "clients", .singular = "client", .path = "Client",
	  .list_key = "clients", .id_key = "id", .title_key = "name",
	  .text_key = "notes", .flags = RECORDS, .default_order = "name",
	  /* A name, not the website too (HALO_API.md F2). */
	  .search_query = "search_name_only=true",
	  .web_path = "customers?clientid={id}",
	  FIELDS(client_fields), FILTERS(client_filters) },
	{ .name = "assets", .singular = "asset", .path = "Asset",
	  .list_key = "assets", .id_key = "id",
	  .title_key = "inventory_number", .text_key = "notes",
	  .flags = RECORDS, .web_path = "assets?id={id}",
	  FIELDS(asset_fields), FILTERS(asset_filters) },
	{ .name = "users", .singular = "user", .path = "Users",
	  .list_key = "users", .id_key = "id", .title_key = "name",
	  .text_key = "notes", .flags = RECORDS, .default_order = "name",
	  .web_path = "customers?mainview=user&userid={id}",
	  FIELDS(user_fields), FILTERS(user_filters) },
	{ .name = "sites", .singular = "site", .path = "Site",
	  .list_key = "sites", .id_key = "id", .title_key = "name",
	  .text_key = "notes", .flags = RECORDS, .default_order = "name",
	  .web_path = "customers?mainview=site&siteid={id}",
	  FIELDS(site_fields), FILTERS(site_filters) },
	{ .name = "contracts", .singular = "contract", .path = "ClientContract",
	  .list_key = "contracts", .id_key = "id", .title_key = "ref",
	  .text_key = "note", .flags = RES_PAGED | RES_BROWSE,
	  FIELDS(contract_fields), FILTERS(contract_filters) },
	/* Actions take count but no paging; the server lists newest first. */
	{ .name = "actions", .singular = "action", .path = "Actions",
	  .list_key = "actions", .id_key = "id", .title_key = "outcome",
	  .html_key = "note_html", .text_key = "note",
	  .flags = RES_CHILD | RES_CREATE | RES_BROWSE, .parent = "tickets",
	  /* Without it list items carry only the plain note. */
	  .list_query = "includehtmlnote=true",
	  FIELDS(action_fields), FILTERS(action_filters) },
	{ .name = "statuses", .singular = "status", .path = "Status",
	  .id_key = "id", .title_key = "name", .flags = RES_LOOKUP,
	  .lookup = LOOKUP_STATUS, FIELDS(status_fields) },
	{ .name = "priorities", .singular = "priority", .path = "Priority",
	  .id_key = "priorityid", .title_key = "name", .flags = RES_LOOKUP,
	  .lookup = LOOKUP_PRIORITY, FIELDS(priority_fields) },
	{ .name = "agents", .singular = "agent", .path = "Agent",
	  .id_key = "id", .title_key = "name", .flags = RES_LOOKUP,
	  .lookup = LOOKUP_AGENT, FIELDS(agent_fields),
	  /* Tickets name unassigned and disabled agents too, and the
	   * integration's API-only agent (HALO_API.md F10). */
	  .list_query = "includeunassigned=true&includedisabled=true"
	                "&includeapiagents=true" },
	{ .name = "teams", .singular = "team", .path = "Team",
	  .id_key = "id", .title_key = "name", .flags = RES_LOOKUP,
	  .lookup = LOOKUP_TEAM, FIELDS(team_fields) },
	{ .name = "tickettypes", .singular = "tickettype", .path = "TicketType",
	  .id_key = "id", .title_key = "name", .flags = RES_LOOKUP,
	  .lookup = LOOKUP_TICKETTYPE, FIELDS(tickettype_fields) },
	/* Read with ticket_id (the detail, list attachments --filter
	 * ticket=N); posted with data_base64 (attach.h). */
	{ .name = "attachments", .singular = "attachment", .path = "Attachment",
	  .list_key = "attachments", .id_key = "id", .title_key = "filename",
	  .flags = 0, FIELDS(attachment_fields), FILTERS(attachment_filters) },
	/* GET /ViewLists (type, showcounts: its GET parameters in the OpenAPI
	 * document); the answer is read as a bare array or a wrapped one. */
	{ .name = "viewlists", .singular = "viewlist", .path = "ViewLists",
	  .id_key = "id", .title_key = "name", .flags = 0,
	  .list_query = "type=tickets&showcounts=true",
	  FIELDS(viewlist_fields) },
	{ .name = "outcomes", .singular = "outcome", .path = "Outcome",
	  .id_key = "id", .title_key = "outcome", .flags = 0,
	  FIELDS(outcome_fields) },
	{ .name = "cannedtexts", .singular = "cannedtext", .path = "CannedText",
	  .id_key = "id", .title_key = "name", .html_key = "html",
	  .text_key = "text", .flags = 0, FIELDS(cannedtext_fields) },
	{ .name = "timesheetevents", .singular = "timesheetevent",
	  .path = "TimesheetEvent", .id_key = "id", .title_key = "subject",
	  .text_key = "note", .flags = 0, FIELDS(timesheetevent_fields) },
};

const size_t resource_count = NITEMS(resource_table);

const struct resource *resource_find(const char *name)
{
	if (!name || !*name)
		return NULL;
	for (size_t i = 0; i < resource_count; i++) {
		const struct resource *r = &resource_table[i];

		if (strcasecmp(name, r->name) == 0 ||
		    strcasecmp(name, r->singular) == 0 ||
		    strcasecmp(name, r->path) == 0)
			return r;
	}
	return NULL;
}

const struct resource *resource_for_lookup(enum lookup_kind kind)
{
	if (kind == LOOKUP_NONE)
		return NULL;
	for (size_t i = 0; i < resource_count; i++)
		if ((resource_table[i].flags & RES_LOOKUP) &&
		    resource_table[i].lookup == kind)
			return &resource_table[i];
	return NULL;
}

/* "status" names status_id: the key without its "_id". */
static bool is_key_stem(const char *key, const char *name)
{
	size_t n = strlen(name);

	return strncasecmp(key, name, n) == 0 && strcmp(key + n, "_id") == 0;
}

const struct field_def *resource_field(const struct resource *res,
                                       const char *name)
{
	if (!res || !name || !*name)
		return NULL;
	/* A key beats an alias or stem of another field. */
	for (size_t i = 0; i < res->nfields; i++)
		if (strcasecmp(res->fields[i].key, name) == 0)
			return &res->fields[i];
	for (size_t i = 0; i < res->nfields; i++)
		if (res->fields[i].alias &&
		    strcasecmp(res->fields[i].alias, name) == 0)
			return &res->fields[i];
	for (size_t i = 0; i < res->nfields; i++)
		if (is_key_stem(res->fields[i].key, name))
			return &res->fields[i];
	return NULL;
}

const struct filter_def *resource_filter(const struct resource *res,
                                         const char *name)
{
	if (!res || !name || !*name)
		return NULL;
	for (size_t i = 0; i < res->nfilters; i++)
		if (strcasecmp(res->filters[i].name, name) == 0)
			return &res->filters[i];
	for (size_t i = 0; i < res->nfilters; i++)
		if (strcasecmp(res->filters[i].param, name) == 0)
			return &res->filters[i];
	return NULL;
}

const struct resource *resource_child(const struct resource *res)
{
	for (size_t i = 0; res && i < resource_count; i++) {
		const struct resource *r = &resource_table[i];

		if ((r->flags & RES_CHILD) && r->parent &&
		    strcmp(r->parent, res->name) == 0)
			return r;
	}
	return NULL;
}

size_t resource_lookups(const struct resource *res, unsigned flags,
                        enum lookup_kind kinds[LOOKUP__COUNT])
{
	size_t n = 0;

	for (size_t i = 0; res && i < res->nfields; i++) {
		enum lookup_kind k = res->fields[i].lookup;
		bool seen = false;

		if (k == LOOKUP_NONE || !(res->fields[i].flags & flags))
			continue;
		for (size_t j = 0; j < n; j++)
			seen = seen || kinds[j] == k;
		if (!seen && n < LOOKUP__COUNT)
			kinds[n++] = k;
	}
	return n;
}

/* The browsable rows of the table, in order (a test keeps them equal). */
const char *resource_names(void)
{
	return "tickets, clients, assets, users, sites, contracts, actions";
}
