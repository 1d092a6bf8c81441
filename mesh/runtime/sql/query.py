"""The immutable query value of `Query` (spec 06 §3.8) and its SELECT rendering.

Every builder returns a new `QueryValue` (`dataclasses.replace`); clause lists are tuples.
Rendering order: `SELECT <items or *> FROM "<table>" <joins> WHERE <conds AND> GROUP BY …
HAVING … <fragments> ORDER BY … LIMIT … OFFSET …`. A typed query (§3.14) also carries its
row type: the struct class whose `_mesh_schema` says table and fields.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .frag import Frag, join, numbered, quote_ident


@dataclass(frozen=True)
class QueryValue:
    table: str
    row_type: type | None = None
    select: tuple[Frag, ...] = ()
    joins: tuple[str, ...] = ()
    wheres: tuple[Frag, ...] = ()
    group: tuple[str, ...] = ()
    havings: tuple[Frag, ...] = ()
    fragments: tuple[Frag, ...] = ()
    orders: tuple[str, ...] = ()
    limit: int = -1
    offset: int = -1

    def add(self, **clauses: tuple) -> QueryValue:
        """A copy with each named tuple clause extended by the given items."""
        return replace(self, **{k: getattr(self, k) + v for k, v in clauses.items()})

    def _mesh_display(self) -> str:
        return "#Query<" + numbered(render_select(self))[0] + ">"

    _mesh_debug = _mesh_display


def from_table(table: str, row_type: type | None = None) -> QueryValue:
    quote_ident(table)  # rejects a NUL byte now rather than at rendering
    return QueryValue(table, row_type)


def where_clause(q: QueryValue) -> Frag:
    return (" WHERE " + join(list(q.wheres), " AND ")) if q.wheres else Frag("")


def _tail(q: QueryValue, with_order: bool) -> Frag:
    """Everything after FROM: joins, WHERE, GROUP BY, HAVING, fragments, ORDER/LIMIT/OFFSET."""
    out = Frag("".join(" " + j for j in q.joins)) + where_clause(q)
    if q.group:
        out = out + " GROUP BY " + ", ".join(q.group)
    if q.havings:
        out = out + " HAVING " + join(list(q.havings), " AND ")
    for f in q.fragments:
        out = out + " " + f
    if with_order:
        if q.orders:
            out = out + " ORDER BY " + ", ".join(q.orders)
        if q.limit >= 0:
            out = out + f" LIMIT {q.limit}"
        if q.offset >= 0:
            out = out + f" OFFSET {q.offset}"
    return out


def render_select(q: QueryValue) -> Frag:
    items = join(list(q.select), ", ") if q.select else Frag("*")
    return "SELECT " + items + f" FROM {quote_ident(q.table)}" + _tail(q, True)


def render_count(q: QueryValue) -> Frag:
    """`SELECT COUNT(*) FROM …` (column `count`): the query's filters, no ordering/paging."""
    return Frag(f"SELECT COUNT(*) FROM {quote_ident(q.table)}") + _tail(q, False)


def render_exists(q: QueryValue) -> Frag:
    """`SELECT EXISTS(SELECT 1 FROM … LIMIT 1)`."""
    inner = Frag(f"SELECT 1 FROM {quote_ident(q.table)}") + _tail(q, False)
    return "SELECT EXISTS(" + inner + " LIMIT 1)"
