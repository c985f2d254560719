# SPDX-License-Identifier: MIT
"""OAuth2 client credentials the way Halo's /auth/token answers them, and
the bearer-token check every /api request passes.  Tokens live in memory
with a monotonic expiry; /_emulator/expire-tokens forgets them all, which is
how tests make a client meet a 401 in the middle of a session."""

import base64
import secrets
import threading
import time
import urllib.parse

from .protocol import Response, p_first


class Tokens:
    def __init__(self, args, config):
        self.args = args          # --tenant, --client-id, --client-secret
        self.config = config      # token_lifetime, changeable through /_emulator/config
        self.lock = threading.Lock()
        self.tokens = {}          # token -> expiry (monotonic seconds)
        self.issued = 0
        self.issued_tokens = []   # every token handed out, oldest first

    def token_endpoint(self, params, headers, body):
        """POST /auth/token: client_credentials in a form body (or Basic)."""
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
            # HALO_API 1.2: no public client uses Basic; accepting it is harmless.
            try:
                cid, _, secret = base64.b64decode(auth[6:].strip()).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                cid = secret = None
        if grant != "client_credentials":
            return Response.json(400, {"error": "unsupported_grant_type"})
        if cid != self.args.client_id or secret != self.args.client_secret:
            return Response.json(401, {"error": "invalid_client"})
        token = secrets.token_hex(32)
        lifetime = int(self.config["token_lifetime"])
        with self.lock:
            self.tokens[token] = time.monotonic() + lifetime
            self.issued += 1
            self.issued_tokens.append(token)
        scope = p_first(form, "scope") or "all"
        return Response.json(200, {"access_token": token, "token_type": "Bearer",
                                   "expires_in": lifetime, "scope": scope},
                             [("Cache-Control", "no-store"), ("Pragma", "no-cache")])

    def valid(self, headers):
        """The request carries a bearer token that was issued and has not expired."""
        auth = headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        with self.lock:
            exp = self.tokens.get(token.strip())
            return exp is not None and exp > time.monotonic()

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

    def counts(self):
        """(tokens issued since start, tokens known now)."""
        with self.lock:
            return self.issued, len(self.tokens)
