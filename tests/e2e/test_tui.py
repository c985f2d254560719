#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""halotui's TUI end to end, as a user would use it: the real binary in
tmux against the emulator, asserting on the captured screen and on the
requests the emulator recorded."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip  # noqa: E402
from tmuxdriver import TMUX, Tmux  # noqa: E402

SRCDIR = os.environ.get("HALOTUI_SRCDIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def need_tools():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


def traced_env(env):
    """env with HALOTUI_TRACE set (to a file in its HOME) unless it is."""
    env.setdefault("HALOTUI_TRACE", os.path.join(env["HOME"], "trace.log"))
    return env


def start(emu, cols=120, rows=40, **env):
    """halotui in tmux against emu, tracing (the driver's waits use the
    trace to know that every key was read and drawn)."""
    return start_env(emu.env(**env), cols=cols, rows=rows)


def start_env(env, cols=120, rows=40, args=()):
    """halotui (with args) in tmux in env (an emulator's, a profile's),
    tracing; t.env_used is the environment it runs in."""
    need_tools()
    e = traced_env(dict(env))
    t = Tmux([halotest.HALOTUI] + list(args), env=e, cols=cols, rows=rows)
    t.env_used = e
    return t


def status_line(screen):
    """The screen's last line."""
    return screen.rstrip("\n").split("\n")[-1]


def answered(events):
    """Every request halotui has made so far was answered and applied."""
    asked = {e.field("id") for e in events if e.name == "request"}
    done = {e.field("id") for e in events if e.name == "applied"}
    return asked <= done


def ready(t, text):
    """text is on the screen and every request made at start (the first
    page, its prefetch and the lookup lists) has been answered, so names
    are known and a picker opens at once."""
    t.wait_for(text)
    t.wait_trace(answered, what="every request answered")
    return t.sync()


def wait_picker(t, title):
    """The picker titled title is open (its frame reads "title (N)")."""
    pat = re.compile(r"\u2500 %s \(\d+\) \u2500" % re.escape(title))
    return t.wait_for(lambda s: pat.search(s))


def row_of(screen):
    """(row, total) from the status line's "row N of M", or None."""
    m = re.search(r"row (\d+) of (\d+)", screen.rstrip("\n").split("\n")[-1])
    return (int(m.group(1)), int(m.group(2))) if m else None


def served_count(emu, params):
    """How many tickets the emulator serves for a list request's params."""
    q = {k: v[0] for k, v in params.items() if k not in ("page_no", "page_size")}
    q.update(pageinate="true", page_size="1", page_no="1")
    st, data = emu.api("GET", "Tickets", params=q)
    assert st == 200, data
    return data["record_count"]


def is_count(r):
    """A view tab's count: a one-row page asked for its record_count."""
    return r["params"].get("page_size") == ["1"]


def ticket_pages(emu):
    """page_no of every GET /api/Tickets list request, in order (the view
    tabs' counts left out)."""
    pages = []
    for r in emu.api_requests():
        if r["method"] == "GET" and r["path"].lower().rstrip("/") == "/api/tickets" \
                and not is_count(r):
            pages.append(int(r["params"].get("page_no", ["0"])[0]))
    return pages


def posts(emu, path):
    return [r for r in emu.api_requests()
            if r["method"] == "POST" and r["path"].lower() == path.lower()]


wait_until = halotest.wait_until   # scaled, polling; no fixed sleeps


def list_shown(screen):
    """The list is on screen (not just its status line under a detail):
    the view tabs, then its header."""
    lines = screen.splitlines()
    return len(lines) > 3 and lines[2].startswith("ID ")


def status_id(emu, name):
    st, statuses = emu.api("GET", "Status")
    assert st == 200, statuses
    for s in statuses:
        if s.get("name") == name:
            return s["id"]
    raise AssertionError("no status %s" % name)


def test_first_rows_appear():
    with Emulator(tickets=1000) as emu:
        trace = os.path.join(emu.env()["HOME"], "trace.log")
        with start(emu, HALOTUI_TRACE=trace) as t:
            screen = t.wait_for("row 1 of 1000")
            lines = screen.splitlines()
            assert "My tickets" in lines[1] and "All open" in lines[1], screen
            assert "ID" in lines[2] and "Summary" in lines[2], screen
            assert lines[3].startswith("1000 "), screen
            # Lookups give names, not ids, in the Status column (they may
            # land just after the first rows).
            t.wait_for(lambda s: not re.search(r"^\d+\s+#\d", s.splitlines()[3]))
            for i in range(2, 22):   # one key at a time: one latency each
                t.keys("j")
                t.wait_for("row %d of 1000" % i)
            t.keys("q")
            assert t.exit_status() == 0
        events = [l.split() for l in open(trace) if l.strip()]
        names = [e[2] for e in events]
        for ev in ("start", "first-frame", "first-rows", "request", "response",
                   "applied", "frame", "key", "quit"):
            assert ev in names, (ev, names)
        # What HALOTUI_TRACE is for: time to first row, keystroke latency.
        when = {}
        for e in events:
            when.setdefault(e[2], float(e[0]))
        first_row = when["first-rows"] - when["start"]
        latencies = []
        for i, e in enumerate(events):
            if e[2] == "key":
                nxt = next((f for f in events[i + 1:] if f[2] == "frame"), None)
                if nxt:  # the last key (q) quits: no frame follows
                    latencies.append(float(nxt[0]) - float(e[0]))
        latencies.sort()
        halotest.diag("time to first row: %.1f ms" % first_row,
                      "keystroke to frame: median %.2f ms, max %.2f ms over %d keys"
                      % (latencies[len(latencies) // 2], latencies[-1], len(latencies)))
        assert first_row < halotest.scaled(5) * 1000, first_row
        assert latencies[-1] < halotest.scaled(0.2) * 1000, latencies


def test_scrolling_fetches_each_page_once():
    with Emulator(tickets=1000) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 1000")
            row = 1
            while row < 1000:       # a page at a time, each one drawn
                t.keys("PageDown")
                row = t.wait_for(lambda s: row_of(s) and row_of(s)[0] > row)
                row = row_of(row)[0]
            t.wait_for(lambda s: s.splitlines()[-2].startswith("1 "))
            t.wait_trace(answered, what="every page answered")
            pages = ticket_pages(emu)
            assert sorted(pages) == list(range(1, 21)), pages
            t.keys("q")
            assert t.exit_status() == 0


def test_last_then_first():
    with Emulator(tickets=1000) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 1000")        # page 2's prefetch is answered too
            assert 2 in ticket_pages(emu), ticket_pages(emu)
            emu.clear_requests()
            t.keys("G")
            screen = t.wait_for("row 1000 of 1000")
            t.wait_for(lambda s: any(l.startswith("1 ") for l in s.splitlines()))
            assert ticket_pages(emu) == [20], ticket_pages(emu)
            t.keys("g")
            t.wait_for("row 1 of 1000")
            t.wait_for(lambda s: s.splitlines()[3].startswith("1000 "))
            assert all(p in (1, 20) for p in ticket_pages(emu)), ticket_pages(emu)


def test_search():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 300")
            t.keys("/")
            t.wait_for("search tickets:")
            t.type("VPN")
            t.keys("Enter")
            screen = t.wait_for("/VPN")
            req = wait_until(lambda: [r for r in emu.api_requests()
                                      if r["params"].get("search") == ["VPN"]],
                             what="search request")[0]
            n = served_count(emu, req["params"])
            assert 0 < n < 300, n
            # The list as searched, not the one before it.
            screen = t.wait_for("row 1 of %d" % n)
            assert "VPN" in screen.splitlines()[3], screen


def test_filter_status_and_open():
    with Emulator(tickets=300) as emu:
        closed = status_id(emu, "Closed")
        with start(emu) as t:
            # The status filter offers the status list: it must have arrived
            # (a filter chosen before it did is dropped with "try again").
            ready(t, "row 1 of 300")
            t.keys("f")
            wait_picker(t, "filter")
            t.type("status")
            t.keys("Enter")
            wait_picker(t, "status")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("status=Closed")
            req = wait_until(lambda: [r for r in emu.api_requests()
                                      if r["params"].get("status_id") == [str(closed)]],
                             what="filter request")[0]
            n = served_count(emu, req["params"])
            assert 0 < n < 300, n
            screen = t.wait_for("row 1 of %d" % n)   # not the unfiltered list
            rows = [l for l in screen.splitlines()[3:-1] if re.match(r"^\d+ ", l)]
            assert rows and all("Closed" in l for l in rows), screen
            # Combined with "open only".
            t.keys("f")
            wait_picker(t, "filter")
            t.type("open")
            t.keys("Enter")
            wait_until(lambda: any(r["params"].get("open_only") == ["true"] and
                                   r["params"].get("status_id") == [str(closed)]
                                   for r in emu.api_requests()), what="combined filter")


def test_detail_with_html_and_notes():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 300")
            t.keys("Enter")
            screen = t.wait_for("Notes (")
            screen = t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            assert "Ticket 300:" in screen, screen
            assert "<p>" not in screen and "&amp;" not in screen, screen
            t.keys("G")
            screen = t.wait_for(lambda s: "\u2500\u2500 " in s and  # a note header
                                re.search(r"100%\s*$", s.splitlines()[-2]))  # at the end
            reqs = emu.api_requests()
            full = [r for r in reqs if r["path"] == "/api/Tickets/300"]
            assert full and all(r["params"].get("includedetails") == ["true"]
                                for r in full), full
            acts = [r for r in reqs if r["path"].lower() == "/api/actions"]
            assert len(acts) == 1 and acts[0]["params"]["ticket_id"] == ["300"]
            # The notes scroll.
            t.keys("g")
            t.wait_for(lambda s: "Ticket 300:" in s.splitlines()[1])
            for _ in range(3):
                t.keys("j")
            t.wait_for(lambda s: "Ticket 300:" not in s.splitlines()[1])
            t.keys("q")
            t.wait_for(list_shown)


def test_edit_status_and_summary_one_post():
    with Emulator(tickets=300) as emu:
        closed = status_id(emu, "Closed")
        with start(emu) as t:
            ready(t, "row 1 of 300")      # the form's status picker needs the list
            t.keys("Enter")
            t.wait_for("Ticket 300:")
            t.keys("e")
            t.wait_for("Edit ticket 300")
            t.keys("j", "j", "Enter", "C-u")
            t.type("Printer replaced")
            t.keys("Enter")
            t.wait_for("* Summary")
            t.keys("k", "k", "Enter")
            wait_picker(t, "Status")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("* Status")
            t.keys("C-s")
            t.wait_for("saved ticket 300")
            p = posts(emu, "/api/Tickets")
            assert len(p) == 1, p
            assert json.loads(p[0]["body"]) == [
                {"id": 300, "status_id": closed, "summary": "Printer replaced"}], p[0]["body"]
            # The list shows the saved copy.
            t.keys("q")
            screen = t.wait_for(list_shown)
            assert "Printer replaced" in screen.splitlines()[3], screen
            # Nothing changed: nothing sent.
            t.keys("Enter")
            t.wait_for("Ticket 300:")
            t.keys("e")
            t.wait_for("Edit ticket 300")
            t.keys("C-s")
            t.wait_for("nothing changed")
            assert len(posts(emu, "/api/Tickets")) == 1


def test_private_note():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("n")
            t.wait_for("Add note on ticket 300")
            t.keys("Enter")
            t.type("Swapped the toner; all good")
            t.keys("Enter", "C-s")
            t.wait_for("saved note on ticket 300")
            p = posts(emu, "/api/Actions")
            assert len(p) == 1, p
            body = json.loads(p[0]["body"])
            assert isinstance(body, list) and len(body) == 1
            assert body[0]["ticket_id"] == 300
            assert body[0]["hiddenfromuser"] is True
            assert body[0]["outcome_id"] == 7   # the private note (HALO_API.md F16)
            assert "Swapped the toner; all good" in body[0]["note_html"]
            assert "id" not in body[0]
            # The notes are read again (after the POST's answer) and show
            # it, last, marked private.
            def notes_reread(events):
                post = [i for i, e in enumerate(events)
                        if e.name == "request" and "post actions" in e.detail]
                again = [e.field("id") for e in events[post[0]:]
                         if e.name == "request" and "list actions" in e.detail] \
                    if post else []
                return again and answered([e for e in events
                                           if e.field("id") in again])
            t.wait_trace(notes_reread, what="the notes read again")
            t.keys("G")
            screen = t.wait_for("Swapped the toner")
            assert "[private]" in screen, screen
            drafts = os.path.join(t.env_used["XDG_STATE_HOME"], "halotui", "drafts")
            assert not os.path.isdir(drafts) or not os.listdir(drafts)


def create_ticket(t, summary, client):
    """c, then the summary and the client's id typed into the create form
    (Status and Priority come first), sent: waits until it was created."""
    t.keys("c")
    t.wait_for("Create new ticket")
    t.keys("j", "j", "Enter")       # Summary (after Status, Priority)
    t.type(summary)
    t.keys("Enter", "j", "Enter")   # Client
    t.wait_for("name or id:")
    t.type(str(client))
    t.keys("Enter", "C-s")
    t.wait_for("created new ticket")


def test_new_ticket():
    with Emulator(tickets=50) as emu:
        st, clients = emu.api("GET", "Client", params={"pageinate": "true", "page_size": 1})
        client = clients["clients"][0]
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            create_ticket(t, "Laptop fan noisy", client["id"])
            p = posts(emu, "/api/Tickets")
            assert len(p) == 1, p
            body = json.loads(p[0]["body"])
            assert body == [{"summary": "Laptop fan noisy", "client_id": client["id"]}], body
            t.wait_for("Laptop fan noisy")


def test_triage_from_the_list():
    with Emulator(tickets=50) as emu:
        st, me = emu.api("GET", "Agent/me")
        st, prios = emu.api("GET", "Priority")
        # Priorities are per SLA (HALO_API.md F1): the picker offers ticket
        # 49's SLA's names, and priority 2 is "P2 Next Day" under SLA 2.
        st, t49 = emu.api("GET", "Tickets/49")
        high = 2
        high_name = next(p["name"] for p in prios
                         if p["slaid"] == t49["sla_id"] and p["priorityid"] == high)
        emu.clear_requests()
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("a")
            t.wait_for("saved ticket 50: assigned to me")
            t.keys("j", "P")
            # The picker itself ("Critical" may be in the list's rows), open
            # at once or when the priority list arrives.
            wait_picker(t, "Priority")
            t.type(high_name)
            t.keys("Enter")
            t.wait_for("saved ticket 49")
            p = posts(emu, "/api/Tickets")
            assert [json.loads(x["body"]) for x in p] == [
                [{"id": 50, "agent_id": me["id"]}],
                [{"id": 49, "priority_id": high}]], p
            assert sum(1 for r in emu.api_requests()
                       if r["path"].lower() == "/api/agent/me") == 1
            # The list shows the saved copies.
            screen = t.wait_for(lambda s: me["name"][:7] in s.splitlines()[3])
            # Me is asked once per session.
            t.keys("a")
            t.wait_for("saved ticket 49: assigned to me")
            assert sum(1 for r in emu.api_requests()
                       if r["path"].lower() == "/api/agent/me") == 1


def test_server_400_keeps_form_and_draft():
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Tickets", fault="status", status=400,
                  body=json.dumps({"[0].summary": ["Summary may not say that."]}))
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("e")
            t.wait_for("Edit ticket 50")
            t.keys("j", "j", "Enter", "C-u")
            t.type("Forbidden words")
            t.keys("Enter", "C-s")
            screen = t.wait_for("may not say that")
            assert "Edit ticket 50" in screen, screen
            assert "not saved (draft kept)" in screen, screen
            drafts = os.path.join(t.env_used["XDG_STATE_HOME"], "halotui", "drafts")
            files = os.listdir(drafts)
            assert len(files) == 1, files
            path = os.path.join(drafts, files[0])
            assert os.stat(path).st_mode & 0o777 == 0o600
            assert "Forbidden words" in open(path).read()
            # Submitting again works and removes the draft.
            t.keys("C-s")
            t.wait_for("saved ticket 50")
            assert os.listdir(drafts) == []
            assert len(posts(emu, "/api/Tickets")) == 2


def test_triage_key_waits_for_its_list():
    """S before the status list has arrived: the picker opens by itself
    when it does, without a second key."""
    with Emulator(tickets=50) as emu:
        emu.fault(method="GET", path="/api/Status$", fault="stall",
                  stall_ms=int(halotest.scaled(1.5) * 1000), count=1)
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("S")
            t.wait_for("loading the status list")
            wait_picker(t, "Status")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("saved ticket 50")
            body = json.loads(posts(emu, "/api/Tickets")[0]["body"])
            assert body == [{"id": 50, "status_id": status_id(emu, "Closed")}], body


def test_filter_key_waits_for_its_list():
    """A filter on status chosen before the status list has arrived: the
    picker of statuses opens by itself when it does."""
    with Emulator(tickets=50) as emu:
        closed = status_id(emu, "Closed")
        emu.fault(method="GET", path="/api/Status$", fault="stall",
                  stall_ms=1500, count=1)
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("f")
            t.wait_for("(clear all filters)")
            t.type("status")
            t.keys("Enter")
            t.wait_for("loading the status list")
            t.wait_for("Waiting on User", timeout=10)
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("status=Closed")
            wait_until(lambda: any(r["params"].get("status_id") == [str(closed)]
                                   for r in emu.api_requests()), what="filter request")


def test_unsent_draft_offered_at_start():
    with Emulator(tickets=50) as emu:
        # Refused, so surely not applied (a dropped connection may have
        # been: see test_applied_then_dropped_is_sent_answer_unknown).
        emu.fault(method="POST", path="/api/Tickets", fault="status", status=409)
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("S")
            wait_picker(t, "Status")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("not saved (draft kept)", timeout=30)
            t.keys("q")
            assert t.exit_status() == 0
            env = t.env_used
        emu.clear_faults()
        t2 = Tmux([halotest.HALOTUI], env=env, cols=120, rows=40)
        with t2:
            t2.wait_for("unsent draft from")
            t2.wait_for("ticket 50")
            t2.type("Send")
            t2.keys("Enter")
            t2.wait_for("saved ticket 50")
            drafts = os.path.join(env["XDG_STATE_HOME"], "halotui", "drafts")
            assert os.listdir(drafts) == []


def test_resize_mid_fetch():
    with Emulator("--latency-ms", "1200", tickets=300) as emu:
        with start(emu) as t:
            # Mid-fetch: drawn, and the first page asked for, not answered
            # (that takes three answers: discovery, token, page).
            t.wait_trace(lambda ev: any(e.name == "first-frame" for e in ev) and
                         any(e.name == "request" and "list tickets page=1" in e.detail
                             for e in ev), what="the first page asked for")
            t.resize(80, 24)
            assert not any(e.name == "response" for e in t.trace()), t.trace()
            screen = t.wait_for("row 1 of 300", timeout=15)
            lines = screen.splitlines()
            assert len(lines) <= 24 and all(len(l) <= 80 for l in lines), screen
            assert lines[2].startswith("ID") and lines[3].startswith("300 "), screen
            t.resize(150, 30)
            t.keys("Enter")
            screen = t.wait_for("Ticket 300:", timeout=15)
            # Wide enough: the detail sits beside the list.
            assert "\u2502" in screen.splitlines()[5] and "300 " in screen, screen
            t.resize(100, 30)
            screen = t.wait_for(lambda s: "Ticket 300:" in s and "row 1 of 300" in s)


def key_frames(events, name):
    """(key event, the first frame after it) for every key called name."""
    out = []
    for i, e in enumerate(events):
        if e.name == "key" and e.detail.split()[0] == name:
            f = next((f for f in events[i + 1:] if f.name == "frame"), None)
            out.append((e, f))
    return out


def test_keys_respond_while_server_is_slow():
    with Emulator("--latency-ms", "2000", tickets=300) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 300", timeout=20)
            # From here on each answer takes 2 s, scaled for slow builds.
            emu.configure(latency_ms=int(halotest.scaled(2) * 1000))
            t.keys("Enter")           # a GET and the notes go out
            t.keys("?")
            t.wait_for("halotui help")
            # The help was drawn while the detail's requests were out: the
            # key did not wait for the network.
            ev = t.trace()
            opened = next(i for i, e in enumerate(ev)
                          if e.name == "pane" and e.detail == "open help")
            asked = [e.field("id") for e in ev[:opened] if e.name == "request"
                     and e.detail.split()[1] in ("get", "list")
                     and ("tickets page=0" in e.detail or "actions" in e.detail)]
            assert len(asked) == 2, ev
            drawn = next(e for e in ev[opened:] if e.name == "frame")
            assert not any(e.name == "applied" and e.field("id") in asked
                           and e.ms < drawn.ms for e in ev), ev
            t.keys("q", "q")
            t.wait_for(list_shown)
            t.keys("j")
            t.wait_for("row 2 of 300")
            t.keys("k")
            t.wait_for("row 1 of 300")
            # Each key was drawn quickly (measured inside halotui).
            for name in ("j", "k"):
                (key, frame), = key_frames(t.trace(), name)
                assert frame.ms - key.ms < halotest.scaled(0.5) * 1000, (key, frame)


def test_escape_sequences_are_inert():
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            before = t.title()
            t.keys(":")
            t.type("ticket 13")
            t.keys("Enter")
            screen = t.wait_for("Ticket 13:")
            # Everything the server sent for it is on the screen.
            t.wait_trace(answered, what="every request answered")
            t.settled()
            assert "pwned" not in t.title(), t.title()
            assert t.title() == before
            assert "\x1b" not in t.screen_escapes().replace("\x1b[", "")  # only SGR
            assert screen.splitlines()[0].startswith(" halotui"), screen
            t.keys("q", "G")
            screen = t.wait_for("row 50 of 50")
            assert "pwned" not in t.title()


def test_clients_assets_and_lookups():
    with Emulator(tickets=50) as emu:
        st, assets = emu.api("GET", "Asset", params={"pageinate": "true", "page_size": 1})
        tag = assets["assets"][0]["inventory_number"]
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("2")
            screen = t.wait_for(lambda s: re.search(r"^ clients\s+row 1 of \d+",
                                                    s.splitlines()[-1]))
            assert "Name" in screen.splitlines()[2]
            t.keys("3")
            screen = t.wait_for(lambda s: re.search(r"^ assets\s+row 1 of \d+",
                                                    s.splitlines()[-1]))
            assert "Tag" in screen.splitlines()[2]
            t.keys(":")
            t.type("client M\u00fcller")
            t.keys("Enter")
            t.wait_for(" Client 4: M\u00fcller & S\u00f6hne")
            # From the client to its tickets.
            t.keys("T")
            screen = t.wait_for("tickets of client")
            t.keys(":")
            t.type("asset " + tag)
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"^ Asset \d+:", s, re.M))
            t.keys(":")
            t.type("ticket 7")
            t.keys("Enter")
            t.wait_for("Ticket 7:")
            t.keys("C")          # its client
            t.wait_for(lambda s: re.search(r"^ Client \d+:", s.splitlines()[1]))


HELP_FOOTER = "k up \u00b7 q closes"


def help_lines(screen):
    """The help overlay's text lines (inside its frame), or None."""
    lines = screen.splitlines()
    top = next((i for i, l in enumerate(lines) if " halotui help " in l), None)
    bottom = next((i for i, l in enumerate(lines) if HELP_FOOTER in l), None)
    if top is None or bottom is None or bottom <= top:
        return None
    return [re.sub(r"^.*?\u2502(.*)\u2502.*$", r"\1", l).rstrip()
            for l in lines[top + 1:bottom]]


def test_help_lists_every_action():
    actions = re.findall(r'^ACTION\(\s*\w+,\s*"([^"]+)"',
                         open(os.path.join(SRCDIR, "ui", "core", "actions.def")).read(), re.M)
    commands = re.findall(r'^\s*X\(\s*\w+,\s*"([^"]+)"',
                          open(os.path.join(SRCDIR, "ui", "panes", "commands.h")).read(), re.M)
    assert len(actions) > 20 and len(commands) > 5
    with Emulator(tickets=20) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 20")
            t.keys("?")
            # The help is longer than the window: read it a page at a time,
            # each page whole (between its title and its footer) and drawn
            # after its key, until the last command is on it.
            page = help_lines(t.wait_for(help_lines))
            seen = list(page)
            for _ in range(len(actions) + len(commands)):
                if any(l.lstrip().startswith(":" + commands[-1]) for l in page):
                    break
                t.keys("PageDown")
                prev = page
                page = help_lines(t.wait_for(lambda s: help_lines(s) not in (None, prev)))
                seen += page
            else:
                raise AssertionError("the help never showed :%s" % commands[-1])
            # "  KEYS (18 columns) NAME (15) HELP": the name column.
            names = {l[21:].split()[0] for l in seen if l.startswith("  ")
                     and not re.match(r"  :\w", l) and l[21:].strip()}
            missing = [a for a in actions if a not in names]
            assert not missing, (missing, sorted(names))
            missing = [c for c in commands if not any(
                l.lstrip().startswith(":" + c) for l in seen)]
            assert not missing, missing
            t.keys("Escape")
            t.wait_for("halotui help", absent=True)


def test_q_exits_zero_and_restores_terminal():
    with Emulator(tickets=20) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 20")
            t.keys("Enter")
            t.wait_for("Ticket 20:")
            t.keys("q")
            t.wait_for(list_shown)
            t.keys("q")
            assert t.exit_status() == 0
            # tmux has read everything halotui wrote when the modes are
            # off: alternate screen left, mouse reporting off.
            wait_until(lambda: t.pane_mode().split()[:2] == ["0", "0"],
                       what="alternate screen and mouse reporting off, got %s"
                       % t.pane_mode())


def test_mouse_click_and_wheel():
    with Emulator(tickets=100) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 100")
            t.mouse(0, 5, 7)        # screen row 7 is the list's 5th row
            t.mouse(3, 5, 7)
            t.wait_for("row 5 of 100")
            t.mouse(65, 5, 10)      # the wheel scrolls
            t.wait_for("row 8 of 100")
            t.mouse(64, 5, 10)
            t.wait_for("row 5 of 100")
        env = emu.env()
        write_config(env, "mouse: false\n")
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t:
            t.wait_for("row 1 of 100")
            # No mouse reporting asked of the terminal: clicks stay the
            # terminal's own (selecting text).
            assert t.pane_mode().split()[1] == "0", t.pane_mode()
            t.keys("j")
            t.wait_for("row 2 of 100")


def write_config(env, text):
    d = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config.yaml")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def test_config_keys_views_and_errors():
    with Emulator(tickets=300) as emu:
        closed = status_id(emu, "Closed")
        env = emu.env()
        write_config(env, "keys:\n  move-down: [J, Down]\n  help: F2\n"
                          "views:\n  closed-vpn:\n    resource: tickets\n"
                          "    search: VPN\n    filters: {status: Closed}\n")
        need_tools()
        with Tmux([halotest.HALOTUI], env=traced_env(env), cols=120, rows=40) as t:
            t.wait_for("row 1 of 300")
            t.keys("j")                     # no longer bound
            t.keys("J")
            screen = t.sync()               # both read and drawn
            assert "row 2 of 300" in screen, screen
            t.keys("F2")
            t.wait_for(lambda s: re.search(r"J, Down\s+move-down", s))
            t.keys("Escape", ":")
            t.type("view closed-vpn")
            t.keys("Enter")
            t.wait_for("(view closed-vpn)")
            wait_until(lambda: any(r["params"].get("status_id") == [str(closed)] and
                                   r["params"].get("search") == ["VPN"]
                                   for r in emu.api_requests()), what="saved view request")
            t.keys("7")
            t.wait_for("saved views")
        # An unknown action is an error naming file:line:col, exit status 2.
        path = write_config(env, "keys:\n  quit: q\n  fly-away: x\n")
        r = halotest.run([], env=env)
        assert r.returncode == 2, (r.returncode, r.stderr)
        assert path + ":3:" in r.stderr and "fly-away" in r.stderr, r.stderr
        # An unknown theme too.
        write_config(env, "theme: no-such-theme\n")
        r = halotest.run([], env=env)
        assert r.returncode == 2 and "no-such-theme" in r.stderr, r.stderr


def test_themes_and_no_color():
    with Emulator(tickets=20) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 20")
            assert "38;5;" in t.screen_escapes()        # 256 colours by default
        with start(emu, NO_COLOR="1") as t:
            t.wait_for("row 1 of 20")
            esc = t.screen_escapes()
            # Only attributes and "default colour" (39, 49) codes are left.
            colour = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")
            assert not colour.search(esc), esc[:400]
            assert "\x1b[7m" in esc or "\x1b[1m" in esc  # still visible by attributes
        need_tools()
        with Tmux([halotest.HALOTUI, "--theme", "mono"], env=emu.env(), cols=120,
                  rows=40) as t:
            t.wait_for("row 1 of 20")
            assert "38;5;" not in t.screen_escapes()
        with Tmux([halotest.HALOTUI, "--theme", "solarized-dark"], env=emu.env(),
                  cols=120, rows=40) as t:
            t.wait_for("row 1 of 20")
            assert "48;5;234" in t.screen_escapes()


def test_rate_limit_countdown():
    with Emulator(tickets=50) as emu:
        emu.fault(method="GET", path="/api/Tickets$", fault="status", status=429,
                  retry_after=3, body=json.dumps(
                      {"error": "Rate Limit Reached - 300 Requests per rolling 5 minute window"}))
        with start(emu) as t:
            t.wait_for("rate limited, retrying in", timeout=10)
            t.keys("?")                     # keys still work while waiting
            t.wait_for("halotui help")
            t.keys("Escape")
            t.wait_for("row 1 of 50", timeout=15)
            t.wait_for("retrying in", absent=True, timeout=5)


def test_external_editor_for_long_text():
    with Emulator(tickets=20) as emu:
        env = emu.env()
        script = os.path.join(env["HOME"], "editor.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\nprintf 'First line\\nSecond line\\n' > \"$1\"\n")
        os.chmod(script, 0o755)
        env["EDITOR"] = script
        env.pop("VISUAL", None)
        need_tools()
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t:
            t.wait_for("row 1 of 20")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("n")
            t.wait_for("Add note on ticket 20")
            t.keys("E")
            t.wait_for("* Note")
            t.keys("C-s")
            t.wait_for("saved note on ticket 20")
            body = json.loads(posts(emu, "/api/Actions")[0]["body"])[0]
            assert "First line" in body["note_html"] and "Second line" in body["note_html"]
            assert "<br>" in body["note_html"] or "</p>" in body["note_html"], body


# ---- what people type and paste ------------------------------------------------

def open_ticket(t, tid):
    """The detail of ticket tid, with every request answered."""
    t.keys(":")
    t.type("ticket %d" % tid)
    t.keys("Enter")
    t.wait_for("Ticket %d:" % tid)
    t.wait_trace(answered, what="the ticket and its notes")


def open_edit(t, tid):
    """The edit form of ticket tid, once the full record is in it."""
    t.keys("e")
    t.wait_for("Edit ticket %d" % tid)
    t.wait_for("reading it from the server", absent=True)
    t.wait_trace(answered, what="the full record")
    return t.sync()


def form_row(screen, label):
    """The edit form's line for label."""
    for line in screen.splitlines():
        if re.match(r"^[ *] %s\s" % re.escape(label), line):
            return line
    raise AssertionError("no %s in the form:\n%s" % (label, screen))


def test_paste_into_a_note_keeps_every_line():
    """Pasted lines are text: none of them is a key (a "j" and a line end
    once moved to Private and toggled it, and the note went out public
    with its first line only)."""
    text = "Line one\nj\n\nLine four: M\u00fcller, \u6771\u4eac\n"
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("n")
            t.wait_for("Add note on ticket 300")
            t.keys("Enter")                      # editing the note in place
            t.type("Before: ")
            t.paste(text)
            screen = t.wait_for("(4 lines) Before: Line one j  Line four")
            assert re.search(r"  Private\s+yes", screen), screen
            t.keys("C-s")
            t.wait_for("saved note on ticket 300")
            p = posts(emu, "/api/Actions")
            assert len(p) == 1, p
            body = json.loads(p[0]["body"])[0]
            assert body["hiddenfromuser"] is True, body
            html = body["note_html"]
            for line in ("Before: Line one", "j", "Line four: M\u00fcller, \u6771\u4eac"):
                assert line in html, (line, html)
            assert html.index("Line one") < html.index("j") < html.index("Line four")
            assert "Line four" in html.split("</p>")[-2], html   # its own paragraph


def test_paste_where_it_does_not_fit():
    """A paste of several lines into a one-line prompt is refused with a
    message; a paste where no text is taken is dropped, never keys."""
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.paste("q\nQ\n")                     # would quit, as keys
            screen = t.wait_for("paste ignored: nothing here takes text")
            assert "row 1 of 300" in screen, screen
            t.keys("/")
            t.wait_for("search tickets:")
            t.paste("VPN\nprinter")
            screen = t.wait_for("a paste of 2 lines does not fit a one-line field")
            assert "search tickets: " in screen
            t.paste("VPN\n")                      # one line: taken
            t.wait_for("search tickets: VPN")
            t.keys("Enter")
            t.wait_for("/VPN")
            wait_until(lambda: [r for r in emu.api_requests()
                                if r["params"].get("search") == ["VPN"]],
                       what="search request")
            # A form field of one line: one line goes in, several do not.
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("e")
            t.wait_for("Edit ticket")
            t.keys("j", "j")                      # Summary
            t.paste("two\nlines")
            t.wait_for("a paste of 2 lines does not fit a one-line field")
            t.keys("k")                           # Priority: no text
            t.paste("High")
            t.wait_for("Priority takes no text: nothing was pasted")
            assert not posts(emu, "/api/Tickets")


def test_alt_key_and_unknown_sequence_keep_the_detail_open():
    """Alt-j and an escape sequence nobody knows are not Esc: the detail
    stays open."""
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("M-j")
            t.raw("\x1b[99~")
            screen = t.sync()
            assert "Ticket 300:" in screen, screen
            assert not list_shown(screen), screen
            # M-j is bound to nothing, so the trace names it no more than
            # typed text; what matters is one key, not Esc and then j.
            keys = [e.detail.strip() for e in t.trace() if e.name == "key"]
            assert keys[-2:] == ["text", "unknown-escape-sequence ignored"], keys
            # Esc itself still closes it.
            t.keys("Escape")
            t.wait_for(list_shown)


def test_long_text_is_kept_whole():
    """A summary of 10,000 bytes and details of multi-byte text past the
    old 2,047-byte editor: opening them and saving another field sends
    only that field; adding to one sends all of it."""
    details = ("Gr\u00fc\u00dfe aus \u6771\u4eac, caf\u00e9 \u2013 " * 200).strip()
    assert len(details.encode()) > 4000
    with Emulator(tickets=300) as emu:
        st, _ = emu.api("POST", "Tickets", [{"id": 15, "details": details}])
        assert st in (200, 201), st
        st, before = emu.api("GET", "Tickets/15")
        assert len(before["summary"]) == 10000 and before["details"] == details
        emu.clear_requests()
        with start(emu) as t:
            ready(t, "row 1 of 300")
            open_ticket(t, 15)
            open_edit(t, 15)
            # Summary and Details opened in place and left as they were.
            t.keys("j", "j", "Enter", "End", "Enter")
            t.keys("j", "j", "j", "j", "Enter", "Enter")
            t.keys("j", "Enter", "C-u")           # Category
            t.type("Network")
            t.keys("Enter")
            t.wait_for("* Category")
            screen = t.sync()
            assert form_row(screen, "Summary").startswith("  "), screen
            assert form_row(screen, "Details").startswith("  "), screen
            t.keys("C-s")
            t.wait_for("saved ticket 15")
            p = [json.loads(x["body"]) for x in posts(emu, "/api/Tickets")]
            assert p == [[{"id": 15, "category_1": "Network"}]], \
                [[{k: len(str(v)) for k, v in b[0].items()}] for b in p]
            # The summary with "x" at its end: all 10,001 characters.
            open_edit(t, 15)
            t.keys("j", "j", "Enter", "End")
            t.type("x")
            t.keys("Enter")
            t.wait_for("* Summary")
            t.keys("C-s")
            t.wait_for("saved ticket 15")
            body = json.loads(posts(emu, "/api/Tickets")[-1]["body"])
            assert body == [{"id": 15, "summary": before["summary"] + "x"}], \
                len(body[0].get("summary", ""))
        st, after = emu.api("GET", "Tickets/15")
        assert after["summary"] == before["summary"] + "x"
        assert after["details"] == details


def test_edit_sends_the_servers_text_not_the_screens():
    """Server text with a bidi mark, tabs and control characters is shown
    cleaned, but the form edits the real text: another field's save leaves
    it alone, and adding "x" sends the server's bytes and the "x"."""
    with Emulator(tickets=300) as emu:
        originals = {}
        for tid in (14, 16):
            st, rec = emu.api("GET", "Tickets/%d" % tid)
            originals[tid] = rec["summary"]
        assert "\u202e" in originals[16] and "\t" in originals[14]
        with start(emu) as t:
            ready(t, "row 1 of 300")
            open_ticket(t, 16)
            screen = open_edit(t, 16)
            assert "\u202e" not in screen
            t.keys("j", "j", "Enter", "Enter")    # Summary opened, unchanged
            t.keys("j", "j", "j", "j", "j", "Enter", "C-u")
            t.type("Printers")
            t.keys("Enter", "C-s")
            t.wait_for("saved ticket 16")
            assert json.loads(posts(emu, "/api/Tickets")[-1]["body"]) == [
                {"id": 16, "category_1": "Printers"}]
            for tid in (16, 14):
                if tid == 14:
                    t.keys("q")
                    t.wait_for(list_shown)
                    open_ticket(t, 14)
                open_edit(t, tid)
                t.keys("j", "j", "Enter", "End")
                t.type("x")
                t.keys("Enter")
                t.wait_for("* Summary")
                t.keys("C-s")
                t.wait_for("saved ticket %d" % tid)
                body = json.loads(posts(emu, "/api/Tickets")[-1]["body"])
                assert body == [{"id": tid, "summary": originals[tid] + "x"}], \
                    (body, originals[tid])


def test_without_a_utf8_locale_the_screen_is_ascii():
    """SSH with no LANG: the C locale cannot show UTF-8, so the screen is
    drawn in ASCII: "..." for a cut, '?' for what is not ASCII, ASCII
    frames; never the bytes of UTF-8 shown as "~@" and the like."""
    with Emulator(tickets=300) as emu:
        with start(emu, LANG="C", LC_ALL="C") as t:
            ready(t, "row 1 of 300")
            screen = t.wait_for(lambda s: "M?ller" in s)
            lines = screen.splitlines()
            row = next(l for l in lines if l.startswith("299 "))
            status = lines[-1]
            for line in (row, status, lines[0], lines[1], lines[2]):
                assert all(ord(c) < 128 for c in line), repr(line)
                assert "~" not in line, repr(line)
            assert " M?ller ... Am?li... " in row, repr(row)
            assert re.search(r"^ tickets\s+row 1 of 300", status), repr(status)
            # A picker: its frame and hints too.
            t.keys("f")
            screen = t.wait_for(lambda s: re.search(r"\+- filter \(\d+\) -", s))
            assert all(ord(c) < 128 for c in screen), screen
            assert "~" not in screen, screen
            assert re.search(r"\| Enter chooses \| Esc leaves", screen), screen
            t.keys("Escape")
            # A detail with notes: its note headers are lines and dots.
            t.keys("Enter")
            screen = t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("G")
            screen = t.wait_for(lambda s: re.search(r"^ ?-- .* \| ", s, re.M))
            assert all(ord(c) < 128 for c in screen), screen
            t.keys("q", "q")
            assert t.exit_status() == 0



# ---- drafts: on disk while typing, on a signal, per instance, locked, and
# ---- the three states of a sent change (unsent; sent, answer unknown (may
# ---- have been applied); applied)

import signal  # noqa: E402


def drafts_dir(env):
    return os.path.join(env["XDG_STATE_HOME"], "halotui", "drafts")


def draft_files(env):
    """{path: {header: value, "body": text}} of the drafts on disk."""
    out = {}
    d = drafts_dir(env)
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if not name.endswith(".draft"):
            continue
        try:
            text = open(os.path.join(d, name), encoding="utf-8").read()
        except FileNotFoundError:
            continue          # removed while we looked
        head, _, body = text.partition("\nbody:\n")
        fields = dict(l.split(": ", 1) for l in head.splitlines()[1:] if ": " in l)
        fields["body"] = body
        out[os.path.join(d, name)] = fields
    return out


def halotui_pid(t):
    """The pid of halotui inside the tmux pane (the pane runs sh -c)."""
    shell = int(t._tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip())
    def child():
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == shell and "halotui" in stat[:stat.rindex(")")]:
                return int(pid)
        return None
    return wait_until(child, what="halotui's process in the pane")


def compose_note(t, text, ticket=50):
    """Opens the note form on the first ticket and types text into the note
    (still being typed: not yet committed with Enter)."""
    t.keys("Enter")
    t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
    t.keys("n")
    t.wait_for("Add note on ticket %d" % ticket)
    t.keys("Enter")
    t.type(text)
    return t.sync()


def notes_on(emu, ticket, text):
    """How many notes on ticket hold text, as the emulator has them."""
    st, data = emu.api("GET", "Actions", params={"ticket_id": ticket,
                                                  "includehtmlnote": "true"})
    assert st == 200, data
    acts = data.get("actions", []) if isinstance(data, dict) else data
    return sum(1 for a in acts if text in (a.get("note_html") or a.get("note") or ""))


def test_draft_on_disk_within_a_second_and_kept_after_kill_9():
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 50")
            compose_note(t, "Replaced the fuser unit")
            # On disk within a second or so of the last key, whole, 0600,
            # while it is still being typed in place.
            path = wait_until(lambda: [p for p, d in draft_files(t.env_used).items()
                                       if "Replaced the fuser unit" in d["body"]],
                              timeout=1.5, what="the draft on disk")[0]
            assert os.stat(path).st_mode & 0o777 == 0o600
            d = draft_files(t.env_used)[path]
            assert d["state"] == "unsent" and d["kind"] == "note", d
            assert d["base_url"] == emu.base_url and d["ticket"] == "50", d
            os.kill(halotui_pid(t), signal.SIGKILL)
            assert t.exit_status() == 128 + signal.SIGKILL
            env = t.env_used
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t2:
            t2.wait_for("unsent draft from")
            t2.wait_for("note on ticket 50")
            t2.type("Send")
            t2.keys("Enter")
            t2.wait_for("saved note on ticket 50 (applied)")
            assert len(posts(emu, "/api/Actions")) == 1
            assert notes_on(emu, 50, "Replaced the fuser unit") == 1
            wait_until(lambda: not draft_files(env), what="the draft removed")


def signal_ends_composing(sig):
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 50")
            compose_note(t, "Called the user back")
            # At once: the signal arrives before the typing pause is over.
            os.kill(halotui_pid(t), sig)
            assert t.exit_status() == 128 + sig, t.screen()
            wait_until(lambda: t.pane_mode().split()[:2] == ["0", "0"],
                       what="alternate screen and mouse reporting off, got %s"
                       % t.pane_mode())
            drafts = draft_files(t.env_used)
            assert [d["body"] for d in drafts.values()
                    if "Called the user back" in d["body"]], drafts
            env = t.env_used
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t2:
            t2.wait_for("unsent draft from")
            t2.wait_for("note on ticket 50")
        assert not posts(emu, "/api/Actions")


def test_sighup_saves_the_draft_and_exits_non_zero():
    signal_ends_composing(signal.SIGHUP)


def test_sigterm_saves_the_draft_and_exits_non_zero():
    signal_ends_composing(signal.SIGTERM)


def test_sigint_saves_the_draft_and_exits_non_zero():
    signal_ends_composing(signal.SIGINT)


def test_drafts_belong_to_their_instance():
    with Emulator(tickets=50) as first, Emulator(tickets=50) as second:
        with start(first) as t:
            ready(t, "row 1 of 50")
            compose_note(t, "Only for the first instance")
            os.kill(halotui_pid(t), signal.SIGTERM)
            assert t.exit_status() == 128 + signal.SIGTERM
            env = t.env_used
        assert draft_files(env)
        # The same home, another instance: ticket 50 there is another one.
        other = dict(env, HALOPSA_BASE_URL=second.base_url)
        with Tmux([halotest.HALOTUI], env=other, cols=120, rows=40) as t2:
            ready(t2, "row 1 of 50")
            screen = t2.settled()
            assert "draft" not in screen, screen
            t2.keys("q")
            assert t2.exit_status() == 0
        assert not posts(second, "/api/Actions")
        assert draft_files(env)
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t3:
            t3.wait_for("unsent draft from")
            t3.wait_for("note on ticket 50")


def test_applied_then_dropped_is_sent_answer_unknown():
    """The server applies the note and drops the connection: the form says
    so, keeps the draft as "may have been applied", and sending it again
    first shows the ticket's notes and asks."""
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Actions", fault="drop", apply=True)
        with start(emu) as t:
            ready(t, "row 1 of 50")
            compose_note(t, "Toner swapped")
            t.keys("Enter", "C-s")
            t.wait_for("sent, answer unknown (may have been applied)")
            assert "not saved (draft kept)" not in t.screen()
            assert notes_on(emu, 50, "Toner swapped") == 1
            (d,) = draft_files(t.env_used).values()
            assert d["state"] == "unknown", d
            # Sending again reads the ticket and its notes first.
            t.keys("C-s")
            t.wait_for("What the server has now")
            t.wait_for("Toner swapped")
            assert len(posts(emu, "/api/Actions")) == 1
            t.keys("s")
            t.wait_for("send it again?")
            t.keys("n")                 # anything but y: not sent
            t.wait_for("not sent")
            assert len(posts(emu, "/api/Actions")) == 1
            t.keys("d")                 # it was applied
            t.wait_for("was applied: its draft is discarded")
            assert not draft_files(t.env_used)
            assert len(posts(emu, "/api/Actions")) == 1
            assert notes_on(emu, 50, "Toner swapped") == 1


def test_malformed_2xx_is_applied():
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Actions", fault="malformed")
        with start(emu) as t:
            ready(t, "row 1 of 50")
            compose_note(t, "Printer driver reinstalled")
            t.keys("Enter", "C-s")
            t.wait_for("saved note on ticket 50 (applied; the server's answer "
                       "could not be read")
            assert not draft_files(t.env_used)
            assert len(posts(emu, "/api/Actions")) == 1
            assert notes_on(emu, 50, "Printer driver reinstalled") == 1


def test_kill_9_while_sending_offers_it_beside_the_ticket():
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Actions", fault="stall",
                  stall_ms=int(halotest.scaled(5) * 1000))
        with start(emu) as t:
            ready(t, "row 1 of 50")
            compose_note(t, "Rebooted the switch")
            t.keys("Enter", "C-s")
            t.wait_for("sending note on ticket 50")
            wait_until(lambda: posts(emu, "/api/Actions"), what="the POST received")
            assert [d["state"] for d in draft_files(t.env_used).values()] == ["sending"]
            os.kill(halotui_pid(t), signal.SIGKILL)
            assert t.exit_status() == 128 + signal.SIGKILL
            env = t.env_used
        # The stalled POST is applied all the same.
        wait_until(lambda: notes_on(emu, 50, "Rebooted the switch") == 1,
                   what="the note applied")
        with Tmux([halotest.HALOTUI], env=traced_env(env), cols=120, rows=40) as t2:
            t2.wait_for("sent, answer unknown (may have been applied): note on ticket 50")
            t2.wait_for("What the server has now")
            screen = t2.wait_for("Rebooted the switch")
            assert screen.count("Rebooted the switch") >= 2, screen  # change and note
            t2.keys("s")
            t2.wait_for("send it again?")
            t2.keys("Escape")
            t2.wait_for("not sent")
            assert notes_on(emu, 50, "Rebooted the switch") == 1
            t2.keys("s")
            t2.wait_for("send it again?")
            t2.keys("y")                # confirmed, having seen it
            t2.wait_for("saved note on ticket 50 (applied)")
            assert notes_on(emu, 50, "Rebooted the switch") == 2
            wait_until(lambda: not draft_files(env), what="the draft removed")


