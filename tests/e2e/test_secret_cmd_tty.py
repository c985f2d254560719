#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""client_secret_cmd on a terminal: the command may read the terminal (a
passphrase), and when it runs past secret_cmd_timeout everything it
started is stopped, not just the shell halotui ran."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip, wait_until  # noqa: E402
from tmuxdriver import TMUX, Tmux  # noqa: E402


def need_tools():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


def secret_env(emu, cmd, timeout):
    env = emu.env()
    cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(cfgdir, exist_ok=True)
    path = os.path.join(cfgdir, "config.yaml")
    with open(path, "w") as f:
        f.write("profiles:\n  s:\n    base_url: %s\n    tenant: %s\n"
                "    client_id: %s\n    client_secret_cmd: %s\n"
                "    secret_cmd_timeout: %s\n"
                % (emu.base_url, emu.tenant, emu.client_id, json.dumps(cmd), timeout))
    os.chmod(path, 0o600)
    for k in ("HALOPSA_BASE_URL", "HALOPSA_TENANT", "HALOPSA_CLIENT_ID",
              "HALOPSA_CLIENT_SECRET"):
        env.pop(k, None)
    return env


def alive(pid):
    """pid runs (a zombie does not count)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_timeout_stops_what_the_command_started():
    need_tools()
    with Emulator(tickets=5) as emu:
        home = emu.env()["HOME"]
        pidfile = os.path.join(home, "grandchild")
        # The shell starts a sleep of its own and waits for it: the
        # sleep is halotui's grandchild.
        cmd = "sleep 300 & echo $! > '%s'; wait" % pidfile
        env = secret_env(emu, cmd, 1)
        with Tmux([halotest.HALOTUI, "list", "tickets"], env=env, cols=120, rows=10) as t:
            assert t.exit_status(timeout=20) == 2
            t.wait_for("client_secret_cmd did not finish within 1 s")
            pid = int(open(pidfile).read())
            try:
                wait_until(lambda: not alive(pid), timeout=5,
                           what="the command's own child stopped")
            finally:
                if alive(pid):
                    os.kill(pid, 9)
        assert not emu.requests()


def test_command_reads_the_terminal():
    need_tools()
    with Emulator(tickets=5) as emu:
        env = secret_env(emu, "printf 'passphrase: ' >/dev/tty; "
                              "read -r s </dev/tty; echo \"$s\"", 30)
        with Tmux([halotest.HALOTUI, "list", "tickets", "--format", "tsv"],
                  env=env, cols=120, rows=10) as t:
            t.wait_for("passphrase:")
            t.type(emu.client_secret)
            t.keys("Enter")
            assert t.exit_status(timeout=20) == 0, t.screen()
        assert emu.api_requests(), "the list was never asked for"


if __name__ == "__main__":
    halotest.main(globals())
