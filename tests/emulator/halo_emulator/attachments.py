# SPDX-License-Identifier: MIT
"""/api/Attachment: a ticket's files, as Halo serves them.

  GET /api/Attachment?ticket_id=T[&action_id=A]
      {"ticket_id": T, "action_id": A|0, "record_count": N,
       "attachments": [...]} (schema Attachment_View; HALO_API.md 3.1: the
      array key is "attachments"), oldest first
  GET /api/Attachment/<id>
      the file itself: its bytes, Content-Type, and Content-Disposition
      "attachment; filename=...; filename*=UTF-8''..." (HaloAPI's
      Get-HaloAttachment -OutPath reads the name from that header)
  GET /api/Attachment/<id>?includedetails=true
      the attachment's record as JSON (schema Attachment), without its bytes
  POST /api/Attachment
      a one-element array [{"ticket_id", "action_id", "filename",
      "data_base64"}] (schema Attachment: data_base64, the way Halo's own
      integrations send a file as JSON); answers the record as one object
      (the captured attachment-upload-response.json of HALO_API.md source
      UK has that shape: id, filename, filesize, datecreated, agent_id...)
  DELETE /api/Attachment/<id>

Seeded data: tickets whose id ends in 25 or 35 carry a file (25, 35, 125,
...; few, so that other tests' screens do not move), and those ending in 25
a second one on their first note; ticket 13 carries one whose name is
hostile (a path, an escape sequence, a leading dot).  Every file's bytes
are a function of its id, so a test can compare what was saved."""

import base64
import binascii
import hashlib
from urllib.parse import quote

from .catalogue import ME_AGENT
from .protocol import ApiError, Response, not_found, p_bool, p_int
from .util import DATA_NOW_TICKS, TICKS, fmt_ticks, int_or_none, now_ticks

# An upload larger than this is refused like Halo's own size check.
MAX_UPLOAD = 32 * 1024 * 1024

CTYPES = {"txt": "text/plain", "pdf": "application/pdf", "png": "image/png",
          "log": "text/plain", "csv": "text/csv", "json": "application/json"}


def ctype_of(name):
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CTYPES.get(ext, "application/octet-stream")


def seeded_bytes(aid, size):
    """size bytes that depend only on the attachment's id."""
    out = bytearray()
    h = b"%d" % aid
    while len(out) < size:
        h = hashlib.sha256(h).digest()
        out += h
    return bytes(out[:size])


