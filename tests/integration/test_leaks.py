# SPDX-License-Identifier: MIT
"""Nothing leaks from the command line: no token or client secret on
stdout, stderr or in the --log file, even when the server quotes them; no
core dumps; no secret or descriptor handed to a child; the secret goes only
to the base URL's host or to auth_url; JSON output carries no raw control
or bidi characters."""
import json
import os
import re
import resource
import subprocess

import halotest
from halotest import Emulator, run

# No "secret" or "password" in it: a body that names those words is never
# quoted at all, and these tests want the server's words to reach a message.
SECRET = "Zq9kT4wPx7vQ-halo"


def secret_emulator(**kw):
    return Emulator("--client-secret", SECRET, **kw)


def assert_clean(emu, *texts):
    """None of texts holds the secret or any token the emulator issued."""
    tokens = emu.issued_tokens()
    assert tokens, "the emulator issued no token"
    for text in texts:
        assert SECRET not in text, text
        for tok in tokens:
            # A token cut short by a message's length still leaks its start.
            assert tok[:12] not in text, text


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


# ---- 1. the server quoting the token or the secret ----------------------------

def test_error_body_quoting_the_token_is_scrubbed():
    with secret_emulator(tickets=20) as emu:
        # A 401 gets one new token and one replay: both answers quote the
        # header they got, the second also the bare token and the secret.
        emu.fault(method="GET", path="^/api/tickets$", fault="status", status=401,
                  count=2, echo=True,
                  body='{"message": "rejected {authorization} for client %s"}'
                  % SECRET)
        log = os.path.join(emu.env()["HOME"], "req.log")
        p = run(["--log", log, "list", "tickets"], emulator=emu)
        assert p.returncode == 1, p.stderr
        assert "[redacted]" in p.stderr, p.stderr
        assert_clean(emu, p.stdout, p.stderr, read(log))


def test_error_body_with_a_bare_token_is_scrubbed():
    with secret_emulator(tickets=20) as emu:
        # The body names the token without "Bearer": only knowing the token
        # finds it. 403 is not retried.
        emu.fault(method="GET", path="^/api/tickets/3$", fault="status",
                  status=403, echo=True,
                  body='{"message": "token {token} may not read this"}')
        p = run(["show", "tickets", "3"], emulator=emu)
        assert p.returncode == 1, p.stderr
        assert_clean(emu, p.stdout, p.stderr)


def test_token_error_echoing_the_secret_is_scrubbed():
    with secret_emulator(tickets=20) as emu:
        emu.fault(method="POST", path="^/auth/token$", fault="status", status=401,
                  count=10,
                  body='{"error": "invalid_client", "error_description": '
                       '"no client %s with key %s"}' % ("halotui-demo", SECRET))
        log = os.path.join(emu.env()["HOME"], "req.log")
        p = run(["--log", log, "list", "tickets"], emulator=emu)
        assert p.returncode == 1, p.stderr
        assert "invalid_client" in p.stderr, p.stderr
        assert SECRET not in p.stdout + p.stderr + read(log), p.stderr
        assert "[redacted]" in p.stderr, p.stderr


# ---- 3. children ----------------------------------------------------------------

def spy_script(path, out, then=""):
    """A shell script that writes its environment to out.env and the
    descriptors it passes on to a program it runs (ls -l /proc/self/fd) to
    out.fds, then runs `then`."""
    with open(path, "w") as f:
        f.write("#!/bin/sh\nenv > '%s.env'\nls -l /proc/self/fd > '%s.fds'\n%s\n"
                % (out, out, then))
    os.chmod(path, 0o755)


def child_fds(out):
    """The descriptors the child passed on, as {fd: target}, without the
    one ls opens on /proc/self/fd to list them."""
    fds = {}
    for line in read(out + ".fds").splitlines():
        if " -> " not in line:
            continue
        left, target = line.rsplit(" -> ", 1)
        if not re.fullmatch(r"/proc/\d+/fd", target):
            fds[int(left.split()[-1])] = target
    return fds


