"""Nothing leaks from the command line: no token or client secret on
stdout, stderr or in the --log file, even when the server quotes them; no
core dumps; no secret or descriptor handed to a child; the secret goes only
to the base URL's host or to auth_url; JSON output carries no raw control
or bidi characters."""
import json
import os
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


if __name__ == "__main__":
    halotest.main(globals())
