"""Row decoding for `deriving(Row)` (spec 06 §3.6; docs/databases.md).

Code generated for `struct T do … end deriving(Row)` sets `T._mesh_row_fields`, a tuple of
`(field, spec)` pairs in declaration order, where a spec is `"String" | "Int" | "Float" |
"Bool"` or `("Option", scalar)` (computed by `mesh/compiler/types/row.py`). `T.from_row(row)`
compiles to `from_row(row, T)`; `T.from_row` used as a function value compiles to
`decoder(T)`. Other stdlib code (e.g. typed `Repo.all`) may call `decode(row, T)` directly.
"""

from __future__ import annotations

import re as _re

from .values import NONE, Err, Ok, Some

__all__ = ["from_row", "decoder", "decode", "RowError", "parse_int", "parse_float", "parse_bool"]

_I64_MIN = -(2**63)
_I64_MAX = 2**63 - 1
_MISSING = object()

_INT_RE = _re.compile(r"[+-]?[0-9]+\Z")
_FLOAT_RE = _re.compile(
    r"[+-]?(?:[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"
    r"|(?i:inf|infinity|nan))\Z"
)
_TRUE = frozenset({"true", "t", "1", "yes"})
_FALSE = frozenset({"false", "f", "0", "no"})
_WS = " \t\n\r\f\v"


class RowError(Exception):
    """A field that cannot be decoded; `str(e)` is the Mesh error text."""


def parse_int(v: str) -> int:
    """Trimmed, a 64-bit decimal integer with an optional sign."""
    s = v.strip(_WS)
    if _INT_RE.match(s):
        n = int(s)
        if _I64_MIN <= n <= _I64_MAX:
            return n
    raise RowError(f"cannot parse '{v}' as Int")


def parse_float(v: str) -> float:
    """Trimmed; decimal/exponent forms, `Infinity`/`-Infinity` (PostgreSQL), `Inf`/`-Inf`
    (SQLite) and `NaN`, all case-insensitive."""
    s = v.strip(_WS)
    if _FLOAT_RE.match(s):
        return float(s)
    raise RowError(f"cannot parse '{v}' as Float")


def parse_bool(v: str) -> bool:
    """Case-insensitive `true t 1 yes` / `false f 0 no` (not trimmed)."""
    low = v.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise RowError(f"cannot parse '{v}' as Bool")


def _str(v: str) -> str:
    return v


_PARSERS = {"String": _str, "Int": parse_int, "Float": parse_float, "Bool": parse_bool}


def _field(row, fname: str, spec):
    v = row.get(fname, _MISSING)
    if type(spec) is tuple:  # ("Option", scalar)
        if v is _MISSING or v == "":
            return NONE
        return Some(_PARSERS[spec[1]](v))
    if v is _MISSING:
        raise RowError(f"missing column: {fname}")
    return _PARSERS[spec](v)


def decode(row, cls):
    """The struct value decoded from `row` (a `MeshMap` of str → str); raises `RowError`
    for the first failing field, in declaration order."""
    return cls(*[_field(row, f, spec) for f, spec in cls._mesh_row_fields])


def from_row(row, cls):
    """`T.from_row(row)`: `Ok(T)` or `Err(text)` (spec 06 §3.6)."""
    try:
        return Ok(decode(row, cls))
    except RowError as e:
        return Err(str(e))


_DECODERS: dict = {}


def decoder(cls):
    """`T.from_row` as a function value (e.g. the decoder passed to `Pg.query_as`)."""
    f = _DECODERS.get(cls)
    if f is None:

        def f(row, _cls=cls):
            return from_row(row, _cls)

        _DECODERS[cls] = f
    return f