def test_client_secret_cmd_inherits_no_descriptor():
    with Emulator("--client-secret", SECRET, tickets=5) as emu:
        env = emu.env(HALOPSA_CLIENT_SECRET=None)
        home = env["HOME"]
        script, out = os.path.join(home, "secret.sh"), os.path.join(home, "spy")
        spy_script(script, out, "echo %s" % SECRET)
        cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
        os.makedirs(cfgdir)
        with open(os.path.join(cfgdir, "config.yaml"), "w") as f:
            f.write("profiles:\n  w:\n    client_secret_cmd: %s\n" % script)
        os.chmod(os.path.join(cfgdir, "config.yaml"), 0o600)
        # A descriptor halotui inherited from whoever started it: not for
        # the command either.
        extra = os.open(os.path.join(home, "inherited"), os.O_CREAT | os.O_WRONLY, 0o600)
        try:
            p = subprocess.run([halotest.HALOTUI, "list", "sites", "--limit", "1"],
                               env=env, capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, pass_fds=(extra,),
                               timeout=halotest.scaled(60))
        finally:
            os.close(extra)
        assert p.returncode == 0, p.stderr
        fds = child_fds(out)
        assert sorted(fds) == [0, 1, 2], fds
        assert fds[0] == "/dev/null", fds


# ---- 5. where the secret goes ------------------------------------------------------

def test_authinfo_naming_another_host_gets_no_secret():
    with secret_emulator(tickets=5) as emu, Emulator(tickets=5) as other:
        # Another port of this machine is another origin, as another host is.
        emu.configure(authinfo_url=other.base_url + "/auth")
        p = run(["list", "tickets"], emulator=emu)
        assert other.requests() == [], other.requests()
        assert p.returncode == 2, (p.returncode, p.stderr)
        assert not [r for r in emu.requests() if r["path"] == "/auth/token"]
        assert "/api/authinfo" in p.stderr and other.base_url in p.stderr, p.stderr
        assert "set auth_url: %s/auth" % other.base_url in p.stderr, p.stderr
        assert p.stdout == "" or "[" not in p.stdout


def test_configured_auth_url_is_used():
    with secret_emulator(tickets=5) as emu, \
            Emulator("--client-secret", SECRET, tickets=5) as other:
        # The user names the other server: then it gets the token request.
        env = emu.env(HALOPSA_CLIENT_SECRET=None, HALOPSA_BASE_URL=None)
        cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
        os.makedirs(cfgdir)
        cfg = os.path.join(cfgdir, "config.yaml")
        with open(cfg, "w") as f:
            f.write("profiles:\n  w:\n    base_url: %s\n    auth_url: %s/auth\n"
                    "    client_secret: %s\n" % (emu.base_url, other.base_url, SECRET))
        os.chmod(cfg, 0o600)
        run(["list", "sites", "--limit", "1"], emulator=emu, env=env)
        assert [r["path"] for r in other.requests()][:1] == ["/auth/token"], \
            other.requests()
        # auth_url set: no discovery at all.
        assert not [r for r in emu.requests() if r["path"] == "/api/authinfo"]


# ---- 6. JSON output ------------------------------------------------------------

BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}


def assert_terminal_safe(raw):
    """raw bytes hold no ESC or other C0 control (but the newlines and tabs
    of the layout), no DEL, no C1 control and no bidi control."""
    text = raw.decode("utf-8")     # and it is UTF-8
    for i, ch in enumerate(text):
        c = ord(ch)
        bad = (c < 0x20 and ch not in "\n\t") or 0x7F <= c <= 0x9F or c in BIDI
        assert not bad, "U+%04X at %d: %r" % (c, i, text[max(0, i - 30):i + 30])


def run_bytes(emu, args):
    p = subprocess.run([halotest.HALOTUI] + args, env=emu.env(), capture_output=True,
                       stdin=subprocess.DEVNULL, timeout=halotest.scaled(60))
    assert p.returncode == 0, p.stderr
    return p.stdout


def same_data(mine, server):
    """mine == server, strings with an escaped NUL (\\u0000) included:
    they come back whole, the NUL written as \\u0000."""
    return mine == server


