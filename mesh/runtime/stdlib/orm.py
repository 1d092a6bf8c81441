"""Mesh `Orm` module (spec 06 §3.12): SQL text builders with `$n` placeholders.

A where entry is `"col op"` (a bare `"col"` means `=`; `IS NULL` / `IS NOT NULL` take no
parameter); an order entry is `"col dir"` (dir upper-cased) or `"col"` (`ASC`); `-1`
disables LIMIT/OFFSET; `*` stays bare. Column and table names are always quoted; operators
and directions outside the SQL ones below panic, so no entry can smuggle SQL in.
"""

from __future__ import annotations

from ..sql.frag import quote_ident, quote_path
from ..values import MeshPanic

__all__ = ["build_select", "build_insert", "build_update", "build_delete"]

_OPERATORS = {"=", "!=", "<>", "<", ">", "<=", ">=", "LIKE", "ILIKE", "NOT LIKE", "NOT ILIKE"}
_NO_VALUE = {"IS NULL", "IS NOT NULL"}
_DIRECTIONS = {
    "ASC",
    "DESC",
    "ASC NULLS FIRST",
    "ASC NULLS LAST",
    "DESC NULLS FIRST",
    "DESC NULLS LAST",
}


def _cols(cols) -> str:
    return ", ".join(quote_path(c) for c in cols)


def _wheres(fn: str, wheres, first: int) -> tuple[str, int]:
    """` WHERE …` for the entries, placeholders from `$first`; also the next number."""
    n = first
    parts = []
    for entry in wheres:
        col, _, op = entry.strip().partition(" ")
        op = " ".join(op.split()).upper() or "="
        if op in _NO_VALUE:
            parts.append(f"{quote_path(col)} {op}")
            continue
        if op not in _OPERATORS:
            raise MeshPanic(f"{fn}: unknown operator in where entry {entry!r}")
        parts.append(f"{quote_path(col)} {op} ${n}")
        n += 1
    return (" WHERE " + " AND ".join(parts) if parts else ""), n


def _returning(cols) -> str:
    cols = list(cols)
    return f" RETURNING {_cols(cols)}" if cols else ""


def build_select(table: str, cols, wheres, orders, limit: int, offset: int) -> str:
    cols = list(cols)
    sql = f"SELECT {_cols(cols) if cols else '*'} FROM {quote_ident(table)}"
    sql += _wheres("Orm.build_select", wheres, 1)[0]
    order_parts = []
    for entry in orders:
        col, _, direction = entry.strip().partition(" ")
        direction = " ".join(direction.split()).upper() or "ASC"
        if direction not in _DIRECTIONS:
            raise MeshPanic(f"Orm.build_select: unknown direction in order entry {entry!r}")
        order_parts.append(f"{quote_path(col)} {direction}")
    if order_parts:
        sql += " ORDER BY " + ", ".join(order_parts)
    if limit >= 0:
        sql += f" LIMIT {limit}"
    if offset >= 0:
        sql += f" OFFSET {offset}"
    return sql


def build_insert(table: str, cols, returning) -> str:
    cols = list(cols)
    values = ", ".join(f"${i}" for i in range(1, len(cols) + 1))
    return f"INSERT INTO {quote_ident(table)} ({_cols(cols)}) VALUES ({values})" + _returning(
        returning
    )


def build_update(table: str, set_cols, wheres, returning) -> str:
    sets = [f"{quote_path(c)} = ${i}" for i, c in enumerate(set_cols, start=1)]
    where = _wheres("Orm.build_update", wheres, len(sets) + 1)[0]
    return f"UPDATE {quote_ident(table)} SET {', '.join(sets)}" + where + _returning(returning)


def build_delete(table: str, wheres, returning) -> str:
    return (
        f"DELETE FROM {quote_ident(table)}"
        + _wheres("Orm.build_delete", wheres, 1)[0]
        + _returning(returning)
    )
