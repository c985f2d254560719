# SPDX-License-Identifier: MIT
"""/auth/token the way Halo answers it, and the bearer-token check every
/api request passes.

Two applications are known.  The services application (--client-id,
--client-secret: "Client ID and Secret (Services)") takes
client_credentials and acts as its "agent to log in as", the API User
(catalogue.ME_AGENT).  The login application (--login-client-id, public
unless --login-client-secret is given) takes password, authorization_code
and refresh_token, and acts as the agent who logged in (oauth.py).  Given
the same client id, one application takes every grant.  A grant the
application does not take answers 400 unsupported_grant_type (Halo's answer
is not captured).

Access tokens live in memory with a monotonic expiry and the agent they act
as; /_emulator/expire-tokens forgets them all, which is how tests make a
client meet a 401 in the middle of a session.  Every token request is
noted (grant, client, outcome, agent) for /_emulator/token_history."""

import base64
import collections
import json
import secrets
import threading
import time
import urllib.parse

from .catalogue import ME_AGENT
from .protocol import Response, p_first

LOGIN_GRANTS = ("password", "authorization_code", "refresh_token")


class Tokens:
    def __init__(self, args, config):
        self.args = args          # --tenant, --client-id, --client-secret, --login-client-*
        self.config = config      # token_lifetime, changeable through /_emulator/config
        self.login = None         # oauth.OAuth, set once the API exists
        self.lock = threading.Lock()
        self.tokens = {}          # token -> (expiry (monotonic seconds), agent id)
        self.issued = 0
        self.issued_tokens = []   # every token handed out, oldest first
        self.grants_log = collections.deque(maxlen=10_000)

    def issue(self, agent_id, lifetime):
        token = secrets.token_hex(32)
        with self.lock:
            self.tokens[token] = (time.monotonic() + lifetime, agent_id)
            self.issued += 1
            self.issued_tokens.append(token)
        return token

    def token_endpoint(self, params, headers, body):
        """POST /auth/token, form-encoded (client credentials also as Basic)."""
        note = {"t": time.monotonic()}
        resp = self._token_endpoint(params, headers, body, note)
        try:
            answer = json.loads(resp.body)
        except ValueError:
            answer = {}
        note["status"] = resp.status
        note["error"] = answer.get("error")
        if resp.status == 200:
            token = answer.get("access_token")
            note["access_token"] = token
            with self.lock:
                note["agent_id"] = self.tokens.get(token, (0, None))[1]
                self.grants_log.append(note)
        else:
            with self.lock:
                self.grants_log.append(note)
        return resp

    def _token_endpoint(self, params, headers, body, note):
        tenant = self.args.tenant
        given = p_first(params, "tenant")
        if tenant and given is not None and given.casefold() != tenant.casefold():
            return Response.json(400, {"error": "invalid_request",
                                       "error_description": "unknown tenant"})
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        if given is None:
            given = p_first(form, "tenant")
        if self.config.get("tenant_required") and not given:
            return Response.json(400, {"error": "invalid_request",
                                       "error_description": "tenant is required"})
        if tenant and given and given.casefold() != tenant.casefold():
            return Response.json(400, {"error": "invalid_request",
                                       "error_description": "unknown tenant"})
        grant = p_first(form, "grant_type", "")
        cid, secret = p_first(form, "client_id"), p_first(form, "client_secret")
        auth = headers.get("Authorization", "")
        if cid is None and auth.lower().startswith("basic "):
            # HALO_API F5: Halo accepts Basic client authentication too.
            try:
                cid, _, secret = base64.b64decode(auth[6:].strip()).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                cid = secret = None
        note.update(grant_type=grant, client_id=cid)
        if grant == "password":
            note["username"] = p_first(form, "username")
        services, login = self.args.client_id, self.args.login_client_id
        if grant not in ("client_credentials",) + LOGIN_GRANTS:
            return Response.json(400, {"error": "unsupported_grant_type"})
        if grant == "client_credentials" and cid == services:
            if secret != self.args.client_secret:
                return Response.json(401, {"error": "invalid_client"})
            agent = self.login.logins.agent(ME_AGENT) if self.login else None
            if agent is None:
                # The API agent was deleted: nothing to log in as.
                return Response.json(401, {"error": "invalid_client"})
            return self.login.reply(agent, cid, p_first(form, "scope") or "all", refresh=False)
        if grant in LOGIN_GRANTS and cid == login and self.login is not None:
            if self.args.login_client_secret and secret != self.args.login_client_secret:
                return Response.json(401, {"error": "invalid_client"})
            return self.login.grant(grant, form, cid)
        if cid in (services, login):
            return Response.json(400, {"error": "unsupported_grant_type",
                                       "error_description": "The application's "
                                       "authentication method does not allow %s." % grant})
        return Response.json(401, {"error": "invalid_client"})

    def agent_of(self, headers):
        """The agent id the request's bearer token acts as, or None when it
        carries no token that was issued and has not expired."""
        auth = headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self.lock:
            exp, agent = self.tokens.get(token.strip(), (0, None))
            return agent if exp > time.monotonic() else None

    def valid(self, headers):
        """The request carries a bearer token that was issued and has not expired."""
        return self.agent_of(headers) is not None

    def expire_all(self):
        """Forgets every token; returns how many there were."""
        with self.lock:
            n = len(self.tokens)
            self.tokens.clear()
        return n

    def history(self):
        """Every token issued since start, expired ones too (for tests that
        look for a token where it must not be)."""
        with self.lock:
            return list(self.issued_tokens)

    def grants(self):
        """Every token request since start (or the last clear): t, grant_type,
        client_id, status, error, agent_id and access_token when one was
        issued, username for the password grant.  No secret the request
        carried is kept."""
        with self.lock:
            return [dict(n) for n in self.grants_log]

    def clear_grants(self):
        with self.lock:
            n = len(self.grants_log)
            self.grants_log.clear()
        return n

    def counts(self):
        """(tokens issued since start, tokens known now)."""
        with self.lock:
            return self.issued, len(self.tokens)