def test_second_halotui_leaves_the_firsts_draft_alone():
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Actions", fault="stall",
                  stall_ms=int(halotest.scaled(60) * 1000))
        with start(emu) as t1:
            ready(t1, "row 1 of 50")
            compose_note(t1, "Swapped the dock")
            t1.keys("Enter", "C-s")
            t1.wait_for("sending note on ticket 50")
            wait_until(lambda: posts(emu, "/api/Actions"), what="the POST received")
            env = t1.env_used
            second = dict(env, HALOTUI_TRACE=os.path.join(env["HOME"], "trace2.log"))
            with Tmux([halotest.HALOTUI], env=second, cols=120, rows=40) as t2:
                ready(t2, "row 1 of 50")
                screen = t2.settled()
                assert "draft" not in screen and "sent, answer" not in screen, screen
                t2.keys("q")
                assert t2.exit_status() == 0
            # The first one dies: its lock is no lock any more.
            os.kill(halotui_pid(t1), signal.SIGKILL)
            assert t1.exit_status() == 128 + signal.SIGKILL
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t3:
            t3.wait_for("sent, answer unknown (may have been applied): note on ticket 50")
        assert len(posts(emu, "/api/Actions")) == 1


def test_quit_waits_for_a_change_in_flight():
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Tickets", fault="stall",
                  stall_ms=int(halotest.scaled(4) * 1000))
        with start(emu) as t:
            ready(t, "row 1 of 50")
            t.keys("S")
            wait_picker(t, "Status")
            t.type("Closed")
            t.keys("Enter")
            wait_until(lambda: posts(emu, "/api/Tickets"), what="the POST received")
            t.keys("q")
            t.wait_for(lambda s: re.search(r"waiting for 1 change to be answered"
                                           r"\u2026 \d+ s \(Q: quit anyway\)", s))
            assert t.exit_status(timeout=20) == 0
            assert not draft_files(t.env_used)
            assert len(posts(emu, "/api/Tickets")) == 1


