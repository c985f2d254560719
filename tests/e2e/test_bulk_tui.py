#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Bulk triage in the TUI, in tmux against the emulator: rows marked by
key, by pattern and by screen (the count on the status line, kept through
scrolling and a refresh); one change sent to every marked ticket, one
one-element POST each, paced by the rate budget under a tight limit, with
its progress and summary; Esc stopping a run after the requests in
flight; and a run killed with SIGKILL offered at the next start and
resumed without a second POST for what the server confirmed."""

import json
import os
import re
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import (halotui_pid, posts, ready, start_env, status_id,  # noqa: E402
                      status_line, wait_picker)

MARK = "*"
start = start_env


def marked(screen):
    m = re.search(r"(\d+) marked", status_line(screen))
    return int(m.group(1)) if m else 0


def rate_env(emu, limit, window):
    """A profile that tells halotui the emulator's rate limit."""
    return halotest.profile_env(emu, "bulk", rate_limit=limit,
                                rate_window=window, cache="false")


def ticket_posts(emu):
    """The ids of every POST /api/Tickets, each checked to be a
    one-element array."""
    ids = []
    for r in posts(emu, "/api/Tickets"):
        body = json.loads(r["body"])
        assert isinstance(body, list) and len(body) == 1, body
        ids.append(body[0]["id"])
    return ids


def mark_all(t, n):
    """Marks every row, a screen at a time, until n are marked."""
    for _ in range(10):
        t.keys("*")
        s = t.sync()
        if marked(s) >= n:
            return s
        t.keys("PgDn")
        t.sync()
    raise AssertionError("could not mark %d rows:\n%s" % (n, t.screen()))


def start_bulk_status(t, n, status="Closed"):
    """S on the marked rows, the status picked, the change confirmed."""
    t.keys("S")
    wait_picker(t, "Status")
    t.type(status)
    t.keys("Enter")
    t.wait_for("Status %s on %d tickets?" % (status, n))
    t.keys("Enter")
    t.wait_for("bulk change")


def summary_of(screen):
    m = re.search(r"applied (\d+) \u00b7 failed (\d+) \u00b7 may have been "
                  r"applied (\d+)", screen)
    assert m, screen
    return tuple(int(x) for x in m.groups())


def test_marks_by_key_pattern_and_page():
    with Emulator(tickets=50) as emu:
        with start(emu.env(), rows=30) as t:
            ready(t, "row 1 of 50")
            t.keys("Space", "Space", "Space")
            s = t.wait_for(lambda s: marked(s) == 3)
            lines = s.split("\n")
            # Its own column, left of the rows: the first three marked.
            assert all(lines[i].startswith(MARK) for i in (3, 4, 5)), s
            assert not lines[6].startswith(MARK), s
            assert "row 4 of 50" in status_line(s), s
            # Space again unmarks (and moves on).
            t.keys("k", "Space")
            t.wait_for(lambda s: marked(s) == 2)
            # Kept through scrolling and paging...
            t.keys("G")
            t.wait_for("row 50 of 50")
            t.keys("g")
            s = t.wait_for("row 1 of 50")
            assert marked(s) == 2, s
            # ... and a refresh.
            t.keys("r")
            t.wait_for("reloading")     # the reload is asked for with the key
            s = ready(t, "row 1 of 50")   # ... and answered
            assert marked(s) == 2 and s.split("\n")[3].startswith(MARK), s
            # u clears; a pattern marks what matches.
            t.keys("u")
            t.wait_for(lambda s: marked(s) == 0)
            t.keys("t")
            t.wait_for("mark rows matching")
            t.type("id=45")
            t.keys("Enter")
            s = t.wait_for(lambda s: marked(s) == 1)
            t.keys("t")
            t.type("colour=red")
            t.keys("Enter")
            t.wait_for('no column "colour"')
            # A column's value: every loaded row of that status.
            t.keys("u", "t")
            t.type("status=New")
            t.keys("Enter")
            t.wait_for("more marked")
            st, data = emu.api("GET", "Tickets", params={"page_size": "100"})
            new = sum(1 for x in data["tickets"] if x.get("status_id") ==
                      status_id(emu, "New"))
            t.wait_for(lambda s: marked(s) == new)
            # * marks the screen.
            t.keys("u", "*")
            s = t.wait_for(lambda s: marked(s) > 0)
            assert marked(s) == 26, s   # 30 rows less title, tabs, header, status


