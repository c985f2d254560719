#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The agent's queues in the TUI: the view tabs over the list (My tickets,
Unassigned, My teams, All open, Recently updated, then the config's and
views.yaml's views) with the counts the server gives, switching with ]
and [, views in the config written with names, :filter agent=me and
:save-view, against the emulator's own answers."""

import json
import os
import re
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip  # noqa: E402
from tmuxdriver import TMUX, Tmux  # noqa: E402

SEP = " \u2502 "
UNASSIGNED = 1   # Halo's built-in "Unassigned" agent (HALO_API.md 5.1)

wait_until = halotest.wait_until   # scaled, polling; no fixed sleeps


def need_tools():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


def start(emu, env=None, cols=120, rows=40):
    need_tools()
    env = env or emu.env()
    env.setdefault("HALOTUI_TRACE", os.path.join(env["HOME"], "trace.log"))
    return Tmux([halotest.HALOTUI], env=env, cols=cols, rows=rows)


def write_config(env, text):
    d = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config.yaml")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def count(emu, **params):
    """The emulator's record_count for a ticket query."""
    q = dict(params, pageinate="true", page_size="1", page_no="1")
    st, data = emu.api("GET", "Tickets", params=q)
    assert st == 200, data
    return data["record_count"]


def me(emu):
    st, agent = emu.api("GET", "Agent/me")
    assert st == 200, agent
    return agent


def tabs(screen):
    """The tab bar: the list pane's first row."""
    return screen.splitlines()[1]


def status(screen):
    return screen.rstrip("\n").split("\n")[-1]


def row_ids(screen):
    """The ticket ids of the rows on the screen."""
    return [int(m.group(1)) for line in screen.splitlines()[3:-1]
            for m in [re.match(r"^(\d+) ", line)] if m]


def ticket(emu, tid):
    st, t = emu.api("GET", "Tickets/%d" % tid)
    assert st == 200, t
    return t


def list_requests(emu, **want):
    """GET /api/Tickets pages (not one-row counts) whose query has want."""
    out = []
    for r in emu.api_requests():
        if r["method"] != "GET" or r["path"].lower() != "/api/tickets":
            continue
        p = r["params"]
        if p.get("page_size") == ["1"]:
            continue
        if all(p.get(k) == [str(v)] for k, v in want.items()):
            out.append(r)
    return out


def make_me_busy(emu, n=3):
    """The API agent gets n open tickets and joins 2nd Line Support, so that
    My tickets and My teams hold something."""
    agent = me(emu)
    st, page = emu.api("GET", "Tickets", params={"open_only": "true",
                                                 "pageinate": "true",
                                                 "page_size": "20", "page_no": "1"})
    assert st == 200, page
    ids = [t["id"] for t in page["tickets"][:n]]
    for tid in ids:
        st, body = emu.api("POST", "Tickets", body=[{"id": tid, "agent_id": agent["id"]}])
        assert st == 201, body
    st, body = emu.api("POST", "Agent", body=[{"id": agent["id"], "team_id": 27}])
    assert st == 201, body
    return agent["id"], ids


def expected_bar(emu, me_id):
    return SEP.join([
        "My tickets %d" % count(emu, agent_id=me_id, open_only="true"),
        "Unassigned %d" % count(emu, agent_id=UNASSIGNED, open_only="true"),
        "My teams %d" % count(emu, team=27, open_only="true"),
        "All open %d" % count(emu, open_only="true"),
        "Recently updated"])


def test_tabs_show_the_servers_counts():
    with Emulator(tickets=300) as emu:
        me_id, _ = make_me_busy(emu)
        want = expected_bar(emu, me_id)
        emu.clear_requests()
        with start(emu) as t:
            screen = t.wait_for(lambda s: want in tabs(s))
            assert "row 1 of 300" in status(screen), screen
            # One one-row page per counted tab (Recently updated is every
            # ticket: no count), and who I am asked once.
            counts = [r for r in emu.api_requests()
                      if r["path"] == "/api/Tickets" and r["params"].get("page_size") == ["1"]]
            assert len(counts) == 4, counts
            assert sum(1 for r in emu.api_requests() if r["path"] == "/api/Agent/me") == 1
            # r asks the counts again, with what changed meanwhile.
            st, page = emu.api("GET", "Tickets", params={"open_only": "true",
                                                         "agent_id": str(UNASSIGNED),
                                                         "pageinate": "true",
                                                         "page_size": "1", "page_no": "1"})
            tid = page["tickets"][0]["id"]
            st, body = emu.api("POST", "Tickets", body=[{"id": tid, "agent_id": me_id}])
            assert st == 201, body
            want = expected_bar(emu, me_id)
            t.keys("r")
            t.wait_for(lambda s: want in tabs(s))
            t.keys("q")
            assert t.exit_status() == 0


def test_my_tickets_and_unassigned():
    with Emulator(tickets=300) as emu:
        me_id, mine = make_me_busy(emu)
        with start(emu) as t:
            t.wait_for("row 1 of 300")
            t.keys("]")
            n = count(emu, agent_id=me_id, open_only="true")
            screen = t.wait_for(lambda s: re.search(r"^ My tickets\s.*row 1 of %d" % n,
                                                    status(s)))
            assert "agent=me" in status(screen), screen
            ids = row_ids(screen)
            assert sorted(ids) == sorted(mine), (ids, mine)
            assert all(ticket(emu, i)["agent_id"] == me_id for i in ids), ids
            assert list_requests(emu, agent_id=me_id, open_only="true")
            t.keys("]")
            n = count(emu, agent_id=UNASSIGNED, open_only="true")
            screen = t.wait_for(lambda s: re.search(r"^ Unassigned\s.*row 1 of %d" % n,
                                                    status(s)))
            ids = row_ids(screen)
            assert ids, screen
            for i in ids:
                rec = ticket(emu, i)
                assert rec["agent_id"] == UNASSIGNED and rec["status_id"] != 9, rec
            # [ goes back; from the start view it is the last tab, the last
            # of Halo's saved views (test_viewlists_tui.py), which follow
            # Recently updated.
            t.keys("[")
            t.wait_for(lambda s: status(s).startswith(" My tickets"))
            st, saved = emu.api("GET", "ViewLists", params={"type": "tickets"})
            assert st == 200 and saved, saved
            t.keys("1", "[")
            t.wait_for(lambda s: status(s).startswith(" tickets (Halo view %s)"
                                                      % saved[-1]["name"]))
            t.keys(*["["] * len(saved))
            t.wait_for(lambda s: status(s).startswith(" Recently updated"))
            assert list_requests(emu, order="lastactiondate", orderdesc="true")
            t.keys("[", "[")
            n = count(emu, team=27, open_only="true")
            screen = t.wait_for(lambda s: re.search(r"^ My teams\s.*row 1 of %d" % n,
                                                    status(s)))
            assert all(ticket(emu, i)["team_id"] == 27 for i in row_ids(screen))
            # A click on a tab opens it.
            x = tabs(screen).index("All open") + 2
            n = count(emu, open_only="true")
            t.mouse(0, x, 1)
            t.mouse(3, x, 1)
            t.wait_for(lambda s: re.search(r"^ All open\s.*row 1 of %d" % n, status(s)))


def test_my_teams_without_a_team():
    with Emulator(tickets=100) as emu:
        with start(emu) as t:
            t.wait_for(lambda s: "My teams 0" in tabs(s))
            t.keys("]", "]", "]")
            screen = t.wait_for("is in no team")
            assert "API User" in screen, screen
            assert not [r for r in list_requests(emu) if "team" in r["params"]]


CONFIG = """views:
  second-new:
    resource: tickets
    team: "2nd Line Support"
    status: [New, "In Progress"]
  acme:
    resource: tickets
    client: Acme Corporation
    open: yes
  typo:
    resource: tickets
    status: Nw
"""


def test_config_views_by_names():
    with Emulator(tickets=300) as emu:
        env = emu.env()
        path = write_config(env, CONFIG)
        st, clients = emu.api("GET", "Client", params={"search": "Acme Corporation",
                                                       "search_name_only": "true"})
        acme = next(c["id"] for c in clients["clients"] if c["name"] == "Acme Corporation")
        second = count(emu, team=27, status="1,2")
        with_acme = count(emu, client_id=acme, open_only="true")
        with start(emu, env, cols=160) as t:
            screen = t.wait_for(lambda s: ("second-new %d" % second) in tabs(s) and
                                ("acme %d" % with_acme) in tabs(s) and "typo !" in tabs(s))
            # The name that names nothing: the file, line and column.
            assert "%s:12:13: view 'typo': no status named" % path in screen.replace(
                "\n", ""), screen
            t.keys(":")
            t.type("view second-new")
            t.keys("Enter")
            screen = t.wait_for(lambda s: re.search(
                r"^ tickets \(view second-new\)\s.*row 1 of %d" % second, status(s)))
            assert "status=New, In Progress" in status(screen), screen
            assert list_requests(emu, team=27, status="1,2")
            for i in row_ids(screen):
                rec = ticket(emu, i)
                assert rec["team_id"] == 27 and rec["status_id"] in (1, 2), rec
            t.keys("]")
            screen = t.wait_for(lambda s: re.search(
                r"^ tickets \(view acme\)\s.*row 1 of %d" % with_acme, status(s)))
            assert all(ticket(emu, i)["client_id"] == acme for i in row_ids(screen))
            t.keys("]")
            screen = t.wait_for(lambda s: "no status named" in s.splitlines()[3])
            assert not list_requests(emu, status_id="Nw")


def test_filter_agent_me():
    with Emulator(tickets=300) as emu:
        me_id, mine = make_me_busy(emu)
        with start(emu) as t:
            t.wait_for("row 1 of 300")
            t.keys(":")
            t.type("filter agent=me")
            t.keys("Enter")
            n = count(emu, agent_id=me_id)
            screen = t.wait_for(lambda s: re.search(r"agent=me\s+row 1 of %d" % n, status(s)))
            assert all(ticket(emu, i)["agent_id"] == me_id for i in row_ids(screen))
            assert list_requests(emu, agent_id=me_id)
            # The filter picker offers "me" first.
            t.keys(":")
            t.type("filter none")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"^ tickets\s+row 1 of 300", status(s)))
            t.keys("f")
            t.wait_for(lambda s: re.search(r"\u2500 filter \(\d+\) \u2500", s))
            t.type("agent")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"\u2500 agent \(\d+\) \u2500", s))
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"agent=me\s+row 1 of %d" % n, status(s)))


