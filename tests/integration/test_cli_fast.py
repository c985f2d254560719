# SPDX-License-Identifier: MIT
"""The command line spends round trips only where it must: show asks for the
record and its notes side by side, update posts without lookup lists it does
not need, list keeps up to four pages of 100 on the wire; and an update of
many records applies each once, says how it went, and resumes from its
journal after an interruption."""
import json
import os
import re
import signal
import subprocess

import halotest
from halotest import HALOTUI, Emulator, run, scaled, wait_until

EM = None


def emulator():
    global EM
    if EM is None:
        EM = Emulator(tickets=300)
    return EM


def fresh(em=None):
    em = em or emulator()
    em.clear_faults()
    em.configure(rate_limit=0, latency_ms=0)
    em.clear_requests()
    return em


def paths(em):
    return ["%s %s" % (r["method"], r["path"]) for r in em.requests()]


def posts_by_id(em):
    """How many POSTs the emulator received for each ticket id."""
    seen = {}
    for r in em.api_requests():
        if r["method"] == "POST" and re.match(r"^/api/tickets/?$", r["path"], re.I):
            for rec in json.loads(r["body"]):
                seen[rec["id"]] = seen.get(rec["id"], 0) + 1
    return seen


def journals(env):
    d = os.path.join(env["XDG_STATE_HOME"], "halotui", "journal")
    if not os.path.isdir(d):
        return []
    return [os.path.join(d, f) for f in os.listdir(d) if f.endswith(".journal")]


# ---- show, update, list: the requests they make ---------------------------

