# SPDX-License-Identifier: MIT
"""The server's state apart from tenant data, and the way a request to
/auth or /api is answered once the HTTP layer has read it."""

from .auth import Tokens
from .authorize import Authorize, openid_configuration
from .catalogue import AGENTS
from .control import Faults, RateLimiter, RequestLog
from .oauth import OAuth
from .protocol import ApiError, Response, lower_keys
from .routes import Api


class Emulator:
    """Configuration, tokens, faults, the rate limiter, the request log and
    the API over the data."""

    def __init__(self, args, world, tickets):
        self.args = args
        # One dict, changed in place by POST /_emulator/config, so the
        # limiter and the token issuer always see the current values.
        self.config = {"latency_ms": args.latency_ms, "token_lifetime": args.token_lifetime,
                       "rate_limit": args.rate_limit, "rate_window": args.rate_window,
                       "retry_after": not args.no_retry_after,
                       "default_page_size": args.default_page_size,
                       # The auth_url /api/authinfo names; "" means this
                       # server's own /auth.
                       "authinfo_url": "",
                       # HALO_API.md F7: resources outside the application's
                       # scopes (lower-case names, "asset") answer 403.
                       "forbidden": [],
                       # F9: the API agent sees no customers (no teams, no
                       # "all customers"): record lists are empty, not errors.
                       "sees_nothing": False,
                       # A shared auth server: /auth/token needs the tenant
                       # (?tenant= or a form field) that /api/authinfo names.
                       "tenant_required": False,
                       # Per-agent login (oauth.py, authorize.py): how long a
                       # refresh token and an authorisation code live, and
                       # the redirect URIs the login application has
                       # registered ([] = any).
                       "refresh_token_lifetime": args.refresh_token_lifetime,
                       "code_lifetime": 60,
                       "redirect_uris": []}
        self.tokens = Tokens(args, self.config)
        self.faults = Faults()
        self.rate = RateLimiter(self.config)
        self.log = RequestLog()
        self.scheme = "https" if args.tls_cert else "http"
        self.host = args.host
        self.port = 0             # set once the server is bound
        self.api = Api(self, world, tickets)
        self.login = OAuth(self)
        self.tokens.login = self.login
        self.authorize = Authorize(self)

    def base_url(self):
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "%s://%s:%d" % (self.scheme, host, self.port)

    def instance_info(self):
        return {"app_name": "Halo PSA", "auth_url": self.base_url() + "/auth",
                "agent_url": self.base_url(), "portal_url": self.base_url() + "/portal",
                "licensed_agent_count": len(AGENTS), "version": "2.180.1 (emulated)"}

    def serve(self, method, path, params, headers, body):
        """The answer to /auth/token, /auth/authorize, /api/authinfo or an
        authenticated /api request (faults, latency and the rate limit are
        applied before).  An /api request acts as the agent its token
        logged in as."""
        low = path.lower().rstrip("/") or "/"
        segs = [s for s in path.split("/") if s]
        if low == "/auth/token":
            if method != "POST":
                return Response.json(405, {"error": "method not allowed"})
            return self.tokens.token_endpoint(params, headers, body)
        if low == "/auth/authorize":
            return self.authorize.handle(method, params, headers, body)
        if low == "/auth/.well-known/openid-configuration" and method == "GET":
            return openid_configuration(self)
        if low == "/api/authinfo":
            return Response.json(200, {"auth_url": self.config["authinfo_url"] or
                                       self.base_url() + "/auth",
                                       "tenant_id": self.args.tenant})
        if not segs or segs[0].lower() != "api":
            return Response.json(404, {"error": "not found"})
        agent = self.tokens.agent_of(headers)
        if agent is None:
            # Halo's body for an API-side 401 has never been captured
            # (HALO_API 8, 12); this shape is a guess, the status is not.
            return Response.json(401, {"error": "unauthorized"},
                                 [("WWW-Authenticate", 'Bearer error="invalid_token"')])
        if len(segs) > 1 and segs[1].lower() in self.config["forbidden"]:
            return Response.json(403, {"error": "forbidden"})
        try:
            with self.api.lock:
                return self.api.handle(method, segs[1:], lower_keys(params), body, agent)
        except ApiError as e:
            return Response.json(e.status, e.body)