def test_detail_open_when_me_is_resolved():
    """Who I am arrives while a ticket is open: the open detail is told,
    and it only redraws (it once read the notice as a saved record)."""
    with Emulator(tickets=50) as emu:
        emu.fault(method="GET", path=r"^/api/agent/me$", count=1,
                  fault="stall", stall_ms=int(halotest.scaled(2) * 1000))
        with start(emu) as t:
            t.wait_for("row 1 of")
            t.keys("Enter")
            t.wait_for("Ticket 50:")
            halotest.wait_until(
                lambda: any(r["path"].lower() == "/api/agent/me" and
                            r.get("status") == 200 for r in emu.requests()),
                timeout=30, what="the answer to Agent/me")
            t.keys("Escape")
            screen = t.wait_for(lambda s: re.search(r"My tickets \d", s))
            assert "row 1 of" in screen, screen
            t.keys("q")
            assert t.exit_status() == 0


def test_save_view_and_restart():
    with Emulator(tickets=300) as emu:
        me_id, mine = make_me_busy(emu)
        new = next(i for i in mine if ticket(emu, i)["status_id"] != 9)
        status_name = ticket(emu, new)["status_name"]
        st, statuses = emu.api("GET", "Status")
        sid = next(s["id"] for s in statuses if s["name"] == status_name)
        env = emu.env()
        views = os.path.join(env["XDG_CONFIG_HOME"], "halotui", "views.yaml")
        with start(emu, env, cols=200) as t:
            t.wait_for("row 1 of 300")
            for cmd in ("filter agent=me", "filter status=%s" % status_name,
                        "sort lastactiondate desc", "save-view mine by status"):
                t.keys(":")
                t.type(cmd)
                t.keys("Enter")
            t.wait_for("view mine by status saved in %s" % views)
            t.wait_for(lambda s: "mine by status %d" % count(
                emu, agent_id=me_id, status_id=sid) in tabs(s))
            t.keys("q")
            assert t.exit_status() == 0
        assert stat.S_IMODE(os.stat(views).st_mode) == 0o600
        text = open(views).read()
        assert "agent: me" in text and "sort: lastactiondate" in text, text
        emu.clear_requests()
        env.pop("HALOTUI_TRACE", None)
        with start(emu, env) as t:
            t.wait_for(lambda s: "mine by status" in tabs(s))
            t.keys(":")
            t.type("view mine by status")
            t.keys("Enter")
            n = count(emu, agent_id=me_id, status_id=sid)
            screen = t.wait_for(lambda s: re.search(
                r"^ tickets \(view mine by status\)\s.*row 1 of %d" % n, status(s)))
            assert new in row_ids(screen), screen
            assert list_requests(emu, agent_id=me_id, status_id=sid,
                                 order="lastactiondate", orderdesc="true")


if __name__ == "__main__":
    halotest.main(globals())
