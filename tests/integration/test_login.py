#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""halotui login, whoami and logout with the three auth: flows, against the
emulator's login application: a password login through password_cmd, an
authorization_code (PKCE) login pasted back on stdin and one that comes
back to halotui's loopback port, refresh with rotation after the access
token expired, a revoked refresh token, and no password or token anywhere
but the 0600 login file. Asserted on output, exit status, the files left
and the token requests the emulator recorded."""
import http.client
import json
import os
import re
import select
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import halotest
from halotest import HALOTUI, Emulator, isolated_env, run, scaled

LOGIN_APP = "halotui-login"   # the emulator's default --login-client-id
NOTE = "Called the customer back about the kiosk."


# ---- set-up ------------------------------------------------------------------

def logins(em):
    return em._control("GET", "logins")


def a_login(em, i=1):
    """An agent who can log in: {agent_id, name, username, password}."""
    return logins(em)[i]


def token_history(em):
    return em._control("GET", "token_history")


def refresh_tokens(em):
    return em._control("GET", "tokens")["refresh"]


def profile_env(em, auth="password", login=None, extra="", cache=True):
    """An isolated HOME whose config.yaml has profile "me" for the login
    application (no secret: a native app), and no HALOPSA_* variables."""
    env = isolated_env(BROWSER=None, DISPLAY=None, WAYLAND_DISPLAY=None)
    lines = ["default_profile: me", "profiles:", "  me:",
             "    base_url: " + em.base_url, "    tenant: " + em.tenant,
             "    client_id: " + (LOGIN_APP if auth != "client_credentials"
                                  else em.client_id),
             "    auth: " + auth]
    if auth == "password" and login:
        lines += ["    username: " + login["username"],
                  "    password_cmd: printf '%%s\\n' '%s'" % login["password"]]
    if auth == "client_credentials":
        lines += ["    client_secret: " + em.client_secret]
    if not cache:
        lines += ["    cache: false"]
    text = "\n".join(lines) + "\n" + extra
    d = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config.yaml")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return env


def login_file(env, profile="me"):
    return os.path.join(env["XDG_STATE_HOME"], "halotui", "logins", profile)


def stored_refresh(env):
    m = re.search(r"^refresh (\S+)$", open(login_file(env)).read(), re.M)
    return m.group(1) if m else None


def ok(r):
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    return r


def logged_in_line(em, who):
    return "logged in to 127.0.0.1:%d as %s (agent %d)\n" % (
        em.port, who["name"], who["agent_id"])


def password_login(em, env, who):
    # -p after the command, as the messages that say to run it put it.
    r = ok(run(["login", "-p", "me"], env=env))
    assert r.stdout == logged_in_line(em, who), r.stdout
    return r


# ---- authorization_code: driving the browser's part -------------------------

class Login:
    """halotui login running in the background, its stderr read as it
    comes (the authorize URL is on it), its stdin a pipe (the paste)."""

    def __init__(self, env, browser_log):
        script = os.path.join(env["HOME"], "browser.sh")
        with open(script, "w") as f:
            f.write('#!/bin/sh\nprintf "%%s\\n" "$1" >> "%s"\n' % browser_log)
        os.chmod(script, 0o700)
        env = dict(env, BROWSER=script)
        self.proc = subprocess.Popen([HALOTUI, "login"], env=env,
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.err = b""

    def authorize_url(self):
        """The authorize URL halotui printed on stderr."""
        deadline = time.monotonic() + scaled(15)
        fd = self.proc.stderr.fileno()
        while True:
            m = re.search(rb"^    (http\S+/auth/authorize\?\S+)$", self.err, re.M)
            if m:
                return m.group(1).decode()
            left = deadline - time.monotonic()
            assert left > 0, "no authorize URL on stderr: %r" % self.err
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 4096)
                assert chunk, "halotui ended: %r" % self.err
                self.err += chunk

    def paste(self, text):
        self.proc.stdin.write(text.encode() + b"\n")
        self.proc.stdin.flush()

    def finish(self):
        out, err = self.proc.communicate(timeout=scaled(30))
        return self.proc.returncode, out.decode(), (self.err + err).decode()


def log_in_at(em, url, who):
    """What the browser does: posts the authorize form with the agent's
    name and password; returns where the server redirects (Location)."""
    q = urllib.parse.urlsplit(url)
    assert q.path == "/auth/authorize", url
    fields = dict(urllib.parse.parse_qsl(q.query))
    fields.update(username=who["username"], password=who["password"])
    c = http.client.HTTPConnection("127.0.0.1", em.port, timeout=scaled(10))
    c.request("POST", "/auth/authorize", urllib.parse.urlencode(fields),
              {"Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    r.read()
    c.close()
    assert r.status == 302, r.status
    return r.getheader("Location")


def check_authorize_url(em, url):
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert q["response_type"] == "code" and q["client_id"] == LOGIN_APP, q
    assert q["code_challenge_method"] == "S256", q
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", q["code_challenge"]), q
    assert len(q["state"]) >= 32 and q["tenant"] == em.tenant, q
    assert url.startswith(em.base_url + "/auth/authorize?"), url
    return q


def code_exchange(em):
    """The authorization_code token request(s) the emulator recorded."""
    return [r for r in em.requests() if r["path"] == "/auth/token"
            and "grant_type=authorization_code" in r.get("body", "")]


# ---- tests -------------------------------------------------------------------

def test_password_login_then_show_and_a_note_by_that_agent():
    with Emulator(tickets=50) as em:
        who = a_login(em)
        env = profile_env(em, login=who)
        password_login(em, env, who)
        st = os.stat(login_file(env))
        assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)
        assert stat.S_IMODE(os.stat(os.path.dirname(login_file(env))).st_mode) == 0o700
        grants = [(h["grant_type"], h["status"], h.get("agent_id")) for h in token_history(em)]
        assert grants == [("password", 200, who["agent_id"])], grants
        # The password request as sent: the login application, no secret.
        body = [r["body"] for r in em.requests() if r["path"] == "/auth/token"][0]
        form = urllib.parse.parse_qs(body)
        assert form["grant_type"] == ["password"] and form["client_id"] == [LOGIN_APP]
        assert form["username"] == [who["username"]] and "client_secret" not in form
        em.clear_requests()
        ok(run(["show", "tickets", "5"], env=env))
        # The stored access token served: no token request.
        assert [r for r in em.requests() if r["path"] == "/auth/token"] == []
        ok(run(["note", "5", NOTE], env=env))
        st, acts = em.api("GET", "Actions", params={"ticket_id": 5})
        assert st == 200, acts
        mine = [a for a in acts["actions"] if NOTE in (a.get("note") or "")]
        assert len(mine) == 1, acts
        assert mine[0]["actionby_agent_id"] == who["agent_id"], mine[0]
        assert mine[0]["who"] == who["name"], mine[0]
        r = ok(run(["whoami"], env=env))
        assert "agent:    %s (agent %d) <%s>\n" % (who["name"], who["agent_id"],
                                                   who["username"]) in r.stdout, r.stdout
        assert "flow:     password (user %s)" % who["username"] in r.stdout
        assert "instance: %s (tenant %s)" % (em.base_url, em.tenant) in r.stdout


def test_wrong_password_is_refused_with_what_to_check():
    with Emulator(tickets=10) as em:
        who = dict(a_login(em), password="not-it")
        env = profile_env(em, login=who)
        r = run(["login"], env=env)
        assert r.returncode == 1, r
        assert "refused the user name or password" in r.stderr, r.stderr
        assert "halotui login -p me" in r.stderr, r.stderr
        assert "not-it" not in r.stderr + r.stdout
        assert not os.path.exists(login_file(env))


def test_password_without_cmd_needs_a_terminal():
    with Emulator(tickets=10) as em:
        who = a_login(em)
        env = profile_env(em, login=who)
        cfg = os.path.join(env["XDG_CONFIG_HOME"], "halotui", "config.yaml")
        text = re.sub(r"\n    password_cmd: .*", "", open(cfg).read())
        with open(cfg, "w") as f:
            f.write(text)
        r = run(["login"], env=env)
        assert r.returncode == 2, r
        assert "password_cmd in profile 'me' of %s" % cfg in r.stderr, r.stderr
        assert "not a terminal" in r.stderr, r.stderr
        assert token_history(em) == []
        # Not logged in: a command says what to run, and sends nothing.
        r = run(["list", "tickets"], env=env)
        assert r.returncode == 1 and "run halotui login -p me" in r.stderr, r.stderr
        assert em.requests() == []


def test_code_login_by_pasting_the_redirected_address():
    with Emulator(tickets=10) as em:
        who = a_login(em, 2)
        env = profile_env(em, auth="authorization_code")
        opened = os.path.join(env["HOME"], "opened")
        lg = Login(env, opened)
        url = lg.authorize_url()
        q = check_authorize_url(em, url)
        assert q["redirect_uri"].startswith("http://127.0.0.1:"), q
        # Over SSH the browser cannot reach the loopback port: the user
        # pastes the address it ended on.
        location = log_in_at(em, url, who)
        assert location.startswith(q["redirect_uri"] + "?code="), location
        lg.paste("  " + location + "  ")
        rc, out, err = lg.finish()
        assert rc == 0, (rc, out, err)
        assert out == logged_in_line(em, who), out
        # $BROWSER got the URL, as its argument. halotui does not wait for
        # the browser (one may keep running): its script may write after
        # the login ended.
        halotest.wait_until(lambda: os.path.exists(opened) and
                            open(opened).read().endswith("\n"),
                            what="$BROWSER to have run")
        assert open(opened).read() == url + "\n"
        ex = code_exchange(em)
        assert len(ex) == 1, ex
        form = urllib.parse.parse_qs(ex[0]["body"])
        assert form["redirect_uri"] == [q["redirect_uri"]], form
        assert len(form["code_verifier"][0]) == 43 and "client_secret" not in form
        code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["code"]
        assert code not in out + err and form["code_verifier"][0] not in out + err
        r = ok(run(["whoami"], env=env))
        assert "flow:     authorization_code" in r.stdout, r.stdout
        assert "%s (agent %d)" % (who["name"], who["agent_id"]) in r.stdout


def test_code_login_with_the_bare_code_and_another_logins_state():
    with Emulator(tickets=10) as em:
        who = a_login(em, 3)
        env = profile_env(em, auth="authorization_code")
        lg = Login(env, os.path.join(env["HOME"], "opened"))
        url = lg.authorize_url()
        location = log_in_at(em, url, who)
        back = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
        # Another login's address is refused; halotui keeps waiting.
        other = location.replace("state=", "state=x")
        lg.paste(other)
        lg.paste(back["code"])
        rc, out, err = lg.finish()
        assert rc == 0, (rc, out, err)
        assert "belongs to another login" in err, err
        assert out == logged_in_line(em, who), out


def test_code_login_with_a_configured_redirect_uri_is_pasted():
    with Emulator(tickets=10) as em:
        who = a_login(em, 5)
        uri = "https://app.example/halotui/done"
        env = profile_env(em, auth="authorization_code",
                          extra="    redirect_uri: %s\n" % uri)
        lg = Login(env, os.path.join(env["HOME"], "opened"))
        url = lg.authorize_url()
        assert check_authorize_url(em, url)["redirect_uri"] == uri
        location = log_in_at(em, url, who)
        assert location.startswith(uri + "?code="), location
        lg.paste(location)
        rc, out, err = lg.finish()
        assert rc == 0, (rc, out, err)
        assert "then paste here the address" in err, err
        assert out == logged_in_line(em, who), out
        form = urllib.parse.parse_qs(code_exchange(em)[0]["body"])
        assert form["redirect_uri"] == [uri], form


def test_code_login_through_the_loopback_port():
    with Emulator(tickets=10) as em:
        who = a_login(em, 4)
        env = profile_env(em, auth="authorization_code")
        lg = Login(env, os.path.join(env["HOME"], "opened"))
        url = lg.authorize_url()
        location = log_in_at(em, url, who)
        # A stale tab of another login: refused, the wait goes on.
        stale = location.replace("state=", "state=old")
        try:
            urllib.request.urlopen(stale, timeout=scaled(10))
            assert False, "a wrong state was accepted"
        except urllib.error.HTTPError as e:
            assert e.code == 400 and b"not the login" in e.read()
        # The browser follows the 302 to halotui's port.
        with urllib.request.urlopen(location, timeout=scaled(10)) as r:
            page = r.read().decode()
            assert r.status == 200 and "close this tab" in page, page
        rc, out, err = lg.finish()
        assert rc == 0, (rc, out, err)
        assert out == logged_in_line(em, who), out
        assert len(code_exchange(em)) == 1


def test_refresh_after_expiry_rotates_the_refresh_token():
    with Emulator(tickets=10) as em:
        who = a_login(em)
        env = profile_env(em, login=who)
        password_login(em, env, who)
        first = stored_refresh(env)
        assert first == refresh_tokens(em)[-1]
        for round_ in (1, 2):
            em.expire_tokens()
            em.clear_requests()
            before = stored_refresh(env)
            ok(run(["show", "tickets", "5"], env=env))
            reqs = [(r["method"], r["path"], r["status"]) for r in em.requests()]
            # The 401s, one refresh, the replays.
            assert reqs.count(("POST", "/auth/token", 200)) == 1, reqs
            assert ("GET", "/api/Tickets/5", 401) in reqs, reqs
            assert reqs[-1][2] == 200 and reqs[-2][2] == 200, reqs
            body = [r["body"] for r in em.requests() if r["path"] == "/auth/token"][0]
            form = urllib.parse.parse_qs(body)
            assert form == {"grant_type": ["refresh_token"], "refresh_token": [before],
                            "client_id": [LOGIN_APP]}, form
            # Rotated: the new one is stored, the old one is revoked.
            after = stored_refresh(env)
            assert after != before and after == refresh_tokens(em)[-1]
            halotest.diag("round %d: %s" % (round_, reqs))
        grants = [h["grant_type"] for h in token_history(em)]
        assert grants == ["password", "refresh_token", "refresh_token"], grants


def test_expired_access_token_is_refreshed_before_it_is_sent():
    with Emulator(tickets=10) as em:
        who = a_login(em)
        env = profile_env(em, login=who)
        # An access token for two seconds: halotui stops using it after one.
        em.configure(token_lifetime=2)
        password_login(em, env, who)
        aged = time.monotonic() + 1.1
        halotest.wait_until(lambda: time.monotonic() >= aged, timeout=5,
                            what="the access token to pass half its life")
        em.clear_requests()
        ok(run(["show", "tickets", "5"], env=env))
        statuses = [(r["path"], r["status"]) for r in em.requests()]
        assert statuses[0] == ("/auth/token", 200), statuses
        assert all(s == 200 for _, s in statuses), statuses


def test_revoked_refresh_token_says_to_run_login():
    with Emulator(tickets=10) as em:
        who = a_login(em)
        env = profile_env(em, login=who)
        password_login(em, env, who)
        em._control("POST", "revoke_refresh", {})
        em.expire_tokens()
        r = run(["show", "tickets", "5"], env=env)
        assert r.returncode == 1, r
        assert "expired or was revoked" in r.stderr, r.stderr
        assert "run halotui login -p me" in r.stderr, r.stderr
        assert r.stdout == ""
        # The refused login is forgotten; the next command says so at once.
        assert not os.path.exists(login_file(env))
        em.clear_requests()
        r = run(["show", "tickets", "5"], env=env)
        assert r.returncode == 1 and "not logged in" in r.stderr, r.stderr
        assert "halotui login -p me" in r.stderr
        assert em.requests() == []
        # Logging in again is all it takes.
        password_login(em, env, who)
        ok(run(["show", "tickets", "5"], env=env))


def test_no_password_or_token_outside_the_login_file():
    with Emulator(tickets=10) as em:
        who = a_login(em)
        env = profile_env(em, login=who)
        log = os.path.join(env["HOME"], "requests.log")
        outputs = []
        outputs.append(password_login(em, env, who))
        em.expire_tokens()
        outputs.append(ok(run(["--log", log, "show", "tickets", "5"], env=env)))
        outputs.append(ok(run(["whoami"], env=env)))
        em._control("POST", "revoke_refresh", {})
        em.expire_tokens()
        outputs.append(run(["--log", log, "list", "tickets"], env=env))
        password_login(em, env, who)
        secrets = [who["password"]] + em.issued_tokens() + refresh_tokens(em)
        for r in outputs:
            for s in secrets:
                assert s not in r.stdout and s not in r.stderr, (s, r)
        store = login_file(env)
        for root, _, files in os.walk(env["HOME"]):
            for name in files:
                path = os.path.join(root, name)
                data = open(path, "rb").read()
                if path == os.path.join(env["XDG_CONFIG_HOME"], "halotui", "config.yaml"):
                    continue   # it holds password_cmd, which holds the password
                for s in secrets:
                    if path == store and s in (refresh_tokens(em)[-1],
                                               em.issued_tokens()[-1]):
                        continue
                    assert s.encode() not in data, (path, s)
        assert stat.S_IMODE(os.stat(store).st_mode) == 0o600


def test_logout_removes_the_login():
    with Emulator(tickets=10) as em:
        who = a_login(em)
        env = profile_env(em, login=who)
        password_login(em, env, who)
        r = ok(run(["logout"], env=env))
        assert "removed the login of profile 'me' (%s)" % login_file(env) in r.stdout, r.stdout
        assert not os.path.exists(login_file(env))
        r = ok(run(["logout"], env=env))
        assert "no login for profile 'me'" in r.stdout, r.stdout
        r = run(["whoami"], env=env)
        assert r.returncode == 1 and "not logged in" in r.stderr, r.stderr


def test_client_credentials_login_and_whoami_with_agent():
    with Emulator(tickets=10) as em:
        env = profile_env(em, auth="client_credentials",
                          extra="    agent: Ben Okafor\n")
        r = ok(run(["login"], env=env))
        assert re.fullmatch(r"logged in to 127\.0\.0\.1:%d as .+ \(agent \d+\)\n"
                            % em.port, r.stdout), r.stdout
        api_agent = r.stdout.split(" as ", 1)[1].strip()
        assert [h["grant_type"] for h in token_history(em)] == ["client_credentials"]
        # A second login asks for a token again: the cached one is dropped.
        ok(run(["login"], env=env))
        assert len(token_history(em)) == 2
        r = ok(run(["whoami"], env=env))
        assert "flow:     client_credentials" in r.stdout, r.stdout
        assert "agent:    acting as API agent %s; me = Ben Okafor\n" % api_agent \
            in r.stdout, r.stdout


def test_unknown_auth_is_a_config_error():
    with Emulator(tickets=10) as em:
        env = profile_env(em, auth="oauth")
        r = run(["login"], env=env)
        assert r.returncode == 2, r
        cfg = os.path.join(env["XDG_CONFIG_HOME"], "halotui", "config.yaml")
        assert re.search(r"%s:\d+:\d+: auth must be client_credentials, "
                         r"authorization_code or password \(got 'oauth'\)"
                         % re.escape(cfg), r.stderr), r.stderr


if __name__ == "__main__":
    halotest.main(globals())
