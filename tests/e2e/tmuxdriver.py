"""Drive a real program in tmux for halotui's end-to-end tests.

    with Tmux(["halotui"], env=emu.env(), cols=120, rows=40) as t:
        t.wait_for("row 1 of")
        t.keys("j", "j", "Enter")
        screen = t.screen()

Each Tmux uses a private server (`tmux -L NAME`), so tests never touch a
developer's own sessions and can run side by side.  Standard library only.
"""

import os
import shlex
import shutil
import subprocess
import time
import uuid

TMUX = os.environ.get("TMUX_BIN") or shutil.which("tmux") or "tmux"


class TmuxError(AssertionError):
    pass


class Tmux:
    def __init__(self, argv, env=None, cols=120, rows=40, cwd=None):
        self.socket = "halotest-%d-%s" % (os.getpid(), uuid.uuid4().hex[:8])
        self.status_file = os.path.join(
            env.get("HOME", "/tmp") if env else "/tmp",
            "tmux-exit-%s" % self.socket)
        # The command runs in a shell that records its exit status, then
        # waits so that the last screen can still be captured.
        inner = "%s; echo $? > %s; sleep 600" % (
            " ".join(shlex.quote(a) for a in argv), shlex.quote(self.status_file))
        cmd = [TMUX, "-L", self.socket, "-f", "/dev/null", "new-session", "-d",
               "-x", str(cols), "-y", str(rows), "-s", "t", "sh", "-c", inner]
        full_env = dict(env if env is not None else os.environ)
        full_env.pop("TMUX", None)
        full_env.setdefault("TERM", "xterm-256color")
        self.env = full_env
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
        """tmux key names: "j", "Enter", "Escape", "C-s", "PageDown", "Up"."""
        for k in keys:
            self._tmux("send-keys", "-t", "t", k)

    def type(self, text):
        """Literal text, sent as typed characters."""
        self._tmux("send-keys", "-t", "t", "-l", text)

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
        """Waits until text is (or, with absent, is no longer) on the screen;
        returns the screen.  text may be a callable taking the screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            found = bool(text(screen)) if callable(text) else text in screen
            if found != absent:
                return screen
            time.sleep(0.05)
        raise TmuxError("timed out after %.1f s waiting for %s%r; screen:\n%s"
                        % (timeout, "absence of " if absent else "", text, screen))

    def exit_status(self, timeout=10.0):
        """The program's exit status once it has ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with open(self.status_file) as f:
                    data = f.read().strip()
                if data:
                    return int(data)
            except FileNotFoundError:
                pass
            time.sleep(0.05)
        raise TmuxError("the program did not exit within %.1f s; screen:\n%s"
                        % (timeout, self.screen()))

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
