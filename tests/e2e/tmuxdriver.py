# SPDX-License-Identifier: MIT
"""Drive a real program in tmux for halotui's end-to-end tests.

    with Tmux(["halotui"], env=emu.env(HALOTUI_TRACE=path), cols=120, rows=40) as t:
        t.wait_for("row 1 of")
        t.keys("j", "j", "Enter")
        screen = t.sync()          # every key handled and drawn

Each Tmux uses a private server (`tmux -L NAME`), so tests never touch a
developer's own sessions and can run side by side.  Standard library only.

Nothing here sleeps for a fixed time.  Every wait is a wait for a
condition, bounded by a timeout that is scaled by halotest's timeout factor
(HALOTUI_TEST_TIMEOUT_FACTOR, larger for sanitizer builds).  A screen is
only taken once it has settled: the same in two captures in a row, and,
when halotui writes a trace (HALOTUI_TRACE in its environment, as the tests
set it), after halotui has read every key sent so far and drawn a frame
after the last of them, with no event since.  So a wait never returns the
screen as it was before the last key, or a frame tmux has only half read.

- wait_for(text): text (or a predicate) holds on a settled screen;
- sync(): the settled screen, whatever it shows;
- settled(): the settled screen once no request is in flight;
- wait_trace(pred): a condition on the trace's events (see trace()).
"""

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402

TMUX = os.environ.get("TMUX_BIN") or shutil.which("tmux") or "tmux"

BUSY_MARK = "\u27f3"   # the status line's "requests in flight" sign


class TmuxError(AssertionError):
    pass


class Event:
    """One HALOTUI_TRACE line: monotonic milliseconds, event name, detail."""

    __slots__ = ("ms", "name", "detail")

    def __init__(self, ms, name, detail):
        self.ms, self.name, self.detail = ms, name, detail

    def field(self, key):
        """The value of key=value in the detail, or None."""
        for word in self.detail.split():
            if word.startswith(key + "="):
                return word[len(key) + 1:]
        return None

    def __repr__(self):
        return "%.1f %s %s" % (self.ms, self.name, self.detail)


