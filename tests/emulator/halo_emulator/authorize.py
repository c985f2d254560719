# SPDX-License-Identifier: MIT
"""/auth/authorize: the authorisation-code login with PKCE (HALO_API.md 1.2,
RM's PkceHelper), and /auth/.well-known/openid-configuration (F22).

GET /auth/authorize?response_type=code&client_id=..&redirect_uri=..
    &code_challenge=..&code_challenge_method=S256&state=..&scope=..
    [&tenant=..][&nonce=..]
answers an HTML login form (username, password, the query in hidden
fields).  POSTing the form logs the agent in: 302 to
redirect_uri?code=..&state=..; a wrong password shows the form again with
an error.  The request itself is checked first (400, HTML, or JSON when the
Accept header asks for it): response_type code, the login application's
client id, a redirect_uri, an S256 challenge of 43 base64url characters.

Any redirect_uri is taken (a loopback listener http://127.0.0.1:PORT/...,
or whatever page a paste-back client names) unless the "redirect_uris"
config lists some; then it must be one of them, a loopback one with any
port (RFC 8252 7.3).  The code is bound to it, to the client and to the
challenge, and lives "code_lifetime" seconds (60 by default)."""

import html
import re
import urllib.parse

from .protocol import Response, p_first

CHALLENGE_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
CARRIED = ("response_type", "client_id", "redirect_uri", "code_challenge",
           "code_challenge_method", "state", "scope", "tenant", "nonce")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
HTML = "text/html; charset=utf-8"
NO_STORE = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]


def _loopback_key(uri):
    """A loopback http URI without its port, else None."""
    try:
        u = urllib.parse.urlsplit(uri)
        host = u.hostname
    except ValueError:
        return None
    if u.scheme != "http" or host not in LOOPBACK:
        return None
    return (host, u.path, u.query)


def redirect_allowed(uri, allowed):
    if not allowed:
        return True
    key = _loopback_key(uri)
    return any(uri == a or (key is not None and key == _loopback_key(a)) for a in allowed)


def with_query(uri, fields):
    """uri with fields added to its query (before any fragment)."""
    base, hash_, frag = uri.partition("#")
    sep = "&" if "?" in base else "?"
    return base + sep + urllib.parse.urlencode(fields) + hash_ + frag


class Authorize:
    def __init__(self, emu):
        self.emu = emu            # args (tenant, login client), config, emu.login (OAuth)

    def handle(self, method, params, headers, body):
        if method not in ("GET", "POST"):
            return Response.json(405, {"error": "method not allowed"})
        req = {k: p_first(params, k) for k in CARRIED if p_first(params, k) is not None}
        form = {}
        if method == "POST":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"),
                                         keep_blank_values=True)
            req.update({k: p_first(form, k) for k in CARRIED if p_first(form, k) is not None})
        bad = self.check(req)
        if bad:
            return self.refuse(headers, *bad)
        if method == "GET":
            return self.page(req)
        username, password = p_first(form, "username", ""), p_first(form, "password", "")
        agent, why = self.emu.login.logins.check(username, password)
        if agent is None:
            return self.page(req, username, why)
        code = self.emu.login.new_code(req["client_id"], req["redirect_uri"],
                                       req["code_challenge"], agent["id"],
                                       req.get("scope") or "all", req.get("nonce"))
        back = {"code": code}
        if req.get("state") is not None:
            back["state"] = req["state"]
        return Response(302, b"", HTML,
                        [("Location", with_query(req["redirect_uri"], back))] + NO_STORE)

    def check(self, req):
        """(error, description) when the request cannot be served, else None."""
        args, config = self.emu.args, self.emu.config
        tenant = req.get("tenant")
        if args.tenant and tenant and tenant.casefold() != args.tenant.casefold():
            return "invalid_request", "unknown tenant"
        if config.get("tenant_required") and not tenant:
            return "invalid_request", "tenant is required"
        cid = req.get("client_id")
        if not cid:
            return "invalid_request", "client_id is required"
        if cid != args.login_client_id:
            if cid == args.client_id:
                return "unauthorized_client", "The application's authentication method " \
                                              "does not allow authorization_code."
            return "invalid_client", "Unknown client_id."
        uri = req.get("redirect_uri")
        if not uri:
            return "invalid_request", "redirect_uri is required"
        if not urllib.parse.urlsplit(uri).scheme or \
                not redirect_allowed(uri, config.get("redirect_uris")):
            return "invalid_request", "redirect_uri is not registered for this application"
        if req.get("response_type") != "code":
            return "unsupported_response_type", "response_type must be code"
        if not req.get("code_challenge"):
            return "invalid_request", "code_challenge is required"
        if req.get("code_challenge_method") != "S256":
            return "invalid_request", "code_challenge_method must be S256"
        if not CHALLENGE_RE.match(req["code_challenge"]):
            return "invalid_request", "code_challenge is not a base64url SHA-256 value"
        return None

    @staticmethod
    def refuse(headers, error, description):
        if "application/json" in headers.get("Accept", ""):
            return Response.json(400, {"error": error, "error_description": description})
        page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Halo - Error"
                "</title></head><body>\n<h1>Sorry, there was a problem</h1>\n"
                "<p id=\"error\" data-error=\"%s\">%s: %s</p>\n</body></html>\n"
                % (html.escape(error), html.escape(error), html.escape(description)))
        return Response(400, page.encode("utf-8"), HTML, NO_STORE)

    @staticmethod
    def page(req, username="", error=None):
        hidden = "".join('<input type="hidden" name="%s" value="%s">\n'
                         % (k, html.escape(req[k])) for k in CARRIED if k in req)
        err = '<p id="error" class="error">%s</p>\n' % html.escape(error) if error else ""
        page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<title>Halo - Log in</title></head><body>\n<h1>Log in</h1>\n%s"
                "<form method=\"post\" action=\"/auth/authorize\">\n%s"
                "<label>Username <input type=\"text\" name=\"username\" value=\"%s\" "
                "autocomplete=\"username\"></label>\n"
                "<label>Password <input type=\"password\" name=\"password\" "
                "autocomplete=\"current-password\"></label>\n"
                "<button type=\"submit\">Log in</button>\n</form>\n</body></html>\n"
                % (err, hidden, html.escape(username)))
        return Response(200, page.encode("utf-8"), HTML, NO_STORE)


def openid_configuration(emu):
    """F22: the auth server describes itself (SC reads it with oauth4webapi)."""
    auth = emu.base_url() + "/auth"
    return Response.json(200, {
        "issuer": auth, "authorization_endpoint": auth + "/authorize",
        "token_endpoint": auth + "/token", "response_types_supported": ["code"],
        "grant_types_supported": ["client_credentials", "password", "authorization_code",
                                  "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post",
                                                  "client_secret_basic", "none"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256"],
        "scopes_supported": ["all", "openid", "offline_access"]})
