"""Mesh `String` module (spec 03 B1). Indices and lengths count code points."""

from __future__ import annotations

import re as _re

from ..fmt import display as _display
from ..values import NONE as _NONE, Some as _Some

# Unicode White_Space (Python's str.strip() also strips U+001C..U+001F, which is not).
_WS = (
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680\u2000\u2001\u2002\u2003"
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

_INT_RE = _re.compile(r"[+-]?[0-9]+\Z", _re.ASCII)
_FLOAT_RE = _re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z", _re.ASCII)
_FLOAT_WORDS = {"inf": float("inf"), "infinity": float("inf"), "nan": float("nan")}


def length(s):
    return len(s)


def slice(s, start, end):  # noqa: A001
    if start < 0:
        start = 0
    if end <= start:
        return ""
    return s[start:end]


def contains(s, sub):
    return sub in s


def starts_with(s, prefix):
    return s.startswith(prefix)


def ends_with(s, suffix):
    return s.endswith(suffix)


def trim(s):
    return s.strip(_WS)


def to_upper(s):
    return s.upper()


def to_lower(s):
    return s.lower()


upcase = to_upper
downcase = to_lower


def replace(s, from_, to):
    return s.replace(from_, to)


def split(s, sep):
    if sep == "":
        return ["", *s, ""]
    return s.split(sep)


def join(parts, sep):
    return sep.join(parts)


def to_int(s):
    t = s.strip(_WS)
    if not _INT_RE.match(t):
        return _NONE
    n = int(t)
    if -0x8000000000000000 <= n <= 0x7FFFFFFFFFFFFFFF:
        return _Some(n)
    return _NONE


def to_float(s):
    t = s.strip(_WS)
    if _FLOAT_RE.match(t):
        return _Some(float(t))
    body = t[1:] if t[:1] in ("+", "-") else t
    w = _FLOAT_WORDS.get(body.lower())
    if w is None or not body.isascii():
        return _NONE
    return _Some(-w if t[:1] == "-" else w)


def from_(x):
    return _display(x)


def collect(it):
    return "".join(it)