class Attachments:
    def __init__(self, tickets):
        self.tickets = tickets
        self.own = {}        # id -> record with "_data" (uploaded or seeded)
        self.removed = set()
        # Far above the seeded ids (ticket id * 10 + n).
        self.next_id = 1_000_000_000

    # -- seeded files
    def seeded(self, tid):
        if not self.tickets.exists(tid):
            return []
        specs = []
        if tid == 13:
            specs.append(("../../.hidden\x1b]0;pwned\x07/..\\evil.txt", 64, 0))
        if tid % 100 in (25, 35):
            specs.append(("report-%d.pdf" % tid, 2048 + tid % 97, 0))
        if tid % 100 == 25:
            specs.append(("screenshot.png", 4096, 1))
        out = []
        for i, (name, size, action_id) in enumerate(specs):
            aid = tid * 10 + i + 1
            if aid in self.removed:
                continue
            when = DATA_NOW_TICKS - (tid % 500) * 3600 * TICKS + i * 60 * TICKS
            out.append(self.record(aid, tid, action_id, name, size, when, 3))
        return out

    @staticmethod
    def record(aid, tid, action_id, name, size, when, agent):
        return {"id": aid, "filename": name, "filesize": size,
                "datecreated": fmt_ticks(when, z=False), "note": "", "type": 0,
                "unique_id": 0, "desc": name, "isimage": name.lower().endswith(".png"),
                "content_type": ctype_of(name), "ticket_id": tid, "action_id": action_id,
                "user_id": -1, "agent_id": agent,
                "guid": "00000000-0000-4000-8000-%012d" % aid,
                "showforusers": False, "showonchild": False, "showonrelated": False}

    def for_ticket(self, tid):
        recs = self.seeded(tid)
        recs += [r for r in self.own.values() if r["ticket_id"] == tid]
        return recs

    def find(self, aid):
        if aid in self.own:
            return self.own[aid], self.own[aid]["_data"]
        tid = aid // 10
        for r in self.seeded(tid):
            if r["id"] == aid:
                return r, seeded_bytes(aid, r["filesize"])
        raise not_found("Attachment", aid)

    @staticmethod
    def public(rec):
        return {k: v for k, v in rec.items() if not k.startswith("_")}

    # -- the route
    def route(self, method, rest, params, body, parse_body, agent_id=ME_AGENT):
        if method == "GET" and not rest:
            tid = p_int(params, "ticket_id")
            if tid is None:
                raise ApiError(400, "A ticket_id must be supplied.")
            if not self.tickets.exists(tid):
                raise not_found("Ticket", tid)
            recs = self.for_ticket(tid)
            aid = p_int(params, "action_id")
            if aid:
                recs = [r for r in recs if r["action_id"] == aid]
            return Response.json(200, {"type": 0, "unique_id": 0, "ticket_id": tid,
                                       "action_id": aid or 0, "record_count": len(recs),
                                       "attachments": [self.public(r) for r in recs]})
        if method == "GET" and rest:
            aid = int_or_none(rest[0])
            if aid is None:
                raise not_found("Attachment", rest[0])
            rec, data = self.find(aid)
            if p_bool(params, "includedetails"):
                return Response.json(200, self.public(rec))
            name = rec["filename"]
            ascii_name = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_"
                                 for c in name)
            disp = "attachment; filename=\"%s\"; filename*=UTF-8''%s" % (
                ascii_name, quote(name, safe=""))
            return Response(200, data, ctype=rec["content_type"],
                            headers=[("Content-Disposition", disp)])
        if method == "POST" and not rest:
            return self.post(parse_body(body), agent_id)
        if method == "DELETE" and rest:
            aid = int_or_none(rest[0])
            if aid is None:
                raise not_found("Attachment", rest[0])
            rec, _ = self.find(aid)
            self.own.pop(aid, None)
            self.removed.add(aid)
            return Response.json(200, self.public(rec))
        raise ApiError(405, {"Message": "The requested resource does not support http "
                                        "method '%s'." % method})

    def post(self, data, agent_id):
        plan = []
        for rec_in in data:
            tid = int_or_none(rec_in.get("ticket_id"))
            if not tid or not self.tickets.exists(tid):
                raise ApiError(400, "Please select a valid Ticket (ticket_id %s)."
                               % rec_in.get("ticket_id"))
            name = rec_in.get("filename")
            if not isinstance(name, str) or not name.strip():
                raise ApiError(400, "The filename field is required.")
            b64 = rec_in.get("data_base64")
            if not isinstance(b64, str):
                raise ApiError(400, "The data_base64 field is required.")
            try:
                raw = base64.b64decode(b64, validate=True)
            except (binascii.Error, ValueError):
                raise ApiError(400, "data_base64 is not valid base64.")
            if len(raw) > MAX_UPLOAD:
                raise ApiError(413, "The file is larger than the %d MB allowed."
                               % (MAX_UPLOAD // (1024 * 1024)))
            action_id = int_or_none(rec_in.get("action_id")) or 0
            plan.append((tid, action_id, name, raw))
        saved = []
        for tid, action_id, name, raw in plan:
            aid = self.next_id
            self.next_id += 1
            rec = self.record(aid, tid, action_id, name, len(raw), now_ticks(), agent_id)
            rec["datecreated"] = fmt_ticks(now_ticks())
            rec["_data"] = raw
            self.own[aid] = rec
            saved.append(self.public(rec))
        return Response.json(201, saved[0] if len(saved) == 1 else saved)
