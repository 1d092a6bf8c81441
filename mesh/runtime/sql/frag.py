"""SQL fragments whose values travel as bound parameters.

A `Frag` is SQL text in which every bound value is written as the marker `MARK` (a NUL
character, which can never occur in SQL we send: identifiers containing NUL are rejected)
plus the values in marker order. Fragments compose by plain concatenation; `numbered`
replaces the markers with `$1…$n` left to right, so placeholders are numbered across the
whole statement exactly in text order (spec 06 §3.8).
"""

from __future__ import annotations

import re

from ..values import MeshPanic

MARK = "\0"

_PLAIN_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_FUNC_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?\Z")
_RAW_PLACEHOLDER = re.compile(r"\?|\$([0-9]+)")


class Frag:
    """SQL text with `MARK` for each bound value; immutable."""

    __slots__ = ("sql", "params")

    def __init__(self, sql: str, params: tuple[str, ...] = ()) -> None:
        self.sql = sql
        self.params = params

    def __add__(self, other: Frag | str) -> Frag:
        if isinstance(other, str):
            return Frag(self.sql + other, self.params)
        return Frag(self.sql + other.sql, self.params + other.params)

    def __radd__(self, other: str) -> Frag:
        return Frag(other + self.sql, self.params)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.sql, self.params) == (other.sql, other.params)

    def __hash__(self) -> int:
        return hash((self.sql, self.params))

    def _mesh_display(self) -> str:
        return numbered(self)[0]

    _mesh_debug = _mesh_display


def join(frags: list[Frag], sep: str) -> Frag:
    out = Frag("")
    for i, f in enumerate(frags):
        out = out + (sep if i else "") + f
    return out


def value(v: object) -> Frag:
    """One bound parameter."""
    return Frag(MARK, (param_text(v),))


def param_text(v: object) -> str:
    """Parameters are text (spec 06 §3.1); a Bool is `true`/`false`, an Int its decimal
    text, a Float its Display text (the typed-query rule of §3.14)."""
    if isinstance(v, str):
        return v
    if v is True or v is False:
        return "true" if v else "false"
    from ..fmt import display

    return display(v)


def numbered(frag: Frag) -> tuple[str, list[str]]:
    """The statement text with `$1…$n` and its parameter list."""
    parts = frag.sql.split(MARK)
    out = [parts[0]]
    for i, part in enumerate(parts[1:], start=1):
        out.append(f"${i}")
        out.append(part)
    return "".join(out), list(frag.params)


def quote_ident(name: str) -> str:
    """`name` double-quoted with `"` doubled: any text is a safe identifier this way."""
    if MARK in name:
        raise MeshPanic("SQL identifier contains a null byte")
    return '"' + name.replace('"', '""') + '"'


def quote_path(path: str) -> str:
    """`a.b` → `"a"."b"`; a `*` segment stays bare (`u.*`)."""
    return ".".join(seg if seg == "*" else quote_ident(seg) for seg in path.split("."))


def bare_or_quoted(name: str) -> str:
    """A table alias: written bare when it is a plain identifier, quoted otherwise."""
    return name if _PLAIN_IDENT.match(name) else quote_ident(name)


def check_function_name(fn: str, name: str) -> str:
    """SQL function names are written bare, so only `name` or `schema.name` is accepted."""
    if not _FUNC_NAME.match(name):
        raise MeshPanic(f"{fn}: invalid SQL function name {name!r}")
    return name


def verbatim(fn: str, sql: str) -> str:
    """Programmer-written SQL kept as is (it can never carry a bound value's marker)."""
    if MARK in sql:
        raise MeshPanic(f"{fn}: SQL contains a null byte")
    return sql


def raw(fn: str, sql: str, values: list[str]) -> Frag:
    """Verbatim SQL whose `?` (in order) and `$k` (the k-th value) placeholders become
    bound values, numbered with the rest of the statement (spec 06 §3.8)."""
    if MARK in sql:
        raise MeshPanic(f"{fn}: SQL contains a null byte")
    params: list[str] = []
    nth = 0

    def sub(m: re.Match) -> str:
        nonlocal nth
        if m.group(1) is None:
            index = nth
            nth += 1
        else:
            index = int(m.group(1)) - 1
        if not 0 <= index < len(values):
            raise MeshPanic(f"{fn}: placeholder {m.group(0)} has no value ({len(values)} given)")
        params.append(param_text(values[index]))
        return MARK

    text = _RAW_PLACEHOLDER.sub(sub, sql)
    return Frag(text, tuple(params))
