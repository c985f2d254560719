# SPDX-License-Identifier: MIT
"""Per-agent login at /auth/token: the grants an application whose
authentication method is "Username & Password" or "Authorization Code"
(PKCE) uses, so each agent acts as themselves (HALO_API.md 1.2, 13.3).

  password            client_id, username (the agent's email), password
  authorization_code  code, redirect_uri, code_verifier, client_id; the code
                      comes from /auth/authorize (authorize.py)
  refresh_token       refresh_token, client_id; the refresh token rotates:
                      the one used is revoked at once

Every reply carries access_token, token_type, expires_in, scope,
refresh_token and an id_token naming the agent (F8).  Choices made where
HALO_API.md has nothing captured:
  - the id_token is an HS256 JWT under a key made at start (Halo's own
    signature cannot be checked here; clients read the payload only);
  - a code is consumed by the first exchange that names it, right or wrong;
  - a rotated refresh token lives `refresh_token_lifetime` seconds from its
    own issue (sliding); a revoked one answers invalid_grant and takes
    nothing else with it;
  - the API-only agent, Unassigned, disabled agents and agents without an
    email cannot log in.
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time

from .protocol import Response, p_first

# RFC 7636 4.1: 43 to 128 unreserved characters.
VERIFIER_RE = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")
NO_STORE = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def s256(verifier):
    """The PKCE S256 challenge of a verifier: base64url(SHA-256), no padding."""
    return b64url(hashlib.sha256(verifier.encode("utf-8")).digest())


def jwt_hs256(claims, key):
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"},
                               separators=(",", ":")).encode("ascii"))
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode("ascii"))
    signing = "%s.%s" % (header, payload)
    sig = hmac.new(key, signing.encode("ascii"), hashlib.sha256).digest()
    return "%s.%s" % (signing, b64url(sig))


def grant_error(error, description, status=400):
    return Response.json(status, {"error": error, "error_description": description}, NO_STORE)


class Logins:
    """The agents that can log in and their passwords.  The username is the
    agent's current email (case-insensitive); the password is
    "password-<agent id>" until the control API sets another.

    Agent records are read without the API lock, in single steps (one dict
    read, one list() of the values), so a token request never waits behind
    a long list query that holds it."""

    FIELDS = ("id", "name", "email", "isdisabled", "isapiagent")

    def __init__(self, api):
        self.api = api            # agent records: api.world.by["agent"]
        self.lock = threading.Lock()
        self.passwords = {}       # agent id -> password set through /_emulator/logins

    def password(self, aid):
        with self.lock:
            return self.passwords.get(aid, "password-%d" % aid)

    def set_password(self, aid, password):
        with self.lock:
            self.passwords[aid] = password

    def _records(self):
        recs = list(self.api.world.by["agent"].values())
        return sorted(({k: r.get(k) for k in self.FIELDS} for r in recs),
                      key=lambda r: r["id"])

    def agent(self, aid):
        """What a token needs to know of an agent, or None."""
        rec = self.api.world.by["agent"].get(aid)
        return {k: rec.get(k) for k in self.FIELDS} if rec is not None else None

    @staticmethod
    def can_log_in(rec):
        return bool(rec.get("email")) and rec["id"] != 1 and not rec.get("isapiagent") \
            and not rec.get("isdisabled")

    def listing(self):
        return [{"agent_id": r["id"], "name": r["name"], "username": r["email"],
                 "password": self.password(r["id"])}
                for r in self._records() if self.can_log_in(r)]

    def check(self, username, password):
        """(agent, None) when the login is good, else (None, why)."""
        want = (username or "").strip().casefold()
        rec = next((r for r in self._records()
                    if want and (r.get("email") or "").casefold() == want), None)
        good = rec is not None and hmac.compare_digest(
            self.password(rec["id"]).encode("utf-8"), (password or "").encode("utf-8"))
        if not good or rec["id"] == 1 or rec.get("isapiagent"):
            return None, "Invalid username or password."
        if rec.get("isdisabled"):
            return None, "This agent account is disabled."
        return rec, None


class OAuth:
    """Authorisation codes, refresh tokens and the login grants."""

    def __init__(self, emu):
        self.emu = emu            # config, base_url(), the access-token store
        self.logins = Logins(emu.api)
        self.key = secrets.token_bytes(32)
        self.lock = threading.Lock()
        self.codes = {}           # code -> what /auth/authorize granted
        self.refresh = {}         # refresh token -> {agent_id, client_id, scope, expiry, revoked}
        self.refresh_issued = []  # every refresh token handed out, oldest first

    # -- id_token and the token reply
    def id_token(self, agent, client_id, nonce=None):
        now = int(time.time())
        claims = {"iss": self.emu.base_url() + "/auth", "aud": client_id,
                  "sub": str(agent["id"]), "agent_id": agent["id"], "name": agent["name"],
                  "email": agent.get("email", ""), "iat": now,
                  "exp": now + int(self.emu.config["token_lifetime"])}
        if nonce:
            claims["nonce"] = nonce
        return jwt_hs256(claims, self.key)

    def reply(self, agent, client_id, scope, nonce=None, refresh=True):
        """Issues an access token acting as `agent`, with a refresh token
        (for the login grants) and an id_token; the JSON answer."""
        lifetime = int(self.emu.config["token_lifetime"])
        out = {"access_token": self.emu.tokens.issue(agent["id"], lifetime),
               "token_type": "Bearer", "expires_in": lifetime, "scope": scope}
        if refresh:
            out["refresh_token"] = self.new_refresh(agent["id"], client_id, scope)
        out["id_token"] = self.id_token(agent, client_id, nonce)
        return Response.json(200, out, NO_STORE)

    # -- authorisation codes (made by authorize.py)
    def new_code(self, client_id, redirect_uri, challenge, agent_id, scope, nonce):
        code = secrets.token_urlsafe(32)
        with self.lock:
            now = time.monotonic()
            for c in [c for c, g in self.codes.items() if g["expiry"] <= now]:
                del self.codes[c]
            self.codes[code] = {"client_id": client_id, "redirect_uri": redirect_uri,
                                "challenge": challenge, "agent_id": agent_id, "scope": scope,
                                "nonce": nonce,
                                "expiry": now + float(self.emu.config["code_lifetime"])}
        return code

    # -- refresh tokens
    def new_refresh(self, agent_id, client_id, scope):
        token = secrets.token_hex(32)
        with self.lock:
            self.refresh[token] = {"agent_id": agent_id, "client_id": client_id,
                                   "scope": scope, "revoked": False,
                                   "expiry": time.monotonic() +
                                   float(self.emu.config["refresh_token_lifetime"])}
            self.refresh_issued.append(token)
        return token

    def revoke_refresh(self, token=None, agent_id=None):
        """Revokes one refresh token, an agent's, or all; returns how many."""
        n = 0
        with self.lock:
            for t, r in self.refresh.items():
                if r["revoked"] or (token is not None and t != token) or \
                        (agent_id is not None and r["agent_id"] != agent_id):
                    continue
                r["revoked"] = True
                n += 1
        return n

    def refresh_history(self):
        with self.lock:
            return list(self.refresh_issued)

    def active_refresh(self):
        now = time.monotonic()
        with self.lock:
            return sum(1 for r in self.refresh.values() if not r["revoked"] and r["expiry"] > now)

    # -- the grants (auth.py has checked the tenant and the application)
    def grant(self, grant, form, client_id):
        if grant == "password":
            return self.password_grant(form, client_id)
        if grant == "authorization_code":
            return self.code_grant(form, client_id)
        return self.refresh_grant(form, client_id)

    def password_grant(self, form, client_id):
        username, password = p_first(form, "username"), p_first(form, "password")
        if not username or password is None:
            return grant_error("invalid_request", "username and password are required.")
        agent, why = self.logins.check(username, password)
        if agent is None:
            return grant_error("invalid_grant", why)
        return self.reply(agent, client_id, p_first(form, "scope") or "all")

    def code_grant(self, form, client_id):
        code = p_first(form, "code")
        if not code:
            return grant_error("invalid_request", "code is required.")
        with self.lock:
            granted = self.codes.pop(code, None)  # single use, right or wrong
        if granted is None:
            return grant_error("invalid_grant", "The authorization code is invalid or has "
                                                "already been used.")
        if granted["expiry"] <= time.monotonic():
            return grant_error("invalid_grant", "The authorization code has expired.")
        if granted["client_id"] != client_id:
            return grant_error("invalid_grant", "The authorization code was issued to "
                                                "another client.")
        if p_first(form, "redirect_uri") != granted["redirect_uri"]:
            return grant_error("invalid_grant", "redirect_uri does not match the one the "
                                                "code was issued for.")
        verifier = p_first(form, "code_verifier") or ""
        if not VERIFIER_RE.match(verifier):
            return grant_error("invalid_grant", "code_verifier is missing or malformed.")
        if not hmac.compare_digest(s256(verifier), granted["challenge"]):
            return grant_error("invalid_grant", "code_verifier does not match the "
                                                "code_challenge.")
        agent = self.logins.agent(granted["agent_id"])
        if agent is None or not self.logins.can_log_in(agent):
            return grant_error("invalid_grant", "The agent can no longer log in.")
        return self.reply(agent, client_id, granted["scope"], granted["nonce"])

    def refresh_grant(self, form, client_id):
        token = p_first(form, "refresh_token")
        if not token:
            return grant_error("invalid_request", "refresh_token is required.")
        with self.lock:
            r = self.refresh.get(token)
            why = None
            if r is None:
                why = "The refresh token is invalid."
            elif r["revoked"]:
                why = "The refresh token has been revoked."
            elif r["expiry"] <= time.monotonic():
                why = "The refresh token has expired."
            elif r["client_id"] != client_id:
                why = "The refresh token was issued to another client."
            else:
                r["revoked"] = True  # rotation: the old one is spent now
        if why:
            return grant_error("invalid_grant", why)
        agent = self.logins.agent(r["agent_id"])
        if agent is None or not self.logins.can_log_in(agent):
            return grant_error("invalid_grant", "The agent can no longer log in.")
        return self.reply(agent, client_id, r["scope"])