def test_json_output_is_terminal_safe_and_unchanged():
    with Emulator(tickets=20) as emu:
        for tid in (13, 14, 16):
            raw = run_bytes(emu, ["show", "tickets", str(tid), "--format", "json"])
            assert_terminal_safe(raw)
            _, server = emu.api("GET", "tickets/%d" % tid, params={"includedetails": "true"})
            assert same_data(json.loads(raw), server), tid
        raw = run_bytes(emu, ["list", "tickets", "--format", "json"])
        assert_terminal_safe(raw)
        mine = {r["id"]: r for r in json.loads(raw)}
        _, page = emu.api("GET", "tickets", params={"page_size": 50, "pageinate": "true"})
        for r in page["tickets"]:
            assert same_data(mine[r["id"]], r), r["id"]
        assert b"\\u202e" in raw.lower()      # escaped, not dropped
        assert b"\\u0000" in raw             # ticket 14's NUL, and what follows it
        for res in ("users", "assets"):
            raw = run_bytes(emu, ["list", res, "--format", "json", "--limit", "300"])
            assert_terminal_safe(raw)
        raw = run_bytes(emu, ["show", "assets", "13", "--format", "json"])
        assert_terminal_safe(raw)
        _, server = emu.api("GET", "Asset/13")
        assert same_data(json.loads(raw), server)


# ---- 2. core dumps ---------------------------------------------------------

def start_stalled(emu, env):
    """halotui list tickets, stopped in its token request (the emulator
    stalls it), with core files allowed by its limits and, when the tests
    run as root, as user nobody: a process that is not dumpable has its
    /proc/PID files owned by root instead of by its own user, and that is
    how a test sees it from outside."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    if hard == 0:
        halotest.skip("core files are off for this test run already")
    as_nobody = os.geteuid() == 0
    if as_nobody:
        os.chmod(env["HOME"], 0o755)   # halotui looks for its config there

    def child():
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
        if as_nobody:
            os.setgid(65534)
            os.setuid(65534)

    emu.fault(method="POST", path="^/auth/token$", fault="stall",
              stall_ms=int(halotest.scaled(60) * 1000))
    p = subprocess.Popen([halotest.HALOTUI, "list", "tickets"], env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, preexec_fn=child)
    halotest.wait_until(lambda: any(r["path"] == "/auth/token" for r in emu.requests()),
                        what="the token request")
    return p, hard


def core_limits(pid):
    """(soft, hard) of "Max core file size" in /proc/PID/limits."""
    for line in read("/proc/%d/limits" % pid).splitlines():
        if line.startswith("Max core file size"):
            return tuple(line.split()[4:6])
    raise AssertionError("no core line in /proc/%d/limits" % pid)


def dumpable(pid):
    """/proc/PID/status belongs to the process's user when it is dumpable,
    to root when it is not."""
    uid = int(read("/proc/%d/status" % pid).split("Uid:")[1].split()[0])
    assert uid != 0, "cannot tell: the process runs as root"
    return os.stat("/proc/%d/status" % pid).st_uid == uid


def test_no_core_dumps():
    with Emulator(tickets=5) as emu:
        p, _ = start_stalled(emu, emu.env())
        try:
            assert core_limits(p.pid) == ("0", "0")
            assert not dumpable(p.pid)
        finally:
            p.kill()
            p.wait()


def test_core_dumps_when_asked():
    with Emulator(tickets=5) as emu:
        p, hard = start_stalled(emu, emu.env(HALOTUI_ALLOW_CORE="1"))
        try:
            want = "unlimited" if hard == resource.RLIM_INFINITY else str(hard)
            soft_now, hard_now = core_limits(p.pid)
            assert hard_now == want, (soft_now, hard_now)
            # AddressSanitizer turns the soft limit down itself
            # (disable_coredump): only a plain build keeps it.
            if not halotest._built_with_asan(halotest.HALOTUI):
                assert soft_now == want, (soft_now, hard_now)
            assert dumpable(p.pid)
        finally:
            p.kill()
            p.wait()


if __name__ == "__main__":
    halotest.main(globals())
