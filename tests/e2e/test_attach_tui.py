#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Attachments in the TUI, in tmux against the emulator: a ticket's files
are listed in its detail (and under the note that carries one), saved
with the save-attachment key into $XDG_DOWNLOAD_DIR with the server's
bytes, never over a file that is there; over SSH the status line says
where. A file attached in the note form with `a` (Tab completing its
name) is posted after the note, and the detail lists it after."""

import base64
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import (answered, open_ticket, posts, start, start_env,  # noqa: E402
                      status_line, wait_picker)


def attachment_bytes(em, aid):
    status, _, data = em.http("GET", "/api/Attachment/%d" % aid,
                              headers={"Authorization": "Bearer " + em.token()})
    assert status == 200, status
    return data


def listing(em, tid):
    st, data = em.api("GET", "Attachment", params={"ticket_id": tid})
    assert st == 200, data
    return data["attachments"]


def from_halotui(r):
    return r["headers"].get("User-Agent", "").startswith("halotui/")


def test_listed_and_saved_twice_without_overwriting():
    with Emulator(tickets=300) as em:
        env = em.env()
        downloads = os.path.join(env["HOME"], "dl here")
        # Over SSH with a display: saved, said, not opened.
        with start(em, XDG_DOWNLOAD_DIR=downloads, DISPLAY=":99",
                   SSH_CONNECTION="10.0.0.1 22 10.0.0.2 22",
                   HALOTUI_OPENER="/bin/false") as t:
            t.wait_for("row 1 of 300")
            # Ticket 25 carries two files: one on the ticket, one on its
            # first note.
            open_ticket(t, 25)
            files = listing(em, 25)
            assert [f["filename"] for f in files] == ["report-25.pdf", "screenshot.png"]
            screen = t.wait_for("Attachments (2)")
            assert re.search(r"report-25\.pdf \u00b7 2\.\d KB \u00b7 \d{4}-\d\d-\d\d", screen), screen
            assert "F saves one" in screen, screen
            # The detail asked for them once, with the ticket.
            asked = [r for r in em.api_requests()
                     if r["path"].lower() == "/api/attachment" and from_halotui(r)]
            assert len(asked) == 1 and asked[0]["params"]["ticket_id"] == ["25"], asked
            # The note's own file is under its heading.
            t.keys("G")
            t.wait_for("[file] screenshot.png")
            t.keys("g")
            for n, want in ((1, "report-25.pdf"), (2, "report-25 (1).pdf")):
                t.keys("F")
                wait_picker(t, "save which attachment")
                t.keys("Enter")                    # the first: report-25.pdf
                path = os.path.join(downloads, want)
                screen = t.wait_for("saved to " + path)
                with open(path, "rb") as f:
                    assert f.read() == attachment_bytes(em, files[0]["id"])
                assert os.stat(path).st_mode & 0o777 == 0o600
            # Two files, the first untouched; no temporary file left.
            assert sorted(os.listdir(downloads)) == ["report-25 (1).pdf",
                                                     "report-25.pdf"]
            gets = [r for r in em.api_requests()
                    if r["path"] == "/api/Attachment/%d" % files[0]["id"] and from_halotui(r)]
            assert len(gets) == 2 and gets[0]["method"] == "GET", gets


def test_cut_download_is_tried_again_and_a_refused_one_leaves_nothing():
    with Emulator(tickets=300) as em:
        env = em.env()
        downloads = os.path.join(env["HOME"], "dl")
        aid = listing(em, 35)[0]["id"]
        # Half the file, then the connection drops: tried again, from the
        # start of the file.
        em.fault(fault="truncate", method="GET", path="^/api/Attachment/%d$" % aid)
        with start(em, XDG_DOWNLOAD_DIR=downloads, DISPLAY=None,
                   WAYLAND_DISPLAY=None) as t:
            t.wait_for("row 1 of 300")
            open_ticket(t, 35)
            t.keys("F")
            path = os.path.join(downloads, "report-35.pdf")
            t.wait_for("saved to " + path, timeout=30)
            with open(path, "rb") as f:
                assert f.read() == attachment_bytes(em, aid)
            gets = [r for r in em.api_requests()
                    if r["path"] == "/api/Attachment/%d" % aid and from_halotui(r)]
            assert len(gets) == 2, gets
            # Refused: said, and nothing is left in the directory.
            em.fault(status=404, method="GET", path="^/api/Attachment/%d$" % aid,
                     body='{"error":"not found"}')
            t.keys("F")
            screen = t.wait_for("the attachment was not saved")
            assert "404" in status_line(screen) or "not found" in status_line(screen), screen
            assert os.listdir(downloads) == ["report-35.pdf"], os.listdir(downloads)


def test_hostile_name_is_saved_safely():
    with Emulator(tickets=300) as em:
        env = em.env()
        downloads = os.path.join(env["HOME"], "Downloads-x")
        with start(em, XDG_DOWNLOAD_DIR=downloads, DISPLAY=None,
                   WAYLAND_DISPLAY=None) as t:
            t.wait_for("row 1 of 300")
            open_ticket(t, 13)
            t.wait_for("Attachments (1)")
            t.keys("F")                            # one file: saved at once
            t.wait_for("saved to ")
            assert os.listdir(downloads) == ["evil.txt"], os.listdir(downloads)
            assert os.listdir(os.path.dirname(downloads)).count("Downloads-x") == 1


def test_opened_on_a_local_display():
    with Emulator(tickets=300) as em:
        tmp = tempfile.mkdtemp(prefix="halotui-opener-")
        halotest._tempdirs.append(tmp)
        marker = os.path.join(tmp, "opened")
        opener = os.path.join(tmp, "opener.sh")
        with open(opener, "w") as f:
            f.write("#!/bin/sh\nprintf '%%s' \"$1\" > %s.tmp && mv %s.tmp %s\n"
                    % (marker, marker, marker))
        os.chmod(opener, 0o755)
        with start(em, XDG_DOWNLOAD_DIR=None, DISPLAY=":99",
                   WAYLAND_DISPLAY=None, SSH_CONNECTION=None, SSH_TTY=None,
                   HALOTUI_OPENER=opener) as t:
            downloads = os.path.join(t.env_used["HOME"], "Downloads")
            t.wait_for("row 1 of 300")
            open_ticket(t, 35)                 # its one file is read too
            t.keys("F")
            path = os.path.join(downloads, "report-35.pdf")
            t.wait_for("saved to %s and opened" % path)
            halotest.wait_until(lambda: os.path.exists(marker), what="the opener ran")
            with open(marker) as f:
                assert f.read() == path


def test_file_attached_in_the_note_form():
    with Emulator(tickets=300) as em:
        env = em.env()
        d = os.path.join(env["HOME"], "outbox")
        os.makedirs(d)
        data = b"trace line\n" * 100 + bytes(range(256))
        with open(os.path.join(d, "trace-2024.log"), "wb") as f:
            f.write(data)
        with start(em) as t:
            t.wait_for("row 1 of 300")
            open_ticket(t, 30)
            t.keys("n")
            t.wait_for("Add note on ticket 30")
            t.wait_for("(none: a attaches one)")
            t.keys("Enter")
            t.type("Trace attached")
            t.keys("Enter")
            t.keys("a")
            t.wait_for("attach file (Tab completes)")
            t.type(d + "/tra")
            t.keys("Tab")
            t.wait_for(d + "/trace-2024.log")
            t.keys("Enter")
            t.wait_for("Files          trace-2024.log")
            t.keys("C-s")
            t.wait_for("attached 1 file to note")
            note = posts(em, "/api/Actions")
            assert len(note) == 1
            ups = posts(em, "/api/Attachment")
            assert len(ups) == 1, ups
            body = json.loads(ups[0]["body"])
            assert isinstance(body, list) and len(body) == 1
            rec = body[0]
            assert rec["ticket_id"] == 30 and rec["filename"] == "trace-2024.log"
            assert base64.b64decode(rec["data_base64"]) == data
            mine = [a for a in listing(em, 30) if a["filename"] == "trace-2024.log"]
            assert len(mine) == 1 and mine[0]["action_id"] == rec["action_id"] > 0
            # The detail reads the list again and shows it.
            screen = t.wait_for("trace-2024.log \u00b7 ")
            assert "Attachments (" in screen, screen
            t.wait_trace(answered, what="every request answered")


def test_too_big_refused_in_the_form():
    with Emulator(tickets=300) as em:
        env = halotest.profile_env(em, attachment_max_mb=1)
        big = os.path.join(env["HOME"], "big.bin")
        with open(big, "wb") as f:
            f.truncate(1024 * 1024 + 1)
        with start_env(env, cols=160) as t:
            t.wait_for("row 1 of 300")
            open_ticket(t, 30)
            t.keys("n")
            t.wait_for("Add note on ticket 30")
            t.keys("a")
            t.wait_for("attach file")
            t.type(big)
            t.keys("Enter")
            screen = t.wait_for("over the limit of 1 MB")
            assert "attachment_max_mb" in status_line(screen), screen
            assert "(none: a attaches one)" in screen
            assert posts(em, "/api/Attachment") == []


if __name__ == "__main__":
    halotest.main(globals())
