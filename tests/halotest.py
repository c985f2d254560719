# SPDX-License-Identifier: MIT
"""Shared harness for halotui's Python tests.

    import halotest
    from halotest import Emulator, run, skip

    def test_lists_tickets():
        with Emulator(tickets=50) as emu:
            r = run(["list", "tickets", "--format", "tsv"], emulator=emu)
            assert r.returncode == 0, r.stderr
            assert emu.api_requests()[0]["path"].lower() == "/api/tickets"

    if __name__ == "__main__":
        halotest.main(globals())

Environment: HALOTUI_EMULATOR is the emulator (default: the package next to
this file), HALOTUI the program under test (default: ./halotui) and
HALOTUI_DATADIR where it finds themes/ (default: this source tree).  All are
set by `make check`.  Standard library only.
"""

import json
import os
import select
import shlex
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
HALOTUI_EMULATOR = os.environ.get("HALOTUI_EMULATOR") or os.path.join(HERE, "emulator",
                                                                     "halo_emulator")
os.environ.setdefault("HALOTUI_DATADIR", os.path.dirname(HERE))  # themes/ for halotui
HALOTUI = os.environ.get("HALOTUI") or os.path.join(os.getcwd(), "halotui")

_running = []      # emulators to stop at exit, whatever happens to the test
_tempdirs = []     # temporary HOMEs to remove at exit

# ---- time ----------------------------------------------------------------
# Every timeout in the Python tests is a number of seconds that holds for a
# plain build on an idle machine, multiplied by TIMEOUT_FACTOR: the value of
# HALOTUI_TEST_TIMEOUT_FACTOR when it is set (`make check` sets it from
# configure: 1, or 4 with --enable-sanitizers; export it yourself to give a
# loaded machine more room, e.g. HALOTUI_TEST_TIMEOUT_FACTOR=10), else 4
# when the program under test was built with AddressSanitizer, else 1.
# Timeouts only bound waits: a test never sleeps for a fixed time, it waits
# for a condition (screen text, recorded requests, trace events), so a large
# factor costs nothing when the test passes.
SANITIZER_FACTOR = 4.0
_factor = None


def timeout_factor():
    global _factor
    if _factor is None:
        given = os.environ.get("HALOTUI_TEST_TIMEOUT_FACTOR", "").strip()
        try:
            _factor = max(1.0, float(given)) if given else None
        except ValueError:
            _factor = None
        if _factor is None:
            _factor = SANITIZER_FACTOR if _built_with_asan(HALOTUI) else 1.0
    return _factor