def test_quit_anyway_leaves_it_may_have_been_applied():
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Tickets", fault="stall",
                  stall_ms=int(halotest.scaled(60) * 1000))
        with start(emu) as t:
            ready(t, "row 1 of 50")
            t.keys("S")
            wait_picker(t, "Status")
            t.type("Closed")
            t.keys("Enter")
            wait_until(lambda: posts(emu, "/api/Tickets"), what="the POST received")
            t.keys("q")
            t.wait_for("waiting for 1 change to be answered")
            t.keys("Q")
            assert t.exit_status() == 0
            (d,) = draft_files(t.env_used).values()
            assert d["state"] == "unknown", d
            env = t.env_used
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t2:
            t2.wait_for("sent, answer unknown (may have been applied): ticket 50")
            t2.wait_for("What the server has now")
            t2.keys("q")             # kept for later
            t2.wait_for("sent, answer unknown", absent=True)
            t2.keys("q")
            assert t2.exit_status() == 0
        assert draft_files(env)
        assert len(posts(emu, "/api/Tickets")) == 1


def test_escape_on_the_list_does_not_quit():
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("Escape")
            t.sync()
            t.keys("j")
            screen = t.wait_for("row 2 of 50")
            assert list_shown(screen), screen
            assert not os.path.exists(t.status_file)
            t.keys("q")
            assert t.exit_status() == 0


def test_record_without_an_id_is_read_only():
    broken = {"id": "not-a-number", "summary": "Id the client cannot read",
              "status_id": 1, "client_id": 1}
    with Emulator(tickets=50) as emu:
        st, good = emu.api("GET", "Tickets/49")
        emu.fault(method="GET", path="^/api/Tickets$", fault="malformed", count=20,
                  body=json.dumps({"record_count": 2, "page_no": 1, "page_size": 50,
                                   "tickets": [broken, good]}))
        with start(emu) as t:
            ready(t, "row 1 of 2")
            for key in ("S", "P", "a", "e"):
                t.keys(key)
                t.wait_for("has no id that can be read: it is read-only here")
                t.keys("Escape")
                t.sync()
            assert not [r for r in emu.api_requests() if r["method"] == "POST"]
            assert "Id the client cannot read" in t.screen()


if __name__ == "__main__":
    halotest.main(globals())
