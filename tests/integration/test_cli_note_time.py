#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""halotui note --time and halotui mytime against the emulator: the time
typed (h:mm, minutes, hours) is sent as timetaken in hours, a time that is
not one is refused before anything is sent, `show` prints each note's time,
and mytime lists today's notes with time and their total."""

import datetime
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, run  # noqa: E402


def action_posts(em):
    return [json.loads(r["body"])[0] for r in em.api_requests()
            if r["method"] == "POST" and r["path"].lower() == "/api/actions"]


def test_note_time_in_hours():
    with Emulator(tickets=50) as em:
        for typed, hours in (("0:15", 0.25), ("90", 1.5), ("1h30m", 1.5), ("2h", 2)):
            em.clear_requests()
            p = run(["note", "9", "--time", typed, "Fixed the printer."], emulator=em)
            assert p.returncode == 0, p.stderr
            assert "added to ticket 9" in p.stdout and "time " in p.stdout, p.stdout
            posts = action_posts(em)
            assert len(posts) == 1, posts
            assert posts[0]["timetaken"] == hours, (typed, posts)
        # Without --time no timetaken is sent.
        em.clear_requests()
        p = run(["note", "9", "No time."], emulator=em)
        assert p.returncode == 0, p.stderr
        assert "timetaken" not in action_posts(em)[0]
        # show prints each note's time.
        p = run(["show", "ticket", "9"], emulator=em)
        assert p.returncode == 0, p.stderr
        assert re.search(r"Fixed the printer", p.stdout), p.stdout
        assert "time 2:00" in p.stdout and "time 0:15" in p.stdout, p.stdout
        st, acts = em.api("GET", "Actions?ticket_id=9")
        minutes = round(sum(a.get("timetaken") or 0 for a in acts["actions"]) * 60)
        assert "Notes (%d), time %d:%02d in all" % (len(acts["actions"]), minutes // 60,
                                                    minutes % 60) in p.stdout, p.stdout


def test_a_time_that_is_not_one_is_refused():
    with Emulator(tickets=50) as em:
        for typed in ("soon", "1:75", "25:00", "-5"):
            em.clear_requests()
            p = run(["note", "9", "--time", typed, "x"], emulator=em)
            assert p.returncode == 2, (typed, p.stdout, p.stderr)
            assert p.stderr.startswith("halotui: --time: time"), p.stderr
            assert action_posts(em) == []


def test_mytime_lists_todays_notes_and_the_total():
    with Emulator(tickets=50) as em:
        for tid, t in ((3, "0:20"), (7, "1:05")):
            p = run(["note", str(tid), "--time", t, "Worked on it."], emulator=em)
            assert p.returncode == 0, p.stderr
        run(["note", "8", "No time on this one."], emulator=em)
        em.clear_requests()
        p = run(["mytime"], emulator=em)
        assert p.returncode == 0, p.stderr
        lines = p.stdout.splitlines()
        assert re.match(r"My time today, .*: 2 notes, 1:25 in all$", lines[0]), p.stdout
        assert len(lines) == 3, p.stdout
        assert re.search(r"\b0:20\s+ticket 3\b", lines[1]), p.stdout
        assert re.search(r"\b1:05\s+ticket 7\b", lines[2]), p.stdout
        asked = [r for r in em.api_requests() if r["path"].lower() == "/api/timesheetevent"]
        assert len(asked) == 1, em.api_requests()
        q = urllib.parse.parse_qs(asked[0]["query"])
        assert q["agent_id"] == ["2"], q
        # The local day, as UTC (a day of 23 to 25 hours).
        start, end = (datetime.datetime.strptime(q[k][0], "%Y-%m-%dT%H:%M:%SZ")
                      for k in ("start_date", "end_date"))
        assert 23 * 3600 <= (end - start).total_seconds() <= 25 * 3600, q
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        assert start <= now < end, q


