#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Per-agent login on a real terminal: `halotui login -p me` with auth:
authorization_code in tmux, where an agent without a browser on that
machine (over SSH) copies the printed address, logs in elsewhere and
pastes back the address the browser ended on, or types the code alone;
and the TUI when Halo refuses the stored login mid-work: the note being
sent is kept (form and draft), nothing is applied, the screen says to run
`halotui login -p me`, and once the agent has, the same note goes out
once. Asserted on the captured screen, exit statuses, the drafts on disk
and the requests and notes the emulator has."""

import http.client
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import HALOTUI, Emulator, isolated_env, run, scaled, skip  # noqa: E402
from tmuxdriver import TMUX, Tmux  # noqa: E402

LOGIN_APP = "halotui-login"   # the emulator's login application's client id
NOTE = "Rebooted the badge reader; the door opens again."


def need_tools():
    if not os.path.exists(HALOTUI):
        skip("no halotui binary at %s" % HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


# ---- set-up ------------------------------------------------------------------

def a_login(em, i=1):
    """An agent who can log in: {agent_id, name, username, password}."""
    return em._control("GET", "logins")[i]


def profile_env(em, auth, who=None):
    """An isolated HOME whose config.yaml has profile "me" (the default)
    for the login application; no browser and no desktop, so that
    halotui login can only print the address."""
    env = isolated_env(BROWSER=None, DISPLAY=None, WAYLAND_DISPLAY=None)
    lines = ["default_profile: me", "profiles:", "  me:",
             "    base_url: " + em.base_url, "    tenant: " + em.tenant,
             "    client_id: " + LOGIN_APP, "    auth: " + auth]
    if auth == "password":
        lines += ["    username: " + who["username"],
                  "    password_cmd: printf '%%s\\n' '%s'" % who["password"]]
    d = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config.yaml")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)
    return env


def logged_in_line(em, who):
    return "logged in to 127.0.0.1:%d as %s (agent %d)" % (
        em.port, who["name"], who["agent_id"])


def secrets(em):
    """Every access and refresh token the emulator handed out."""
    tokens = em._control("GET", "tokens")
    return list(tokens["issued"]) + list(tokens["refresh"])


def assert_no_secret(em, screen, who):
    for s in secrets(em) + [who["password"]]:
        assert s not in screen, ("a secret on screen", screen)


def api(em, method, path, **kw):
    """A call of the test's own (a fresh token: expire_tokens ends the
    test's too)."""
    em.token(fresh=True)
    return em.api(method, path, **kw)


# ---- the browser's part --------------------------------------------------------

def joined_screen(t):
    """The screen with lines that wrapped at the terminal's width joined
    again (tmux knows which did)."""
    return t._tmux("capture-pane", "-p", "-J", "-t", "t")


def authorize_url(t):
    """The login address halotui printed, indented on a line of its own."""
    pat = re.compile(r"^    (http\S+/auth/authorize\?\S+)$", re.M)
    t.wait_for("or paste here the address", timeout=15)
    m = pat.search(joined_screen(t))
    assert m, joined_screen(t)
    return m.group(1)