def test_show_is_token_then_record_and_notes_side_by_side():
    em = fresh()
    em.configure(latency_ms=int(scaled(0.2) * 1000))
    p = run(["show", "tickets", "5"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Ticket 5:"), p.stdout
    assert "Status:" in p.stdout and "Notes (" in p.stdout, p.stdout
    # The full record names its status, agent, priority and type itself:
    # no lookup list is asked for.
    assert sorted(paths(em)) == sorted(["GET /api/authinfo", "POST /auth/token",
                                        "GET /api/Tickets/5", "GET /api/Actions"]), \
        paths(em)
    assert em.stats()["max_in_flight"] == 2


def test_update_with_an_id_is_token_and_post_only():
    em = fresh()
    p = run(["update", "tickets", "21", "status=2", "agent=3"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert paths(em) == ["GET /api/authinfo", "POST /auth/token",
                         "POST /api/Tickets"], paths(em)
    assert p.stdout.startswith("Ticket 21:"), p.stdout


def test_update_with_a_name_asks_for_that_fields_list_only():
    em = fresh()
    p = run(["update", "tickets", "22", "status=Closed"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert paths(em) == ["GET /api/authinfo", "POST /auth/token",
                         "GET /api/Status", "POST /api/Tickets"], paths(em)
    assert "Closed" in p.stdout


def test_list_5000_is_pages_of_100_four_at_a_time_in_order():
    with Emulator(tickets=6000) as em:
        em.configure(latency_ms=50)
        em.clear_requests()
        p = run(["list", "tickets", "--limit", "5000", "--format", "tsv"],
                emulator=em)
        assert p.returncode == 0, p.stderr
        ids = [int(l.split("\t")[0]) for l in p.stdout.splitlines()[1:]]
        assert len(ids) == 5000
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == 5000
        pages = [r for r in em.api_requests()
                 if re.match(r"^/api/tickets/?$", r["path"], re.I)]
        nos = sorted(int(r["params"]["page_no"][0]) for r in pages)
        assert nos == list(range(1, 51)), nos
        assert all(r["params"]["page_size"] == ["100"] for r in pages)
        # Side by side, never more than the worker's four.
        assert 3 <= em.stats()["max_in_flight"] <= 4, em.stats()


def test_list_stops_at_the_end_of_the_set():
    em = fresh()
    p = run(["list", "tickets", "--limit", "5000", "--format", "tsv"],
            emulator=em)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 301
    nos = sorted(int(r["params"]["page_no"][0]) for r in em.api_requests()
                 if re.match(r"^/api/tickets/?$", r["path"], re.I))
    assert nos == [1, 2, 3], nos


def test_list_failing_page_leaves_stdout_empty():
    em = fresh()
    em.fault(path=r"^/api/tickets$", fault="status", status=400, skip=2,
             body='"page refused"')
    p = run(["list", "tickets", "--format", "tsv"], emulator=em)
    assert p.returncode == 1, p.stderr
    assert p.stdout == ""
    assert p.stderr.count("page refused") == 1, p.stderr


# ---- an update of many -------------------------------------------------------

def test_update_many_applies_each_once():
    em = fresh()
    ids = list(range(30, 90))
    env = em.env()
    p = run(["update", "tickets"] + [str(i) for i in ids] + ["status=2"],
            env=env)
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""
    assert posts_by_id(em) == {i: 1 for i in ids}
    for r in em.api_requests():
        if r["method"] == "POST":
            body = json.loads(r["body"])
            assert len(body) == 1 and body[0]["status_id"] == 2, body
    # Off a terminal: a line every 50, the summary; no lookup list.
    assert "halotui: updating tickets: 50 of 60" in p.stderr, p.stderr
    assert "halotui: 60 tickets: 60 applied, 0 already applied earlier, " \
           "0 failed, 0 may have been applied" in p.stderr, p.stderr
    assert "\r" not in p.stderr
    assert not [r for r in em.api_requests() if r["method"] == "GET" and
                r["path"].lower() != "/api/authinfo"]
    assert journals(env) == []
    assert em.stats()["max_in_flight"] <= 4


def test_update_many_with_a_refused_id_exits_1_and_names_it():
    em = fresh()
    em.fault(method="POST", path=r"^/api/tickets$", fault="status", status=400,
             body_match=r'"id":\s*42\b', body='"Ticket 42 is locked"')
    env = em.env()
    p = run(["update", "tickets", "--ids", "40,41,42,43", "status=Closed"],
            env=env)
    assert p.returncode == 1, p.stderr
    assert p.stdout == ""
    assert "ticket 42 failed: HTTP 400" in p.stderr and \
        "Ticket 42 is locked" in p.stderr, p.stderr
    assert "4 tickets: 3 applied, 0 already applied earlier, 1 failed, " \
           "0 may have been applied" in p.stderr, p.stderr
    assert posts_by_id(em) == {40: 1, 41: 1, 42: 1, 43: 1}
    # Run again: only the one that failed is sent.
    em.clear_requests()
    p = run(["update", "tickets", "--ids", "40,41,42,43", "status=Closed"],
            env=env)
    assert p.returncode == 0, p.stderr
    assert posts_by_id(em) == {42: 1}
    assert "3 tickets already applied are skipped" in p.stderr, p.stderr
    assert journals(env) == []


def test_update_many_ids_from_stdin():
    em = fresh()
    env = em.env()
    p = run(["update", "tickets", "--ids", "-", "agent=3"], env=env,
            input="51\n\n 52 \n51\n53\n")
    assert p.returncode == 0, p.stderr
    assert posts_by_id(em) == {51: 1, 52: 1, 53: 1}
    assert "3 tickets: 3 applied" in p.stderr, p.stderr
    p = run(["update", "tickets", "--ids", "-", "agent=3"], env=env,
            input="51\nfifty\n")
    assert p.returncode == 2
    assert "line 2" in p.stderr and "fifty" in p.stderr, p.stderr


def test_update_many_usage_errors_send_nothing():
    em = fresh()
    for args, needle in ((["update", "tickets", "1", "x2", "status=2"], "'x2'"),
                         (["update", "tickets", "1", "2"], "FIELD=VALUE"),
                         (["update", "tickets", "1", "2", "priority=High"],
                          "give priority as an id"),
                         (["update", "tickets", "1", "2", "status=Nope"],
                          "status")):
        p = run(args, emulator=em)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        assert needle in p.stderr, (args, p.stderr)
        assert p.stdout == ""
    assert not [r for r in em.api_requests() if r["method"] == "POST"]


def test_interrupted_update_resumes_and_never_resends_the_unknown():
    with Emulator(tickets=300) as em:
        ids = list(range(60, 72))
        stalled = 63
        # Its POST is applied, but only after the run was interrupted.
        em.fault(method="POST", path=r"^/api/tickets$", fault="stall",
                 stall_ms=int(scaled(60) * 1000), body_match=r'"id":\s*63\b')
        env = em.env()
        args = ["update", "tickets"] + [str(i) for i in ids] + ["status=2"]
        proc = subprocess.Popen([HALOTUI] + args, env=env,
                                stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            def confirmed():
                js = journals(env)
                if len(js) != 1:
                    return False
                with open(js[0]) as f:
                    return f.read().count("applied ") == len(ids) - 1
            wait_until(confirmed, 20, "the others confirmed in the journal")
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=scaled(10))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode != 0
        first = posts_by_id(em)
        assert first == {i: 1 for i in ids}, first
        assert os.stat(journals(env)[0]).st_mode & 0o777 == 0o600

        em.clear_requests()
        p = run(args, env=env)
        assert p.returncode == 1, p.stderr
        assert posts_by_id(em) == {}, "a confirmed or unknown one was resent"
        assert "11 tickets already applied are skipped" in p.stderr, p.stderr
        assert "ticket 63 may have been applied by an earlier run" in p.stderr, \
            p.stderr
        assert "--resend-maybe" in p.stderr, p.stderr
        assert "12 tickets: 0 applied, 11 already applied earlier, 0 failed, " \
               "1 may have been applied" in p.stderr, p.stderr

        # Asked for explicitly: the unknown one goes again, and the
        # change is settled.
        em.clear_requests()
        p = run(args[:2] + ["--resend-maybe"] + args[2:], env=env)
        assert p.returncode == 0, p.stderr
        assert posts_by_id(em) == {stalled: 1}
        assert journals(env) == []


if __name__ == "__main__":
    EM = Emulator(tickets=300)
    try:
        halotest.main(globals())
    finally:
        EM.stop()