class Tmux:
    def __init__(self, argv, env=None, cols=120, rows=40, cwd=None, trace=None):
        self.socket = "halotest-%d-%s" % (os.getpid(), uuid.uuid4().hex[:8])
        self.status_file = os.path.join(
            env.get("HOME", "/tmp") if env else "/tmp",
            "tmux-exit-%s" % self.socket)
        full_env = dict(env if env is not None else os.environ)
        full_env.pop("TMUX", None)
        full_env.setdefault("TERM", "xterm-256color")
        self.env = full_env
        # The trace file may hold an earlier run's events (it is appended
        # to): only what this run writes counts.
        self.trace_path = trace or full_env.get("HALOTUI_TRACE") or None
        self._trace_from = 0
        if self.trace_path:
            try:
                self._trace_from = os.path.getsize(self.trace_path)
            except OSError:
                self._trace_from = 0
        self.keys_sent = 0
        # The command runs in a shell that records its exit status, then
        # waits so that the last screen can still be captured.
        inner = "%s; echo $? > %s; sleep 600" % (
            " ".join(shlex.quote(a) for a in argv), shlex.quote(self.status_file))
        cmd = [TMUX, "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
               "-x", str(cols), "-y", str(rows), "-s", "t", "sh", "-c", inner]
        subprocess.run(cmd, env=full_env, check=True, cwd=cwd,
                       stdin=subprocess.DEVNULL)
        self._tmux("set-option", "-g", "status", "off")
        self._tmux("set-option", "-g", "remain-on-exit", "on")
        self._tmux("resize-window", "-t", "t", "-x", str(cols), "-y", str(rows),
                   check=False)

    def _tmux(self, *args, check=True):
        r = subprocess.run([TMUX, "-L", self.socket] + list(args), env=self.env,
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if check and r.returncode != 0:
            raise TmuxError("tmux %s: %s" % (" ".join(args), r.stderr.strip()))
        return r.stdout

    # -- input
    def keys(self, *keys):
        """tmux key names: "j", "Enter", "Escape", "C-s", "PageDown", "Up",
        "M-j" (Alt-j)."""
        for k in keys:
            self._tmux("send-keys", "-t", "t", k)
            self.keys_sent += 1  # halotui reads each as one key
            if k in ("Escape", "C-[") and self.trace_path:
                # A key right behind an ESC is an Alt-key to halotui, as
                # to any terminal program: the next one waits until the
                # Esc has been read on its own.
                self.wait_trace(lambda ev: sum(1 for e in ev if e.name == "key")
                                >= self.keys_sent, what="Esc read")

    def raw(self, data, events=1):
        """Bytes as a terminal would send them (an escape sequence),
        read by halotui as `events` inputs."""
        self._tmux("send-keys", "-t", "t", "-l", data)
        self.keys_sent += events

    def paste(self, text):
        """text pasted as a terminal pastes it: bracketed (ESC [200~ ...
        ESC [201~) when the program asked for that, with line ends as
        CR.  halotui reads a bracketed paste as one input."""
        name = "halotest"
        r = subprocess.run([TMUX, "-L", self.socket, "load-buffer", "-b", name, "-"],
                           input=text.encode("utf-8"), env=self.env,
                           capture_output=True)
        if r.returncode != 0:
            raise TmuxError("tmux load-buffer: %s" % r.stderr.decode().strip())
        self._tmux("paste-buffer", "-p", "-d", "-b", name, "-t", "t")
        self.keys_sent += 1

    def type(self, text):
        """Literal text, sent as typed characters."""
        self._tmux("send-keys", "-t", "t", "-l", text)
        self.keys_sent += len(text)

    def mouse(self, button, x, y):
        """A mouse report as an xterm sends it (X10 encoding, 0-based x and
        y): button 0 press, 3 release, 64 wheel up, 65 wheel down."""
        self._tmux("send-keys", "-t", "t", "-l",
                   "\x1b[M" + chr(32 + button) + chr(33 + x) + chr(33 + y))

    def resize(self, cols, rows):
        self._tmux("resize-window", "-t", "t", "-x", str(cols), "-y", str(rows))

    # -- output
    def screen(self):
        return self._tmux("capture-pane", "-p", "-t", "t")

    def screen_escapes(self):
        """The screen with attributes as escape sequences (-e)."""
        return self._tmux("capture-pane", "-p", "-e", "-t", "t")

    def title(self):
        return self._tmux("display-message", "-p", "-t", "t", "#{pane_title}").strip()

    def wait_for(self, text, timeout=10.0, absent=False):
        """Waits until text is (or, with absent, is no longer) on a settled
        screen (see _wait_screen); returns the screen.  text may be a
        callable taking the screen.  The timeout is scaled."""
        def holds(screen):
            found = bool(text(screen)) if callable(text) else text in screen
            return found != absent
        return self._wait_screen(holds, timeout, "%s%r" % (
            "absence of " if absent else "", text))

    def _wait_screen(self, holds, timeout, what, gap=0.0):
        """The first screen that satisfies holds and is settled: captured
        twice in a row with no trace event in between, and, with a trace,
        every key sent has been read and drawn.  When halotui's last event
        is not a frame (an answer was applied and either needs no redraw or
        its frame is being written) the screen must also stay the same for
        0.3 s (scaled), so that a half-written frame is not taken; gap asks
        for at least that long a stillness in any case."""
        limit = halotest.scaled(timeout)
        still = halotest.scaled(0.3)
        gap = halotest.scaled(gap)
        deadline = time.monotonic() + limit
        cand, cand_since = None, 0.0
        screen = ""
        while True:
            before = self.trace()
            screen = self.screen()
            n = len(self.trace())
            now = time.monotonic()
            ok = n == len(before) and holds(screen) and \
                (not self.trace_path or self._keys_drawn(before))
            if not ok:
                cand = None
            elif cand != (screen, n):
                cand, cand_since = (screen, n), now
            else:
                framed = not before or before[-1].name in ("frame", "first-frame")
                if now - cand_since >= max(gap, 0 if framed else still):
                    return screen
            if now >= deadline:
                raise TmuxError("timed out after %.1f s waiting for %s; screen:\n%s%s"
                                % (limit, what, screen, self._trace_tail()))
            time.sleep(halotest.POLL)

    def _trace_tail(self):
        if not self.trace_path:
            return ""
        ev = self.trace()
        return "\ntrace (%d keys sent, %d read):\n%s" % (
            self.keys_sent, sum(1 for e in ev if e.name == "key"),
            "\n".join(map(repr, ev[-12:])))

    # -- the trace
    def trace(self):
        """This run's HALOTUI_TRACE events, oldest first ([] without one)."""
        if not self.trace_path:
            return []
        try:
            with open(self.trace_path, "rb") as f:
                f.seek(self._trace_from)
                data = f.read().decode("utf-8", "replace")
        except OSError:
            return []
        events = []
        for line in data.split("\n"):
            parts = line.split(" ", 3)
            if len(parts) < 3:
                continue      # the last line may still be being written
            try:
                ms = float(parts[0])
            except ValueError:
                continue
            events.append(Event(ms, parts[2], parts[3] if len(parts) > 3 else ""))
        return events

    def wait_trace(self, pred, timeout=10.0, what="a trace event"):
        """Waits until pred(events) is true; returns its value."""
        if not self.trace_path:
            raise TmuxError("waiting for %s needs HALOTUI_TRACE in the environment" % what)
        try:
            return halotest.wait_until(lambda: pred(self.trace()), timeout, what)
        except AssertionError as e:
            raise TmuxError("%s; screen:\n%s%s" % (e, self.screen(), self._trace_tail())) \
                from None

    def _keys_drawn(self, events):
        keys = [i for i, e in enumerate(events) if e.name == "key"]
        if len(keys) < self.keys_sent:
            return False
        last = keys[-1] if keys else -1
        return any(e.name in ("frame", "first-frame") for e in events[last + 1:])

    def sync(self, timeout=10.0):
        """Every key sent so far has been read and a frame drawn after the
        last one; returns the settled screen.  Without a trace, a settled
        screen only."""
        return self._wait_screen(lambda s: True, timeout, "a settled screen")

    def settled(self, timeout=10.0, idle=True):
        """The screen once halotui is done: settled as for sync(), still for
        0.1 s (scaled) and, with idle, no request in flight (no busy mark on
        the last line)."""
        def holds(screen):
            return not idle or BUSY_MARK not in screen.rstrip("\n").split("\n")[-1]
        return self._wait_screen(holds, timeout, "an idle screen" if idle else
                                 "a settled screen", gap=0.1)

    # -- the program's end
    def exit_status(self, timeout=10.0):
        """The program's exit status once it has ended."""
        limit = halotest.scaled(timeout)
        deadline = time.monotonic() + limit
        while True:
            try:
                with open(self.status_file) as f:
                    data = f.read().strip()
                if data:
                    return int(data)
            except FileNotFoundError:
                pass
            if time.monotonic() >= deadline:
                raise TmuxError("the program did not exit within %.1f s; screen:\n%s"
                                % (limit, self.screen()))
            time.sleep(halotest.POLL)

    def pane_mode(self):
        """tmux's view of the terminal modes left set (alternate screen, mouse)."""
        out = self._tmux("display-message", "-p", "-t", "t",
                         "#{alternate_on} #{mouse_any_flag} #{cursor_flag}")
        return out.strip()

    # -- lifetime
    def kill(self):
        self._tmux("kill-server", check=False)
        try:
            os.unlink(self.status_file)
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        return False
