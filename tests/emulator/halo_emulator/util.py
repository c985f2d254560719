# SPDX-License-Identifier: MIT
"""Small helpers shared by the data generator and the routes: cheap
hashing, .NET-style dates kept as 100 ns ticks, HTML <-> text the way Halo
converts notes, and lenient number parsing."""

import html
import math
import random
import re
import time
import unicodedata
import uuid
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

M64 = (1 << 64) - 1


def mix64(x):
    """SplitMix64 finaliser: a cheap, well spread hash of one integer.
    Used instead of random.Random per record because constructing a Random
    costs microseconds and a million-ticket scan cannot afford it."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def seeded(seed, label):
    """A Random for one part of the world.  String seeds go through SHA-512,
    so the result does not depend on PYTHONHASHSEED or the platform."""
    return random.Random("%s:%s" % (label, seed))


def rng_guid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hash_guid(h):
    return str(uuid.UUID(int=(mix64(h) << 64) | mix64(h ^ 0xABCDEF), version=4))


# Dates.  Halo is a .NET server: it writes up to 7 fractional digits with
# trailing zeros trimmed, "Z" for UTC values and no suffix for "unspecified"
# ones, and sentinel dates instead of null (HALO_API 10.1).  Times are kept
# as integer 100 ns ticks since the Unix epoch so that 7 digits survive.
TICKS = 10_000_000
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SENTINEL_1900 = "1900-01-01T00:00:00"
SENTINEL_0001 = "0001-01-01T00:00:00"
SENTINEL_1899 = "1899-12-30T00:00:00"  # HALO_API.md F4: the third "no date"
# "Now" for generated data, fixed so the same seed gives the same bytes.
DATA_NOW = datetime(2024, 7, 1, 9, 0, 0, tzinfo=timezone.utc)


def ticks_of(dt):
    delta = dt - UNIX_EPOCH
    return (delta.days * 86400 + delta.seconds) * TICKS + delta.microseconds * 10


DATA_NOW_TICKS = ticks_of(DATA_NOW)


def now_ticks():
    return time.time_ns() // 100


def fmt_ticks(t, z=True):
    """HALO_API.md F4: a date computed in the request carries Z and up to 7
    fractional digits; one read from the database (z=False) has no Z and at
    most 3 (milliseconds).  Both are UTC."""
    secs, frac = divmod(t, TICKS)
    s = (UNIX_EPOCH + timedelta(seconds=secs)).strftime("%Y-%m-%dT%H:%M:%S")
    digits = ("%07d" % frac) if z else ("%07d" % frac)[:3]
    if digits.rstrip("0"):
        s += "." + digits.rstrip("0")
    return s + "Z" if z else s


_DATE_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,7}))?)?)?"
                      r"(Z|[+-]\d\d:?\d\d)?$")


def parse_ticks(s):
    """Ticks of an ISO date written by Halo or a client, None if it is not one."""
    if not isinstance(s, str):
        return None
    m = _DATE_RE.match(s.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, frac, zone = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0),
                      tzinfo=timezone.utc)
    except ValueError:
        return None
    t = ticks_of(dt) + (int((frac or "0").ljust(7, "0")) if frac else 0)
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        t -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60) * TICKS
    return t


class _TextExtractor(HTMLParser):
    """HTML to plain text, the way Halo derives `note` from `note_html`."""
    BLOCK = {"p", "div", "br", "li", "tr", "table", "ul", "ol", "blockquote",
             "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0
        self.href = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag in self.BLOCK:
            self.out.append("\n")
        if tag == "a":
            self.href.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and not href.startswith("mailto:"):
                self.out.append(" (%s)" % href)

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(s):
    if not s:
        return ""
    if "<" not in s and "&" not in s:
        return s
    p = _TextExtractor()
    try:
        p.feed(s)
        p.close()
    except Exception:  # the parser is lenient; this is belt and braces
        return re.sub(r"<[^>]*>", "", s)
    text = "".join(p.out).replace("\xa0", " ")
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip()


def text_to_html(s):
    return html.escape(s or "", quote=False).replace("\n", "<br>")


def num(v):
    """A number from a JSON value that may be an int, float, numeric string
    or junk; None when it is not a number."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        try:
            return int(v.strip())
        except ValueError:
            try:
                f = float(v.strip())
                return f if math.isfinite(f) else None
            except ValueError:
                return None
    return None


def int_or_none(v):
    n = num(v)
    if n is None or n != int(n):
        return None
    return int(n)


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def weighted_table(pairs):
    """A 256-byte translation table mapping a random byte to a value with the
    given weights.  bytes.translate() then builds a million-entry column in
    a millisecond."""
    total = float(sum(w for _, w in pairs))
    slots = [max(1, int(256 * w / total)) for _, w in pairs]
    while sum(slots) > 256:
        slots[slots.index(max(slots))] -= 1
    i = 0
    while sum(slots) < 256:
        slots[i % len(slots)] += 1
        i += 1
    table = bytearray()
    for (value, _), n in zip(pairs, slots):
        table.extend([value] * n)
    return bytes(table)
