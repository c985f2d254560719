# SPDX-License-Identifier: MIT
"""Halo's conventions shared by every route: error shapes (ASP.NET model
errors, ProblemDetails), query parameters (bound case-insensitively, lenient
numbers), paging, field coercion in POST bodies, and JSON answers."""

import json
import secrets

from .util import int_or_none, num, parse_ticks


class ApiError(Exception):
    """An error answer: HTTP status plus a JSON-able body."""

    def __init__(self, status, body):
        super().__init__(status)
        self.status = status
        self.body = body


def model_error(field, message, index=None):
    """ASP.NET model-binding dictionary, e.g. {"[0].summary": ["..."]}."""
    key = field if index is None else "[%d].%s" % (index, field)
    return {key: [message]}


def problem(errors):
    """ASP.NET Core ProblemDetails, the shape of query and JSON binding errors."""
    return {"type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
            "title": "One or more validation errors occurred.", "status": 400,
            "traceId": "00-%s-%s-00" % (secrets.token_hex(16), secrets.token_hex(8)),
            "errors": errors}


def not_found(what, ident):
    return ApiError(404, {"error": "not found", "message": "%s %s not found" % (what, ident)})


def coerce_fields(rec_in, template, index, int_fields=()):
    """Halo accepts numbers and booleans sent as strings ("18", "true").
    The type wanted is the type the field has in the stored record (for a
    field the record lacks: a number if it is named *_id).  A value that
    cannot be converted is a 400 in the model-binding shape."""
    def bad(k, net_type):
        return ApiError(400, model_error(
            k, "The JSON value could not be converted to %s. Path: $[%d].%s"
            % (net_type, index, k), index))

    out = {}
    for k, v in rec_in.items():
        if v is None:
            continue  # null leaves a field unchanged
        cur = template.get(k)
        numeric = isinstance(cur, (int, float)) and not isinstance(cur, bool) or \
            (cur is None and (k in int_fields or k.endswith("_id")))
        if isinstance(v, (list, dict)):
            if isinstance(cur, (str, int, float, bool)) or numeric:
                raise bad(k, "System.String" if isinstance(cur, str) else "System.Int32")
        elif isinstance(cur, bool):
            v = v.strip().lower() in ("true", "1", "yes") if isinstance(v, str) else bool(v)
        elif isinstance(cur, str):
            if isinstance(v, (int, float)):
                v = str(v).lower() if isinstance(v, bool) else str(v)
        elif numeric:
            # HALO_API.md F14: ids must be JSON integers.  Newtonsoft refuses
            # 95.0 for an integer id; a client, site or user id sent as a
            # string gets Halo's generic refusal.
            is_id = k == "id" or k.endswith("_id")
            if is_id and isinstance(v, float) and not isinstance(cur, float):
                raise ApiError(400, model_error(
                    k, "Input string '%s' is not a valid integer" % json.dumps(v), index))
            if isinstance(v, str) and k in ("client_id", "site_id", "user_id") and \
                    not isinstance(cur, float):
                raise ApiError(400, "Please select a valid Client/Site/User")
            n = num(v)
            if n is None:
                if not (isinstance(v, str) and v.strip() == ""):
                    raise bad(k, "System.Double" if isinstance(cur, float) else "System.Int32")
                n = 0
            if isinstance(n, float) and n == int(n) and not isinstance(cur, float):
                n = int(n)
            v = n
        out[k] = v
    return out


def merge_customfields(existing, given):
    """Custom fields are set by id or by name; display follows the value."""
    out = [dict(cf) for cf in existing or []]
    if not isinstance(given, list):
        return out
    for cf in given:
        if not isinstance(cf, dict):
            continue
        match = None
        for cur in out:
            if ("id" in cf and num(cf.get("id")) == cur.get("id")) or \
                    (cf.get("name") and cf.get("name") == cur.get("name")):
                match = cur
                break
        if match is None:
            match = {"id": int_or_none(cf.get("id")) or 0, "name": cf.get("name") or "",
                     "label": cf.get("name") or "", "type": 0}
            out.append(match)
        match["value"] = cf.get("value")
        match["display"] = "" if cf.get("value") is None else str(cf.get("value"))
    return out


def sort_norm(v):
    """A sort key that can compare any two JSON values."""
    if v is None or v == "":
        return (0, 0)
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, (int, float)):
        return (1, v)
    if isinstance(v, str):
        t = parse_ticks(v) if v[:1].isdigit() and len(v) >= 10 else None
        if t is not None:
            return (1, t)
        return (2, v.casefold())
    return (3, json.dumps(v, sort_keys=True))


def p_first(params, name, default=None):
    v = params.get(name)
    return v[0] if v else default


def p_bool(params, name, default=False):
    v = p_first(params, name)
    if v is None:
        return default
    return v.strip().lower() in ("true", "1")


def p_int(params, name, default=None):
    v = p_first(params, name)
    if v is None or v.strip() == "":
        return default
    n = int_or_none(v)
    if n is None:
        raise ApiError(400, problem({name: ["The value '%s' is not valid." % v]}))
    return n


def p_ids(params, name):
    """Union of comma-separated and repeated id values, None when absent."""
    vals = params.get(name)
    if not vals:
        return None
    out = set()
    for v in vals:
        for part in v.split(","):
            part = part.strip()
            if not part:
                continue
            n = num(part)
            if n is None:
                raise ApiError(400, problem({name: ["The value '%s' is not valid." % v]}))
            out.add(n)
    return out


def paginate(items_or_len, params, default_size):
    """Halo paging: pageinate=true with page_size (silently clamped to 100)
    and 1-based page_no; count=N limits an unpaginated answer; neither means
    everything.  Returns (start, stop, extra wrapper members)."""
    total = items_or_len
    if p_bool(params, "pageinate"):
        size = p_int(params, "page_size", default_size)
        if size is None or size < 1:
            size = default_size
        size = min(size, 100)
        page = p_int(params, "page_no", 1)
        if page is None or page < 1:
            page = 1
        start = min((page - 1) * size, total)
        return start, min(start + size, total), {"page_no": page, "page_size": size}
    count = p_int(params, "count")
    if count is not None and count >= 0:
        return 0, min(count, total), {}
    return 0, total, {}


class Response:
    """An answer before it is written: status, body bytes, content type and
    extra headers (Retry-After, WWW-Authenticate...)."""

    def __init__(self, status, body=b"", ctype="application/json; charset=utf-8", headers=None):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.headers = headers or []

    @classmethod
    def json(cls, status, obj, headers=None):
        try:
            data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:
            # A client posted a lone surrogate ("\ud800"); echo it escaped.
            data = json.dumps(obj, separators=(",", ":")).encode("ascii")
        return cls(status, data, headers=headers)


def lower_keys(params):
    """ASP.NET binds query parameters case-insensitively."""
    out = {}
    for k, v in params.items():
        out.setdefault(k.lower(), []).extend(v)
    return out
