#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The TUI under every fault the emulator can make, the other half of
tests/integration/test_fault_matrix_cli.py: the ticket list's first page,
opening a ticket, saving a field in the edit form and sending a note, each
with its request faulted.  In every cell halotui does not crash and quits
cleanly, never shows the client secret or a token, and a failure leaves a
message a person can act on.  A change is applied at most once and the
program says which of the three it was: applied ("saved ... (applied)"),
not applied ("unsent, not saved (draft kept)"), or "sent, answer unknown
(may have been applied)"; the text of one not known to be applied stays
in the form and in its draft.  The profile's request timeout is 1 s, so
that a stall is a timeout.  Prints the matrix (rows: faults, columns:
operations) to the test log."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip  # noqa: E402
from faultmatrix import FAULTS, env_for, matrix_lines, refused_by_server, \
    unreachable_url  # noqa: E402
from tmuxdriver import TMUX, Tmux, TmuxError  # noqa: E402

OPS = ("list", "detail", "edit", "note")

TICKET = 7
TICKETS = 20

# The request each column faults: (method, path regex, as the emulator
# matches it: case-insensitively).
TARGET = {"list": ("GET", r"^/api/tickets$"),
          "detail": ("GET", r"^/api/tickets/%d$" % TICKET),
          "edit": ("POST", r"^/api/tickets$"),
          "note": ("POST", r"^/api/actions$")}

# What halotui says of a change, by the outcome it knows of.
APPLIED = "applied"            # "saved ticket 7 (applied)"
UNREADABLE = "unreadable"      # applied, "the server's answer could not be read"
NOT_APPLIED = "not applied"    # "unsent, not saved (draft kept)"
MAYBE = "maybe"                # "sent, answer unknown (may have been applied)"

# The outcome halotui must report for a POST under each fault.  A 4xx
# (429 included) is a refusal: not applied.  A 5xx other than a 503 with
# Retry-After came after the request went out, and so did a connection
# that broke (drop, drop applied, a stall past the 1 s timeout): the
# server may have applied it, and halotui cannot tell a drop before the
# server applied it from one after.  A 2xx whose body cannot be read
# (malformed, cut short, too large to keep) was applied.
def expected(spec):
    if spec["fault"] == "status":
        return NOT_APPLIED if spec["status"] < 500 or spec["status"] == 503 \
            and spec.get("retry_after") is not None else MAYBE
    return {"drop": MAYBE, "stall": MAYBE, "truncate": UNREADABLE,
            "malformed": UNREADABLE, "huge": UNREADABLE}[spec["fault"]]


def need_tools():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


class Watched(Tmux):
    """A Tmux that keeps every screen it has waited for, so that each one
    can be searched for a secret or a token."""

    def __init__(self, *args, **kw):
        self.seen = []
        super().__init__(*args, **kw)

    def _wait_screen(self, *args, **kw):
        screen = super()._wait_screen(*args, **kw)
        self.seen.append(screen)
        return screen


def answered(events):
    """Every request halotui has made so far has had its answer applied:
    its last one, not a retry's countdown (applied with no response)."""
    asked = {e.field("id") for e in events if e.name == "request"}
    responded, done = set(), set()
    for e in events:
        if e.name == "response":
            responded.add(e.field("id"))
        elif e.name == "applied" and e.field("id") in responded:
            done.add(e.field("id"))
    return asked <= done


def requested_and_answered(t, start, words, what):
    """Waits until a request whose trace detail holds words was made after
    the first start events of the trace and its own answer was applied;
    returns the settled screen.  Not an idle one: after a 429 the requests
    that follow may be held for minutes (the rate budget learns the
    server's limit down), and what the cell looks at is that answer."""
    def done(events):
        ids = [e.field("id") for e in events[start:]
               if e.name == "request" and words in e.detail]
        return ids and answered([e for e in events if e.field("id") == ids[0]])
    t.wait_trace(done, timeout=30, what=what)
    return t.settled(timeout=30, idle=False)


