# SPDX-License-Identifier: MIT
"""The fixed part of the fake tenant: lookups (statuses, teams, agents,
priorities, ticket types, outcomes, asset types) and the pools of names and
texts that the generators draw from.  Ids are deliberately not 1..N where
real instances are not (teams 26.., ticket type 36, outcome 79) so a client
cannot get away with treating ids as indexes."""

STATUSES = [  # id, name, shortname, colour
    (1, "New", "N", "#3da5d9"), (2, "In Progress", "IP", "#73bfb8"),
    (3, "Action Required", "AR", "#fec601"), (4, "Waiting on User", "WU", "#ea7317"),
    (8, "On Hold", "OH", "#9e9e9e"), (9, "Closed", "C", "#2e7d32"),
    (18, "Waiting on Supplier", "WS", "#b388ff"), (21, "Resolved", "R", "#00c853"),
    (28, "Scheduled", "S", "#5c6bc0"),
]
CLOSED = 9
OPEN_STATUSES = [s[0] for s in STATUSES if s[0] != CLOSED]

TEAMS = [(26, "1st Line Support"), (27, "2nd Line Support"), (28, "Projects"),
         (30, "Field Services"), (31, "Network & Security")]

AGENTS = [  # id, name, team id, job title, disabled, api agent
    (1, "Unassigned", 0, "", False, False),
    (2, "API User", 0, "Integration account", False, True),
    (3, "Amélie Laurent", 26, "Service Desk Analyst", False, False),
    (4, "Ben Okafor", 26, "Service Desk Analyst", False, False),
    (5, "Chen Wei", 26, "Service Desk Analyst", False, False),
    (6, "Dagný Jónsdóttir", 27, "Senior Engineer", False, False),
    (7, "Ethan Brooks", 27, "Systems Engineer", False, False),
    (8, "Fiona Gallagher", 27, "Systems Engineer", False, False),
    (9, "Gustav Müller", 28, "Project Engineer", False, False),
    (10, "Hannah Schmidt", 30, "Field Engineer", False, False),
    (11, "Ivan Petrov", 31, "Network Engineer", False, False),
    (12, "Jasmine Kaur", 26, "Service Desk Analyst", True, False),
]
ME_AGENT = 2  # the agent the API application acts as (GET /api/Agent/me)
API_AGENT_TICKET = 19  # a generated ticket assigned to ME_AGENT, an API-only agent

SLAS = [(1, "Incident SLA"), (2, "Service Request SLA")]
PRIORITIES = [  # priorityid, name, fix time, fix units, response time, units, colour
    (1, "Critical", 4.0, "H", 1.0, "H", "#e00000"),
    (2, "High", 1.0, "D", 2.0, "H", "#ff8c00"),
    (3, "Medium", 3.0, "D", 4.0, "H", "#f0c800"),
    (4, "Low", 5.0, "D", 4.0, "H", "#68bc00"),
]

# HALO_API.md F1: priorities are per SLA.  The same priorityid names another
# priority under another SLA, so a client that names ids without the SLA
# shows the wrong name.
PRIORITY_NAMES_BY_SLA = {2: {1: "P1 Urgent", 2: "P2 Next Day", 3: "P3 Standard",
                             4: "P4 Planned"}}

TICKET_TYPES = [  # id, name, reference prefix, default sla, default priority, default team
    (1, "Incident", "IN", 1, 3, 26), (2, "Change Request", "CR", 2, 3, 27),
    (3, "Service Request", "SR", 2, 4, 26), (4, "Problem", "PR", 1, 2, 27),
    (21, "Alert", "AL", 1, 2, 31), (36, "Onboarding Request", "ONB", 2, 3, 26),
]

OUTCOMES = [  # id, outcome, button name, hidden from user by default, new status
    (1, "Change Status", "Change Status", True, 0),
    (2, "Email User", "Email User", False, 0),
    (3, "Phone Call", "Log Phone Call", False, 0),
    (4, "Update", "Update", False, 0),
    (5, "Closed", "Close Ticket", False, CLOSED),
    (6, "Resolved", "Resolve", False, 21),
    (7, "Private Note", "Add Private Note", True, 0),  # HALO_API.md F16: 7
    (8, "Email Received", "", False, 0),
    (9, "Ticket Logged", "", False, 0),
    (10, "Rule Applied", "", True, 0),
    (11, "SLA Hold", "Put on Hold", True, 8),
    (79, "Comment", "Comment", True, 0),
]

# HALO_API.md F16: an outcome the API agent may not run (its workflow does
# not allow it); a note with it is refused.  Added to the outcome list
# without random draws so that the rest of the tenant does not move.
RESTRICTED_OUTCOME = (80, "Approve Change", "Approve", False, 0)

