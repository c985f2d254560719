# SPDX-License-Identifier: MIT
"""What an agent's notes need beyond /Actions: workflows whose steps limit
the outcomes a note may have, canned text, and the agent's time entries.

  GET /api/Workflow, /api/Workflow/<id>
      Halo's FlowHeader: `steps` (FlowDetail: step_id, name, actions, each a
      FlowSubDetail with action_id = an outcome id) and
      `always_allow_actions`.  A bare array.
  GET /api/Outcome?workflow_id=W&workflow_step=S
      (parameters of GET /Outcome in Halo's OpenAPI document) only the
      outcomes step S of workflow W allows (HALO_API.md F16); without them
      every outcome.  Each outcome carries `hidefromuser` (a note with it is
      private) and `sendemail` (it e-mails the user).
  POST /api/Actions on a ticket whose workflow_id/workflow_step name a
      step answers "You do not have access to this Action at the moment"
      for an outcome the step does not allow.
  GET /api/CannedText
      the texts the calling agent may use: everyone's (restriction_type 0),
      their own (2, agent_id) and their teams' (1, team_id).  A bare array
      of CannedText (id, name, html, text, restriction_type, agent_id,
      team_id); GET /api/CannedText/<id> one, 404 when not the agent's.
  GET /api/TimesheetEvent?agent_id=A&start_date=D&end_date=E
      (its parameters in the OpenAPI document) one event per action with
      time (timetaken > 0, in hours) by agent A between D and E: id,
      event_type 0, subject, start_date, end_date, timetaken, agent_id,
      ticket_id, action_number, note, customer.  A bare array.  Only the
      actions written to the emulator count (generated history is in the
      past)."""

from .catalogue import ME_AGENT
from .protocol import ApiError, Response, not_found, p_int
from .util import html_to_text, num, parse_ticks

# The private-note outcome is id 7 on every Halo (HALO_API.md F16).
PRIVATE_NOTE = 7

# Workflow 1 "Standard": any outcome.  Workflow 2 "Change": while the change
# awaits approval (step 2) only a private note, an e-mail to the user or a
# phone call; once approved (step 3) those and closing.
WORKFLOWS = [
    {"id": 1, "name": "Standard", "always_allow_actions": True, "steps": [
        {"step_id": 1, "name": "Open", "isstart": True, "actions": []}]},
    {"id": 2, "name": "Change", "always_allow_actions": False, "steps": [
        {"step_id": 1, "name": "Raised", "isstart": True, "actions": [7, 2, 4, 80]},
        {"step_id": 2, "name": "Awaiting approval", "actions": [7, 2, 3]},
        {"step_id": 3, "name": "Approved", "isend": True, "actions": [7, 2, 3, 5]}]},
]

# (id, name, html, restriction_type, agent_id, team_id)
CANNED_TEXTS = [
    (1, "Greeting", "<p>Hello $USERNAME,</p><p>Thank you for contacting us.</p>", 0, 0, 0),
    (2, "Remote session", "<p>Please join the remote session at "
     "<b>{{session.link}}</b> when you are ready.</p>", 2, ME_AGENT, 0),
    (3, "1st line hand-over", "<ul><li>Checked: $CHECKED</li><li>Next: escalate</li></ul>",
     1, 0, 26),
    (4, "Someone else's", "<p>Not yours.</p>", 2, 9999, 0),
    (5, "Projects only", "<p>Project text.</p>", 1, 0, 9998),
]


def _workflow(wid, sid):
    flow = next((f for f in WORKFLOWS if f["id"] == wid), None)
    if flow is None or flow["always_allow_actions"]:
        return None
    step = next((s for s in flow["steps"] if s["step_id"] == sid), None)
    return set(step["actions"]) if step else None


def allowed_outcomes(params, recs):
    """/Outcome narrowed to what a workflow step allows."""
    wid, sid = p_int(params, "workflow_id"), p_int(params, "workflow_step")
    allowed = _workflow(wid, sid) if wid else None
    if allowed is None:
        return recs
    return [r for r in recs if r["id"] in allowed]