def status_line(screen):
    lines = [l for l in screen.rstrip("\n").split("\n")]
    return lines[-1] if lines else ""


def posts(emu, path):
    return [r for r in emu.api_requests()
            if r["method"] == "POST" and r["path"].lower() == path.lower()]


def on_server(emu, op, text):
    """How many times the server has the change that holds text: the
    ticket's summary (edit) or a note on the ticket (note)."""
    if op == "edit":
        st, rec = emu.api("GET", "Tickets/%d" % TICKET)
        assert st == 200, rec
        return 1 if rec.get("summary") == text else 0
    st, data = emu.api("GET", "Actions", params={"ticket_id": TICKET,
                                                  "includehtmlnote": "true"})
    assert st == 200, data
    acts = data.get("actions", []) if isinstance(data, dict) else data
    return sum(1 for a in acts if text in (a.get("note_html") or a.get("note") or ""))


def draft_files(env):
    """{name: {header: value, "body": text}} of the drafts on disk."""
    out = {}
    d = os.path.join(env["XDG_STATE_HOME"], "halotui", "drafts")
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if not name.endswith(".draft"):
            continue
        try:
            text = open(os.path.join(d, name), encoding="utf-8").read()
        except FileNotFoundError:
            continue
        head, _, body = text.partition("\nbody:\n")
        fields = dict(l.split(": ", 1) for l in head.splitlines()[1:] if ": " in l)
        fields["body"] = body
        out[name] = fields
    return out


def outcome_of(screen, title):
    """The outcomes the screen reports for the change titled title (there
    must be exactly one)."""
    found = set()
    if re.search(r"saved %s \(applied\)" % re.escape(title), screen):
        found.add(APPLIED)
    if re.search(r"saved %s \(applied; the server's answer could not be read"
                 % re.escape(title), screen):
        found.add(UNREADABLE)
    if "unsent, not saved (draft kept)" in screen:
        found.add(NOT_APPLIED)
    if "%s: sent, answer unknown (may have been applied); draft kept" % title \
            in screen:
        found.add(MAYBE)
    return found


# ---- the steps of a cell ---------------------------------------------------

def ready(t):
    """The list is shown and every request made at start is answered."""
    t.wait_for("row 1 of %d" % TICKETS, timeout=20)
    t.wait_trace(answered, timeout=20, what="every request answered")
    return t.sync()


def open_ticket(t):
    t.keys(":")
    t.type("ticket %d" % TICKET)
    t.keys("Enter")


def below_header(lines):
    """The line under the list's column header (below the title and the
    queue tabs): the first row, or the list's message."""
    at = next((i for i, l in enumerate(lines) if l.startswith("ID ")), None)
    return lines[at + 1] if at is not None and at + 1 < len(lines) else ""


def list_cell(t, bad):
    screen = requested_and_answered(t, 0, "list tickets page=1", "the first page")
    lines = screen.splitlines()
    if "row 1 of %d" % TICKETS in status_line(screen):
        if not below_header(lines).startswith("%d " % TICKETS):
            bad.append("the list says it has rows but shows none")
        return
    body = below_header(lines).strip()
    if len(body) < 30 or body.endswith("loading\u2026"):
        bad.append("no message a person can act on in the list: %r" % body)
    if "loading\u2026" in status_line(screen):
        bad.append("the first page failed, but the status line says loading")


def detail_cell(t, emu, spec, bad):
    ready(t)
    emu.fault(method="GET", path=TARGET["detail"][1], count=1, **spec)
    start = len(t.trace())
    open_ticket(t)
    screen = requested_and_answered(t, start, "get tickets", "the ticket read")
    if re.search(r"^ Ticket %d: " % TICKET, screen, re.M):
        return
    msg = re.search(r"ticket %d: (.*)$" % TICKET, status_line(screen))
    if not msg or len(msg.group(1).strip()) < 30:
        bad.append("no message a person can act on: %r" % status_line(screen))


