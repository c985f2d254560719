#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the emulator's per-agent login, through plain HTTP: the
password, authorization_code (PKCE) and refresh_token grants of the login
application, /auth/authorize, the id_token, refresh-token rotation and
revocation, and the attribution of API calls to the agent a token logged
in as (HALO_API.md 1.2, 13.3, F8)."""

import base64
import hashlib
import http.client
import json
import secrets
import urllib.parse

import halotest
from halotest import Emulator

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
LOGIN_APP = "halotui-login"     # the emulator's default --login-client-id
REDIRECT = "http://127.0.0.1:8765/callback"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def pkce():
    verifier = b64url(secrets.token_bytes(32))
    return verifier, b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def jwt_payload(token):
    parts = token.split(".")
    assert len(parts) == 3, token
    header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    assert header["alg"] in ("HS256", "none") and header["typ"] == "JWT", header
    return json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))


def token_request(emu, **fields):
    """POST /auth/token; (status, parsed JSON)."""
    body = urllib.parse.urlencode({k: v for k, v in fields.items() if v is not None})
    status, _, data = emu.http("POST", "/auth/token", body, FORM)
    return status, json.loads(data)


def password_login(emu, login, client_id=LOGIN_APP, **extra):
    return token_request(emu, grant_type="password", client_id=client_id,
                         username=login["username"], password=login["password"],
                         scope="all", **extra)


def control(emu, method, name, body=None):
    status, _, data = emu.http(method, "/_emulator/" + name, body)
    assert status == 200, (method, name, status, data)
    return json.loads(data)


def logins(emu):
    return control(emu, "GET", "logins")


def api_json(emu, path):
    st, body = emu.api("GET", path)
    assert st == 200, (path, st, body)
    return body


def as_agent(emu, access_token, method, path, body=None):
    """An /api call with the given token; (status, parsed JSON)."""
    status, _, data = emu.http(method, "/api/" + path, body,
                               {"Authorization": "Bearer " + access_token})
    return status, json.loads(data)


def raw(emu, method, path, body=None, headers=None):
    """One request that does not follow redirects: (status, headers, body)."""
    c = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


def authorize_query(challenge, **over):
    q = {"response_type": "code", "client_id": LOGIN_APP, "redirect_uri": REDIRECT,
         "code_challenge": challenge, "code_challenge_method": "S256",
         "state": "st-" + secrets.token_hex(4), "scope": "all", "tenant": "demo"}
    q.update(over)
    return {k: v for k, v in q.items() if v is not None}


def authorize(emu, login, challenge, **over):
    """Logs in through the form; returns (code, state, Location)."""
    q = authorize_query(challenge, **over)
    form = dict(q, username=login["username"], password=login["password"])
    st, hdrs, data = raw(emu, "POST", "/auth/authorize", urllib.parse.urlencode(form), FORM)
    assert st == 302, (st, data)
    loc = hdrs["Location"]
    back = urllib.parse.parse_qs(urllib.parse.urlsplit(loc).query)
    assert back["state"] == [q["state"]], loc
    return back["code"][0], q["state"], loc


# ---------------------------------------------------------------- logins
def test_logins_listing():
    with Emulator(tickets=10) as emu:
        ls = logins(emu)
        assert ls and all(set(x) == {"agent_id", "name", "username", "password"} for x in ls)
        ids = [x["agent_id"] for x in ls]
        # Unassigned (1), the API-only agent (2) and disabled agents cannot log in.
        assert 1 not in ids and 2 not in ids and 12 not in ids, ids
        for x in ls:
            agent = api_json(emu, "Agent/%d" % x["agent_id"])
            assert x["username"] == agent["email"] and x["name"] == agent["name"], (x, agent)
            assert x["password"] == "password-%d" % x["agent_id"]
        apps = control(emu, "GET", "apps")
        assert [a["client_id"] for a in apps] == [emu.client_id, LOGIN_APP], apps
        assert apps[0]["grants"] == ["client_credentials"] and apps[0]["agent_id"] == 2
        assert "client_secret" not in json.dumps(apps)
        # A password set through the control API replaces the default.
        control(emu, "POST", "logins", {"agent_id": 4, "password": "n€w pass&word="})
        four = next(x for x in logins(emu) if x["agent_id"] == 4)
        assert four["password"] == "n€w pass&word="
        st, tok = password_login(emu, four)
        assert st == 200, tok
        st, tok = password_login(emu, dict(four, password="password-4"))
        assert st == 400 and tok["error"] == "invalid_grant", tok


# ---------------------------------------------------------------- password grant
def test_password_grant():
    with Emulator(tickets=10) as emu:
        login = logins(emu)[0]
        st, tok = password_login(emu, login)
        assert st == 200, tok
        assert tok["token_type"] == "Bearer" and tok["expires_in"] == 3600
        assert tok["scope"] == "all"
        assert len(tok["access_token"]) >= 32 and len(tok["refresh_token"]) >= 32
        claims = jwt_payload(tok["id_token"])
        assert claims["sub"] == str(login["agent_id"]) and claims["agent_id"] == login["agent_id"]
        assert claims["name"] == login["name"] and claims["email"] == login["username"]
        assert claims["aud"] == LOGIN_APP
        assert claims["iss"] == "http://127.0.0.1:%d/auth" % emu.port
        assert claims["exp"] - claims["iat"] == 3600
        # The username is the email, whatever its case.
        st, _ = password_login(emu, dict(login, username=login["username"].upper()))
        assert st == 200
        st, err = password_login(emu, dict(login, password="wrong"))
        assert st == 400 and err["error"] == "invalid_grant" and err["error_description"], err
        st, err = password_login(emu, dict(login, username="nobody@example.com"))
        assert st == 400 and err["error"] == "invalid_grant", err
        # A disabled agent and the API-only agent cannot log in.
        jas = api_json(emu, "Agent/12")
        assert jas["isdisabled"]
        st, err = password_login(emu, {"username": jas["email"], "password": "password-12"})
        assert st == 400 and err["error"] == "invalid_grant", err
        api_user = api_json(emu, "Agent/2")
        st, err = password_login(emu, {"username": api_user["email"], "password": "password-2"})
        assert st == 400 and err["error"] == "invalid_grant", err
        st, err = token_request(emu, grant_type="password", client_id=LOGIN_APP,
                                username=login["username"])
        assert st == 400 and err["error"] == "invalid_request", err
        # The services application takes client credentials only, the login
        # application everything else; an unknown client is invalid_client.
        st, err = password_login(emu, login, client_id=emu.client_id)
        assert st == 400 and err["error"] == "unsupported_grant_type", err
        st, err = token_request(emu, grant_type="client_credentials", client_id=LOGIN_APP)
        assert st == 400 and err["error"] == "unsupported_grant_type", err
        st, err = password_login(emu, login, client_id="nobody")
        assert st == 401 and err["error"] == "invalid_client", err
        # The request log never holds the password.
        for r in emu.requests():
            if r["path"] == "/auth/token":
                assert login["password"] not in r["body"], r
        assert any("password=***" in r["body"] for r in emu.requests())


def test_client_credentials_id_token():
    with Emulator(tickets=10) as emu:
        st, tok = token_request(emu, grant_type="client_credentials", client_id=emu.client_id,
                                client_secret=emu.client_secret, scope="all")
        assert st == 200, tok
        assert "refresh_token" not in tok
        claims = jwt_payload(tok["id_token"])
        assert claims["agent_id"] == 2 and claims["sub"] == "2", claims
        assert claims["name"] == "API User" and claims["aud"] == emu.client_id
        st, me = as_agent(emu, tok["access_token"], "GET", "Agent/me")
        assert st == 200 and me["id"] == 2 and me["name"] == "API User", me


# ---------------------------------------------------------------- authorize + PKCE
def test_authorize_form_and_code():
    with Emulator(tickets=10) as emu:
        login = logins(emu)[1]
        verifier, challenge = pkce()
        q = authorize_query(challenge, nonce="n-1")
        st, hdrs, data = raw(emu, "GET", "/auth/authorize?" + urllib.parse.urlencode(q))
        page = data.decode("utf-8")
        assert st == 200 and hdrs["Content-Type"].startswith("text/html"), (st, page)
        assert 'name="username"' in page and 'type="password"' in page
        for k in ("client_id", "redirect_uri", "code_challenge", "state"):
            assert 'type="hidden" name="%s"' % k in page, (k, page)
        # A wrong password shows the form again, with an error.
        form = dict(q, username=login["username"], password="wrong")
        st, _, data = raw(emu, "POST", "/auth/authorize", urllib.parse.urlencode(form), FORM)
        page = data.decode("utf-8")
        assert st == 200 and 'id="error"' in page and 'name="password"' in page, (st, page)
        assert "wrong" not in page and login["username"] in page
        # The right one redirects with a code and the state.
        form["password"] = login["password"]
        st, hdrs, data = raw(emu, "POST", "/auth/authorize", urllib.parse.urlencode(form), FORM)
        assert st == 302, (st, data)
        loc = urllib.parse.urlsplit(hdrs["Location"])
        assert "%s://%s%s" % (loc.scheme, loc.netloc, loc.path) == REDIRECT, hdrs["Location"]
        back = urllib.parse.parse_qs(loc.query)
        assert back["state"] == [q["state"]] and len(back["code"][0]) >= 32, back
        code = back["code"][0]
        st, tok = token_request(emu, grant_type="authorization_code", client_id=LOGIN_APP,
                                code=code, redirect_uri=REDIRECT, code_verifier=verifier)
        assert st == 200, tok
        assert tok["token_type"] == "Bearer" and tok["refresh_token"] and tok["expires_in"]
        claims = jwt_payload(tok["id_token"])
        assert claims["agent_id"] == login["agent_id"] and claims["nonce"] == "n-1", claims
        st, me = as_agent(emu, tok["access_token"], "GET", "Agent/me")
        assert st == 200 and me["id"] == login["agent_id"], me
        # The code is single-use.
        st, err = token_request(emu, grant_type="authorization_code", client_id=LOGIN_APP,
                                code=code, redirect_uri=REDIRECT, code_verifier=verifier)
        assert st == 400 and err["error"] == "invalid_grant", err
        # A redirect_uri that already has a query keeps it.
        _, _, loc = authorize(emu, login, challenge, redirect_uri=REDIRECT + "?x=1")
        assert loc.startswith(REDIRECT + "?x=1&code="), loc


def test_code_exchange_mismatches():
    with Emulator(tickets=10) as emu:
        login = logins(emu)[0]
        verifier, challenge = pkce()

        def exchange(code, **over):
            fields = {"grant_type": "authorization_code", "client_id": LOGIN_APP,
                      "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier}
            fields.update(over)
            return token_request(emu, **fields)

        cases = [{"code_verifier": pkce()[0]},               # another verifier
                 {"code_verifier": None},                     # none
                 {"code_verifier": verifier[:20]},            # too short to be one
                 {"redirect_uri": "http://127.0.0.1:8766/callback"},
                 {"redirect_uri": None}]
        for over in cases:
            code, _, _ = authorize(emu, login, challenge)
            st, err = exchange(code, **over)
            assert st == 400 and err["error"] == "invalid_grant", (over, st, err)
            # A failed exchange used the code up.
            st, err = exchange(code)
            assert st == 400 and err["error"] == "invalid_grant", (over, err)
        # The services application cannot exchange a code at all; that is
        # refused before the code is looked at, so the code still works.
        code, _, _ = authorize(emu, login, challenge)
        st, err = exchange(code, client_id=emu.client_id, client_secret=emu.client_secret)
        assert st == 400 and err["error"] == "unsupported_grant_type", err
        st, tok = exchange(code)
        assert st == 200, tok
        st, err = exchange("no-such-code")
        assert st == 400 and err["error"] == "invalid_grant", err
        st, err = exchange(None)
        assert st == 400 and err["error"] == "invalid_request", err
        # Codes expire (60 s by default; here at once).
        emu.configure(code_lifetime=0)
        code, _, _ = authorize(emu, login, challenge)
        st, err = exchange(code)
        assert st == 400 and err["error"] == "invalid_grant" and "expired" in \
            err["error_description"], err
        emu.configure(code_lifetime=60)
        code, _, _ = authorize(emu, login, challenge)
        st, tok = exchange(code)
        assert st == 200, tok


def test_authorize_refusals():
    with Emulator(tickets=10) as emu:
        _, challenge = pkce()
        bad = [{"code_challenge": None}, {"code_challenge_method": None},
               {"code_challenge_method": "plain"}, {"code_challenge": "short"},
               {"client_id": "nobody"}, {"client_id": None}, {"client_id": emu.client_id},
               {"redirect_uri": None}, {"response_type": "token"}, {"tenant": "other"}]
        for over in bad:
            q = urllib.parse.urlencode(authorize_query(challenge, **over))
            st, hdrs, data = raw(emu, "GET", "/auth/authorize?" + q)
            assert st == 400 and hdrs["Content-Type"].startswith("text/html"), (over, st, data)
            assert b'id="error"' in data, data
            st, _, data = raw(emu, "GET", "/auth/authorize?" + q,
                              headers={"Accept": "application/json"})
            err = json.loads(data)
            assert st == 400 and err["error"] and err["error_description"], (over, err)
            # The same request POSTed with a good login is refused too.
            login = logins(emu)[0]
            form = dict(authorize_query(challenge, **over), username=login["username"],
                        password=login["password"])
            st, _, _ = raw(emu, "POST", "/auth/authorize", urllib.parse.urlencode(form), FORM)
            assert st == 400, over
        st, _, _ = raw(emu, "DELETE", "/auth/authorize")
        assert st == 405
        # Any redirect URI by default (a paste-back page too); once the
        # application lists some, only those, a loopback one on any port.
        login = logins(emu)[0]
        authorize(emu, login, challenge, redirect_uri="https://example.com/halotui/code")
        emu.configure(redirect_uris=["http://127.0.0.1/callback",
                                     "urn:ietf:wg:oauth:2.0:oob"])
        authorize(emu, login, challenge, redirect_uri="http://127.0.0.1:41234/callback")
        authorize(emu, login, challenge, redirect_uri="urn:ietf:wg:oauth:2.0:oob")
        for uri in ("https://example.com/halotui/code", "http://127.0.0.1:41234/other"):
            q = urllib.parse.urlencode(authorize_query(challenge, redirect_uri=uri))
            st, _, _ = raw(emu, "GET", "/auth/authorize?" + q)
            assert st == 400, uri
        st, _, data = emu.http("GET", "/auth/.well-known/openid-configuration")
        conf = json.loads(data)
        assert st == 200 and conf["authorization_endpoint"].endswith("/auth/authorize")
        assert conf["code_challenge_methods_supported"] == ["S256"], conf


# ---------------------------------------------------------------- refresh tokens
def test_refresh_rotation_and_revoke():
    with Emulator(tickets=10) as emu:
        login = logins(emu)[2]
        st, tok = password_login(emu, login)
        assert st == 200, tok
        old = tok["refresh_token"]
        st, new = token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP,
                                refresh_token=old)
        assert st == 200, new
        assert new["refresh_token"] != old and new["access_token"] != tok["access_token"]
        assert jwt_payload(new["id_token"])["agent_id"] == login["agent_id"]
        st, me = as_agent(emu, new["access_token"], "GET", "Agent/me")
        assert st == 200 and me["id"] == login["agent_id"]
        # The old one was revoked when it was used.
        st, err = token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP,
                                refresh_token=old)
        assert st == 400 and err["error"] == "invalid_grant", err
        # The new one works once, for its own client only.
        st, err = token_request(emu, grant_type="refresh_token", client_id="nobody",
                                refresh_token=new["refresh_token"])
        assert st == 401 and err["error"] == "invalid_client", err
        st, newer = token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP,
                                  refresh_token=new["refresh_token"])
        assert st == 200, newer
        st, err = token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP)
        assert st == 400 and err["error"] == "invalid_request", err
        # Revoking one, then all; access tokens stay good until they expire.
        issued = control(emu, "GET", "tokens")["refresh"]
        assert old in issued and newer["refresh_token"] in issued
        assert control(emu, "POST", "revoke_refresh",
                       {"refresh_token": newer["refresh_token"]}) == {"revoked": 1}
        st, err = token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP,
                                refresh_token=newer["refresh_token"])
        assert st == 400 and err["error"] == "invalid_grant", err
        st, a = password_login(emu, login)
        st, b = password_login(emu, logins(emu)[0])
        assert emu.stats()["active_refresh_tokens"] == 2
        assert control(emu, "POST", "revoke_refresh", {}) == {"revoked": 2}
        for t in (a, b):
            st, err = token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP,
                                    refresh_token=t["refresh_token"])
            assert st == 400 and err["error"] == "invalid_grant", err
        st, me = as_agent(emu, a["access_token"], "GET", "Agent/me")
        assert st == 200 and me["id"] == login["agent_id"]
        # Refresh tokens expire (30 days by default; here at once).
        emu.configure(refresh_token_lifetime=0)
        st, c = password_login(emu, login)
        st, err = token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP,
                                refresh_token=c["refresh_token"])
        assert st == 400 and "expired" in err["error_description"], err
        assert emu.configure()["refresh_token_lifetime"] == 0


def test_token_history():
    with Emulator(tickets=10) as emu:
        login = logins(emu)[0]
        verifier, challenge = pkce()
        emu.token()
        password_login(emu, login)
        password_login(emu, dict(login, password="wrong"))
        code, _, _ = authorize(emu, login, challenge)
        st, tok = token_request(emu, grant_type="authorization_code", client_id=LOGIN_APP,
                                code=code, redirect_uri=REDIRECT, code_verifier=verifier)
        token_request(emu, grant_type="refresh_token", client_id=LOGIN_APP,
                      refresh_token=tok["refresh_token"])
        hist = control(emu, "GET", "token_history")
        got = [(h["grant_type"], h["status"], h["error"], h.get("agent_id")) for h in hist]
        me = login["agent_id"]
        assert got == [("client_credentials", 200, None, 2), ("password", 200, None, me),
                       ("password", 400, "invalid_grant", None),
                       ("authorization_code", 200, None, me),
                       ("refresh_token", 200, None, me)], got
        text = json.dumps(hist)
        assert login["password"] not in text and verifier not in text
        assert emu.client_secret not in text and tok["refresh_token"] not in text
        assert hist[1]["username"] == login["username"] and hist[1]["client_id"] == LOGIN_APP
        assert control(emu, "DELETE", "token-history") == {"cleared": 5}
        assert control(emu, "GET", "token_history") == []


# ---------------------------------------------------------------- attribution
def test_calls_act_as_the_agent():
    with Emulator(tickets=30) as emu:
        login = logins(emu)[3]
        st, tok = password_login(emu, login)
        mine = tok["access_token"]
        st, me = as_agent(emu, mine, "GET", "Agent/me")
        assert st == 200 and me["id"] == login["agent_id"] and me["name"] == login["name"]
        st, api_me = emu.api("GET", "Agent/me")
        assert api_me["id"] == 2 and api_me["name"] == "API User"
        # A note posted with the agent's token is theirs ...
        st, act = as_agent(emu, mine, "POST", "Actions",
                           [{"ticket_id": 3, "outcome": "Private Note", "note": "mine",
                             "hiddenfromuser": True, "actionby_agent_id": 2}])
        assert st == 201, act
        assert act["who"] == login["name"] and act["who_agentid"] == login["agent_id"], act
        assert act["actionby_agent_id"] == login["agent_id"], act
        st, listed = emu.api("GET", "Actions", params={"ticket_id": 3})
        top = listed["actions"][0]
        assert top["id"] == act["id"] and top["who"] == login["name"], top
        assert top["actionby_agent_id"] == login["agent_id"]
        # ... and one posted with the services application's is the API User's.
        st, act2 = emu.api("POST", "Actions", [{"ticket_id": 3, "outcome": "Private Note",
                                                "note": "api"}])
        assert st == 201 and act2["who"] == "API User" and act2["actionby_agent_id"] == 2
        # A ticket the agent logs is theirs; assigning one works as before.
        st, t = as_agent(emu, mine, "POST", "Tickets", [{"summary": "by an agent",
                                                          "client_id": 2}])
        assert st == 201, t
        st, acts = emu.api("GET", "Actions", params={"ticket_id": t["id"]})
        assert acts["actions"][-1]["who"] == login["name"], acts
        assert acts["actions"][-1]["actionby_agent_id"] == login["agent_id"]
        st, upd = as_agent(emu, mine, "POST", "Tickets", [{"id": 3,
                                                            "agent_id": login["agent_id"]}])
        assert st == 201 and upd["agent_id"] == login["agent_id"], upd
        st, full = emu.api("GET", "Tickets/3")
        assert full["agent_id"] == login["agent_id"]
        # Expired access tokens are refused for agents as for the application.
        emu.expire_tokens()
        st, _ = as_agent(emu, mine, "GET", "Agent/me")
        assert st == 401


def test_one_application_for_every_grant():
    with Emulator("--login-client-id", "halotui-demo", tickets=10) as emu:
        login = logins(emu)[0]
        st, tok = password_login(emu, login, client_id=emu.client_id)
        assert st == 200 and jwt_payload(tok["id_token"])["agent_id"] == login["agent_id"]
        st, cc = token_request(emu, grant_type="client_credentials", client_id=emu.client_id,
                               client_secret=emu.client_secret)
        assert st == 200 and jwt_payload(cc["id_token"])["agent_id"] == 2
        apps = control(emu, "GET", "apps")
        assert len(apps) == 1 and "password" in apps[0]["grants"], apps
    with Emulator("--login-client-secret", "login-s3cret", tickets=10) as emu:
        login = logins(emu)[0]
        st, err = password_login(emu, login)
        assert st == 401 and err["error"] == "invalid_client", err
        st, tok = password_login(emu, login, client_secret="login-s3cret")
        assert st == 200, tok


if __name__ == "__main__":
    halotest.main(globals())