# Halo's saved ticket views (GET /api/ViewLists?type=tickets; schema
# ViewLists in Halo's OpenAPI document).  Each is kept here with the /Tickets
# query parameters that define it, which GET /api/Tickets?view_id=N applies
# on top of the request's own.  restriction_type's numbers are not
# documented: 0 is taken as shared with everyone, 2 as one team's.  `type`
# is an integer in the schema with type_name beside it; 1 is taken for
# tickets.
#   id, name, sequence, restriction_type, agent_id, team_id, group_name, filters
VIEWLISTS = [
    (101, "High priority open", 1, 0, 0, 0, "Shared views",
     {"priority": "1,2", "open_only": "true"}),
    (102, "Awaiting customer", 2, 0, 0, 0, "Shared views", {"status_id": "4"}),
    (103, "2nd Line's new", 3, 2, 0, 27, "Team views", {"team": "27", "status_id": "1"}),
]

ASSET_TYPES = [  # id, name, tag prefix, weight
    (1, "Laptop", "LAP", 30), (2, "Desktop", "DSK", 18), (3, "Server", "SRV", 6),
    (4, "Printer", "PRN", 6), (5, "Firewall", "FW", 3), (6, "Switch", "SW", 4),
    (7, "Mobile Phone", "MOB", 15), (8, "Monitor", "MON", 14), (9, "Virtual Machine", "VM", 4),
]

CLIENT_NAMES = [
    "Acme Corporation", "Société Générale Services", "Müller & Söhne GmbH", "🚀 Rocket Ltd",
    "Northwind Traders", "Contoso Pharmaceuticals", "Fabrikam Inc.", "Globex Ltd", "Initech",
    "Umbrella Logistics", "Tokyo Trading 東京商事", "Zürich Versicherungs AG",
    "Åkerlund & Rausing AB", "O'Reilly Accountancy", "Smith & Jones Solicitors LLP",
    "Café Olé Ltd", "São Paulo Exportação Ltda", "Kraków Dental Clinic",
    "Ελληνική Ναυτιλιακή Α.Ε.", "Москва Консалтинг", "مكتب دبي للاستشارات",
    "Riverside Borough Council", "Blue Sky Dental Group",
    "Very Long Client Name Incorporated International Holdings Group Limited "
    "(Europe, Middle East & Africa Division)",
    "Ünal Tekstil A.Ş.", "Hooli XYZ", "Pied Piper", "Vandelay Industries",
    "Dunder Mifflin Paper Co.", "Cyberdyne Systems", "Soylent Foods", "Tyrell Corporation",
    "Oceanic Airlines", "Duff Brewing Co.", "Bluth Company", "Wonka Confectionery",
    "Gekko & Co", "Sterling Cooper", "Prestige Worldwide", "Internal IT",
]
SITE_NAMES = ["Head Office", "Warehouse", "London", "Manchester", "Paris – La Défense",
              "Remote Workers", "Data Centre", "München", "Dublin", "Branch 2"]
FIRST_NAMES = [
    "Alice", "Ben", "Chloé", "Dmitri", "Émilie", "François", "Grace", "Hiroshi", "Ingrid",
    "Jürgen", "Karim", "Léa", "Mohammed", "Nadia", "Oskar", "Priya", "Quentin", "Rosa",
    "Søren", "Tomás", "Uma", "Viktor", "Wei", "Xavier", "Yuki", "Zoë", "Aoife", "Björn",
    "Carmen", "Darragh", "Eleni", "Fatima", "Giorgio", "Hana", "Ivan", "José", "Kateřina",
    "Lars", "Małgorzata", "Niamh", "Olumide", "Pål", "Raúl", "Siobhán", "Thandiwe", "Ümit",
    "Wojciech", "Ximena", "Yasmin", "Zdeněk", "Sarah", "James", "Emma", "Oliver", "Sophie",
    "Harry", "Amelia", "Jack", "Isla", "George",
]
SURNAMES = [
    "Smith", "Jones", "Müller", "García", "O'Brien", "Nguyen", "Kowalski", "Andersson",
    "Dubois", "Rossi", "Schäfer", "Ó Súilleabháin", "van der Berg", "Fernández",
    "Johansson", "Novák", "Papadopoulos", "Yılmaz", "Kim", "Patel", "Williams", "Brown",
    "Taylor", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Johnson", "Lewis",
    "Łukasiewicz", "Dvořák", "MacDonald", "Okonkwo", "Haddad", "Lindqvist",
]
CJK_PEOPLE = ["田中 太郎", "佐藤 花子", "김민준", "王伟", "鈴木 一郎"]

