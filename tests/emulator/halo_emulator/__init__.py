# SPDX-License-Identifier: MIT
"""HaloPSA emulator: the test double for every layer of halotui, and the
server that `halotui --demo` talks to.

Python 3.11 standard library only.  The shapes, field names, wrapper keys and
quirks follow /work/shared/HALO_API.md (section 11 is the checklist); where
that document marks something as uncertain, the choice made here is written
next to the code so a test can see why the emulator answers as it does.

Usage (the package directory, or the zipapp `make` builds from it and
installs as $(pkgdatadir)/halo-emulator.pyz):
  python3 halo_emulator [--host 127.0.0.1] [--port 0] [--seed 1] [--tickets 5000]
                        [--client-id halotui-demo] [--client-secret demo-secret]
                        [--tenant demo] [--login-client-id halotui-login]
                        [--login-client-secret ""] [--latency-ms 0]
                        [--token-lifetime 3600] [--refresh-token-lifetime 2592000]
                        [--rate-limit N] [--rate-window 300] [--no-retry-after]
                        [--default-page-size 50] [--tls-cert FILE --tls-key FILE]
                        [--timeout 3600] [--parent-pid PID] [--verbose]

The first and only line on stdout is "PORT <number>".  The process exits by
itself after --timeout seconds (0 = never) and when its parent dies, so a
crashed test or a killed halotui never leaves one behind.

Endpoints:
  POST /auth/token[?tenant=T]        form-encoded: client_credentials (the
                                     services application, acting as the
                                     API User); password, authorization_code
                                     and refresh_token (the login
                                     application, acting as the agent who
                                     logged in); every answer has an id_token
  GET/POST /auth/authorize           the PKCE login form (authorize.py)
  GET /auth/.well-known/openid-configuration
  GET  /api/authinfo                 no auth
  GET/POST /api/<Resource>           Tickets Client Site Users Asset
                                     ClientContract Actions (wrapped lists)
                                     Status TicketType Agent Team Priority
                                     Outcome SLA AssetType (bare arrays)
  GET/DELETE /api/<Resource>/<id>    bare object, 404 when unknown
  GET /api/Agent/me, GET /api/InstanceInfo
  GET /api/ViewLists[?type=tickets&showcounts=true]
                                     the saved ticket views (catalogue
                                     VIEWLISTS), a bare array; with
                                     showcounts each has its ticket_count;
                                     GET /api/Tickets?view_id=N applies view
                                     N's filters on top of the request's
                                     own, and an unknown N is a 400
  GET /api/Attachment?ticket_id=T    a ticket's files ("attachments"),
  GET /api/Attachment/<id>           the bytes, with Content-Type and
                                     Content-Disposition (includedetails=true:
                                     the record as JSON);
  POST /api/Attachment               [{"ticket_id", "action_id", "filename",
                                     "data_base64"}] (attachments.py)
  /_emulator/...                     control API (no auth, never recorded):
      GET/DELETE requests (each with "t": arrival, monotonic seconds),
      GET/POST config, GET/POST/DELETE faults
      (status, drop, stall, truncate, malformed, huge: see control.Fault),
      GET/POST logins (agents that can log in: username = email, password
      "password-<agent id>"), POST revoke_refresh, GET/DELETE
      token_history (each /auth/token request: grant, client, status,
      agent), GET apps,
      POST expire-tokens, DELETE rate (forgets the requests the rate
      limit counted so far), GET tokens, GET stats (connections counts TLS
      handshakes that failed, which the request log cannot see;
      max_in_flight the most requests served at once since the request
      log was last cleared), POST shutdown; a fault's body_match (a
      regex over the request body) picks one record's POST
  Config keys (POST config) are numbers, retry_after a boolean, and
  authinfo_url a string: the auth_url that /api/authinfo names ("" = this
  server's /auth; tests name another host to see where the secret goes).
  A "status" fault with "echo": true replaces {authorization} in its body
  by the request's Authorization header and {token} by the credentials in
  it.  GET tokens lists every token issued ({"issued": [...], "refresh":
  [...]}), since the request log masks them.  Config keys
  refresh_token_lifetime and code_lifetime (seconds) and redirect_uris (a
  list; [] = any) shape the login application.

Data is generated deterministically from --seed.  Tickets and their actions
are never materialised in bulk: a ticket is a function of (seed, id) plus a
few byte columns, so a million tickets cost a few megabytes.  Edits, creates
and deletes live in override dictionaries.

Modules, by job:
  main        the command line, the watchdog, startup
  server, tls HTTP/1.1 keep-alive, bodies, latency and faults; HTTPS
  emulator    the state that is not data, and the /auth and /api pipeline
  auth        /auth/token, the applications and the bearer-token check
  oauth       per-agent login: logins, codes, rotating refresh tokens, id_token
  authorize   /auth/authorize (PKCE login form), openid-configuration
  control     /_emulator/: config, faults, rate limit, request log, stats
  routes      /api/...: small resources, tickets, actions
  attachments /api/Attachment: list, download, upload; seeded files
  resources   DictResource and the table of small resources
  protocol    Halo's error shapes, query parameters, paging, JSON answers
  world       the seeded tenant: clients, sites, users, assets, contracts
  ticketgen   generated tickets and actions; tickets: the store over them
  catalogue   fixed lookups and name pools; util: hashing, dates, HTML
  notework    /Workflow (steps that limit /Outcome and notes), /CannedText,
              /TimesheetEvent (the agent's notes with time)

Choices made where HALO_API.md is silent or uncertain (tests rely on them):
  - Client, Site, Users and Asset lists hide inactive records unless
    includeinactive=true (the parameter exists, so its default is off).
  - Agent lists hide "Unassigned" (id 1) unless includeunassigned=true and
    disabled agents unless includedisabled=true or showall=true; the single
    GET /api/Agent/<id> always works.
  - Action list items carry note_html only with includehtmlnote=true; the
    single GET always carries it.  Actions are newest first.
  - Ticket list items lack status_name, agent_name, priority, details_html,
    sla_name, tickettype_name, team_id and customfields (HALO_API 5.1).
  - A new ticket gets one "Ticket Logged" action (id 1).
  - 400 bodies: tickets use the ASP.NET model dictionary
    {"[0].summary": ["The summary field is required."]}; actions and the
    other resources a plain JSON string; bad JSON and bad query values an
    ASP.NET ProblemDetails object with "errors".  401 from the API is
    {"error":"unauthorized"} (Halo's is not captured), 404 is
    {"error":"not found","message":...}.
  - Ordering tickets by a field without a fast key stays in id order above
    50,000 matches (ordering a million full records would take minutes).
    fixbydate has one (order=fixbydate: "breaching soon" lists), computed
    from the date occurred and the priority's fix time under its SLA.

Real Halo as it is (HALO_API.md section 13):
  - F1: two SLAs with their own priority names (SLA 1 Critical/High/Medium/
    Low, SLA 2 "P1 Urgent"/"P2 Next Day"/"P3 Standard"/"P4 Planned"); tickets
    on each; a full ticket's `priority` object is its SLA's row.
  - F2: `search` is a LIKE match over several fields (search_name_only: the
    name only); a client "Initech Holdings" (no tickets, sites or users)
    sits beside "Initech".
  - F3: tickets carry an unset single select {"value": 0, "display": ""}
    (CFService on about half) and an unset date (CFChangeSuccess).
  - F4: dates read "from the database" have no Z and at most 3 fractional
    digits (15 of 16 tickets); the rest carry Z and up to 7 digits;
    1899-12-30T00:00:00 is a third no-date value (deadlinedate).
  - F8: every token reply carries an id_token (a JWT) naming the agent the
    token acts as: the API User for client credentials, the agent who
    logged in for the login grants; /Agent/me, the author of a note and
    the "who" of a new ticket are that agent.
  - F10: /Agent hides API-only agents (API User, id 2) unless
    includeapiagents=true; ticket 19 is assigned to it.
  - F14: a POSTed integer id sent as a real (95.0) answers
    {"[0].site_id": ["Input string '95.0' is not a valid integer"]}; a
    client, site or user id sent as a string (on tickets) answers
    "Please select a valid Client/Site/User".
  - F16: a note without an outcome answers "An Outcome must be entered for
    this Action"; outcome 80 "Approve Change" (in /Outcome) is one the API
    agent may not run: "You do not have access to this Action at the
    moment".  Outcome 7 is the private note; outcomes carry hidefromuser.
    A ticket at a step of workflow 2 (workflow_id/workflow_step, set by a
    POST) gets the same answer for an outcome the step does not allow, and
    /Outcome?workflow_id=2&workflow_step=N lists only those it allows.
  - Config knobs (POST /_emulator/config): "forbidden": ["asset", ...]
    answers 403 for those resources (F7: outside the application's
    scopes); "sees_nothing": true empties customer lists (tickets, clients,
    sites, users, assets, contracts: F9, an API agent without teams or
    "all customers"); "tenant_required": true makes /auth/token refuse a
    request without ?tenant= or a tenant form field (a shared auth server;
    /api/authinfo names the tenant).

Hostile records at fixed ids (present when the id exists), so that every
layer of the client is exercised by the same data:
  ticket 13  summary sets the terminal title (OSC 0 "...pwned BEL") and clears
             the screen (CSI 2J); one of its notes writes the clipboard
             (OSC 52) and carries an OSC 8 hyperlink
  ticket 14  summary full of C0 and C1 controls (TAB, BEL, BS, CR, DEL, NEL)
             and a lone U+009B (8-bit CSI); details contain a NUL (\\u0000)
  ticket 15  a 10,000-character summary
  ticket 16  bidi override (U+202E), CJK, emoji, combining-mark pile-up
  ticket 17  hostile HTML: <script>, <style>, javascript: links, an escape
             sequence inside href, numeric entities for ESC, NUL and a lone
             surrogate, unclosed and deeply nested tags
  ticket 18  empty summary and empty details
  user 13    name contains SGR colour escapes and an OSC 8 hyperlink
  asset 13   "invalid-looking" text: U+FFFD, mojibake, zero-width spaces,
             a right-to-left override, a NUL in key_field2
Non-ASCII everywhere else: "Société Générale Services", "Müller & Söhne
GmbH", "🚀 Rocket Ltd", a site "東京支店", Greek, Cyrillic and Arabic clients.
"""
