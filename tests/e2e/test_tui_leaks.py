#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Nothing leaks from the TUI: no token or secret on the screen when the
server quotes them, no typed text in the HALOTUI_TRACE file (created 0600),
no secret variable or inherited descriptor in $EDITOR's process, and no
core dumps."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip  # noqa: E402
from tmuxdriver import TMUX, Tmux  # noqa: E402

SECRET = "Zq9kT4wPx7vQ-halo"   # no "secret" in it: see test_leaks.py


def need_tools():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


def start(emu, cols=120, rows=40, **env):
    need_tools()
    e = emu.env(**env)
    e.setdefault("HALOTUI_TRACE", os.path.join(e["HOME"], "trace.log"))
    t = Tmux([halotest.HALOTUI], env=e, cols=cols, rows=rows)
    t.env_used = e
    return t


def answered(events):
    asked = {e.field("id") for e in events if e.name == "request"}
    done = {e.field("id") for e in events if e.name == "applied"}
    return asked <= done


def test_screen_never_shows_the_token_or_secret():
    with Emulator("--client-secret", SECRET, tickets=20) as emu:
        # The list's first page is refused with a body that quotes the
        # secret, the bare token and the header it got (twice: a 401 gets
        # one new token and one replay). The message is cut at the
        # screen's edge: what comes first is what would show.
        emu.fault(method="GET", path="^/api/tickets$", fault="status", status=401,
                  count=2, echo=True,
                  body='{"message": "%s {token} {authorization}"}' % SECRET)
        with start(emu) as t:
            t.wait_for("401")
            t.wait_trace(answered, what="every request answered")
            screen = t.sync()
            tokens = emu.issued_tokens()
            assert len(tokens) == 2, tokens
            trace = t.env_used["HALOTUI_TRACE"]
            assert os.stat(trace).st_mode & 0o777 == 0o600, oct(os.stat(trace).st_mode)
            for text in (screen, open(trace).read()):
                assert SECRET not in text, text
                for tok in tokens:
                    assert tok[:12] not in text, text


def test_editor_gets_no_secret_and_no_descriptor():
    with Emulator("--client-secret", SECRET, tickets=20) as emu:
        env = emu.env()
        home = env["HOME"]
        script, out = os.path.join(home, "editor.sh"), os.path.join(home, "spy")
        with open(script, "w") as f:
            f.write("#!/bin/sh\nenv > '%s.env'\nls -l /proc/self/fd > '%s.fds'\n"
                    "printf 'edited\\n' > \"$1\"\n" % (out, out))
        os.chmod(script, 0o755)
        env.pop("VISUAL", None)
        with start(emu, EDITOR=script, VISUAL=None) as t:
            t.wait_for("row 1 of 20")
            t.keys("Enter")
            t.wait_for("Notes (")
            t.keys("n")
            t.wait_for("Add note on ticket 20")
            t.keys("E")
            t.wait_for("edited")
        envtext = open(out + ".env").read()
        assert "HALOPSA_CLIENT_ID=" in envtext, envtext
        assert "HALOPSA_CLIENT_SECRET=" not in envtext and SECRET not in envtext, envtext
        # What the editor passes on to a program it runs, but for the
        # descriptor ls opens to list them.
        fds = {}
        for line in open(out + ".fds").read().splitlines():
            if " -> " in line:
                left, target = line.rsplit(" -> ", 1)
                if not re.fullmatch(r"/proc/\d+/fd", target):
                    fds[int(left.split()[-1])] = target
        assert sorted(fds) == [0, 1, 2], fds


def test_trace_is_private_and_holds_no_typed_text():
    with Emulator(tickets=20) as emu:
        trace = os.path.join(emu.env()["HOME"], "trace.log")
        # Left readable by an earlier run: made private again.
        with open(trace, "w"):
            pass
        os.chmod(trace, 0o644)
        with start(emu, HALOTUI_TRACE=trace) as t:
            t.wait_for("row 1 of 20")
            t.wait_trace(answered, what="every request answered")
            t.keys("Enter")
            t.wait_for("Notes (")
            t.keys("n")
            t.wait_for("Add note on ticket 20")
            t.keys("Enter")                      # the in-place editor
            t.type("Swapped the toner; all good")
            t.keys("Enter", "C-s")
            t.wait_for("saved note on ticket 20")
            t.keys("Escape")                     # back to the list
            t.wait_for("Notes (", absent=True)
            t.keys("/")                          # a prompt
            t.wait_for("search tickets:")
            t.type("zebraquux")
            t.keys("Enter")
            t.wait_for("zebraquux")
            t.sync()
            events = t.trace()
        text = open(trace).read()
        keys = [e.detail for e in events if e.name == "key"]
        typed = "".join(k.split()[0] for k in keys if k.split())
        for word in ("toner", "all good", "zebraquux"):
            assert word not in text and word.replace(" ", "") not in typed, keys
        # What is named is a key bound to an action, never a typed one.
        assert all(k == "text" or len(k.split()) == 2 for k in keys), keys
        assert keys.count("text") >= len("Swapped the toner; all good") + len("zebraquux")
        assert "Enter open" in keys or any(k.endswith(" open") for k in keys), keys
        assert os.stat(trace).st_mode & 0o777 == 0o600, oct(os.stat(trace).st_mode)


def posts(emu, path):
    return [r for r in emu.api_requests()
            if r["method"] == "POST" and r["path"].lower() == path.lower()]


def no_leak_report(t):
    """The program ended with status 0 and nothing from LeakSanitizer (a
    sanitized build exits 23 when it finds a leak)."""
    rc = t.exit_status(timeout=40)
    screen = t.screen()
    assert rc == 0 and "LeakSanitizer" not in screen, (rc, screen)


def send_note(t, emu):
    t.wait_for("row 1 of 20")
    t.wait_trace(answered, what="every request answered")
    t.keys("Enter")
    t.wait_for("Notes (")
    t.keys("n")
    t.wait_for("Add note on ticket 20")
    t.keys("Enter")
    t.type("Replaced the fuser")
    t.keys("Enter", "C-s")
    halotest.wait_until(lambda: posts(emu, "/api/Actions"), what="the POST received")


def test_quit_with_a_change_in_flight_frees_everything():
    """Q from a note form whose POST the server stalls waits for the
    answer; Q again quits anyway, the draft "may have been applied"; and a
    quit that waits until the answer comes ends as cleanly."""
    with Emulator(tickets=20) as emu:
        emu.fault(method="POST", path="/api/Actions", fault="stall", count=1,
                  stall_ms=int(halotest.scaled(60) * 1000))
        with start(emu) as t:
            send_note(t, emu)
            t.keys("Q")
            t.wait_for("waiting for 1 change to be answered")
            t.keys("Q")
            no_leak_report(t)
        emu.fault(method="POST", path="/api/Actions", fault="stall", count=1,
                  stall_ms=int(halotest.scaled(2) * 1000))
        with start(emu) as t:
            send_note(t, emu)
            t.keys("Q")
            t.wait_for("waiting for 1 change to be answered")
            no_leak_report(t)                  # quits once the answer came
        assert len(posts(emu, "/api/Actions")) == 2


if __name__ == "__main__":
    halotest.main(globals())
