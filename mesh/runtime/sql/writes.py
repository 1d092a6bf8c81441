"""INSERT / UPDATE / DELETE text of `Repo` (spec 06 §3.10). Sans-IO: each builder returns a
`Frag` (values bound) or raises `WriteError` whose text is the Mesh `Err`."""

from __future__ import annotations

from ..list_view import ListView
from .frag import Frag, join, quote_ident, value
from .query import QueryValue, where_clause


class WriteError(ValueError):
    """`str(e)` is the `Err` text of the `Repo` function."""


def _pairs(fn: str, fields) -> list[tuple[str, Frag]]:
    """Map entries as (quoted column, value fragment); a `String` value is bound."""
    pairs = [
        (quote_ident(str(k)), v if isinstance(v, Frag) else value(v)) for k, v in fields.items()
    ]
    if not pairs:
        raise WriteError(f"{fn}: no fields provided")
    return pairs


def _assignments(pairs: list[tuple[str, Frag]]) -> Frag:
    return join([col + " = " + v for col, v in pairs], ", ")


def insert(fn: str, table: str, fields) -> Frag:
    pairs = _pairs(fn, fields)
    return (
        f"INSERT INTO {quote_ident(table)} ({', '.join(c for c, _ in pairs)}) VALUES ("
        + join([v for _, v in pairs], ", ")
        + ") RETURNING *"
    )


def upsert(fn: str, table: str, fields, conflict, updates) -> Frag:
    """`INSERT … ON CONFLICT (…) DO UPDATE SET … RETURNING *`; `updates` is a list of
    columns (set from `EXCLUDED`) or a map column → expression."""
    head = insert(fn, table, fields)
    targets = [quote_ident(str(c)) for c in conflict]
    if not targets:
        raise WriteError(f"{fn}: no conflict targets provided")
    if isinstance(updates, (list, ListView)):
        sets = [(quote_ident(str(c)), Frag("EXCLUDED." + quote_ident(str(c)))) for c in updates]
    else:
        sets = [(quote_ident(str(k)), v) for k, v in updates.items()]
    if not sets:
        raise WriteError(f"{fn}: no update fields provided")
    body = Frag(head.sql.removesuffix(" RETURNING *"), head.params)
    return (
        body
        + f" ON CONFLICT ({', '.join(targets)}) DO UPDATE SET "
        + _assignments(sets)
        + " RETURNING *"
    )


def update_by_id(fn: str, table: str, row_id: str, fields) -> Frag:
    sets = _assignments(_pairs(fn, fields))
    return (
        f"UPDATE {quote_ident(table)} SET "
        + sets
        + ' WHERE "id" = '
        + value(row_id)
        + " RETURNING *"
    )


def delete_by_id(table: str, row_id: str) -> Frag:
    return f'DELETE FROM {quote_ident(table)} WHERE "id" = ' + value(row_id) + " RETURNING *"


def _guarded_where(fn: str, q: QueryValue) -> Frag:
    if not q.wheres:  # an UPDATE/DELETE of a whole table is never what a filter meant
        raise WriteError(f"{fn}: no WHERE conditions")
    return where_clause(q)


def update_where(fn: str, table: str, fields, q: QueryValue) -> Frag:
    sets = _assignments(_pairs(fn, fields))
    return f"UPDATE {quote_ident(table)} SET " + sets + _guarded_where(fn, q) + " RETURNING *"


def delete_where(fn: str, table: str, q: QueryValue, returning: bool) -> Frag:
    sql = f"DELETE FROM {quote_ident(table)}" + _guarded_where(fn, q)
    return sql + " RETURNING *" if returning else sql
