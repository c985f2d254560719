#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`halotui --demo`, the README's first command: it starts the bundled
emulator itself, shows the ticket queue, and leaves nothing running after
`q`."""
import os
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import halotest  # noqa: E402
from halotest import skip  # noqa: E402
from tmuxdriver import TMUX, Tmux  # noqa: E402


def demo_env(tmp):
    env = dict(os.environ)
    for k in ("HALOPSA_BASE_URL", "HALOPSA_TENANT", "HALOPSA_CLIENT_ID",
              "HALOPSA_CLIENT_SECRET"):
        env.pop(k, None)
    env.update(HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               XDG_STATE_HOME=os.path.join(tmp, "state"), TMPDIR=tmp,
               TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color",
               HALOTUI_EMULATOR=halotest.HALOTUI_EMULATOR)
    return env


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)],
                         capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has gone too, as far as the user can tell.
    with open("/proc/%d/stat" % pid) as f:
        return f.read().split()[2] != "Z"


def test_demo_opens_the_queue_and_quits_cleanly():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary")
    if not TMUX:
        skip("tmux is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        t = Tmux([halotest.HALOTUI, "--demo"], env=demo_env(tmp))
        try:
            screen = t.wait_for("row 1 of 5000", timeout=30)
            assert "[demo]" in screen, screen
            assert screen.splitlines()[2].startswith("ID "), screen
            shell = int(t._tmux("display-message", "-p", "-t", "t",
                                "#{pane_pid}").strip())
            emulator = [e for h in children(shell) for e in children(h)]
            assert len(emulator) == 1, emulator
            t.keys("q")
            assert t.exit_status(timeout=10) == 0
        finally:
            t.kill()
        # The emulator went with halotui, and so did its private config.
        assert not alive(emulator[0])
        leftovers = [n for n in os.listdir(tmp) if n.startswith("halotui-demo-")]
        assert not leftovers, leftovers


if __name__ == "__main__":
    halotest.main(globals())
