#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Who "me" is in the TUI, in tmux against the emulator. Logged in as an
agent (auth: password, halotui login), assign to me assigns that agent and
a note is theirs, as Halo records it. With client_credentials, agent: in
the profile (a name or an id) is who assign to me assigns, an unknown name
is an error naming the key, and the first note or assignment says once
that Halo attributes it to the API agent and how to log in as yourself."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, isolated_env, run  # noqa: E402
from tmuxdriver import Tmux  # noqa: E402
from test_tui import answered, need_tools, posts, ready, traced_env  # noqa: E402

LOGIN_APP = "halotui-login"   # the emulator's login application
API_AGENT_NOTE = ("Halo attributes it to the API agent; to act as yourself, "
                  "set auth: password (or authorization_code) in profile 'me' "
                  "and run halotui login -p me")


def write_profile(em, env, auth, extra=()):
    """config.yaml with profile "me" (the default) for the emulator."""
    lines = ["default_profile: me", "profiles:", "  me:",
             "    base_url: " + em.base_url, "    tenant: " + em.tenant,
             "    auth: " + auth, "    cache: false"]
    if auth == "client_credentials":
        lines += ["    client_id: " + em.client_id,
                  "    client_secret: " + em.client_secret]
    else:
        lines += ["    client_id: " + LOGIN_APP]
    lines += ["    " + x for x in extra]
    d = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)


def profile_env(em, auth, extra=()):
    """An isolated HOME with that profile and no HALOPSA_* variables."""
    env = isolated_env(BROWSER=None, DISPLAY=None, WAYLAND_DISPLAY=None)
    write_profile(em, env, auth, extra)
    return env


def start(env, cols=240):
    """halotui in tmux with env's profile, tracing. Wide: the status line
    shows the longest message whole."""
    need_tools()
    e = traced_env(env)
    t = Tmux([halotest.HALOTUI], env=e, cols=cols, rows=40)
    t.env_used = e
    return t


def status_line(screen):
    return screen.rstrip("\n").split("\n")[-1]


def ticket(em, tid):
    st, data = em.api("GET", "Tickets/%d" % tid)
    assert st == 200, data
    return data


def agent_posts(em):
    return [json.loads(p["body"]) for p in posts(em, "/api/Tickets")]


def me_asked(em):
    return sum(1 for r in em.api_requests()
               if r["path"].lower() == "/api/agent/me")


def field_line(screen, label):
    """The value on the detail's line for a field ("Agent   Chen Wei"), or
    "" (the detail is beside the list on a wide screen)."""
    for line in screen.splitlines():
        m = re.search(r"(?:^|\u2502) ?%s {2,}(\S.*)$" % re.escape(label), line)
        if m:
            return m.group(1)
    return ""


def open_ticket(t, tid):
    t.keys("Enter")
    t.wait_for("Ticket %d:" % tid)
    t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
    t.wait_trace(answered, what="the ticket and its notes")
    return t.sync()


def note_by(em, tid, text):
    st, data = em.api("GET", "Actions", params={"ticket_id": tid,
                                                 "includehtmlnote": "true"})
    assert st == 200, data
    acts = data.get("actions", []) if isinstance(data, dict) else data
    mine = [a for a in acts if text in (a.get("note_html") or a.get("note") or "")]
    assert len(mine) == 1, mine
    return mine[0]


def add_note(t, tid, text):
    t.keys("n")
    t.wait_for("Add note on ticket %d" % tid)
    t.keys("Enter")
    t.type(text)
    t.keys("Enter", "C-s")
    return t.wait_for("saved note on ticket %d" % tid)


def test_logged_in_agent_is_me_for_assign_and_notes():
    text = "Reseated the dock; the monitors are back"
    with Emulator(tickets=50) as em:
        # An agent who is not ticket 50's agent already.
        before = ticket(em, 50)["agent_id"]
        who = next(w for w in em._control("GET", "logins")
                   if w["agent_id"] != before)
        env = profile_env(em, "password", [
            "username: " + who["username"],
            "password_cmd: printf %%s %s" % who["password"]])
        r = run(["login", "-p", "me"], env=env)
        assert r.returncode == 0, (r.stdout, r.stderr)
        assert "as %s (agent %d)" % (who["name"], who["agent_id"]) in r.stdout
        with start(env) as t:
            ready(t, "row 1 of 50")
            screen = open_ticket(t, 50)
            assert who["name"] not in field_line(screen, "Agent"), screen
            em.clear_requests()
            t.keys("a")
            screen = t.wait_for("saved ticket 50: assigned to me (applied)")
            # The token's agent, as the server says (not the API agent);
            # the queue tabs may have asked already.
            assert me_asked(em) <= 1
            assert agent_posts(em) == [[{"id": 50, "agent_id": who["agent_id"]}]]
            assert ticket(em, 50)["agent_id"] == who["agent_id"] != 2
            assert "API agent" not in status_line(screen), status_line(screen)
            screen = t.wait_for(lambda s: who["name"] in field_line(s, "Agent"))
            # A private note through the form: Halo records the agent.
            screen = add_note(t, 50, text)
            assert "API agent" not in status_line(screen), status_line(screen)
            act = note_by(em, 50, text)
            assert act["who_agentid"] == who["agent_id"], act
            assert act["actionby_agent_id"] == who["agent_id"], act
            assert act["who"] == who["name"], act
            assert act["hiddenfromuser"] is True, act
            body = json.loads(posts(em, "/api/Actions")[0]["body"])[0]
            assert "who_agentid" not in body and "who" not in body, body
            # The detail shows the note, by that agent.
            t.wait_trace(answered, what="the notes read again")
            t.keys("G")
            screen = t.wait_for(text)
            lines = screen.splitlines()
            at = next(i for i, l in enumerate(lines) if text in l)
            header = next(l for l in reversed(lines[:at]) if "\u2500\u2500 " in l)
            assert who["name"] in header and "[private]" in header, header
            t.keys("Q")
            assert t.exit_status() == 0