def _built_with_asan(path):
    try:
        with open(path, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


def scaled(seconds):
    """seconds, multiplied by the timeout factor."""
    return seconds * timeout_factor()


POLL = 0.02  # seconds between two looks at a condition


def wait_until(cond, timeout=10.0, what="condition"):
    """Polls cond() until it returns something true and returns that; fails
    after timeout seconds (scaled)."""
    limit = scaled(timeout)
    deadline = time.monotonic() + limit
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise AssertionError("timed out after %.1f s waiting for %s" % (limit, what))
        time.sleep(POLL)


class Skip(Exception):
    """Raised by skip(): the test reports "ok ... # SKIP reason"."""


def skip(reason):
    raise Skip(reason)


def diag(*lines):
    """Print TAP comment lines (ignored by the TAP driver, shown in logs)."""
    for line in lines:
        for part in str(line).splitlines() or [""]:
            print("# " + part)
    sys.stdout.flush()


def isolated_env(base_env=None, **overrides):
    """A copy of the environment with HOME and the XDG directories in a fresh
    temporary directory, TZ=UTC and a UTF-8 C locale.  An override of None
    removes the variable."""
    env = dict(os.environ if base_env is None else base_env)
    home = tempfile.mkdtemp(prefix="halotest-home-")
    _tempdirs.append(home)
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_STATE_HOME=os.path.join(home, ".local", "state"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"),
               TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    for k in ("HALOPSA_BASE_URL", "HALOPSA_TENANT", "HALOPSA_CLIENT_ID",
              "HALOPSA_CLIENT_SECRET"):
        env.pop(k, None)  # a developer's own instance must never leak in
    for k, v in overrides.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = str(v)
    return env


def profile_env(emu, name="t", secret_in_env=False, base_url=None, **keys):
    """emu's environment with a config.yaml (mode 0600) of one profile,
    name, for emu: base_url, tenant, client_id, the client_secret (unless
    secret_in_env keeps it in HALOPSA_CLIENT_SECRET) and keys, in order.
    The other HALOPSA_* variables are removed: the profile says it all."""
    env = emu.env()
    for k in ("HALOPSA_BASE_URL", "HALOPSA_TENANT", "HALOPSA_CLIENT_ID"):
        env.pop(k, None)
    fields = [("base_url", base_url or emu.base_url), ("tenant", emu.tenant),
              ("client_id", emu.client_id)]
    if not secret_in_env:
        env.pop("HALOPSA_CLIENT_SECRET", None)
        fields.append(("client_secret", emu.client_secret))
    fields += list(keys.items())
    cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(cfgdir, exist_ok=True)
    path = os.path.join(cfgdir, "config.yaml")
    with open(path, "w") as f:
        f.write("profiles:\n  %s:\n" % name)
        f.writelines("    %s: %s\n" % kv for kv in fields)
    os.chmod(path, 0o600)
    return env


def _option(args, name, default):
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


class Emulator:
    """One emulator process on a free port; stopped by stop(), by leaving a
    `with` block, at interpreter exit, or by itself when this process dies."""

    START_TIMEOUT = 10.0

    def __init__(self, *extra_args, tickets=300, seed=1):
        args = [str(a) for a in extra_args]
        self.client_id = _option(args, "--client-id", "halotui-demo")
        self.client_secret = _option(args, "--client-secret", "demo-secret")
        self.tenant = _option(args, "--tenant", "demo")
        self.tls = _option(args, "--tls-cert", None) is not None
        cmd = [sys.executable, HALOTUI_EMULATOR, "--port", "0", "--timeout", "600",
               "--parent-pid", str(os.getpid()), "--seed", str(seed),
               "--tickets", str(tickets)] + args
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        _running.append(self)
        self.port = self._read_port()
        scheme = "https" if self.tls else "http"
        self.base_url = "%s://127.0.0.1:%d" % (scheme, self.port)
        self._token = None

    def _read_port(self):
        limit = scaled(self.START_TIMEOUT)
        deadline = time.monotonic() + limit
        line = b""
        fd = self.proc.stdout.fileno()
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise RuntimeError("emulator did not print its PORT line within %.0f s"
                                   % limit)
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1)
            if not chunk:
                code = self.proc.wait()
                raise RuntimeError("emulator exited with status %s before printing its port "
                                   "(see its stderr above)" % code)
            line += chunk
        text = line.decode("ascii", "replace").strip()
        if not text.startswith("PORT "):
            self.stop()
            raise RuntimeError("unexpected first line from the emulator: %r" % text)
        return int(text.split()[1])

    # -- lifetime
    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        if self in _running:
            _running.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    # -- the environment a halotui under test runs in
    def env(self, **overrides):
        base = {"HALOPSA_BASE_URL": self.base_url, "HALOPSA_TENANT": self.tenant,
                "HALOPSA_CLIENT_ID": self.client_id,
                "HALOPSA_CLIENT_SECRET": self.client_secret}
        base.update(overrides)
        env = isolated_env()
        for k, v in base.items():
            if v is None:
                env.pop(k, None)
            else:
                env[k] = str(v)
        return env

    # -- plain HTTP against the emulator
    def _context(self):
        if not self.tls:
            return None
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def http(self, method, path, body=None, headers=None, timeout=30):
        """One request; returns (status, headers dict, body bytes).  HTTP
        error statuses are returned, not raised."""
        data = body
        hdrs = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            data = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        if isinstance(data, str):
            data = data.encode("utf-8")
        req = urllib.request.Request(self.base_url + path, data=data, method=method,
                                     headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=scaled(timeout),
                                        context=self._context()) as r:
                return r.status, dict(r.headers.items()), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers.items()), e.read()

    def _control(self, method, name, body=None):
        status, _, data = self.http(method, "/_emulator/" + name, body)
        if status != 200:
            raise RuntimeError("emulator control %s %s failed: %s %s"
                               % (method, name, status, data[:200]))
        return json.loads(data.decode("utf-8"))

    def token(self, fresh=False):
        """An access token for direct API calls from a test."""
        if self._token is None or fresh:
            form = urllib.parse.urlencode({"grant_type": "client_credentials",
                                           "client_id": self.client_id,
                                           "client_secret": self.client_secret,
                                           "scope": "all"})
            status, _, data = self.http("POST", "/auth/token", form, {
                "Content-Type": "application/x-www-form-urlencoded"})
            if status != 200:
                raise RuntimeError("token request failed: %s %s" % (status, data[:200]))
            self._token = json.loads(data)["access_token"]
        return self._token

    def api(self, method, path, body=None, params=None):
        """An authenticated /api call; returns (status, parsed JSON or text)."""
        url = "/api/" + path.lstrip("/")
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        status, _, data = self.http(method, url, body,
                                    {"Authorization": "Bearer " + self.token()})
        text = data.decode("utf-8", "replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    # -- the control API
    def requests(self):
        """Every /auth and /api request received, oldest first."""
        return self._control("GET", "requests")

    def api_requests(self):
        return [r for r in self.requests() if r["path"].lower().startswith("/api/")]

    def clear_requests(self):
        return self._control("DELETE", "requests")

    def configure(self, **kw):
        return self._control("POST", "config", kw)

    def fault(self, **kw):
        return self._control("POST", "faults", kw)

    def clear_faults(self):
        return self._control("DELETE", "faults")

    def expire_tokens(self):
        return self._control("POST", "expire-tokens")

    def stats(self):
        return self._control("GET", "stats")

    def issued_tokens(self):
        """Every access token the emulator handed out (the request log masks
        them), for tests that look for a token where it must not be."""
        return self._control("GET", "tokens")["issued"]


def run(args, emulator=None, env=None, input=None, timeout=60):
    """Run halotui with args (a list, or a string split like a shell would);
    returns subprocess.CompletedProcess with text stdout and stderr.  The
    timeout is scaled by the timeout factor."""
    if isinstance(args, str):
        args = shlex.split(args)
    if env is None:
        env = emulator.env() if emulator is not None else isolated_env()
    return subprocess.run([HALOTUI] + [str(a) for a in args], env=env, input=input,
                          capture_output=True, text=True, timeout=scaled(timeout),
                          stdin=None if input is not None else subprocess.DEVNULL)


def _cleanup():
    for emu in list(_running):
        try:
            emu.stop()
        except Exception:
            pass
    for d in _tempdirs:
        shutil.rmtree(d, ignore_errors=True)


def main(namespace):
    """A tiny TAP runner: every module-level test_* function of the caller,
    in definition order.  Names given on the command line select tests."""
    module = namespace.get("__name__")
    tests = [(name, fn) for name, fn in namespace.items()
             if name.startswith("test_") and callable(fn)
             and getattr(fn, "__module__", module) == module]
    wanted = sys.argv[1:]
    if wanted:
        tests = [(n, f) for n, f in tests if n in wanted]
    print("1..%d" % len(tests))
    sys.stdout.flush()
    failed = 0
    for i, (name, fn) in enumerate(tests, 1):
        before = set(map(id, _running))
        try:
            fn()
        except Skip as e:
            print("ok %d - %s # SKIP %s" % (i, name, e))
        except BaseException as e:  # a test's SystemExit or timeout is a failure too
            if isinstance(e, KeyboardInterrupt):
                raise
            failed += 1
            print("not ok %d - %s" % (i, name))
            for line in traceback.format_exc().rstrip().splitlines():
                print("# " + line)
        else:
            print("ok %d - %s" % (i, name))
        sys.stdout.flush()
        for emu in list(_running):  # a failed test must not leak its emulators
            if id(emu) not in before:
                emu.stop()
    _cleanup()
    sys.exit(1 if failed else 0)
