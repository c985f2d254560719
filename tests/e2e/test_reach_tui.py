#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reaching out of halotui and finding the way back, in tmux against the
emulator: y and Y copy a record's id and web address through OSC 52 (into
tmux's buffer here), osc52: false shows them instead; links in the text
are OSC 8 hyperlinks in what halotui writes (hyperlinks: on) and never
carry the server's control bytes; o opens the record with $BROWSER (its
argv recorded by a script) where there is a display, and over SSH copies
and shows the address; q walks back through a chain of jumps to exactly
where each step was; the `:` line completes with Tab and remembers its
commands across runs."""

import os
import re
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from tmuxdriver import TMUX  # noqa: E402
from test_tui import answered, ready, start_env, status_line  # noqa: E402


def config_env(em, top=(), **over):
    """An isolated HOME whose config.yaml has the top-level lines `top`
    and profile "t" for em (the default: the only one)."""
    env = halotest.profile_env(em, name="t")
    env.update({k: v for k, v in over.items() if v is not None})
    for k, v in over.items():
        if v is None:
            env.pop(k, None)
    path = os.path.join(env["XDG_CONFIG_HOME"], "halotui", "config.yaml")
    with open(path) as f:
        body = f.read()
    with open(path, "w") as f:
        f.write("".join(line + "\n" for line in top) + body)
    os.chmod(path, 0o600)
    return env


def start(env, cols=120, rows=40):
    t = start_env(env, cols=cols, rows=rows)
    # tmux takes OSC 52 into its buffers.
    t._tmux("set-option", "-g", "set-clipboard", "on")
    return t


def buffer_of(t):
    r = subprocess.run([TMUX, "-L", t.socket, "show-buffer"], env=t.env,
                       capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def wait_buffer(t, want):
    halotest.wait_until(lambda: buffer_of(t) == want, timeout=10,
                        what="tmux's buffer to hold %r (has %r)" % (want, buffer_of(t)))


def record_pipe(t, path):
    """Everything halotui writes from now on, as bytes, into path."""
    t._tmux("pipe-pane", "-O", "-t", "t", "cat >> %s" % path)


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def ticket_with_link(em, lo=20, hi=300):
    """The id of a ticket whose details link to the status page."""
    for tid in range(hi, lo, -1):
        st, data = em.api("GET", "Tickets/%d" % tid, params={"includedetails": "true"})
        if st == 200 and "status.example.com" in (data.get("details_html") or ""):
            return tid, re.search(r'href="([^"]+)"', data["details_html"]).group(1)
    raise AssertionError("no ticket links to the status page")


def open_ticket(t, tid):
    t.keys(":")
    t.type("ticket %d" % tid)
    t.keys("Enter")
    t.wait_for("Ticket %d:" % tid)
    t.wait_trace(answered, what="the ticket and its notes")
    return t.sync()


# ---- y, Y: OSC 52 -------------------------------------------------------------

def test_copy_id_and_url_through_osc52():
    with Emulator(tickets=50) as em:
        with start(config_env(em)) as t:
            ready(t, "row 1 of 50")
            t.keys("y")
            screen = t.wait_for("Copied ticket 50's id")
            wait_buffer(t, "50")
            t.keys("Y")
            t.wait_for("Copied ticket 50's URL")
            wait_buffer(t, em.base_url + "/tickets?id=50")
            # From the detail too, and for another resource.
            open_ticket(t, 7)
            t.keys("y")
            t.wait_for("Copied ticket 7's id")
            wait_buffer(t, "7")
            t.keys("C")
            screen = t.wait_for(lambda s: re.search(r"^ Client \d+:", s.splitlines()[1]))
            cid = int(re.search(r"^ Client (\d+):", screen.splitlines()[1]).group(1))
            t.keys("Y")
            t.wait_for("Copied client %d's URL" % cid)
            wait_buffer(t, em.base_url + "/customers?clientid=%d" % cid)
            assert "\x1b" not in status_line(t.sync())


def test_osc52_off_shows_the_text():
    with Emulator(tickets=50) as em:
        with start(config_env(em, top=["osc52: false"])) as t:
            ready(t, "row 1 of 50")
            t.keys("Y")
            screen = t.wait_for("ticket 50's URL: %s/tickets?id=50" % em.base_url)
            assert "Copied" not in status_line(screen), screen
            assert buffer_of(t) in (None, ""), buffer_of(t)


# ---- OSC 8 -------------------------------------------------------------------------

def test_links_are_osc8_hyperlinks_in_the_raw_output():
    with Emulator(tickets=300) as em:
        tid, url = ticket_with_link(em)
        raw = os.path.join(em.env()["HOME"], "raw.bin")
        with start(config_env(em, top=["hyperlinks: on"])) as t:
            record_pipe(t, raw)
            ready(t, "row 1 of 300")
            open_ticket(t, tid)
            want = b"\x1b]8;;" + url.encode() + b"\x1b\\" + url.encode() + b"\x1b]8;;\x1b\\"
            halotest.wait_until(lambda: want in read_bytes(raw), timeout=10,
                                what="the link as an OSC 8 hyperlink")
            # The record's own title links to its page.
            page = ("%s/tickets?id=%d" % (em.base_url, tid)).encode()
            title = b"\x1b]8;;" + page + b"\x1b\\Ticket %d\x1b]8;;\x1b\\" % tid
            halotest.wait_until(lambda: title in read_bytes(raw), timeout=10,
                                what="the title as a hyperlink to the record")
            # The footnote number stays on the screen.
            assert re.search(r"\[1\] " + re.escape(url), t.sync()), t.sync()
            # A hostile href (ESC and BEL inside) is never written out as
            # one, nor as a hyperlink.
            open_ticket(t, 17)
            t.sync()
            data = read_bytes(raw)
            assert b"evil.example/\x1b" not in data
            assert b"\x1b]8;;javascript" not in data
            for m in re.finditer(rb"\x1b\]8;;([^\x1b]*)\x1b\\", data):
                assert all(0x21 <= c <= 0x7e for c in m.group(1)), m.group(1)


def test_no_hyperlinks_when_off_or_unknown_terminal():
    with Emulator(tickets=300) as em:
        tid, url = ticket_with_link(em)
        for top in (["hyperlinks: off"], []):   # [] is auto: tmux < 3.4 here
            raw = os.path.join(em.env()["HOME"], "raw.bin")
            env = config_env(em, top=top, TERM_PROGRAM="tmux",
                             TERM_PROGRAM_VERSION="3.3a")
            with start(env) as t:
                record_pipe(t, raw)
                ready(t, "row 1 of 300")
                open_ticket(t, tid)
                t.wait_for("[1] " + url)
                assert b"\x1b]8;" not in read_bytes(raw), top


# ---- o: the browser, or the address over SSH -------------------------------------------

def test_open_without_a_display_copies_and_shows_the_url():
    with Emulator(tickets=50) as em:
        env = config_env(em, DISPLAY=None, WAYLAND_DISPLAY=None,
                         SSH_CONNECTION="10.0.0.1 5000 10.0.0.2 22",
                         BROWSER="/nonexistent/browser")
        with start(env) as t:
            ready(t, "row 1 of 50")
            t.keys("o")
            url = em.base_url + "/tickets?id=50"
            t.wait_for("No display here: copied ticket 50's page: " + url)
            wait_buffer(t, url)


def write_browser(home):
    """A $BROWSER that records its arguments, one a line, and whether it
    was given the client secret."""
    path = os.path.join(home, "fake-browser")
    out = os.path.join(home, "browser-argv")
    with open(path, "w") as f:
        f.write('#!/bin/sh\nprintf "%%s\\n" "${HALOPSA_CLIENT_SECRET-unset}" > %s.env\n'
                'for a in "$@"; do printf "%%s\\n" "$a"; done > %s.tmp\n'
                'mv %s.tmp %s\necho "browser noise on stdout"\n'
                'echo "browser noise on stderr" >&2\n' % (out, out, out, out))
    os.chmod(path, stat.S_IRWXU)
    return path, out


def test_open_with_browser_runs_it_without_a_shell():
    with Emulator(tickets=300) as em:
        tid, link = ticket_with_link(em)
        env = config_env(em, DISPLAY=":99", SSH_CONNECTION=None, SSH_TTY=None)
        browser, argv_file = write_browser(env["HOME"])
        env["BROWSER"] = browser + " --new-tab"
        env["HALOPSA_CLIENT_SECRET"] = em.client_secret
        with start(env) as t:
            ready(t, "row 1 of 300")
            t.keys("o")
            screen = t.wait_for("Opened ticket 300's page in the browser")
            halotest.wait_until(lambda: os.path.exists(argv_file), timeout=10,
                                what="the browser to run")
            with open(argv_file) as f:
                assert f.read().splitlines() == ["--new-tab",
                                                 em.base_url + "/tickets?id=300"]
            with open(argv_file + ".env") as f:
                assert f.read() == "unset\n"   # no secret for the browser
            assert "noise" not in t.sync(), t.sync()
            # In a detail with links: a choice of the page and the links.
            os.unlink(argv_file)
            open_ticket(t, tid)
            t.keys("o")
            t.wait_for("open in the browser")
            t.keys("Down", "Enter")
            t.wait_for("Opened the link in the browser")
            halotest.wait_until(lambda: os.path.exists(argv_file), timeout=10,
                                what="the browser to run")
            with open(argv_file) as f:
                assert f.read().splitlines() == ["--new-tab", link]
            assert "noise" not in t.sync()


# ---- q: the way back ----------------------------------------------------------------------

def title_line(screen):
    return screen.splitlines()[1]


def test_back_through_a_chain_of_four_jumps():
    with Emulator(tickets=300) as em:
        with start(config_env(em), cols=120) as t:
            ready(t, "row 1 of 300")
            first = open_ticket(t, 120)
            t.keys("j", "j")                      # scrolled: kept on the way back
            first = t.sync()
            t.keys("C")
            screen = t.wait_for(lambda s: re.search(r"^ Client \d+:", title_line(s)))
            client = title_line(screen)
            t.keys("T")
            t.wait_for("tickets of client")
            t.wait_trace(answered, what="the client's tickets")
            # A ticket of the client's (not the first) that has a user.
            cid = int(re.search(r"^ Client (\d+):", client).group(1))
            st, data = em.api("GET", "Tickets", params={
                "client_id": cid, "order": "id", "orderdesc": "true",
                "pageinate": "true", "page_size": 50, "page_no": 1})
            rows = data["tickets"]
            idx = next(i for i, r in enumerate(rows) if i and (r.get("user_id") or 0) > 0)
            for _ in range(idx):
                t.keys("j")
            t.wait_for(lambda s: re.search(r"row %d of \d+" % (idx + 1), status_line(s)))
            t.keys("Enter")
            screen = t.wait_for(lambda s: re.search(r"^ Ticket \d+:", title_line(s)))
            second = title_line(screen)
            t.wait_trace(answered, what="the ticket")
            t.keys("U")
            t.wait_for(lambda s: re.search(r"^ User \d+:", title_line(s)))
            # Back four times: the ticket, its list (cursor kept), the
            # client, the first ticket as it was scrolled.
            t.keys("q")
            t.wait_for(lambda s: title_line(s) == second)
            t.keys("q")
            screen = t.wait_for(lambda s: "tickets of client" in status_line(s))
            assert re.search(r"row %d of \d+" % (idx + 1), status_line(screen)), screen
            t.keys("q")
            t.wait_for(lambda s: title_line(s) == client)
            t.keys("q")
            # The same lines, scrolled as they were (the title is off the
            # top), once the notes are in again.
            t.wait_for(lambda s: s.splitlines()[1:39] == first.splitlines()[1:39])
            assert "Ticket 120:" not in first, first
            t.keys("q")
            t.wait_for(lambda s: re.search(r"^ tickets\s+row 1 of 300", status_line(s)))


def test_back_to_the_detail_beside_the_list():
    """The wide layout: a jump from the list, whose cursor the detail
    beside it follows, comes back to that detail, the list still focused."""
    with Emulator(tickets=300) as em:
        with start(config_env(em), cols=160) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            t.wait_for(lambda s: "Ticket 300:" in s.splitlines()[1])
            t.keys("Tab", "j", "j")
            t.wait_for(lambda s: "Ticket 298:" in s.splitlines()[1])
            t.keys("C")
            t.wait_for(lambda s: re.search(r"Client \d+:", s.splitlines()[1]))
            t.keys("q")
            t.wait_for(lambda s: "Ticket 298:" in s.splitlines()[1])
            # The list has the keys: j moves its cursor, the detail follows.
            t.keys("j")
            screen = t.wait_for(lambda s: "Ticket 297:" in s.splitlines()[1])
            assert re.search(r"row 4 of 300", status_line(screen)), screen


# ---- the `:` line: Tab and history ------------------------------------------------------------

def test_tab_completes_commands_and_status_names():
    with Emulator(tickets=300) as em:
        with start(config_env(em)) as t:
            ready(t, "row 1 of 300")
            t.keys(":")
            t.type("fil")
            t.keys("Tab")
            t.wait_for(lambda s: status_line(s).rstrip() == ":filter")
            t.type("status=Ne")
            t.keys("Tab")
            t.wait_for(lambda s: status_line(s).rstrip() == ":filter status=New")
            t.keys("Enter")
            t.wait_for(lambda s: "status=New" in status_line(s))
            # Several candidates: listed, and Tab cycles through them.
            t.keys(":")
            t.type("so")
            t.keys("Tab")
            t.wait_for(lambda s: status_line(s).rstrip() == ":sort")
            t.keys("Escape")
            t.keys(":")
            t.type("s")
            t.keys("Tab")
            screen = t.wait_for(lambda s: "search" in status_line(s) and
                                "sort" in status_line(s))
            first = status_line(screen).split()[0]
            t.keys("Tab")
            t.wait_for(lambda s: status_line(s).split()[0] != first)
            t.keys("Escape")


def test_history_is_kept_across_runs_without_secrets():
    with Emulator(tickets=300) as em:
        env = config_env(em)
        with start(env) as t:
            ready(t, "row 1 of 300")
            t.keys(":")
            t.type("filter status=New")
            t.keys("Enter")
            t.wait_for(lambda s: "status=New" in status_line(s))
            t.keys(":")
            t.type("search password hunter2")
            t.keys("Enter")
            t.wait_for("password hunter2")
            t.keys("Q")
            assert t.exit_status() == 0
        path = os.path.join(env["XDG_STATE_HOME"], "halotui", "history", "t")
        with open(path) as f:
            kept = f.read()
        assert kept == "filter status=New\n", kept
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with start(env) as t:
            ready(t, "row 1 of 300")
            t.keys(":")
            t.keys("Up")
            t.wait_for(lambda s: status_line(s).startswith(":filter status=New"))
            t.keys("Down")
            t.wait_for(lambda s: status_line(s).rstrip() == ":")
            t.keys("Escape")


if __name__ == "__main__":
    halotest.main(globals())