def test_client_credentials_agent_name_is_me():
    with Emulator(tickets=50) as em:
        ben = next(w for w in em._control("GET", "logins")
                   if w["name"] == "Ben Okafor")
        env = profile_env(em, "client_credentials", ["agent: Ben Okafor"])
        for tid in (50, 49):     # neither is Ben's already
            if ticket(em, tid)["agent_id"] == ben["agent_id"]:
                st, _ = em.api("POST", "Tickets", [{"id": tid, "agent_id": 3}])
                assert st in (200, 201)
        em.clear_requests()
        with start(env) as t:
            ready(t, "row 1 of 50")
            t.keys("a")
            screen = t.wait_for("saved ticket 50: assigned to me (applied)")
            # Said once: Halo attributes the change to the API agent.
            assert API_AGENT_NOTE in status_line(screen), status_line(screen)
            assert agent_posts(em) == [[{"id": 50, "agent_id": ben["agent_id"]}]]
            assert ticket(em, 50)["agent_id"] == ben["agent_id"]
            assert me_asked(em) == 0       # agent: says who; nobody asked
            # The first row (below the title, the queue tabs and the header).
            t.wait_for(lambda s: "Ben Oka" in s.splitlines()[3])
            t.keys("j", "a")
            screen = t.wait_for("saved ticket 49: assigned to me (applied)")
            assert "API agent" not in status_line(screen), status_line(screen)
            assert ticket(em, 49)["agent_id"] == ben["agent_id"]
            # A note after that: not said again.
            open_ticket(t, 49)
            screen = add_note(t, 49, "Checked the backups")
            assert "API agent" not in status_line(screen), status_line(screen)
            assert me_asked(em) == 0
            t.keys("Q")
            assert t.exit_status() == 0


def test_client_credentials_agent_id_and_the_first_note():
    with Emulator(tickets=50) as em:
        env = profile_env(em, "client_credentials", ["agent: 7"])
        if ticket(em, 50)["agent_id"] == 7:
            em.api("POST", "Tickets", [{"id": 50, "agent_id": 3}])
        with start(env) as t:
            ready(t, "row 1 of 50")
            open_ticket(t, 50)
            # The first note says it, the assignment after it does not.
            screen = add_note(t, 50, "Swapped the toner")
            assert API_AGENT_NOTE in status_line(screen), status_line(screen)
            assert note_by(em, 50, "Swapped the toner")["actionby_agent_id"] == 2
            em.clear_requests()
            t.keys("a")
            screen = t.wait_for("saved ticket 50: assigned to me (applied)")
            assert "API agent" not in status_line(screen), status_line(screen)
            assert agent_posts(em) == [[{"id": 50, "agent_id": 7}]]
            assert me_asked(em) == 0
            assert ticket(em, 50)["agent_id"] == 7
            t.keys("Q")
            assert t.exit_status() == 0


def test_client_credentials_agent_name_waits_for_the_agent_list():
    """assign to me before the agent list has arrived: the ticket is
    assigned when it does, without a second key."""
    with Emulator(tickets=50) as em:
        env = profile_env(em, "client_credentials", ["agent: fiona gallagher"])
        em.fault(method="GET", path="/api/Agent$", fault="stall",
                 stall_ms=int(halotest.scaled(1.5) * 1000), count=1)
        with start(env) as t:
            t.wait_for("row 1 of 50")
            t.keys("a")
            t.wait_for("loading the agent list")
            t.wait_for("saved ticket 50: assigned to me (applied)")
            assert agent_posts(em) == [[{"id": 50, "agent_id": 8}]]
            assert me_asked(em) == 0


def test_client_credentials_agent_list_that_fails():
    """The agent list fails at start and again when assign to me asks for
    it: not assigned, and the status line says why."""
    with Emulator(tickets=50) as em:
        env = profile_env(em, "client_credentials", ["agent: Fiona"])
        em.fault(method="GET", path="/api/Agent$", status=403, count=2)
        with start(env) as t:
            t.wait_for("row 1 of 50")
            t.wait_trace(answered, what="the start's requests")
            t.keys("a")
            screen = t.wait_for("not assigned: agent: in profile 'me' is a name")
            t.wait_trace(answered, what="the agent list asked again")
            assert posts(em, "/api/Tickets") == [] and me_asked(em) == 0
            assert sum(1 for r in em.api_requests()
                       if r["path"] == "/api/Agent") == 2


def test_client_credentials_unknown_agent_name_is_an_error():
    with Emulator(tickets=50) as em:
        env = profile_env(em, "client_credentials", ["agent: Nobody Here"])
        with start(env) as t:
            ready(t, "row 1 of 50")
            em.clear_requests()
            t.keys("a")
            screen = t.wait_for("agent: Nobody Here in profile 'me'")
            line = status_line(screen)
            assert 'no agent named "Nobody Here"' in line, line
            t.wait_trace(answered, what="nothing in flight")
            assert posts(em, "/api/Tickets") == [] and me_asked(em) == 0
            t.keys("Q")
            assert t.exit_status() == 0


if __name__ == "__main__":
    halotest.main(globals())