def outcome_refused(world, ticket, fields):
    """Whether the ticket's workflow step does not allow the note's outcome."""
    allowed = _workflow(num(ticket.get("workflow_id")) or 0, num(ticket.get("workflow_step")) or 0)
    if allowed is None:
        return False
    oid = num(fields.get("outcome_id")) if fields.get("outcome_id") else None
    if oid is None:
        name = str(fields.get("outcome") or "").strip().casefold()
        oid = next((o["id"] for o in world.outcomes if o["outcome"].casefold() == name), None)
    return oid not in allowed


def _flow_out(f):
    return {"id": f["id"], "name": f["name"], "active": True,
            "always_allow_actions": f["always_allow_actions"],
            "steps": [{"step_id": s["step_id"], "flow_id": f["id"], "name": s["name"],
                       "isstart": s.get("isstart", False), "isend": s.get("isend", False),
                       "actions": [{"id": f["id"] * 100 + s["step_id"] * 10 + k,
                                    "flow_id": f["id"], "start_step": s["step_id"],
                                    "action_id": a, "action_type": 0}
                                   for k, a in enumerate(s["actions"])]}
                      for s in f["steps"]]}


def _canned_out(world, c):
    cid, name, html, rtype, agent, team = c
    return {"id": cid, "name": name, "html": html, "text": html_to_text(html),
            "restriction_type": rtype, "agent_id": agent, "team_id": team,
            "team_name": world.by["team"].get(team, {}).get("name", ""),
            "group_id": 0, "group_name": "", "_canupdate": True}


def _canned_mine(world, agent_id):
    me = world.by["agent"].get(agent_id) or {}
    teams = {t.get("team_id") for t in me.get("teams") or []} | {me.get("team_id")}
    return [c for c in CANNED_TEXTS
            if c[3] == 0 or (c[3] == 2 and c[4] == agent_id) or (c[3] == 1 and c[5] in teams)]


def _timesheet(api, params, agent_id):
    who = p_int(params, "agent_id") or agent_id
    start = parse_ticks((params.get("start_date") or [""])[0])
    end = parse_ticks((params.get("end_date") or [""])[0])
    if start is None or end is None:
        raise ApiError(400, "start_date and end_date must be dates.")
    out = []
    for tid, acts in sorted(api.tickets.act_over.items()):
        for a in acts:
            t = parse_ticks(a.get("datetime"))
            hours = num(a.get("timetaken")) or 0
            if a.get("actionby_agent_id") != who or not hours or t is None or \
                    not start <= t < end:
                continue
            ticket = api.tickets.full(tid) if api.tickets.exists(tid) else {}
            out.append({"id": tid * 1000 + a["id"], "event_type": 0,
                        "subject": ticket.get("summary", ""), "start_date": a["datetime"],
                        "end_date": a["datetime"], "timetaken": hours, "agent_id": who,
                        "ticket_id": tid, "action_number": a["id"],
                        "note": a.get("note", ""), "customer": ticket.get("client_name", "")})
    out.sort(key=lambda e: e["start_date"])
    return out


ROUTES = ("workflow", "cannedtext", "timesheetevent")


def handle(api, name, method, rest, params, agent_id=ME_AGENT):
    if method != "GET":
        raise ApiError(405, {"Message": "The requested resource does not support http "
                                        "method '%s'." % method})
    if name == "workflow":
        if rest:
            f = next((f for f in WORKFLOWS if str(f["id"]) == rest[0]), None)
            if f is None:
                raise not_found("Workflow", rest[0])
            return Response.json(200, _flow_out(f))
        return Response.json(200, [_flow_out(f) for f in WORKFLOWS])
    if name == "cannedtext":
        mine = _canned_mine(api.world, agent_id)
        if rest:
            c = next((c for c in mine if str(c[0]) == rest[0]), None)
            if c is None:
                raise not_found("CannedText", rest[0])
            return Response.json(200, _canned_out(api.world, c))
        return Response.json(200, [_canned_out(api.world, c) for c in mine])
    if rest:
        raise not_found("TimesheetEvent", rest[0])
    return Response.json(200, _timesheet(api, params, agent_id))