def test_bulk_status_on_50_under_a_tight_rate_limit():
    with Emulator("--rate-limit", "20", "--rate-window", "6",
                  tickets=60) as emu:
        closed = status_id(emu, "Closed")
        with start(rate_env(emu, 20, 6)) as t:
            ready(t, "row 1 of 60")
            mark_all(t, 50)
            t.keys("u")
            t.wait_for(lambda s: marked(s) == 0)
            t.keys("g")
            t.sync()
            for _ in range(50):
                t.keys("Space")
            t.wait_for(lambda s: marked(s) == 50)
            emu.clear_requests()
            start_bulk_status(t, 50)
            # The progress: a bar and the count.
            t.wait_for(lambda s: re.search(r"\] \d+ of 50", s))
            s = t.wait_for("bulk change: summary", timeout=90)
            assert summary_of(s) == (50, 0, 0), s
            ids = ticket_posts(emu)
            assert len(ids) == 50 and len(set(ids)) == 50, ids
            for r in posts(emu, "/api/Tickets"):
                assert json.loads(r["body"])[0]["status_id"] == closed
            # Never refused: the budget kept under the limit.
            assert not [r for r in emu.requests() if r.get("status") == 429]
            t.keys("Escape")
            s = t.wait_for("bulk change", absent=True)
            # The applied ones lose their mark.
            assert marked(s) == 0, s


def test_esc_stops_after_the_requests_in_flight():
    with Emulator("--rate-limit", "10", "--rate-window", "20",
                  tickets=40) as emu:
        with start(rate_env(emu, 10, 20)) as t:
            ready(t, "row 1 of 40")
            mark_all(t, 30)
            n = marked(t.screen())
            start_bulk_status(t, n)
            halotest.wait_until(lambda: len(ticket_posts(emu)) >= 1,
                                timeout=30, what="a first POST")
            t.keys("Escape")
            s = t.wait_for("bulk change: summary", timeout=60)
            applied, failed, maybe = summary_of(s)
            ids = ticket_posts(emu)
            assert len(ids) == len(set(ids)), ids
            assert applied + failed + maybe == len(ids), (s, ids)
            assert len(ids) < n, ids
            assert "not sent %d" % (n - len(ids)) in s, s
            t.keys("Escape")
            s = t.wait_for("bulk change", absent=True)
            # What was not applied stays marked.
            assert marked(s) == n - applied, s


def gone(pid):
    """pid has exited (a zombie counts)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


def test_killed_run_resumes_without_a_second_post():
    with Emulator("--rate-limit", "20", "--rate-window", "20",
                  tickets=40) as emu:
        env = rate_env(emu, 20, 20)
        with start(env) as t:
            ready(t, "row 1 of 40")
            mark_all(t, 30)
            n = marked(t.screen())
            start_bulk_status(t, n)
            halotest.wait_until(lambda: len(ticket_posts(emu)) >= 5,
                                timeout=30, what="five POSTs")
            pid = halotui_pid(t)
            os.kill(pid, signal.SIGKILL)
            halotest.wait_until(lambda: gone(pid), what="halotui gone")
        first = ticket_posts(emu)
        # The rest at full speed.
        emu.configure(rate_limit=0)
        cfg = os.path.join(env["XDG_CONFIG_HOME"], "halotui", "config.yaml")
        with open(cfg) as f:
            text = f.read()
        with open(cfg, "w") as f:
            f.write(text.replace("rate_limit: 20", "rate_limit: 300"))
        with start(env) as t:
            t.wait_for("unfinished bulk change: Status Closed on %d records"
                       % n)
            t.keys("Enter")
            s = t.wait_for("bulk change: summary", timeout=60)
            assert "(resumed)" in s, s
        ids = ticket_posts(emu)
        # Never twice: what was confirmed, or sent without an answer
        # (may have been applied), is not sent again.
        assert len(ids) == len(set(ids)), (first, ids)
        assert set(first) <= set(ids)
        applied, failed, maybe = summary_of(s)
        assert failed == 0, s
        # Every marked ticket was sent once, but those whose answer the
        # kill cut off (at most the four in flight).
        assert n - 4 <= len(ids) <= n, (n, ids)
        assert applied == len(ids) - len(first), s


def test_note_team_and_agent_on_the_marked():
    """n with marks: the note form once, the note to every marked ticket;
    the bulk key's changes: team (by name) and assign to me."""
    with Emulator(tickets=30) as emu:
        with start(emu.env()) as t:
            ready(t, "row 1 of 30")
            t.keys("Space", "Space", "Space")
            t.wait_for(lambda s: marked(s) == 3)
            t.keys("n")
            t.wait_for("note on the marked tickets")
            t.keys("Enter")
            t.type("Rebooted the print server")
            t.keys("Enter", "C-s")
            t.wait_for("a note on 3 tickets?")
            t.keys("Enter")
            s = t.wait_for("bulk change: summary", timeout=30)
            assert summary_of(s) == (3, 0, 0), s
            notes = [json.loads(r["body"]) for r in posts(emu, "/api/Actions")]
            assert sorted(b[0]["ticket_id"] for b in notes) == [28, 29, 30]
            assert all(len(b) == 1 and "Rebooted the print server" in
                       b[0]["note_html"] and "id" not in b[0] for b in notes)
            t.keys("Escape")
            t.wait_for("bulk change", absent=True)
            # Applied: unmarked. Mark two, then the bulk key's team.
            t.keys("g", "Space", "Space")
            t.wait_for(lambda s: marked(s) == 2)
            st, teams = emu.api("GET", "Team")
            team = teams[0]["name"]
            t.keys("\\;")   # tmux reads a bare ; as its own separator
            wait_picker(t, "change 2 marked tickets")
            t.type("team")
            t.keys("Enter")
            wait_picker(t, "Team")
            t.type(team)
            t.keys("Enter")
            t.wait_for("Team %s on 2 tickets?" % team)
            t.keys("Enter")
            t.wait_for("bulk change: summary", timeout=30)
            bodies = [json.loads(r["body"])[0] for r in posts(emu, "/api/Tickets")]
            assert bodies == [{"id": 30, "team": team}, {"id": 29, "team": team}] \
                or sorted(b["id"] for b in bodies) == [29, 30], bodies
            assert all(b["team"] == team and len(b) == 2 for b in bodies), bodies
            t.keys("Escape")
            # Assign to me: a with marks.
            t.keys("g", "Space")
            t.wait_for(lambda s: marked(s) == 1)
            emu.clear_requests()
            t.keys("a")
            t.wait_for("assign to me on 1 ticket?")
            t.keys("Enter")
            t.wait_for("bulk change: summary", timeout=30)
            body = json.loads(posts(emu, "/api/Tickets")[-1]["body"])
            assert body[0]["id"] == 30 and body[0]["agent_id"] > 0, body
            t.keys("Escape")
            t.wait_for("bulk change", absent=True)
            # Close, from the bulk key's changes.
            t.keys("g", "Space")
            t.wait_for(lambda s: marked(s) == 1)
            t.keys("\\;")
            wait_picker(t, "change 1 marked ticket")
            t.type("close")
            t.keys("Enter")
            t.wait_for("Status Closed on 1 ticket?")
            t.keys("Enter")
            t.wait_for("bulk change: summary", timeout=30)
            body = json.loads(posts(emu, "/api/Tickets")[-1]["body"])
            assert body == [{"id": 30, "status_id": status_id(emu, "Closed")}]