def change_cell(t, emu, name, spec, op, n, bad):
    """Saves a field in the edit form (edit) or sends a note (note) with
    its POST faulted; checks what the server got against what halotui
    says and keeps."""
    method, path = TARGET[op]
    ready(t)
    open_ticket(t)
    t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
    text = "matrix %s %d" % (op, n)
    if op == "edit":
        title = "ticket %d" % TICKET
        t.keys("e")
        t.wait_for("Edit ticket %d" % TICKET)
        # The form reads the ticket again: its answer is in before a key.
        t.wait_trace(answered, what="the form's record")
        t.keys("j", "j", "Enter", "C-u")
        t.type(text)
        t.keys("Enter")
        t.wait_for("* Summary")
        url = "/api/Tickets"
    else:
        title = "note on ticket %d" % TICKET
        t.keys("n")
        t.wait_for("Add note on ticket %d" % TICKET)
        t.keys("Enter")
        t.type(text)
        t.keys("Enter")
        t.sync()
        url = "/api/Actions"
    emu.fault(method=method, path=path, count=1, **spec)
    start = len(t.trace())
    t.keys("C-s")
    screen = requested_and_answered(t, start, "post", "the change sent and answered")

    # A status fault answers without applying, and so does a drop
    # without apply; everything else that reached the server applied it.
    # Only a 429 (not applied) may be sent again.
    sent = posts(emu, url)
    applied = max(0, len(sent) - refused_by_server(spec))
    if applied > 1:
        bad.append("applied %d times" % applied)
    if len(sent) > (2 if spec.get("status") == 429 else 1):
        bad.append("sent %d times after a %s" % (len(sent), name))
    if not sent:
        bad.append("never sent")
    kept = on_server(emu, op, text)
    if kept > 1:
        bad.append("the server has it %d times" % kept)

    said = outcome_of(screen, title)
    want = expected(spec)
    if spec.get("status") == 429 and len(sent) == 2:
        want = APPLIED      # refused, so not applied, then sent again
    if len(said) != 1:
        bad.append("says %s: %r" % (" and ".join(sorted(said)) or "nothing",
                                    status_line(screen)))
    elif said != {want}:
        bad.append("says %s, not %s: %r" % (said.pop(), want, status_line(screen)))
    if want == APPLIED and kept != 1:
        bad.append("says applied, but the server does not have it")

    # What the screen says matches the form and the draft on disk.
    drafts = [d for d in draft_files(t.env_used).values() if text in d["body"]]
    form_open = ("Edit ticket %d" % TICKET if op == "edit" else
                 "Add note on ticket %d" % TICKET) in screen
    if want in (APPLIED, UNREADABLE):
        if drafts:
            bad.append("applied, but its draft is still kept")
        if form_open:
            bad.append("applied, but the form is still open")
    else:
        state = "unsent" if want == NOT_APPLIED else "unknown"
        if [d["state"] for d in drafts] != [state]:
            bad.append("the text is not kept as one %r draft: %r" % (
                state, [d["state"] for d in drafts]))
        if not form_open or text not in screen:
            bad.append("the form with the text is gone")


def net_cell(t, op, bad):
    """base_url cannot be reached: the list says why.  For detail the
    ticket is opened too and must say why; the edit and note forms need a
    ticket read from the server, so those cells check the list's
    message only."""
    screen = requested_and_answered(t, 0, "list tickets page=1", "the first page")
    lines = screen.splitlines()
    body = below_header(lines).strip()
    if len(body) < 30 or "base_url" not in body:
        bad.append("no message a person can act on in the list: %r" % body)
    if "loading\u2026" in status_line(screen):
        bad.append("the first page failed, but the status line says loading")
    if op == "detail":
        start = len(t.trace())
        open_ticket(t)
        screen = requested_and_answered(t, start, "get tickets", "the ticket read")
        msg = re.search(r"ticket %d: (.*)$" % TICKET, status_line(screen))
        if not msg or len(msg.group(1).strip()) < 30:
            bad.append("no message a person can act on for the ticket: %r"
                       % status_line(screen))


