#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What an idle TUI costs: halotui runs in tmux against the emulator, its
first page shown and every request answered, and is then left alone for
a few seconds while nothing is typed. Measured twice, with
refresh_interval 0 (nothing should run at all) and with a short interval
(one wake-up per interval, and its requests):

  - CPU time (utime + stime from /proc/PID/stat, every thread) used;
  - voluntary context switches of every thread (/proc/PID/task/*/status):
    each is a wake-up;
  - with strace installed (and allowed to attach), the system calls of
    every thread (strace -f -c), less the restart_syscall that attaching
    and detaching cause.

Usage (from a built tree):
  HALOTUI=$PWD/halotui HALOTUI_EMULATOR=$PWD/tests/emulator/halo_emulator \\
  PYTHONPATH=$PWD/tests python3 tests/bench/idle_cost.py [SECONDS] [INTERVAL]
Prints one line per setting; exits 0."""

import os
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from tmuxdriver import Tmux  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def write_config(env, interval):
    d = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config.yaml")
    with open(path, "w") as f:
        f.write("profiles:\n  t:\n    refresh_interval: %s\n" % interval)
    os.chmod(path, 0o600)


def halotui_pid(t):
    """The halotui process in the tmux pane (a child of its shell)."""
    shell = int(t._tmux("display-message", "-p", "-t", "t",
                        "#{pane_pid}").strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open("/proc/%d/task/%d/children" % (shell, shell)) as f:
            for k in (int(x) for x in f.read().split()):
                with open("/proc/%d/comm" % k) as c:
                    if c.read().strip().startswith("halotui"):
                        return k
        time.sleep(0.05)
    raise RuntimeError("no halotui under the pane's shell %d" % shell)


def cpu_ticks(pid):
    """utime + stime of the whole process (every thread), in clock ticks."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def wakeups(pid):
    """Voluntary context switches, summed over the threads."""
    n = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        n += int(line.split()[1])
        except OSError:
            pass
    return n


def strace_calls(pid, seconds):
    """System calls of every thread of pid over seconds: (count, {name:
    count}), or (None, reason) when strace is missing or may not attach.
    restart_syscall is left out: attaching interrupts the calls that were
    blocked, and the kernel restarts them."""
    strace = shutil.which("strace")
    if not strace:
        return None, "strace is not installed"
    p = subprocess.Popen([strace, "-f", "-c", "-p", str(pid)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    # strace says when it is attached (to each thread) on stderr only with
    # -v; give it a moment to attach before the window counts.
    time.sleep(0.3)
    time.sleep(seconds)
    p.send_signal(signal.SIGINT)
    try:
        _, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    if "Operation not permitted" in err or "attach:" in err and "total" not in err:
        return None, "strace may not attach: " + err.strip().splitlines()[0]
    calls = {}
    for line in err.splitlines():
        parts = line.split()
        # % time, seconds, usecs/call, calls, [errors], syscall
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
            try:
                count = int(parts[3])
            except ValueError:
                continue
            calls[parts[-1]] = count
    calls.pop("restart_syscall", None)
    return sum(calls.values()), calls


def measure(interval, seconds):
    with Emulator(tickets=50) as emu:
        env = emu.env()
        write_config(env, interval)
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t:
            t.wait_for("row 1 of 50", timeout=halotest.scaled(20))
            # The tabs' counts and the lookups come after the first page;
            # then the cursor's settle timer (300 ms) runs out.
            time.sleep(2.0)
            pid = halotui_pid(t)
            c0, w0, r0 = cpu_ticks(pid), wakeups(pid), len(emu.api_requests())
            time.sleep(seconds)
            c1, w1, r1 = cpu_ticks(pid), wakeups(pid), len(emu.api_requests())
            ncalls, detail = strace_calls(pid, seconds)
    return {
        "interval": interval,
        "seconds": seconds,
        "cpu_ms": (c1 - c0) * 1000.0 / TICK,
        "wakeups": w1 - w0,
        "requests": r1 - r0,
        "syscalls": ncalls,
        "syscall_detail": detail,
    }


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    interval = sys.argv[2] if len(sys.argv) > 2 else "2"
    for iv in ("0", interval):
        m = measure(iv, seconds)
        sc = m["syscalls"]
        print("refresh_interval=%-3s %4.1fs idle: cpu %.0f ms, wakeups %d "
              "(all threads), requests %d, syscalls %s%s" % (
                  m["interval"], m["seconds"], m["cpu_ms"], m["wakeups"],
                  m["requests"], "n/a" if sc is None else sc,
                  "" if sc is None and not m["syscall_detail"] else
                  " %s" % (m["syscall_detail"] if sc else "")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
