"""The `Pg` expression helpers (spec 06 §3.9): casts, pgcrypto, full-text search and jsonb
operators as `Expr` values. Re-exported by `mesh.runtime.stdlib.pg` (the `Pg` module)."""

from __future__ import annotations

import re

from ..sql.frag import Frag, value as bound
from ..values import MeshPanic

__all__ = [
    "cast",
    "text",
    "int",
    "uuid",
    "jsonb",
    "timestamptz",
    "crypt",
    "gen_salt",
    "to_tsvector",
    "plainto_tsquery",
    "ts_rank",
    "tsvector_matches",
    "jsonb_contains",
]

# A type name such as `int`, `double precision`, `numeric(10, 2)`, `text[]`: never SQL.
_TYPE = re.compile(
    r"[A-Za-z_][A-Za-z0-9_]*( [A-Za-z_][A-Za-z0-9_]*)*"
    r"(\( *[0-9]+( *, *[0-9]+)? *\))?(\[\])*\Z"
)


def cast(e: Frag, type_name: str) -> Frag:
    if not _TYPE.match(type_name):
        raise MeshPanic(f"Pg.cast: invalid type name {type_name!r}")
    return e + "::" + type_name


def text(e: Frag) -> Frag:
    return e + "::text"


def int(e: Frag) -> Frag:  # noqa: A001 - the Mesh name is `Pg.int`
    return e + "::int"


def uuid(e: Frag) -> Frag:
    return e + "::uuid"


def jsonb(e: Frag) -> Frag:
    return e + "::jsonb"


def timestamptz(e: Frag) -> Frag:
    return e + "::timestamptz"


def crypt(a: Frag, b: Frag) -> Frag:
    return "crypt(" + a + ", " + b + ")"


def gen_salt(algorithm: str, rounds) -> Frag:
    return "gen_salt(" + bound(algorithm) + ", " + bound(rounds) + ")"


def to_tsvector(config: str, e: Frag) -> Frag:
    return "to_tsvector(" + bound(config) + "::regconfig, " + e + ")"


def plainto_tsquery(config: str, e: Frag) -> Frag:
    return "plainto_tsquery(" + bound(config) + "::regconfig, " + e + ")"


def ts_rank(v: Frag, q: Frag) -> Frag:
    return "ts_rank(" + v + ", " + q + ")"


def tsvector_matches(v: Frag, q: Frag) -> Frag:
    return "(" + v + " @@ " + q + ")"


def jsonb_contains(a: Frag, b: Frag) -> Frag:
    return "(" + a + " @> " + b + ")"
