# SPDX-License-Identifier: MIT
"""halotui delete RESOURCE ID [--ticket ID] [--yes]: one DELETE, and only
after the record's id was typed on a terminal (or --yes). Without a
terminal and without --yes nothing is sent; a read-only profile refuses;
a record that is not there says so by its HTTP status; a deleted record
is gone from the server (404). Forgetting it in the cache files is
tests/unit/test_delete.c's."""
import os
import pty
import select
import signal
import time

import halotest
from halotest import Emulator, run


def deletes(em):
    return [r for r in em.api_requests() if r["method"] == "DELETE"]


def test_yes_sends_one_delete_and_the_ticket_is_gone():
    with Emulator(tickets=50) as em:
        status, t = em.api("GET", "Tickets/21")
        assert status == 200
        em.clear_requests()
        p = run(["delete", "tickets", "21", "--yes"], emulator=em)
        assert p.returncode == 0, p.stderr
        assert p.stdout.startswith("deleted ticket 21 '"), p.stdout
        assert t["summary"][:20] in p.stdout, p.stdout
        reqs = [r for r in em.api_requests() if r["path"] != "/api/authinfo"]
        assert [(r["method"], r["path"]) for r in reqs] == \
            [("DELETE", "/api/Tickets/21")], reqs
        status, _ = em.api("GET", "Tickets/21")
        assert status == 404, status
        # Again: not there, by its status, and what to do.
        p = run(["delete", "ticket", "21", "--yes"], emulator=em)
        assert p.returncode == 1, p.stderr
        assert "ticket 21 not deleted: it is not there" in p.stderr, p.stderr


def test_note_delete_names_its_ticket():
    with Emulator(tickets=50) as em:
        status, acts = em.api("GET", "Actions", params={"ticket_id": 9})
        aid = acts["actions"][0]["id"]
        em.clear_requests()
        p = run(["delete", "actions", str(aid)], emulator=em)
        assert p.returncode == 2 and "--ticket" in p.stderr, p.stderr
        p = run(["delete", "actions", str(aid), "--ticket", "9", "--yes"],
                emulator=em)
        assert p.returncode == 0, p.stderr
        assert p.stdout.startswith("deleted note %d on ticket 9" % aid), p.stdout
        d = deletes(em)
        assert len(d) == 1, d
        assert d[0]["path"] == "/api/Actions/%d" % aid, d
        assert d[0]["params"] == {"ticket_id": ["9"]}, d
        status, acts = em.api("GET", "Actions", params={"ticket_id": 9})
        assert aid not in [a["id"] for a in acts["actions"]]


def test_without_a_terminal_or_yes_nothing_is_sent():
    with Emulator(tickets=20) as em:
        em.clear_requests()
        p = run(["delete", "tickets", "5"], emulator=em)
        assert p.returncode == 2, p.stderr
        assert "add --yes" in p.stderr, p.stderr
        assert em.requests() == []


def test_only_tickets_and_notes():
    with Emulator(tickets=20) as em:
        em.clear_requests()
        p = run(["delete", "clients", "5", "--yes"], emulator=em)
        assert p.returncode == 2, p.stderr
        assert "not clients" in p.stderr, p.stderr
        assert em.requests() == []


def test_read_only_refuses():
    with Emulator(tickets=20) as em:
        em.clear_requests()
        p = run(["--read-only", "delete", "tickets", "5", "--yes"], emulator=em)
        assert p.returncode == 1, p.stderr
        assert "read-only" in p.stderr, p.stderr
        assert em.requests() == []


def test_server_refusal_by_status():
    with Emulator(tickets=20) as em:
        em.fault(status=403, path="/api/Tickets/5", method="DELETE", count=1)
        em.clear_requests()
        p = run(["delete", "tickets", "5", "--yes"], emulator=em)
        assert p.returncode == 1, p.stderr
        assert "ticket 5 not deleted: the server does not let this login " \
            "delete it" in p.stderr, p.stderr


def typed(em, args, answer):
    """Runs halotui on a terminal, types answer at its question; returns
    (status, everything it wrote)."""
    env = em.env()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(halotest.HALOTUI, [halotest.HALOTUI] + args, env)
    out = b""
    deadline = time.monotonic() + halotest.scaled(30)
    sent = False
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not sent and b"to delete it: " in out:
            os.write(fd, answer.encode() + b"\n")
            sent = True
    else:
        os.kill(pid, signal.SIGKILL)   # never answered: a failure, not a hang
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def test_the_id_must_be_typed():
    with Emulator(tickets=50) as em:
        status, t = em.api("GET", "Tickets/12")
        em.clear_requests()
        rc, out = typed(em, ["delete", "tickets", "12"], "13")
        assert "Delete ticket 12 '" in out, out
        assert rc == 1, (rc, out)
        assert "not deleted: the id typed was not 12" in out, out
        assert deletes(em) == []
        rc, out = typed(em, ["delete", "tickets", "12"], " 12 ")
        assert rc == 0, (rc, out)
        assert "deleted ticket 12" in out, out
        assert len(deletes(em)) == 1
        status, _ = em.api("GET", "Tickets/12")
        assert status == 404


if __name__ == "__main__":
    halotest.main(globals())