def test_quit_mid_run_is_offered_and_can_be_discarded():
    """Q in the middle waits for the answers in flight and sends no more;
    the next start offers the rest; discarding it sends nothing and
    offers it no more."""
    with Emulator("--rate-limit", "20", "--rate-window", "20",
                  tickets=40) as emu:
        env = rate_env(emu, 20, 20)
        with start(env) as t:
            ready(t, "row 1 of 40")
            mark_all(t, 30)
            n = marked(t.screen())
            start_bulk_status(t, n)
            halotest.wait_until(lambda: len(ticket_posts(emu)) >= 3,
                                timeout=30, what="three POSTs")
            t.keys("Q")
            assert t.exit_status(timeout=60) == 0
        sent = ticket_posts(emu)
        assert len(sent) == len(set(sent)) and len(sent) < n, sent
        emu.configure(rate_limit=0)   # the next starts need not wait
        with start(env) as t:
            t.wait_for("unfinished bulk change: Status Closed on %d records"
                       % n)
            t.type("Discard")
            t.keys("Enter")
            t.wait_for("the unfinished bulk change was discarded")
            t.keys("q")
            t.exit_status()
        with start(env) as t:
            ready(t, "row 1 of 40")
            assert "unfinished bulk change" not in t.screen()
        assert ticket_posts(emu) == sent


def test_read_only_marks_but_sends_nothing():
    with Emulator(tickets=20) as emu:
        with start(emu.env(), args=["--read-only"]) as t:
            ready(t, "row 1 of 20")
            t.keys("Space", "Space")
            t.wait_for(lambda s: marked(s) == 2)
            for key in ("S", "\\;", "a"):
                t.keys(key)
                t.wait_for("the session is read-only (--read-only): nothing "
                           "was sent")
                t.keys("Escape")
            assert not [r for r in emu.api_requests() if r["method"] != "GET"]


def test_summary_names_the_refused_and_the_unknown():
    """A 400 is failed, with the server's words; a 500 may have been
    applied and is not sent again; both keep their mark."""
    with Emulator(tickets=20) as emu:
        with start(emu.env()) as t:
            ready(t, "row 1 of 20")
            for _ in range(5):
                t.keys("Space")
            t.wait_for(lambda s: marked(s) == 5)
            emu.fault(method="POST", path="/api/Tickets$", fault="status",
                      status=400, count=1, body=json.dumps(
                          {"ClassName": "HaloValidationException",
                           "message": "Status not allowed for this ticket type"}))
            emu.fault(method="POST", path="/api/Tickets$", fault="status",
                      status=500, count=1)
            start_bulk_status(t, 5)
            s = t.wait_for("bulk change: summary", timeout=30)
            assert summary_of(s) == (3, 1, 1), s
            assert "Status not allowed for this ticket type" in s, s
            assert re.search(r"ticket \d+ may have been applied", s), s
            ids = ticket_posts(emu)
            assert len(ids) == 5 and len(set(ids)) == 5, ids
            t.keys("Escape")
            s = t.wait_for("bulk change", absent=True)
            assert marked(s) == 2, s


if __name__ == "__main__":
    halotest.main(globals())