def log_in_at(em, url, who):
    """What the agent's browser does elsewhere: posts the authorize form
    with the agent's name and password; returns where Halo redirects."""
    q = urllib.parse.urlsplit(url)
    assert q.path == "/auth/authorize", url
    fields = dict(urllib.parse.parse_qsl(q.query))
    assert fields["client_id"] == LOGIN_APP and fields["response_type"] == "code", fields
    fields.update(username=who["username"], password=who["password"])
    c = http.client.HTTPConnection("127.0.0.1", em.port, timeout=scaled(10))
    c.request("POST", "/auth/authorize", urllib.parse.urlencode(fields),
              {"Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    r.read()
    c.close()
    assert r.status == 302, r.status
    location = r.getheader("Location")
    assert location.startswith(fields["redirect_uri"] + "?code="), location
    return location


def code_login_in_tmux(em, who, give_back):
    """halotui login -p me on a 120-column terminal; give_back(t, location)
    types what the agent copies from the browser. Returns the last screen."""
    need_tools()
    env = profile_env(em, "authorization_code")
    with Tmux([HALOTUI, "login", "-p", "me"], env=env, cols=120, rows=40) as t:
        url = authorize_url(t)
        # No browser here: the address is only printed.
        assert "(opening it now)" not in t.screen(), t.screen()
        location = log_in_at(em, url, who)
        give_back(t, location)
        screen = t.wait_for(logged_in_line(em, who), timeout=30)
        assert t.exit_status(timeout=30) == 0, t.screen()
        assert "halotui: " not in screen.split("or the code alone")[-1], screen
        assert_no_secret(em, joined_screen(t), who)
    r = run(["whoami", "-p", "me"], env=env)
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
    assert "flow:     authorization_code" in r.stdout, r.stdout
    assert "%s (agent %d)" % (who["name"], who["agent_id"]) in r.stdout, r.stdout
    exchanged = [x for x in em.requests() if x["path"] == "/auth/token"
                 and "grant_type=authorization_code" in x.get("body", "")]
    assert len(exchanged) == 1 and exchanged[0]["status"] == 200, exchanged
    return screen


# ---- tests -------------------------------------------------------------------

def test_code_login_by_pasting_the_address_in_a_terminal():
    with Emulator(tickets=10) as em:
        who = a_login(em, 2)

        def paste(t, location):
            # The terminal pastes the address and the line end.
            t.paste(location + "\n")
        code_login_in_tmux(em, who, paste)


def test_code_login_by_typing_the_code_in_a_terminal():
    with Emulator(tickets=10) as em:
        who = a_login(em, 3)

        def type_code(t, location):
            code = dict(urllib.parse.parse_qsl(
                urllib.parse.urlsplit(location).query))["code"]
            t.type(code)
            t.keys("Enter")
        code_login_in_tmux(em, who, type_code)


# ---- the TUI when the login is refused -----------------------------------------

def answered(events):
    asked = {e.field("id") for e in events if e.name == "request"}
    done = {e.field("id") for e in events if e.name == "applied"}
    return asked <= done


def drafts(env):
    """{file name: text} of the drafts on disk."""
    d = os.path.join(env["XDG_STATE_HOME"], "halotui", "drafts")
    out = {}
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if name.endswith(".draft"):
            try:
                out[name] = open(os.path.join(d, name), encoding="utf-8").read()
            except FileNotFoundError:
                pass
    return out


def note_posts(em):
    return [r for r in em.api_requests() if r["method"] == "POST"
            and r["path"].lower() == "/api/actions"]


def notes_on(em, ticket, text):
    """The notes on ticket holding text, as the emulator has them."""
    st, data = api(em, "GET", "Actions", params={"ticket_id": ticket,
                                                 "includehtmlnote": "true"})
    assert st == 200, data
    acts = data.get("actions", []) if isinstance(data, dict) else data
    return [a for a in acts if text in (a.get("note_html") or a.get("note") or "")]


def test_refused_login_in_the_tui_keeps_the_note_until_login():
    need_tools()
    with Emulator(tickets=50) as em:
        who = a_login(em)
        env = profile_env(em, "password", who)
        r = run(["login", "-p", "me"], env=env)
        assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
        env["HALOTUI_TRACE"] = os.path.join(env["HOME"], "trace.log")
        with Tmux([HALOTUI], env=env, cols=120, rows=40) as t:
            t.wait_for(lambda s: re.search(r"row 1 of \d+", s))
            t.wait_trace(answered, what="every request answered")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("n")
            screen = t.wait_for(lambda s: re.search(r"Add note on ticket \d+", s))
            ticket = int(re.search(r"Add note on ticket (\d+)", screen).group(1))
            t.keys("Enter")
            t.type(NOTE)
            t.keys("Enter")
            t.sync()
            halotest.wait_until(lambda: any(NOTE in d for d in drafts(env).values()),
                                what="the draft on disk")
            # Halo ends the login meanwhile: the refresh token is revoked
            # and the access token expires.
            em._control("POST", "revoke_refresh", {})
            em.expire_tokens()
            em.clear_requests()
            t.keys("C-s")
            screen = t.wait_for("not saved (draft kept)", timeout=30)
            screen = t.settled()
            # The form is still open, with the note, and the screen says
            # what happened and what to run.
            assert "Add note on ticket %d" % ticket in screen, screen
            assert NOTE[:40] in screen, screen
            assert "unsent, not saved (draft kept)" in screen, screen
            assert "expired or was revoked" in screen, screen
            assert "halotui login -p me" in screen, screen
            assert_no_secret(em, screen, who)
            # Nothing applied: the POST (if it went out at all) was refused.
            sent = note_posts(em)
            assert all(p["status"] == 401 for p in sent), sent
            assert notes_on(em, ticket, NOTE) == []
            kept = [d for d in drafts(env).values() if NOTE in d]
            assert len(kept) == 1, drafts(env)
            assert "unsent" in kept[0], kept[0]

            # The agent logs in again in another terminal...
            r = run(["login", "-p", "me"], env=env)
            assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
            assert r.stdout.strip() == logged_in_line(em, who), r.stdout
            # The TUI sends nothing by itself meanwhile: the note waits
            # for the agent.
            t.sync()
            assert notes_on(em, ticket, NOTE) == []
            assert note_posts(em) == sent, note_posts(em)
            em.clear_requests()
            # ... and sends the same form again: the new login is used.
            t.keys("C-s")
            screen = t.wait_for("saved note on ticket %d" % ticket, timeout=30)
            assert_no_secret(em, screen, who)
            t.wait_trace(answered, what="every request answered")
            sent = note_posts(em)
            assert [p["status"] // 100 for p in sent] == [2], sent
            mine = notes_on(em, ticket, NOTE)
            assert len(mine) == 1, mine
            assert mine[0]["actionby_agent_id"] == who["agent_id"], mine[0]
            assert drafts(env) == {}, drafts(env)
            # No token request was refused this time: the TUI took the
            # login halotui login stored.
            tok = [(x["path"], x["status"]) for x in em.requests()
                   if x["path"] == "/auth/token"]
            assert all(s == 200 for _, s in tok), tok
            # Back from the ticket to the list, then out.
            t.keys("q")
            t.wait_for(lambda s: re.search(r"^ID\s", s, re.M) and "Notes (" not in s)
            t.keys("q")
            assert t.exit_status() == 0


if __name__ == "__main__":
    halotest.main(globals())