SUMMARY_TEMPLATES = [
    "{dev} not working", "Cannot log in to {app}", "{app} is very slow this morning",
    "Password reset needed for {app}", "New starter: set up {dev} for {person}",
    "Leaver: remove {app} access for {person}", "Request to install {app} on {dev}",
    "Error 0x{hex} when opening {app}", "{dev} will not power on",
    "Wi-Fi keeps dropping in {room}", "VPN disconnects every {n} minutes",
    "Printer in {room} jammed again", "Outlook keeps asking for password",
    "Shared drive {share} not mapped after reboot",
    "Phishing email reported: \"{subject}\"", "Backup job failed on {server}",
    "Disk space low on {server} (C: {n}% free)", "Certificate expiring on {domain}",
    "Teams calls dropping & poor audio in {room}", "Replace cracked screen on {dev}",
    "Access request: {app} – {person}", "Move {dev} to {room}",
    "Quote needed: {n} × {dev}", "{server} unreachable – users can't work",
    "Spam getting through to {person}'s inbox", "MFA prompt loop on {app}",
    "Licence renewal for {app}", "Update the <Out of Office> banner for {person}",
    "Monitor flickering on {dev}", "Scan to email not working in {room}",
    "{app} crashes when printing", "Café kiosk tablet frozen in {room}",
]
SLOT_VALUES = {
    "dev": ["Laptop", "Desktop PC", "Docking station", "iPhone", "Surface Pro", "Monitor",
            "Keyboard", "Label printer", "Headset", "MacBook Air", "Android tablet"],
    "app": ["Outlook", "Teams", "SharePoint", "Xero", "Sage 50", "Salesforce", "the VPN",
            "AutoCAD", "Adobe Acrobat", "the CRM", "OneDrive", "Zoom", "SAP"],
    "person": ["Alice", "Ben", "Chloé", "Dmitri", "Émilie", "Søren", "Priya", "Jürgen",
               "Yuki", "Mohammed", "Siobhán", "Grace"],
    "room": ["Reception", "Meeting Room 2", "the 3rd floor", "the warehouse", "Finance",
             "the boardroom", "HR", "the canteen"],
    "server": ["FS01", "DC02", "SQL-PROD", "EXCH01", "backup-nas", "web-01", "RDS03"],
    "share": ["S:\\Finance", "\\\\fs01\\shared", "P:\\Projects", "H:\\Home"],
    "subject": ["Your invoice is overdue", "DocuSign: please review", "Password expires today",
                "You have (3) new voicemails", "Urgent wire transfer"],
    "domain": ["portal.example.com", "mail.example.org", "vpn.example.net", "*.example.co.uk"],
}
DETAILS_TEMPLATES = [
    "<p>Hi,</p><p>{s}.</p><p>It started this morning &amp; about {n} people are "
    "affected.</p><p>Thanks,<br>{u}</p>",
    "<div dir='ltr'>Hello support,<br><br>{s}<br><br>Steps tried:<ul><li>Restarted the "
    "PC</li><li>Logged out &amp; back in</li><li>Cleared the cache</li></ul>Kind regards,"
    "<br>{u}<br>{c}</div>",
    "<p>{s}</p><p>See <a href=\"https://status.example.com/incidents/{n}\">the status "
    "page</a> for details.</p>",
    "<p>{s}</p><table border=\"1\"><tr><th>Device</th><th>Error</th><th>Since</th></tr>"
    "<tr><td>{a}</td><td>0x80070005</td><td>09:15</td></tr><tr><td>LAP-{n:05d}</td>"
    "<td>&lt;none&gt;</td><td>10:40</td></tr></table>",
    "{s}",
    "",
    "<p>{s}</p><blockquote><p>On Mon, {u} wrote:<br>&gt; it worked yesterday&nbsp;&nbsp;"
    "&quot;fine&quot;</p></blockquote><img src=\"cid:image001.png@01DA1F2B\" alt=\"screenshot\">",
    "<html><head><style>p {{margin:0}}</style></head><body><p style=\"font-family:Calibri\">"
    "{s}</p><p>Raised from the portal by {u} – please call back on ext. {n} ☎</p></body></html>",
]
NOTE_TEMPLATES = {
    "Private Note": [
        "<p>Checked the event log – nothing obvious.</p><p>Escalating to {t}.</p>",
        "<p>Called {u}, no answer. Left a voicemail.</p>",
        "<p>Remote session via <a href=\"https://remote.example.com/s/{n}\">ScreenConnect"
        "</a>; rebooted &amp; patched.</p>",
    ],
    "Email User": [
        "<div dir='ltr'><p>Hi {u},</p><p>Could you try again now and let us know?</p>"
        "<p>Regards,<br>{g}<br>Service Desk</p></div>",
        "<p>Hi {u},</p><p>We need a few details:</p><ol><li>The exact error message</li>"
        "<li>When it started</li></ol><p>Thanks, {g}</p>",
    ],
    "Phone Call": ["Spoke to {u} on the phone; issue reproduced.",
                   "<p>Phoned {u} – will try again after lunch.</p>"],
    "Update": ["<ul><li>Ordered replacement part</li><li>ETA: 3 working days</li></ul>",
               "<p>Vendor case opened: <b>#{n}</b></p>"],
    "Email Received": ["<p>Thanks {g}, still not working 😞</p><blockquote>&gt; Could you "
                       "try again now?</blockquote>",
                       "<div dir='ltr'>Works now, thank you!<br><br>{u}</div>"],
    "Closed": ["<p>Resolved – replaced the faulty cable. Closing ticket.</p>",
               "<p>No response from user for 5 days, closing.</p>"],
    "Resolved": ["<p>Fix applied; awaiting confirmation from {u}.</p>"],
    "Change Status": ["Status changed."],
    "SLA Hold": ["<p>On hold until the part arrives.</p>"],
}
CATEGORIES = ["", "", "Hardware", "Software", "Network", "Accounts", "Email", "Printing"]
IMPACT_DISPLAY = {1: "Single User Affected", 2: "Department Affected", 3: "Company Wide"}
