#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`:profile NAME` in the TUI, in tmux against two emulators (profiles a
and b of one config file, with different data): the rows, the title and
the requests follow the profile; a profile that does not load leaves the
current one as it was and says why; an open form refuses the switch;
`:profile` alone picks one; coming back draws the cached first page."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from tmuxdriver import Tmux  # noqa: E402
from test_tui import need_tools, traced_env, wait_picker  # noqa: E402

NO_ENV = {k: None for k in ("HALOPSA_BASE_URL", "HALOPSA_TENANT",
                            "HALOPSA_CLIENT_ID", "HALOPSA_CLIENT_SECRET")}


def write_config(env, emus, extra=None):
    """config.yaml (0600) with one profile per emulator, named by the keys
    of emus, with extra's lines for that name; nothing comes from
    HALOPSA_* (env has none)."""
    cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(cfgdir, exist_ok=True)
    path = os.path.join(cfgdir, "config.yaml")
    lines = ["default_profile: a", "profiles:"]
    for name, emu in emus.items():
        lines += ["  %s:" % name,
                  "    base_url: %s" % emu.base_url,
                  "    tenant: %s" % emu.tenant,
                  "    client_id: %s" % emu.client_id,
                  "    client_secret: %s" % emu.client_secret]
        lines += ["    %s" % line for line in (extra or {}).get(name, [])]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return path


def top_summary(emu):
    """The summary of the first row of the start list (the newest ticket),
    cut to what fits in the list's Summary column."""
    st, t = emu.api("GET", "Tickets/30")
    assert st == 200, t
    return t["summary"][:16]


def title_line(screen):
    return screen.split("\n")[0]


def first_row(screen):
    """The list's first row (ticket 30): each instance's own summary,
    below the title, the queue tabs and the header."""
    return screen.split("\n")[3]


def status_line(screen):
    return screen.rstrip("\n").split("\n")[-1]


def command(t, text):
    t.keys(":")
    t.wait_for(lambda s: status_line(s).startswith(":"))
    t.type(text)
    t.keys("Enter")


def ticket_lists(emu):
    return [r for r in emu.api_requests()
            if r["method"] == "GET" and r["path"].lower() == "/api/tickets"]


def test_profile_switches_rows_title_and_server():
    need_tools()
    with Emulator(tickets=30, seed=1) as a, Emulator(tickets=30, seed=2) as b:
        sa, sb = top_summary(a), top_summary(b)
        assert sa != sb, (sa, sb)
        a.clear_requests()
        b.clear_requests()
        env = traced_env(a.env(**NO_ENV))
        write_config(env, {"a": a, "b": b})
        with Tmux([halotest.HALOTUI, "-p", "a"], env=env, cols=120, rows=40) as t:
            screen = t.wait_for(lambda s: sa in first_row(s) and "row 1 of 30" in s)
            assert "\u00b7 a " in title_line(screen), title_line(screen)
            assert ticket_lists(a) and not b.api_requests(), b.api_requests()

            # To b: its rows, its name, its server.
            command(t, "profile b")
            screen = t.wait_for(lambda s: sb in first_row(s) and "row 1 of 30" in s)
            assert "\u00b7 b " in title_line(screen), title_line(screen)
            assert "profile 'b'" in status_line(screen), status_line(screen)
            assert ticket_lists(b), b.requests()
            seen_a = len(a.requests())

            # A profile that does not load: said, and still on b.
            command(t, "profile nosuch")
            screen = t.wait_for("profile 'nosuch' not found")
            assert "config.yaml: profile 'nosuch' not found" in status_line(screen), \
                status_line(screen)
            assert "\u00b7 b " in title_line(screen), title_line(screen)
            assert sb in first_row(screen), screen

            # :profile alone: a picker with the current one marked.
            command(t, "profile")
            screen = wait_picker(t, "profile")
            assert "b (current)" in screen and re.search(r"\ba\b", screen), screen
            t.keys("Escape")
            t.wait_for("b (current)", absent=True)

            # A form with typed text: the switch is refused, the form stays.
            t.keys("c")
            t.wait_for("Create new ticket")
            t.keys("j", "j", "Enter")       # Summary
            t.type("half a thought")
            t.keys("Enter")
            t.wait_for("half a thought")
            command(t, "profile a")
            screen = t.wait_for("a form is open")
            assert "Create new ticket" in screen and "half a thought" in screen, screen
            assert "\u00b7 b " in title_line(screen), title_line(screen)
            assert len(a.requests()) == seen_a, a.requests()[seen_a:]

            # Leave the form (discarding it), then back to a, slowly: its
            # first page as last seen is drawn from the cache at once.
            t.keys("Escape")
            wait_picker(t, "unsaved changes")
            t.keys("Down", "Enter")
            t.wait_for("Create new ticket", absent=True)
            a.configure(latency_ms=2000)
            command(t, "profile a")
            screen = t.wait_for(lambda s: re.search(r"cached \d+ s ago", s))
            assert sa in first_row(screen), screen
            assert "\u00b7 a " in title_line(screen), title_line(screen)
            t.wait_for("row 1 of 30", timeout=15)
            t.keys("q")
            assert t.exit_status() == 0




# A colour in an SGR sequence: 8/16 colours or 256, foreground or background.
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|[34]8;5;\d+)[;m]")


def test_profile_brings_its_theme():
    """b's theme: mono has no colour at all: after :profile b the screen
    has none, and back on a (the default theme) it has them again."""
    need_tools()
    with Emulator(tickets=30, seed=1) as a, Emulator(tickets=30, seed=2) as b:
        env = traced_env(a.env(**NO_ENV))
        write_config(env, {"a": a, "b": b}, {"b": ["theme: mono"], "a": ["theme: default"]})
        with Tmux([halotest.HALOTUI, "-p", "a"], env=env, cols=120, rows=40) as t:
            t.wait_for("row 1 of 30")
            assert COLOUR.search(t.screen_escapes()), repr(t.screen_escapes()[:400])
            command(t, "profile b")
            t.wait_for(lambda s: "\u00b7 b " in title_line(s) and "row 1 of 30" in s)
            halotest.wait_until(lambda: not COLOUR.search(t.screen_escapes()),
                                what="b's colours (none)")
            command(t, "profile a")
            t.wait_for(lambda s: "\u00b7 a " in title_line(s) and "row 1 of 30" in s)
            halotest.wait_until(lambda: COLOUR.search(t.screen_escapes()),
                                what="a's colours again")
            t.keys("q")


if __name__ == "__main__":
    halotest.main(globals())