def test_me_is_the_profiles_agent_under_client_credentials():
    """agent: in a client_credentials profile says who "me" is for the
    command line too (as in the TUI): mytime and agent=me ask for that
    agent, not the API application's (Agent/me)."""
    with Emulator(tickets=50) as em:
        st, agents = em.api("GET", "Agent")
        other = next(a for a in agents if a["id"] not in (1, 2) and a.get("name"))
        env = halotest.profile_env(em, agent='"%s"' % other["name"])
        p = run(["mytime"], emulator=em, env=env)
        assert p.returncode == 0, p.stderr
        times = [r for r in em.api_requests() if r["path"].lower() == "/api/timesheetevent"]
        assert len(times) == 1, times
        q = urllib.parse.parse_qs(times[0]["query"])
        assert q["agent_id"] == [str(other["id"])], q
        assert not any(r["path"].lower() == "/api/agent/me" for r in em.api_requests())
        em.clear_requests()
        p = run(["list", "tickets", "--filter", "agent=me"], emulator=em, env=env)
        assert p.returncode == 0, p.stderr
        lists = [r for r in em.api_requests() if r["path"].lower() == "/api/tickets"]
        assert urllib.parse.parse_qs(lists[0]["query"])["agent_id"] == [str(other["id"])]
        # A name that names nobody says which key of which profile.
        env = halotest.profile_env(em, agent="Nobody Atall")
        p = run(["mytime"], emulator=em, env=env)
        assert p.returncode != 0
        assert "agent: in profile 't'" in p.stderr, p.stderr


def test_emulator_workflows_canned_text_and_time_entries():
    """What the tests above and the TUI's rely on, as Halo answers it."""
    with Emulator(tickets=50) as em:
        st, flows = em.api("GET", "Workflow")
        assert st == 200 and isinstance(flows, list), flows
        change = next(f for f in flows if f["id"] == 2)
        step2 = next(s for s in change["steps"] if s["step_id"] == 2)
        assert sorted(a["action_id"] for a in step2["actions"]) == [2, 3, 7], step2
        st, outcomes = em.api("GET", "Outcome?workflow_id=2&workflow_step=2")
        assert st == 200 and sorted(o["id"] for o in outcomes) == [2, 3, 7], outcomes
        private = next(o for o in outcomes if o["id"] == 7)
        assert private["hidefromuser"] is True and private["outcome"] == "Private Note"
        st, every = em.api("GET", "Outcome")
        assert len(every) > len(outcomes)
        # A note with an outcome the ticket's step does not allow is refused.
        em.api("POST", "Tickets", [{"id": 5, "workflow_id": 2, "workflow_step": 2}])
        st, err = em.api("POST", "Actions", [{"ticket_id": 5, "outcome_id": 4, "note": "x"}])
        assert st == 400 and "do not have access" in json.dumps(err), err
        st, ok = em.api("POST", "Actions", [{"ticket_id": 5, "outcome_id": 3, "note": "x",
                                              "timetaken": 0.5}])
        assert st == 201 and ok["timetaken"] == 0.5, ok
        # Canned text: everyone's, the agent's own and their teams'.
        st, canned = em.api("GET", "CannedText")
        assert st == 200, canned
        names = {c["name"] for c in canned}
        assert {"Greeting", "Remote session"} <= names, names
        assert "Someone else's" not in names and "Projects only" not in names, names
        assert all(c.get("html") for c in canned), canned
        st, one = em.api("GET", "CannedText/%d" % canned[0]["id"])
        assert st == 200 and one["id"] == canned[0]["id"], one
        st, _ = em.api("GET", "CannedText/4")   # another agent's
        assert st == 404
        # An agent of team 26 (1st Line Support) also has that team's.
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))), "emulator"))
        from halo_emulator import notework
        from halo_emulator.world import World
        w = World(1)
        w.index()
        agent = next(a for a in w.agents if a.get("team_id") == 26)
        mine = {c[1] for c in notework._canned_mine(w, agent["id"])}
        assert mine == {"Greeting", "1st line hand-over"}, mine
        # Time entries need their dates.
        st, err = em.api("GET", "TimesheetEvent?agent_id=2")
        assert st == 400, err
        st, ev = em.api("GET", "TimesheetEvent?agent_id=2&start_date=2000-01-01T00:00:00Z"
                               "&end_date=2100-01-01T00:00:00Z")
        assert st == 200 and [(e["ticket_id"], e["timetaken"]) for e in ev] == [(5, 0.5)], ev
        st, ev = em.api("GET", "TimesheetEvent?agent_id=3&start_date=2000-01-01T00:00:00Z"
                               "&end_date=2100-01-01T00:00:00Z")
        assert st == 200 and ev == [], ev


if __name__ == "__main__":
    halotest.main(globals())
