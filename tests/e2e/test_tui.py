#!/usr/bin/env python3
"""halotui's TUI end to end, as a user would use it: the real binary in
tmux against the emulator, asserting on the captured screen and on the
requests the emulator recorded."""

import json
import os
import re
import sys
import time

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


def start(emu, cols=120, rows=40, **env):
    need_tools()
    e = emu.env(**env)
    t = Tmux([halotest.HALOTUI], env=e, cols=cols, rows=rows)
    t.env_used = e
    return t


def ticket_pages(emu):
    """page_no of every GET /api/Tickets list request, in order."""
    pages = []
    for r in emu.api_requests():
        if r["method"] == "GET" and r["path"].lower().rstrip("/") == "/api/tickets":
            pages.append(int(r["params"].get("page_no", ["0"])[0]))
    return pages


def posts(emu, path):
    return [r for r in emu.api_requests()
            if r["method"] == "POST" and r["path"].lower() == path.lower()]


def wait_until(cond, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("timed out waiting for %s" % what)


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
            assert "ID" in lines[1] and "Summary" in lines[1], screen
            assert lines[2].startswith("1000 "), screen
            # Lookups give names, not ids, in the Status column.
            assert not re.search(r"^\d+\s+#\d", lines[2]), screen
            t.keys("q")
            assert t.exit_status() == 0
        events = [l.split()[2] for l in open(trace) if l.strip()]
        for ev in ("start", "first-frame", "first-rows", "request", "response",
                   "applied", "frame", "key", "quit"):
            assert ev in events, (ev, events)


def test_scrolling_fetches_each_page_once():
    with Emulator(tickets=1000) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 1000")
            for _ in range(40):
                t.keys("PageDown")
                time.sleep(0.05)
            t.wait_for("row 1000 of 1000")
            t.wait_for(lambda s: s.splitlines()[-2].startswith("1 "), timeout=10)
            pages = ticket_pages(emu)
            assert sorted(pages) == list(range(1, 21)), pages
            t.keys("q")
            assert t.exit_status() == 0


def test_last_then_first():
    with Emulator(tickets=1000) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 1000")
            wait_until(lambda: 2 in ticket_pages(emu), what="prefetch of page 2")
            emu.clear_requests()
            t.keys("G")
            screen = t.wait_for("row 1000 of 1000")
            t.wait_for(lambda s: any(l.startswith("1 ") for l in s.splitlines()))
            assert ticket_pages(emu) == [20], ticket_pages(emu)
            t.keys("g")
            screen = t.wait_for("row 1 of 1000")
            t.wait_for(lambda s: s.splitlines()[2].startswith("1000 "))
            assert all(p in (1, 20) for p in ticket_pages(emu)), ticket_pages(emu)
            assert "loading" not in screen.splitlines()[2]


def test_search():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 300")
            t.keys("/")
            t.wait_for("search tickets:")
            t.type("VPN")
            t.keys("Enter")
            screen = t.wait_for("/VPN")
            wait_until(lambda: any(r["params"].get("search") == ["VPN"]
                                   for r in emu.api_requests()), what="search request")
            screen = t.wait_for(lambda s: re.search(r"row 1 of \d+", s))
            assert "VPN" in screen.splitlines()[2], screen


def test_filter_status_and_open():
    with Emulator(tickets=300) as emu:
        closed = status_id(emu, "Closed")
        with start(emu) as t:
            t.wait_for("row 1 of 300")
            t.keys("f")
            t.wait_for("filter")
            t.type("status")
            t.keys("Enter")
            t.wait_for("Closed")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("status_id=Closed")
            wait_until(lambda: any(r["params"].get("status_id") == [str(closed)]
                                   for r in emu.api_requests()), what="filter request")
            screen = t.wait_for(lambda s: re.search(r"row 1 of \d+", s))
            rows = [l for l in screen.splitlines()[2:-1] if re.match(r"^\d+ ", l)]
            assert rows and all("Closed" in l for l in rows), screen
            # Combined with "open only".
            t.keys("f")
            t.wait_for("(clear all filters)")
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
            assert "\u2500\u2500 " in screen  # a note header
            reqs = emu.api_requests()
            assert any(r["path"] == "/api/Tickets/300" for r in reqs)
            acts = [r for r in reqs if r["path"].lower() == "/api/actions"]
            assert len(acts) == 1 and acts[0]["params"]["ticket_id"] == ["300"]
            # The notes scroll.
            for _ in range(30):
                t.keys("j")
            t.wait_for(lambda s: "Ticket 300:" not in s.splitlines()[1])
            t.keys("q")
            t.wait_for("row 1 of 300")


def test_edit_status_and_summary_one_post():
    with Emulator(tickets=300) as emu:
        closed = status_id(emu, "Closed")
        with start(emu) as t:
            t.wait_for("row 1 of 300")
            t.keys("Enter")
            t.wait_for("Ticket 300:")
            t.keys("e")
            t.wait_for("Edit ticket 300")
            t.keys("j", "j", "Enter", "C-u")
            t.type("Printer replaced")
            t.keys("Enter")
            t.wait_for("* Summary")
            t.keys("k", "k", "Enter")
            t.wait_for("Waiting on User")
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
            screen = t.wait_for("row 1 of 300")
            assert "Printer replaced" in screen.splitlines()[2], screen
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
            t.wait_for("row 1 of 300")
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
            assert body[0]["outcome"] == "Note"
            assert "Swapped the toner; all good" in body[0]["note_html"]
            assert "id" not in body[0]
            # The notes are read again and show it, marked private.
            t.wait_for("Swapped the toner")
            t.keys("G")
            screen = t.wait_for("[private]")
            drafts = os.path.join(t.env_used["XDG_STATE_HOME"], "halotui", "drafts")
            assert not os.path.isdir(drafts) or not os.listdir(drafts)


def test_new_ticket():
    with Emulator(tickets=50) as emu:
        st, clients = emu.api("GET", "Client", params={"pageinate": "true", "page_size": 1})
        client = clients["clients"][0]
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("c")
            t.wait_for("Create new ticket")
            t.keys("j", "Enter")            # Summary
            t.type("Laptop fan noisy")
            t.keys("Enter", "j", "Enter")   # Client
            t.wait_for("name or id:")
            t.type(str(client["id"]))
            t.keys("Enter", "C-s")
            t.wait_for("created new ticket")
            p = posts(emu, "/api/Tickets")
            assert len(p) == 1, p
            body = json.loads(p[0]["body"])
            assert body == [{"summary": "Laptop fan noisy", "client_id": client["id"]}], body
            t.wait_for("Laptop fan noisy")


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


def test_unsent_draft_offered_at_start():
    with Emulator(tickets=50) as emu:
        emu.fault(method="POST", path="/api/Tickets", fault="drop", count=5)
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            t.keys("S")
            t.wait_for("Waiting on User")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("not saved (draft kept)", timeout=30)
            t.keys("q")
            assert t.exit_status() == 0
            env = t.env_used
        emu.clear_faults()
        t2 = Tmux([halotest.HALOTUI], env=env, cols=120, rows=40)
        with t2:
            t2.wait_for("unsent draft: ticket 50")
            t2.type("Send")
            t2.keys("Enter")
            t2.wait_for("saved ticket 50")
            drafts = os.path.join(env["XDG_STATE_HOME"], "halotui", "drafts")
            assert os.listdir(drafts) == []


def test_resize_mid_fetch():
    with Emulator("--latency-ms", "1200", tickets=300) as emu:
        with start(emu) as t:
            time.sleep(0.3)
            t.resize(80, 24)
            screen = t.wait_for("row 1 of 300", timeout=15)
            lines = screen.splitlines()
            assert len(lines) <= 24 and all(len(l) <= 80 for l in lines), screen
            assert lines[1].startswith("ID") and lines[2].startswith("300 "), screen
            t.resize(150, 30)
            t.keys("Enter")
            screen = t.wait_for("Ticket 300:", timeout=15)
            # Wide enough: the detail sits beside the list.
            assert "\u2502" in screen.splitlines()[5] and "300 " in screen, screen
            t.resize(100, 30)
            screen = t.wait_for(lambda s: "Ticket 300:" in s and "row 1 of 300" in s)


def test_keys_respond_while_server_is_slow():
    with Emulator("--latency-ms", "2000", tickets=300) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 300", timeout=20)
            t.keys("Enter")           # a GET and the notes go out (2 s each)
            t.keys("?")
            t0 = time.monotonic()
            t.wait_for("halotui help", timeout=5)
            assert time.monotonic() - t0 < 1.0
            t.keys("q", "q")
            t.wait_for("row 1 of 300")
            t0 = time.monotonic()
            t.keys("j")
            t.wait_for("row 2 of 300", timeout=5)
            t.keys("k")
            t.wait_for("row 1 of 300", timeout=5)
            assert time.monotonic() - t0 < 1.5


def test_escape_sequences_are_inert():
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 50")
            before = t.title()
            t.keys(":")
            t.type("ticket 13")
            t.keys("Enter")
            screen = t.wait_for("Ticket 13:")
            time.sleep(0.3)
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
            screen = t.wait_for(" clients ")
            screen = t.wait_for(lambda s: re.search(r"row 1 of \d+", s))
            assert "Name" in screen.splitlines()[1]
            t.keys("3")
            screen = t.wait_for(lambda s: " assets " in s and re.search(r"row 1 of \d+", s))
            assert "Tag" in screen.splitlines()[1]
            t.keys(":")
            t.type("client M\u00fcller")
            t.keys("Enter")
            t.wait_for("Client ")
            t.wait_for("M\u00fcller & S\u00f6hne")
            # From the client to its tickets.
            t.keys("T")
            screen = t.wait_for("tickets of client")
            t.keys(":")
            t.type("asset " + tag)
            t.keys("Enter")
            t.wait_for("Asset ")
            t.keys(":")
            t.type("ticket 7")
            t.keys("Enter")
            t.wait_for("Ticket 7:")
            t.keys("C")          # its client
            t.wait_for("Client ")


def test_help_lists_every_action():
    actions = re.findall(r'^ACTION\(\s*\w+,\s*"([^"]+)"',
                         open(os.path.join(SRCDIR, "ui", "actions.def")).read(), re.M)
    assert len(actions) > 20
    with Emulator(tickets=20) as emu:
        with start(emu) as t:
            t.wait_for("row 1 of 20")
            t.keys("?")
            seen = t.wait_for("halotui help")
            for _ in range(4):
                t.keys("PageDown")
                time.sleep(0.2)
                seen += t.screen()
            missing = [a for a in actions if a not in seen]
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
            t.wait_for("row 1 of 20")
            t.keys("q")
            assert t.exit_status() == 0
            time.sleep(0.2)
            mode = t.pane_mode().split()
            assert mode[0] == "0", mode      # alternate screen left
            assert mode[1] == "0", mode      # mouse reporting off


if __name__ == "__main__":
    halotest.main(globals())