def key_done(t):
    """After a key: "quit" when halotui ended on it, else the settled
    screen drawn after it."""
    def done(events):
        if any(e.name == "quit" for e in events):
            return "quit"
        keys = [i for i, e in enumerate(events) if e.name == "key"]
        return len(keys) >= t.keys_sent and any(
            e.name == "frame" for e in events[keys[-1] + 1:]) and "frame"
    if t.wait_trace(done, what="the key handled") == "quit":
        return None
    return t.sync()


def quit_cleanly(t, bad):
    """Q quits; a form with a kept draft asks first, and its draft is
    discarded (what it holds was checked before)."""
    if os.path.exists(t.status_file):
        bad.append("ended before it was quit: status %d" % t.exit_status())
        return
    for _ in range(3):
        t.keys("Q")
        screen = key_done(t)
        if screen is None:
            break
        if "unsaved changes" in screen:
            t.type("Discard")
            t.keys("Enter")
            t.wait_for("unsaved changes", absent=True)
    rc = t.exit_status()
    if rc != 0:
        bad.append("exit status %d after Q%s" % (
            rc, " (a signal)" if rc > 128 else ""))


def cell(emu, name, spec, op, n):
    """Runs one cell in a fresh halotui; returns what went wrong (empty:
    ok) and the last screen."""
    bad = []
    emu.clear_faults()
    emu.clear_requests()
    unreachable = unreachable_url(spec)
    # The request timeout is 1 s, scaled for slow builds; a stall is
    # stretched with it, so that it still outlasts the timeout.
    timeout = max(1, int(round(halotest.scaled(1))))
    if isinstance(spec, dict) and spec["fault"] == "stall":
        spec = dict(spec, stall_ms=spec["stall_ms"] * timeout)
    env = env_for(emu, unreachable, timeout)
    env["HALOTUI_TRACE"] = os.path.join(env["HOME"], "trace.log")
    if not unreachable and op == "list":
        method, path = TARGET[op]
        emu.fault(method=method, path=path, count=1, **spec)
    t = Watched([halotest.HALOTUI], env=env, cols=120, rows=40)
    t.env_used = env
    last = ""
    with t:
        try:
            if unreachable:
                net_cell(t, op, bad)
            elif op == "list":
                list_cell(t, bad)
            elif op == "detail":
                detail_cell(t, emu, spec, bad)
            else:
                change_cell(t, emu, name, spec, op, n, bad)
        except TmuxError as e:
            bad.append("stuck: %s" % e)
        last = t.screen()
        if not any("stuck" in b for b in bad):
            quit_cleanly(t, bad)
        elif os.path.exists(t.status_file):
            bad.append("ended: status %d" % t.exit_status())
        tokens = emu.issued_tokens()
        for screen in t.seen + [last]:
            if emu.client_secret in screen:
                bad.append("the secret was shown")
                break
            if any(tok[:12] in screen for tok in tokens):
                bad.append("a token was shown")
                break
    return bad, last


def test_fault_matrix_tui():
    need_tools()
    results, failures, took = {}, [], {}
    with Emulator(tickets=TICKETS) as emu:
        emu.configure(rate_limit=0, latency_ms=0)
        n = 0
        for name, spec in FAULTS:
            for op in OPS:
                n += 1
                began = time.monotonic()
                bad, last = cell(emu, name, spec, op, n)
                results[(name, op)] = "ok" if not bad else "FAIL"
                took[(name, op)] = time.monotonic() - began
                if bad:
                    failures.append("%s x %s: %s; last screen:\n%s" % (
                        name, op, "; ".join(bad), last.rstrip()))
    halotest.diag(*matrix_lines(results, OPS))
    slowest = max(took, key=took.get)
    halotest.diag("%.1f s in all; slowest cell %s x %s, %.1f s" % (
        sum(took.values()), slowest[0], slowest[1], took[slowest]))
    assert not failures, "\n".join(failures)


if __name__ == "__main__":
    halotest.main(globals())
